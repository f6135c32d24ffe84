package usertest

import (
	"testing"
)

// TestRepositorySuites runs the repository's own suites (vcl/tls.test.vcl,
// vcl/www/www.test.vcl) against every service at every level: they are the
// example docs/testing.md shows, and must pass.
func TestRepositorySuites(t *testing.T) {
	rep, diags := Run(Options{Root: ".."})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	perUnit := map[string]int{}
	for _, u := range rep.Units {
		for _, tc := range u.Tests {
			perUnit[u.Service+"/"+u.Level]++
			if !tc.Passed {
				t.Errorf("%s/%s: %s %s: %s", u.Service, u.Level, tc.Where(), tc.Name, tc.Message)
			}
		}
	}
	// 3 tests of vcl/tls.test.vcl everywhere, 3 more of vcl/www on www.
	for unit, want := range map[string]int{"www/production": 6, "www/staging": 6, "www/workbench": 6, "docs/production": 3, "static/workbench": 3} {
		if perUnit[unit] != want {
			t.Errorf("%s ran %d tests, want %d", unit, perUnit[unit], want)
		}
	}
	if len(rep.Units) != 24 {
		t.Errorf("%d units, want 8 services × 3 levels", len(rep.Units))
	}
}
