package fastlyapi_test

import (
	"os"
	"testing"

	"github.com/webplatform/edgectl/fastlyapi"
)

// FuzzDecodeDetails: whatever a details answer holds, decoding it returns
// a Remote or an error, never a panic. Seeds: the recorded answers, and
// objects of the web UI's kinds with fields of every wrong type.
func FuzzDecodeDetails(f *testing.F) {
	for _, name := range []string{"recorded-shapes.json", "fastly-recorded-empty.json"} {
		data, err := os.ReadFile("../internal/fastlytest/testdata/details/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, 0)
	}
	f.Add([]byte(`{"id":"x","active_version":{"number":1,"snippets":[{"name":1,"priority":"a","dynamic":[],"content":{}}]}}`), 0)
	f.Add([]byte(`{"id":"x","active_version":{"number":1,"headers":[null,{"ignore_if_set":"maybe"}],"backends":[{"ssl_client_key":7,"ssl_check_cert":"2"}]}}`), 0)
	f.Add([]byte(`{"id":"x","version":{"number":2,"request_settings":[{"max_stale_age":1.5}],"cache_settings":"no"}}`), 2)
	f.Fuzz(func(t *testing.T, data []byte, version int) {
		r, err := fastlyapi.DecodeDetails(data, version)
		if err == nil && (r == nil || r.Config == nil) {
			t.Fatal("no error and no configuration")
		}
	})
}
