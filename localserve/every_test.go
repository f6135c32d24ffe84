package localserve

import (
	"net/http/httptest"
	"testing"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/internal/testtool"
	"github.com/webplatform/edgectl/pipeline"
	"github.com/webplatform/edgectl/verify"
)

// Every service of the repository can be served (at production: the
// levels differ in addresses only): its variant lints clean, and a page
// and an origin's 503, plain and TLS, get the VCL's own answers, never
// edgectl's.
func TestEveryServiceServes(t *testing.T) {
	out, diags := pipeline.Run(pipeline.Options{Root: repoRoot, Levels: []string{"production"}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	ok := origin(t, 200, "<p>page</p>")
	down := origin(t, 503, "down")
	for _, u := range out.Units {
		for _, o := range []*httptest.Server{ok, down} {
			org, _ := ParseOrigin(o.URL)
			v, err := NewVariant(UnitFiles(u), u.MaxBackends, org)
			if err != nil {
				t.Fatalf("%s: %v", u.Dir(), err)
			}
			if o == ok {
				findings, _ := verify.Lint(v.Files, compiler.LocalName)
				for _, f := range findings {
					if f.Severity != verify.SeverityInfo {
						t.Errorf("%s: %s", u.Dir(), f)
					}
				}
			}
			log := &testtool.SyncBuffer{}
			s := start(t, &Handler{Engine: NewFalco(v), Log: log, StandIns: v.StandIns})
			host := Domains(u)[0]
			for _, base := range []string{"http://" + s.Plain.String(), "https://" + s.TLS.String()} {
				r := getHost(t, base+"/some/page", host)
				if r.header.Get(UnsimulatedHeader) != "" || r.status >= 500 && o == ok {
					t.Errorf("%s %s via %s: %d %s\n%s", u.Dir(), base, o.URL, r.status, r.body, log)
				}
			}
		}
	}
}
