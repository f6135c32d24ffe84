package fastlyfake

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/goldentree"
)

// TestGeneratedMatchesLocalVCL publishes every compiled service
// (golden/<service>/production) into the sandbox through go-fastly, as a
// publish would, and compares the declarations the sandbox generates from
// the objects it received with the declarations of the compiler's pinned
// local.vcl. Both say what Fastly generates from the same desired.Service;
// they must not disagree (issue 11, point 2: director member weights were 1
// in local.vcl and the backend's weight in the sandbox).
func TestGeneratedMatchesLocalVCL(t *testing.T) {
	dirs, _ := filepath.Glob("../../golden/*/production")
	if len(dirs) == 0 {
		t.Fatal("no golden/*/production")
	}
	for _, dir := range dirs {
		name := filepath.Base(filepath.Dir(dir))
		t.Run(name, func(t *testing.T) {
			files, err := goldentree.ReadUnit("../../golden", name+"/production")
			if err != nil {
				t.Fatal(err)
			}
			var svc desired.Service
			if err := json.Unmarshal([]byte(files["service.json"]), &svc); err != nil {
				t.Fatal(err)
			}
			s, u := NewTest(t, Options{}, ServiceSeed{ID: svc.ServiceID, Name: svc.Service})
			publish(t, newClient(t, u), &svc, files)
			s.mu.RLock()
			fs, entry, problems := generate(s.st, s.st.service(svc.ServiceID), s.st.service(svc.ServiceID).version(1))
			s.mu.RUnlock()
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			want := declarationLines(files["local.vcl"])
			got := declarationLines(fs[entry])
			if len(want) == 0 {
				t.Fatal("local.vcl declares nothing: the comparison would pass vacuously")
			}
			if got != want {
				t.Errorf("the sandbox generates\n%s\nlocal.vcl declares\n%s", got, want)
			}
		})
	}
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
