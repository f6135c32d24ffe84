package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/internal/openstackfake"
	"github.com/webplatform/edgectl/inventory"
)

// copyRoot copies what edgectl build and fleet read into a temporary root.
func fleetRoot(t *testing.T) string {
	return copyRoot(t, "services", "vcl", "errors", "fleet/inventory", fleet.FileName)
}

func TestFleetRoles(t *testing.T) {
	code, stdout, _ := runCLI(t, "fleet", "roles", "memcache-jobs1")
	if code != 0 || stdout != "memcache\njobs\n" {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	code, stdout, _ = runCLI(t, "fleet", "roles", "db1-masterdb", "salt")
	if code != 0 || stdout != "db1-masterdb: db masterdb\nsalt: salt\n" {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	code, _, stderr := runCLI(t, "fleet", "roles", "Memcache_1")
	if code != 1 || !strings.Contains(stderr, `invalid VM name "Memcache_1"`) || !strings.Contains(stderr, "hint: VM names are") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func readService(t *testing.T, path string) desired.Service {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s desired.Service
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFleetAddAppVMAddsBackends: one more app VM in the production inventory
// gives exactly one more backend, in the app director, to every service that
// uses role app (www, docs, code, talk) at production, and changes nothing
// else in the build output.
func TestFleetAddAppVMAddsBackends(t *testing.T) {
	t.Setenv(privateDirEnv, "")
	root := fleetRoot(t)
	before := filepath.Join(t.TempDir(), "before")
	if code, _, stderr := runCLI(t, "build", "--root", root, "--out", before); code != 0 {
		t.Fatal(stderr)
	}
	inv, diags := inventory.Load(root, "production")
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	inv.VMs = append(inv.VMs, inventory.VM{Name: "app4", PrivateIP: "10.10.10.30", PublicIP: "203.0.113.30"})
	if err := inventory.Write(root, "production", inv.VMs); err != nil {
		t.Fatal(err)
	}
	after := filepath.Join(t.TempDir(), "after")
	if code, _, stderr := runCLI(t, "build", "--root", root, "--out", after); code != 0 {
		t.Fatal(stderr)
	}

	appServices := []string{"code", "docs", "talk", "www"}
	got, want := readTree(t, after), readTree(t, before)
	if !slices.Equal(union(got, nil), union(want, nil)) {
		t.Fatalf("the builds wrote different files")
	}
	var changed []string
	for name, content := range got {
		if content != want[name] {
			changed = append(changed, name)
		}
	}
	slices.Sort(changed)
	var wantChanged []string
	for _, svc := range syncServiceNames(t) {
		// service.json carries the backends (app services) and every
		// service's ACL "internal" (the level's public addresses);
		// local.vcl declares them for falco.
		wantChanged = append(wantChanged, svc+"/production/local.vcl", svc+"/production/service.json")
		a := readService(t, filepath.Join(after, svc, "production", "service.json"))
		if len(a.ACLs) != 1 || !slices.Contains(a.ACLs[0].Entries, desired.ACLEntry{IP: "203.0.113.30", Comment: "VM app4"}) {
			t.Errorf("%s: ACLs %+v lack app4's public address", svc, a.ACLs)
		}
	}
	if !slices.Equal(changed, wantChanged) {
		t.Errorf("changed files %v, want %v", changed, wantChanged)
	}

	for _, svc := range appServices {
		b := readService(t, filepath.Join(before, svc, "production", "service.json"))
		a := readService(t, filepath.Join(after, svc, "production", "service.json"))
		if len(a.Backends) != len(b.Backends)+1 {
			t.Errorf("%s: %d backends, was %d", svc, len(a.Backends), len(b.Backends))
			continue
		}
		var added *desired.Backend
		for i := range a.Backends {
			if !slices.ContainsFunc(b.Backends, func(x desired.Backend) bool { return reflect.DeepEqual(x, a.Backends[i]) }) {
				if added != nil {
					t.Errorf("%s: more than one backend changed", svc)
				}
				added = &a.Backends[i]
			}
		}
		if added == nil || added.Name != "app4" || added.Address != "203.0.113.30" || added.Comment != "VM app4, role app" {
			t.Errorf("%s: added backend %+v", svc, added)
			continue
		}
		app1 := b.Backends[slices.IndexFunc(b.Backends, func(x desired.Backend) bool { return x.Name == "app1" })]
		if added.Healthcheck != app1.Healthcheck || added.Port != app1.Port || added.MaxConn != app1.MaxConn {
			t.Errorf("%s: app4 is not configured like app1: %+v vs %+v", svc, added, app1)
		}
		var members []string
		for _, d := range a.Directors {
			if slices.Contains(d.Backends, "app1") {
				members = d.Backends
			}
		}
		if !slices.Contains(members, "app4") {
			t.Errorf("%s: app4 is not in the app director %v", svc, members)
		}
		a.Backends, b.Backends, a.Directors, b.Directors, a.ACLs, b.ACLs = nil, nil, nil, nil, nil, nil
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: more than backends, directors and the ACL changed", svc)
		}
	}
}

func TestFleetCheck(t *testing.T) {
	code, stdout, stderr := runCLI(t, "fleet", "check", "--root", repoRoot)
	if code != 0 || !strings.Contains(stdout, "production: 20 VMs, inventory fleet/inventory/production.json matches fleet/fleet.yaml") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	root := fleetRoot(t)
	inv, _ := inventory.Load(root, "production")
	inv.VMs = slices.DeleteFunc(inv.VMs, func(vm inventory.VM) bool { return vm.Name == "app3" })
	inventory.Write(root, "production", inv.VMs)
	os.Remove(inventory.Path(root, "staging"))
	code, _, stderr = runCLI(t, "fleet", "check", "--root", root)
	for _, want := range []string{
		"fleet/inventory/production.json: error: stale inventory: it lacks VM app3, which fleet/fleet.yaml defines at level production",
		"`edgectl fleet refresh --level production`",
		"fleet/inventory/staging.json: error: cannot read the inventory of level staging",
		"2 errors",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code != 1 {
		t.Errorf("exit %d", code)
	}
}

func TestFleetMonitCommand(t *testing.T) {
	code, stdout, stderr := runCLI(t, "fleet", "monit", "app1", "--level", "production", "--root", repoRoot)
	if code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"set alert ops@webplatform.org", "check system app1.production.wpdn", "check process apache2", "check process nutcracker", "check process salt-minion", "check process sshd"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("lacks %q", want)
		}
	}
	code, _, stderr = runCLI(t, "fleet", "monit", "app3", "--level", "workbench", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "app3 is not a VM of level workbench") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestFleetUserDataCommand(t *testing.T) {
	code, stdout, stderr := runCLI(t, "fleet", "userdata", "blog", "--level", "staging", "--root", repoRoot)
	if code != 0 || !strings.Contains(stdout, `master: "10.10.10.10"`) || !strings.Contains(stdout, "search staging.wpdn") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
}

// sandboxEnv starts a local OpenStack API and points the OS_* variables at
// it.
func sandboxEnv(t *testing.T, opts openstackfake.Options) *openstackfake.Cloud {
	t.Helper()
	o := openstackfake.Start(opts)
	t.Cleanup(o.Close)
	t.Setenv("OS_CLOUD", "")
	for k, v := range o.Env() {
		t.Setenv(k, v)
	}
	return o
}

// TestFleetPlanApplyConverge runs plan, apply --dry-run, apply and plan
// again through the CLI against the local OpenStack API, with a server that
// goes to ERROR on the way.
func TestFleetPlanApplyConverge(t *testing.T) {
	root := fleetRoot(t)
	o := sandboxEnv(t, openstackfake.Options{BuildPolls: -1})
	o.Seed("bots", "subsonic", "", "", nil) // not in the workbench definition
	o.FailBuild("piwik", 1, "No valid host was found. There are not enough hosts available.")
	before, _ := os.ReadFile(inventory.Path(root, "workbench"))

	code, stdout, stderr := runCLI(t, "fleet", "plan", "--level", "workbench", "--root", root)
	for _, want := range []string{"Project: OS_AUTH_URL=" + o.AuthURL() + " project webplatform", "  + app1", "  - bots", "Plan for workbench: 8 to create, 1 to delete, 0 to keep."} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, stdout)
		}
	}
	// The repository's inventory names VMs this empty project lacks.
	if code != 1 || !strings.Contains(stderr, "fleet/inventory/workbench.json: error: stale inventory: it lists VM app1, which is not an ACTIVE server in the cloud") {
		t.Errorf("plan exit %d:\n%s", code, stderr)
	}

	code, stdout, _ = runCLI(t, "fleet", "apply", "--level", "workbench", "--root", root, "--dry-run")
	if code != 0 || !strings.Contains(stdout, "Dry run: nothing was changed.") || len(o.Servers()) != 1 {
		t.Errorf("dry run: exit %d, %d servers\n%s", code, len(o.Servers()), stdout)
	}

	code, stdout, stderr = runCLI(t, "fleet", "apply", "--level", "workbench", "--root", root, "--poll", "1ms", "--yes")
	if code != 1 || !strings.Contains(stderr, "edgectl: failed: piwik (server ") ||
		!strings.Contains(stderr, "went to ERROR: No valid host was found. There are not enough hosts available.") ||
		!strings.Contains(stderr, "fleet/inventory/workbench.json was not written") {
		t.Errorf("apply with a failing build: exit %d\n%s%s", code, stdout, stderr)
	}
	if after, _ := os.ReadFile(inventory.Path(root, "workbench")); string(after) != string(before) {
		t.Error("a failed apply changed the inventory")
	}
	if !slices.ContainsFunc(o.Servers(), func(s openstackfake.ServerInfo) bool { return s.Name == "bots" }) {
		t.Error("bots was deleted although a creation failed")
	}

	code, stdout, stderr = runCLI(t, "fleet", "apply", "--level", "workbench", "--root", root, "--poll", "1ms", "--yes")
	if code != 0 || !strings.Contains(stdout, "-/+ piwik") || !strings.Contains(stdout, "Wrote fleet/inventory/workbench.json: 8 VMs.") {
		t.Fatalf("second apply: exit %d\n%s%s", code, stdout, stderr)
	}

	code, stdout, stderr = runCLI(t, "fleet", "plan", "--level", "workbench", "--root", root, "--detailed-exitcode")
	if code != 0 || !strings.Contains(stdout, "Plan for workbench: 0 to create, 0 to delete, 8 to keep.") {
		t.Errorf("plan after apply: exit %d\n%s%s", code, stdout, stderr)
	}
	inv, diags := inventory.Load(root, "workbench")
	if diags.HasErrors() || len(inv.VMs) != 8 || inv.VMs[0].Name != "app1" || !strings.HasPrefix(inv.VMs[0].PublicIP, "203.0.113.") {
		t.Errorf("inventory %+v %v", inv, diags.Err())
	}
	if code, _, stderr := runCLI(t, "fleet", "check", "--root", root, "--level", "workbench"); code != 0 {
		t.Errorf("check after apply: %s", stderr)
	}

	// A VM added to the cloud by hand makes the inventory stale; refresh
	// records it, and plan then says to delete it.
	o.Seed("app2", "lightspeed", "", "203.0.113.99", nil)
	code, _, stderr = runCLI(t, "fleet", "plan", "--level", "workbench", "--root", root, "--detailed-exitcode")
	if code != 1 || !strings.Contains(stderr, "stale inventory: ACTIVE server app2 of the cloud is not in it") {
		t.Errorf("plan with a stale inventory: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr = runCLI(t, "fleet", "refresh", "--level", "workbench", "--root", root)
	if code != 1 || !strings.Contains(stdout, "Wrote fleet/inventory/workbench.json: 9 VMs.") ||
		!strings.Contains(stderr, "stale inventory: it lists VM app2, which fleet/fleet.yaml does not define at level workbench") {
		t.Errorf("refresh: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, "fleet", "plan", "--level", "workbench", "--root", root, "--detailed-exitcode")
	if code != 2 || !strings.Contains(stdout, "  - app2") {
		t.Errorf("plan --detailed-exitcode with a pending deletion: exit %d\n%s", code, stdout)
	}
}

func TestFleetApplyQuotaCLI(t *testing.T) {
	root := fleetRoot(t)
	sandboxEnv(t, openstackfake.Options{BuildPolls: -1, MaxInstances: 2})
	code, _, stderr := runCLI(t, "fleet", "apply", "--level", "workbench", "--root", root, "--poll", "1ms", "--parallel", "1")
	if code != 1 || !strings.Contains(stderr, "HTTP 403: Quota exceeded for instances: Requested 1, but already used 2 of 2 instances") ||
		!strings.Contains(stderr, "not started after the failure: ") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

func TestFleetCredentials(t *testing.T) {
	sandboxEnv(t, openstackfake.Options{})
	code, _, stderr := runCLI(t, "fleet", "plan", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "names one project but 3 levels are selected: choose the level with --level") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	code, _, stderr = runCLI(t, "fleet", "apply", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "apply changes one level at a time: give --level") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	t.Setenv("OS_PASSWORD", "wrong")
	code, _, stderr = runCLI(t, "fleet", "plan", "--level", "staging", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "edgectl: level staging: authenticate at ") || !strings.Contains(stderr, "HTTP 401") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

func TestFleetHelpHasExamples(t *testing.T) {
	for _, cmd := range []string{"fleet", "fleet roles", "fleet list", "fleet check", "fleet plan", "fleet apply", "fleet refresh", "fleet monit", "fleet userdata", "fleet sandbox"} {
		code, stdout, _ := runCLI(t, append(strings.Fields(cmd), "--help")...)
		if code != 0 || !strings.Contains(stdout, "Examples:") || !strings.Contains(stdout, "edgectl "+cmd) {
			t.Errorf("%s --help lacks examples:\n%s", cmd, stdout)
		}
	}
}
