package pipeline

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/verify"
)

// TestEveryUnitLintsClean: every service at every level lints with falco
// with 0 errors and 0 warnings (infos are allowed). A warning is not
// cosmetic: an unused subroutine is one, and Varnish refuses to compile a
// VCL with one (whether Fastly does too is not documented), so none may
// ship.
func TestEveryUnitLintsClean(t *testing.T) {
	out := buildSite(t)
	if len(out.Units) == 0 {
		t.Fatal("no unit compiled")
	}
	for _, u := range out.Units {
		for _, f := range u.Findings {
			if f.Severity == verify.SeverityError || f.Severity == verify.SeverityWarning {
				t.Errorf("%s: %s", u.Dir(), f)
			}
		}
	}
}

// TestErrorsVCLSharedBySite: errors.vcl holds only what every service
// calls (the maintenance page, called only by services with a maintenance
// section, lives in their main.vcl) and nothing of a level (the status page
// URL comes from main.vcl at request time), so it is one file for every
// service of every level, pinned once in golden/.
func TestErrorsVCLSharedBySite(t *testing.T) {
	out, diags := Run(Options{Root: "..", SkipLint: true})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	var first *Unit
	levels := map[string]bool{}
	for _, u := range out.Units {
		errs := u.Result.File("errors")
		if errs == nil {
			t.Errorf("%s: no errors.vcl", u.Dir())
			continue
		}
		levels[u.Level] = true
		for _, url := range statusPages {
			if strings.Contains(errs.Content, url) {
				t.Errorf("%s: errors.vcl holds the status page %s of a level", u.Dir(), url)
			}
		}
		if strings.Contains(errs.Content, "edgectl_maintenance_page_error") {
			t.Errorf("%s: errors.vcl defines the maintenance page", u.Dir())
		}
		if first == nil {
			first = u
			continue
		}
		if errs.Content != first.Result.File("errors").Content {
			t.Errorf("%s: errors.vcl differs from %s's", u.Dir(), first.Dir())
		}
	}
	if len(levels) < 2 {
		t.Errorf("units of %d levels compiled, want every level", len(levels))
	}
}
