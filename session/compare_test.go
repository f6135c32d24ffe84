package session

import (
	"testing"

	"github.com/webplatform/edgectl/definition"
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
