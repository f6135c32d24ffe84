package cloud_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/fleet/cloud"
	"github.com/webplatform/edgectl/internal/openstackfake"
	"github.com/webplatform/edgectl/inventory"
)

const repoRoot = "../.."

// seededRun returns a Run on the repository's fleet whose credentials
// point at a local OpenStack API holding the workbench inventory's servers.
func seededRun(t *testing.T, password string) (*cloud.Run, *fleet.Level, *strings.Builder, *strings.Builder) {
	t.Helper()
	f, diags := fleet.Load(repoRoot, "")
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	inv, ds := inventory.Load(repoRoot, "workbench")
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	o := openstackfake.SeedInventory(openstackfake.Options{}, inv.VMs, f.FlavorOf)
	srv := httptest.NewServer(o)
	t.Cleanup(srv.Close)
	t.Setenv("OS_CLOUD", "")
	for k, v := range openstackfake.EnvFor(srv.URL+"/v3/", openstackfake.Options{}) {
		t.Setenv(k, v)
	}
	t.Setenv("OS_PASSWORD", password)
	var out, errw strings.Builder
	r := &cloud.Run{Fleet: f, Root: repoRoot, Out: &out, Err: &errw, Diags: func(l diag.List) { l.Print(&errw, false) }}
	return r, f.Level("workbench"), &out, &errw
}

// TestRunPlanAndRefresh: a project holding exactly the inventory's servers
// plans as converged and refreshes (dry run) to as many VMs.
func TestRunPlanAndRefresh(t *testing.T) {
	r, l, out, errw := seededRun(t, "sandbox")
	rep, diags := r.Plan(context.Background(), []*fleet.Level{l}, true)
	if !rep.OK || rep.Pending() || diags.HasErrors() || len(rep.Levels) != 1 || rep.Levels[0].Servers != len(l.VMs) {
		t.Fatalf("plan: %+v %v\n%s%s", rep, diags, out, errw)
	}
	if !strings.Contains(out.String(), "Project: OS_AUTH_URL=") {
		t.Errorf("plan text:\n%s", out)
	}
	out.Reset()
	if err := r.Refresh(context.Background(), []*fleet.Level{l}, true); err != nil || !strings.Contains(out.String(), "dry run: would write fleet/inventory/workbench.json: ") {
		t.Errorf("refresh: %v\n%s%s", err, out, errw)
	}
}

// TestRunReportsFailures: refused credentials fail the level with the
// cloud's message on Err, in the report and as ErrReported.
func TestRunReportsFailures(t *testing.T) {
	r, l, _, errw := seededRun(t, "wrong")
	rep, _ := r.Plan(context.Background(), []*fleet.Level{l}, false)
	if rep.OK || rep.Levels[0].Error == "" || !strings.HasPrefix(errw.String(), "edgectl: level workbench: ") {
		t.Errorf("plan with refused credentials: %+v\n%s", rep, errw)
	}
	err := r.Apply(context.Background(), l, fleet.ApplyOptions{}, true, func(string) error { return nil })
	if !errors.Is(err, cloud.ErrReported) {
		t.Errorf("apply with refused credentials: %v", err)
	}
}
