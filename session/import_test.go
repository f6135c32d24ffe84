package session

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/fastlytest"
	"github.com/webplatform/edgectl/internal/siteseed"
	"github.com/webplatform/edgectl/internal/testtool"
)

// allLevelsSession is a session on a local Fastly API seeded with every
// real service at every level as the web UI leaves it.
func allLevelsSession(t *testing.T) (*Session, *definition.Site) {
	t.Helper()
	site, diags := definition.Load(repoRoot)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	seeds, err := siteseed.SiteSeeds(site, siteseed.AllLevels)
	if err != nil {
		t.Fatal(err)
	}
	_, url := fastlyfake.NewTest(t, fastlyfake.Options{}, seeds...)
	t.Setenv(TokenEnv, "sandbox")
	s, err := Open(Options{APIURL: url, Stderr: &bytes.Buffer{}, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	return s, site
}

// emptyRepository is a repository without services: the levels, the error
// pages and the fleet inventories (which role backends are made from).
func emptyRepository(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, dir := range []string{"errors", "fleet/inventory"} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(filepath.Join(repoRoot, dir))); err != nil {
			t.Fatal(err)
		}
	}
	testtool.CopyFiles(t, root, repoRoot, definition.LevelsFileName)
	return root
}

// privateInclude is a private include with the subroutines www's VCL calls.
const privateInclude = `sub private_recv {
  set req.http.Authorization = "AWS not-a-real-key";
}

sub private_miss {
}

sub private_pass {
}
`

// TestImportPublishedThenDiff: a service edgectl itself published at every
// level (role backends in directors, a health check shared by a director's
// VMs, the settings dictionary of the maintenance switch, VCL that differs
// by level) imports into an empty repository without warnings, diff right
// after shows no changes at any level, and the maintenance switch still
// works. Every real service is one case.
func TestImportPublishedThenDiff(t *testing.T) {
	for _, name := range []string{"blog", "code", "docs", "project", "static", "stats", "talk", "www"} {
		t.Run(name, func(t *testing.T) {
			s, site := allLevelsSession(t)
			private := t.TempDir()
			if err := os.WriteFile(filepath.Join(private, name+".vcl"), []byte(privateInclude), 0o600); err != nil {
				t.Fatal(err)
			}
			ids := site.Service(name).ServiceIDs
			for _, l := range site.Levels {
				build := Build{Root: repoRoot, Level: string(l.Name), Services: []string{name}, PrivateDir: private}
				if _, err := s.Publish(PublishRequest{Build: build}, &prompter{}); err != nil {
					t.Fatalf("publish at %s: %v", l.Name, err)
				}
			}
			root := emptyRepository(t)
			var levelIDs []string
			for _, l := range site.Levels[1:] {
				levelIDs = append(levelIDs, string(l.Name)+"="+ids[string(l.Name)])
			}
			base := string(site.Levels[0].Name)
			r, err := s.ImportService(ImportRequest{Root: root, Name: name, Level: base, ServiceID: ids[base], LevelIDs: levelIDs, PrivateDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			// Every logging endpoint is declared again, so that the diff
			// below compares them (an undeclared kind is not compared).
			imported, diags := definition.Load(root)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if got, want := imported.Service(name).Logging, site.Service(name).Logging; want != nil && (got == nil || len(got.Syslog) != len(want.Syslog) ||
				got.Syslog[0].Address.Role != want.Syslog[0].Address.Role || got.Syslog[0].Port != want.Syslog[0].Port) {
				t.Errorf("logging %+v, want %+v", got, want)
			}
			if len(r.Warnings) != 0 {
				t.Errorf("warnings:\n%s", strings.Join(r.Warnings, "\n"))
			}
			for _, l := range site.Levels {
				d, err := s.Diff(Build{Root: root, Level: string(l.Name), Services: []string{name}, PrivateDir: private})
				if err != nil {
					yaml, _ := os.ReadFile(filepath.Join(root, "services", name+".yaml"))
					t.Fatalf("diff at %s: %v\n%s", l.Name, err, yaml)
				}
				if len(d.Failures) > 0 || d.Changes() {
					t.Errorf("diff at %s after import: failures %v, changes %v", l.Name, d.Failures, fastlytest.Summary(d.Plans[0]))
				}
			}
			// The imported definition keeps the maintenance switch working.
			if site.Service(name).Maintenance != nil {
				r, err := s.SetMaintenanceSwitch(MaintenanceRequest{Root: root, Service: name, Level: base, State: "on"}, &prompter{})
				if err != nil || !r.Changed || r.Old != "off" {
					t.Errorf("maintenance on after import: %+v, %v", r, err)
				}
			}
		})
	}
}
