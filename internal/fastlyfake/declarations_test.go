package fastlyfake

import (
	"strings"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/desired"
)

// TestGeneratedMatchesLocalVCL publishes every compiled service
// (golden/<service>/production) into the sandbox through go-fastly, as a
// publish would, and compares the declarations the sandbox generates from
// the objects it received with the declarations of the compiler's pinned
// local.vcl. Both say what Fastly generates from the same desired.Service;
// they must not disagree (issue 11, point 2: director member weights were 1
// in local.vcl and the backend's weight in the sandbox).
func TestGeneratedMatchesLocalVCL(t *testing.T) {
	eachCompiledService(t, func(t *testing.T, s *Server, _ *fastly.Client, svc *desired.Service, files map[string]string) {
		s.mu.RLock()
		v := s.st.service(svc.ServiceID).version(1)
		fs, entry, problems := generate(s.st, s.st.service(svc.ServiceID), v)
		s.mu.RUnlock()
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		want := declarationLines(files["local.vcl"])
		if len(want) == 0 {
			t.Fatal("local.vcl declares nothing: the comparison would pass vacuously")
		}
		if got := declarationLines(fs[entry]); got != want {
			t.Errorf("the sandbox generates\n%s\nlocal.vcl declares\n%s", got, want)
		}
	})
}

// declarationLines is a generated file without its comment lines and its
// include of the main VCL: the declarations only.
func declarationLines(vcl string) string {
	var keep []string
	for _, l := range strings.Split(vcl, "\n") {
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "include ") {
			continue
		}
		keep = append(keep, l)
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}
