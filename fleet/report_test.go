package fleet

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/diag"
)

// keysOf marshals v and returns the keys of the JSON object it gives.
func keysOf(t *testing.T, v any) []string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestReportShapes pins the JSON keys of fleet list, check and plan
// --output json, which the README's Output table promises.
func TestReportShapes(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"list", ListedVM{}, "flavor image level name public roles type"},
		{"check", CheckReport{}, "diagnostics levels ok"},
		{"check level", CheckedLevel{}, "inventory level vms"},
		{"plan", PlanReport{}, "diagnostics levels ok"},
		{"plan level", PlannedLevel{Error: "x"}, "changes converged error level project servers"},
		{"plan change", PlannedChange{Detail: "x"}, "action detail name"},
		{"diagnostic", diag.JSON{Hint: "x"}, "col file hint line message severity"},
	}
	for _, tt := range tests {
		if got := strings.Join(keysOf(t, tt.v), " "); got != tt.want {
			t.Errorf("%s: keys %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestListAndCheck: the list has every VM of the production level with
// its image and roles; the real inventories match the definition.
func TestListAndCheck(t *testing.T) {
	f := loadReal(t)
	l := f.Level("production")
	vms := f.List([]*Level{l})
	if len(vms) != len(l.VMs) || vms[0].Level != "production" || vms[0].Image == "" {
		t.Fatalf("list of production: %+v", vms)
	}
	rep, diags := f.Check(repoRoot, []*Level{l})
	if !rep.OK || diags.HasErrors() || !reflect.DeepEqual(rep.Levels, []CheckedLevel{{Level: "production", VMs: len(l.VMs), Inventory: "fleet/inventory/production.json"}}) {
		t.Errorf("check: %+v %v", rep, diags)
	}
}

// TestUserDataOf: the master address comes from --master or the
// inventory; a VM the level lacks or a master that is not an address is an
// error.
func TestUserDataOf(t *testing.T) {
	f := loadReal(t)
	l := f.Level("staging")
	tests := []struct {
		name, vm, master string
		want, wantErr    string
	}{
		{"master given", "app1", "10.9.9.9", `master: "10.9.9.9"`, ""},
		{"master from the inventory", "app1", "", `master: "10.`, ""},
		{"the master itself", f.SaltMaster, "", `master: "localhost"`, ""},
		{"not a VM", "nope1", "", "", "nope1 is not a VM of level staging in fleet/fleet.yaml"},
		{"not an address", "app1", "salt.example", "", `--master "salt.example" is not an IP address`},
	}
	for _, tt := range tests {
		out, diags, err := f.UserDataOf(repoRoot, l, tt.vm, tt.master)
		switch {
		case diags.HasErrors():
			t.Errorf("%s: %v", tt.name, diags.Err())
		case tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr):
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || !strings.Contains(string(out), tt.want)):
			t.Errorf("%s: %v, want %q in\n%s", tt.name, err, tt.want, out)
		}
	}
}

// TestVMNames: one level's VM names, or every level's, sorted, each once.
func TestVMNames(t *testing.T) {
	f := loadReal(t)
	staging := f.VMNames("staging")
	if !slices.IsSorted(staging) || len(staging) != len(f.Level("staging").VMs) {
		t.Errorf("staging: %v", staging)
	}
	all := f.VMNames("")
	if !slices.IsSorted(all) || len(slices.Compact(slices.Clone(all))) != len(all) || len(all) < len(staging) || !slices.Contains(all, staging[0]) {
		t.Errorf("every level: %v", all)
	}
	if got := f.VMNames("nope"); len(got) != 0 {
		t.Errorf("unknown level: %v", got)
	}
}
