package session

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/siteseed"
	"github.com/webplatform/edgectl/internal/testtool"
	"github.com/webplatform/edgectl/redact"
)

// repoRoot is the repository, whose real site the session compiles.
const repoRoot = ".."

// TestCompileAndCompareReadsEachServiceOnce: the active versions are read
// while the build runs, one GET per service, and compare uses what was
// prefetched instead of reading again.
func TestCompileAndCompareReadsEachServiceOnce(t *testing.T) {
	s, srv, _ := testSession(t)
	site, diags := definition.Load(repoRoot)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags, err := s.CompileAndCompare(Build{Root: repoRoot, Level: "production"})
	if err != nil || diags.HasErrors() {
		t.Fatalf("CompileAndCompare: %v %v", err, diags)
	}
	if len(res) != len(site.Services) || len(res) < 2 {
		t.Fatalf("%d results for %d services", len(res), len(site.Services))
	}
	for i, c := range res {
		if c.Err != nil {
			t.Fatalf("%s: %v", c.Unit.Name, c.Err)
		}
		if i > 0 && res[i-1].Unit.Name >= c.Unit.Name {
			t.Errorf("results not sorted by name: %s before %s", res[i-1].Unit.Name, c.Unit.Name)
		}
		want := site.Service(c.Unit.Name).ServiceIDs["production"]
		if c.Remote.ServiceID != want || c.Plan.ServiceID != want || c.Plan.Level != "production" {
			t.Errorf("%s: remote %s, plan %s (%s); want service %s at production", c.Unit.Name, c.Remote.ServiceID, c.Plan.ServiceID, c.Plan.Level, want)
		}
	}
	if got := srv.Counts()["GET /service/{service_id}/details"]; got != len(site.Services) {
		t.Errorf("%d details reads for %d services; want one each (%v)", got, len(site.Services), srv.Counts())
	}
}

// TestCompileReportsDiagnostics: compile problems come back as
// diagnostics, not as an error, and no unit is returned.
func TestCompileReportsDiagnostics(t *testing.T) {
	units, diags, err := Compile(Build{Root: repoRoot, Level: "nosuchlevel"})
	if err != nil || !diags.HasErrors() || units != nil {
		t.Fatalf("got %d units, %v, %v; want diagnostics only", len(units), diags, err)
	}
}

// TestCompareLoggingCredentials: a service's logging credentials are read
// from the private directory and compared hidden; without the directory
// the plan says they were not compared. The syslog kind it owns is listed
// once, beside the details.
func TestCompareLoggingCredentials(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../compiler/testdata/site")); err != nil {
		t.Fatal(err)
	}
	testtool.AppendFile(t, filepath.Join(root, "services", "app.yaml"), "\nlogging:\n  syslog:\n    - {name: salt, address: {role: salt}, port: 49111, token: {private: salt-token}}\n")
	private := t.TempDir()
	if err := os.WriteFile(filepath.Join(private, "salt-token"), []byte("SYSLOG-TOKEN-d00d\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	site, diags := definition.Load(root)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	seeds, err := siteseed.SiteSeeds(site, "production")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		dir, want string
	}{
		{private, "+ logging_syslog salt: new"},
		{"", "the credential token of logging_syslog salt was not compared"},
	} {
		srv, url := fastlyfake.NewTest(t, fastlyfake.Options{}, seeds...)
		client, err := fastlyapi.NewClient(fastlyapi.Options{Token: "sandbox", URL: url})
		if err != nil {
			t.Fatal(err)
		}
		s := &Session{Client: client, Redactor: redact.NewRedactor()}
		res, diags, err := s.CompileAndCompare(Build{Root: root, Level: "production", Services: []string{"app"}, PrivateDir: c.dir})
		if err != nil || diags.HasErrors() || len(res) != 1 || res[0].Err != nil {
			t.Fatalf("CompileAndCompare: %v %v %+v", err, diags, res)
		}
		var out bytes.Buffer
		if err := fastlyplan.Text(&out, []*fastlyplan.Plan{res[0].Plan}, false); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), c.want) || strings.Contains(out.String(), "SYSLOG-TOKEN") {
			t.Errorf("private dir %q: plan lacks %q or holds the token:\n%s", c.dir, c.want, out.String())
		}
		if c.dir != "" && !strings.Contains(out.String(), "token (content hidden)") {
			t.Errorf("the token is not shown hidden:\n%s", out.String())
		}
		if n := srv.Count("GET", fastlyfake.ListRoute(fastlyfake.KindSyslog)); n != 1 {
			t.Errorf("%d syslog lists, want 1", n)
		}
	}
}
