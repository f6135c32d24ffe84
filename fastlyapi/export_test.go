package fastlyapi

import "github.com/fastly/go-fastly/v9/fastly"

// GetBody lets the external tests (bench_test.go) read an API path the way
// the client does, to compare /details with one list per kind.
func (c *Client) GetBody(path string, ro *fastly.RequestOptions) ([]byte, error) {
	return c.getBody(path, ro)
}
