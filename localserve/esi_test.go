package localserve

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/internal/testtool"
	"github.com/webplatform/edgectl/pipeline"
)

// docs turns ESI on for ^/(wiki|test)/ (services/docs.yaml) with
// beresp.do_esi, which falco v1.13.0 never acts on: serve assembles the
// page, each include a new request of the service at req.esi_level 1
// (Fastly: "ESI requests are made to your Fastly service as new client
// requests", https://www.fastly.com/documentation/reference/vcl/statements/esi/).
func TestESIIncludesAreAssembled(t *testing.T) {
	o := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/wiki/Page":
			io.WriteString(w, `<p>top</p><esi:include src="/wiki/frag"/><esi:remove>no ESI</esi:remove><esi:include src="/wiki/down" /><esi:comment text="x"/><p>end</p>`)
		case "/wiki/frag":
			io.WriteString(w, "<b>fragment</b>")
		default:
			w.WriteHeader(503)
			io.WriteString(w, "fragment down")
		}
	}))
	defer o.Close()
	out, diags := pipeline.Run(pipeline.Options{Root: repoRoot, Services: []string{"docs"}, Levels: []string{"production"}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	org, _ := ParseOrigin(o.URL)
	log := &testtool.SyncBuffer{}
	h, _, err := ForUnit(out.Units[0], org, log)
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, h)
	// A fragment answered 503 stays the origin's body: the VCL gives no
	// error page to a fragment (req.esi_level > 0), nor a retry.
	want := "<p>top</p><b>fragment</b>fragment down<p>end</p>"
	for _, try := range []string{"miss", "hit"} {
		r := getHost(t, "https://"+s.TLS.String()+"/wiki/Page", "docs.webplatform.org")
		if r.status != 200 || r.body != want {
			t.Errorf("%s: got %d %q, want 200 %q\n%s", try, r.status, r.body, want, log)
		}
	}
	if !strings.Contains(log.String(), "note: ESI assembled by edgectl serve") {
		t.Errorf("request log:\n%s\nwant the ESI note", log)
	}
}
