package fastlyapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

// TestDecodeRecordedShapes decodes objects exactly as Fastly sent them in
// go-fastly's recordings: nulls, numbers as strings, active_version as an
// object with every object of the version.
func TestDecodeRecordedShapes(t *testing.T) {
	r := fastlytest.ReadDetails(t, "recorded-shapes.json", 0)
	if r.ServiceID != "SU1Z0isxPaozGVKXdv0eY" || r.ActiveVersion != 3 || r.Version != 3 || len(r.Versions) != 4 {
		t.Fatalf("service %s active %d version %d, %d versions", r.ServiceID, r.ActiveVersion, r.Version, len(r.Versions))
	}
	c := r.Config
	wantBackend := desired.Backend{
		Name: "test-backend", Address: "integ-test.go-fastly.com", Port: 80, OverrideHost: "origin.example.com",
		SSLSNIHostname: "ssl-hostname.com", ConnectTimeout: 1500, FirstByteTimeout: 15000, BetweenBytesTimeout: 10000,
		MaxConn: 200, Weight: 100,
	}
	if diff := cmp.Diff([]desired.Backend{wantBackend}, c.Backends); diff != "" {
		t.Errorf("backends (-want +got):\n%s", diff)
	}
	wantCheck := desired.Healthcheck{Name: "test-healthcheck", Method: "HEAD", Host: "example.com", Path: "/foo", HTTPVersion: "1.1",
		Timeout: 1500, CheckInterval: 2500, ExpectedResponse: 200, Window: 5000, Threshold: 10, Initial: 10}
	if diff := cmp.Diff([]desired.Healthcheck{wantCheck}, c.Healthchecks); diff != "" {
		t.Errorf("healthchecks (-want +got):\n%s", diff)
	}
	wantDirector := desired.Director{Name: "test-director", Type: 1, Quorum: 50, Retries: 5, Backends: []string{"test-backend"}}
	if diff := cmp.Diff([]desired.Director{wantDirector}, c.Directors); diff != "" {
		t.Errorf("directors (-want +got):\n%s", diff)
	}
	if len(c.Gzips) != 2 || c.Gzips[0] != (desired.Gzip{Name: "test-gzip", ContentTypes: "text/html text/css", Extensions: "html css"}) {
		t.Errorf("gzips %+v", c.Gzips)
	}
	if len(c.Domains) != 2 || c.Domains[0].Name != "integ-test-20221104.go-fastly-1.com" || c.Domains[0].Comment != "comment" {
		t.Errorf("domains %+v", c.Domains)
	}
	if c.Settings != (desired.Settings{DefaultTTL: 3600, StaleIfErrorTTL: 43200}) {
		t.Errorf("settings %+v", c.Settings)
	}
	if r.DictionaryIDs["test_dictionary"] != "BPnIdK8OFZePTGgSuZN0x6" || len(c.Dictionaries) != 1 {
		t.Errorf("dictionaries %+v, ids %v", c.Dictionaries, r.DictionaryIDs)
	}
	if len(c.VCLs) != 1 || c.VCLs[0].Name != "test-vcl" || c.VCLs[0].Main || len(c.VCLs[0].Content) < 50 {
		t.Errorf("vcls %+v", c.VCLs)
	}
	// The web UI's kinds, field by field (every field a string on Fastly,
	// null for unset ones).
	for _, k := range []struct {
		kind      string
		want, got any
	}{
		{"conditions", []desired.Condition{{Name: "test/condition", Type: "REQUEST", Statement: `req.url~+"index.html"`, Priority: 1}}, c.Conditions},
		{"headers", []desired.Header{{Name: "test-header", Action: "set", Type: "request", Dst: "http.foo", Src: "client.ip", Regex: "foobar", Substitution: "123", Priority: 50}}, c.Headers},
		{"request settings", []desired.RequestSetting{{Name: "test-request-setting", Action: "lookup", ForceMiss: true, ForceSSL: true, BypassBusyWait: true,
			MaxStaleAge: 30, HashKeys: "a,b,c", XForwardedFor: "leave", TimerSupport: true, GeoHeaders: true, DefaultHost: "example.com"}}, c.RequestSettings},
		// snipdyn is dynamic: its content is not in the version (the
		// client reads it apart).
		{"snippets", []desired.Snippet{{Name: "snipdyn", Type: "fetch", Priority: 123, Dynamic: true}, {Name: "snipver", Type: "fetch", Priority: 100, Content: "#vcl"}}, c.Snippets},
	} {
		if diff := cmp.Diff(k.want, k.got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k.kind, diff)
		}
	}
	if len(c.Unmanaged) != 0 {
		t.Errorf("unmanaged %v", c.Unmanaged)
	}
	if r.DynamicSnippetIDs["snipdyn"] != "ZoMomE3AaTnyJjM4cslCA1" || len(r.DynamicSnippetIDs) != 1 {
		t.Errorf("dynamic snippet IDs %v", r.DynamicSnippetIDs)
	}
}

// TestDecodeVersion reads "version" (the one asked for), whose settings
// come as strings and null.
func TestDecodeVersion(t *testing.T) {
	r := fastlytest.ReadDetails(t, "recorded-shapes.json", 4)
	if r.Version != 4 || r.ActiveVersion != 3 {
		t.Fatalf("version %d active %d", r.Version, r.ActiveVersion)
	}
	want := desired.Settings{DefaultTTL: 7200, StaleIfError: true, StaleIfErrorTTL: 600}
	if r.Config.Settings != want {
		t.Errorf("settings %+v, want %+v", r.Config.Settings, want)
	}
	if len(r.Config.Backends) != 0 || len(r.Config.Unmanaged) != 0 {
		t.Errorf("version 4 is empty, got %+v", r.Config)
	}
}

func TestDecodeRecordedEmpty(t *testing.T) {
	r := fastlytest.ReadDetails(t, "fastly-recorded-empty.json", 0)
	if r.ActiveVersion != 0 || r.Version != 1 || r.ServiceID != "FPkmJNp1fH8CnWbdi21Wf3" {
		t.Fatalf("active %d version %d id %s", r.ActiveVersion, r.Version, r.ServiceID)
	}
	if len(r.Config.Backends)+len(r.Config.VCLs)+len(r.Config.Domains) != 0 || r.Config.Settings.DefaultTTL != 3600 {
		t.Errorf("config %+v", r.Config)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, in := range []string{
		``,
		`[]`,
		`{"name": "x"}`,
		`{"id": "x", "version": {"backends": [{"port": "eighty"}]}}`,
		`{"id": "x", "active_version": "three"}`,
	} {
		if _, err := fastlyapi.DecodeDetails([]byte(in), 0); err == nil {
			t.Errorf("DecodeDetails(%q) succeeded", in)
		}
	}
}

// TestDetailsFetchesMissingContent: when /details lists a VCL without its
// content, the reader fetches that one file, and only it.
func TestDetailsFetchesMissingContent(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		switch r.URL.Path {
		case "/service/x/details":
			fmt.Fprint(w, `{"id": "x", "active_version": {"number": 5, "vcls": [
				{"name": "main", "main": true, "content": "sub vcl_recv {}"},
				{"name": "shared", "main": false}]}}`)
		case "/service/x/version/5/vcl/shared":
			fmt.Fprint(w, `{"name": "shared", "content": "# shared\n"}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := fastlytest.NewClient(t, srv.URL)
	r, err := c.Details("x", 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Config.VCLs[1].Content != "# shared\n" || r.Config.VCLs[0].Content != "sub vcl_recv {}" {
		t.Errorf("vcls %+v", r.Config.VCLs)
	}
	if want := []string{"/service/x/details", "/service/x/version/5/vcl/shared"}; !slices.Equal(paths, want) {
		t.Errorf("requests %q, want %q", paths, want)
	}
}
