package pipeline

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/compiler"
)

// Checks of the compiled site for Fastly rules falco v1.13.0 lints without
// objecting to, or cannot execute at all. Each rule cites the Fastly page it
// rests on.

// buildSite compiles every service at every level, as edgectl build does.
func buildSite(t *testing.T) *Output {
	t.Helper()
	out, diags := Run(Options{Root: ".."})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return out
}

// TestNoDeprecatedVCL: no compiled VCL uses what Fastly documents as
// deprecated.
//   - beresp.grace: "Deprecated ... Fastly has implemented
//     beresp.stale_if_error as a parallel implementation of beresp.grace"
//     (https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-grace/).
//   - Fastly-Cachetype: "It is unused and considered deprecated"
//     (https://www.fastly.com/documentation/reference/http/http-headers/Fastly-Cachetype/).
//     The "ERROR" value of the 5xx branch is removed with issue 8 point 1
//     on its own branch; this test covers the Set-Cookie and private ones.
func TestNoDeprecatedVCL(t *testing.T) {
	forbidden := []string{"beresp.grace", `Fastly-Cachetype = "SETCOOKIE"`, `Fastly-Cachetype = "PRIVATE"`}
	for _, u := range buildSite(t).Units {
		for _, f := range u.Result.Files {
			if f.Name == compiler.LocalName {
				continue
			}
			for i, line := range strings.Split(f.Content, "\n") {
				for _, bad := range forbidden {
					if strings.Contains(line, bad) {
						t.Errorf("%s/%s.vcl:%d uses deprecated %s: %s", u.Dir(), f.Name, i+1, bad, strings.TrimSpace(line))
					}
				}
			}
		}
	}
}
