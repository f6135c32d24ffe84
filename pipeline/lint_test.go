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
	out, diags := Run(Options{Root: ".."})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
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

// TestErrorsVCLSharedPerLevel: errors.vcl holds only what every service
// calls, so it is the same file for every service of a level (the
// maintenance page, called only by services with a maintenance section,
// lives in their main.vcl).
func TestErrorsVCLSharedPerLevel(t *testing.T) {
	out, diags := Run(Options{Root: "..", SkipLint: true})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	first := map[string]*Unit{}
	for _, u := range out.Units {
		errs := u.Result.File("errors")
		if errs == nil {
			continue
		}
		f, ok := first[u.Level]
		if !ok {
			first[u.Level] = u
			continue
		}
		if errs.Content != f.Result.File("errors").Content {
			t.Errorf("%s: errors.vcl differs from %s's", u.Dir(), f.Dir())
		}
		if strings.Contains(errs.Content, "edgectl_maintenance_page_error") {
			t.Errorf("%s: errors.vcl defines the maintenance page", u.Dir())
		}
	}
}
