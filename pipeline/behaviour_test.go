package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/webplatform/edgectl/vcltest"
)

// suites is where the falco behaviour suites live: common/ runs against
// every service at every level, maintenance/ against every service with a
// maintenance fallback, and <service>/ against that service at production.
const suites = "../testdata/falco"

// TestBehaviour compiles the real site and runs the falco *.test.vcl suites
// against every compiled local.vcl.
func TestBehaviour(t *testing.T) {
	out, dir := writtenSite(t, "build")
	ran := 0
	for _, u := range out.Units {
		unitDir := filepath.Join(dir, u.Service, u.Level)
		var suiteDirs []string
		suiteDirs = append(suiteDirs, "common")
		if u.Result.File("main") != nil && hasMaintenance(u) {
			suiteDirs = append(suiteDirs, "maintenance")
		}
		if u.Level == "production" {
			if _, err := os.Stat(filepath.Join(suites, u.Service)); err == nil {
				suiteDirs = append(suiteDirs, u.Service)
			} else {
				t.Errorf("no behaviour suite for service %s in %s", u.Service, suites)
			}
		}
		for _, s := range suiteDirs {
			t.Run(u.Dir()+"/"+s, func(t *testing.T) {
				cases, err := vcltest.Run(filepath.Join(unitDir, "local.vcl"), filepath.Join(suites, s), unitDir)
				if err != nil {
					t.Fatal(err)
				}
				if len(cases) == 0 {
					t.Fatal("the suite ran no test")
				}
				for _, c := range cases {
					ran++
					if !c.Passed {
						t.Errorf("%s", c)
					}
				}
			})
		}
	}
	t.Logf("%d falco test cases ran", ran)
}

func hasMaintenance(u *Unit) bool {
	for _, d := range u.Result.Service.Dictionaries {
		if d.Name == "edgectl_settings" {
			return true
		}
	}
	return false
}
