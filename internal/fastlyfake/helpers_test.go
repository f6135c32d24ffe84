package fastlyfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fastly/go-fastly/v9/fastly"
)

// testSeed is a service as the web UI would have set it up.
var testSeed = ServiceSeed{
	ID:   "SU1Z0isxPaozGVKXdv0eY",
	Name: "www-production",
	Config: &SeedConfig{
		Domain:       "www.example.org",
		Backend:      SeedBackend{Name: "origin", Address: "203.0.113.11", Port: 80},
		Dictionaries: []SeedDictionary{{Name: "edgectl_settings", Items: map[string]string{"maintenance": "off"}}},
	},
}

// fixedClock is a settable clock for Options.Now.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

func newClient(t *testing.T, srvURL string) *fastly.Client {
	t.Helper()
	c, err := fastly.NewClientForEndpoint(TestToken, srvURL)
	if err != nil {
		t.Fatal(err)
	}
	c.HTTPClient.Timeout = 10 * time.Second
	return c
}

// apiResp is a raw answer of the sandbox.
type apiResp struct {
	status int
	header http.Header
	body   []byte
}

func (r apiResp) obj(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("answer %d is not a JSON object: %v: %s", r.status, err, r.body)
	}
	return m
}

func (r apiResp) list(t *testing.T) []any {
	t.Helper()
	var l []any
	if err := json.Unmarshal(r.body, &l); err != nil {
		t.Fatalf("answer %d is not a JSON array: %v: %s", r.status, err, r.body)
	}
	return l
}

// do sends a request with a form body (when form is not nil) and the
// test token.
func do(t *testing.T, srvURL, method, path string, form url.Values) apiResp {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, srvURL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Fastly-Key", TestToken)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return apiResp{resp.StatusCode, resp.Header, b}
}

// details returns GET /service/{id}/details decoded.
func details(t *testing.T, srvURL, id string) map[string]any {
	t.Helper()
	r := do(t, srvURL, "GET", "/service/"+id+"/details", nil)
	if r.status != 200 {
		t.Fatalf("details: %d %s", r.status, r.body)
	}
	return r.obj(t)
}

// names returns the "name" of each object of a list in a details version.
func names(v map[string]any, plural string) []string {
	var out []string
	l, _ := v[plural].([]any)
	for _, o := range l {
		if m, ok := o.(map[string]any); ok {
			s, _ := m["name"].(string)
			out = append(out, s)
		}
	}
	return out
}

func httpError(t *testing.T, err error) *fastly.HTTPError {
	t.Helper()
	he, ok := err.(*fastly.HTTPError)
	if !ok {
		t.Fatalf("error %v (%T) is not a *fastly.HTTPError", err, err)
	}
	return he
}
