package fleet

import (
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/inventory"
)

func TestCheckInventoryStale(t *testing.T) {
	f := loadReal(t)
	l := f.Level("staging")
	inv, _ := inventory.Load(repoRoot, "staging")
	// Drop app2, add bots, take app1's public_ip, give elastic one.
	var vms []inventory.VM
	for _, vm := range inv.VMs {
		switch vm.Name {
		case "app2":
			continue
		case "app1":
			vm.PublicIP = ""
		case "elastic":
			vm.PublicIP = "198.51.100.99"
		}
		vms = append(vms, vm)
	}
	vms = append(vms, inventory.VM{Name: "bots", Roles: []string{"bots"}, PrivateIP: "10.10.10.99"})
	diags := f.CheckInventory(l, &inventory.Inventory{File: "fleet/inventory/staging.json", VMs: vms})
	got := diags.Err().Error()
	expectContains(t, "errors", got,
		"fleet/inventory/staging.json: error: stale inventory: it lacks VM app2, which fleet/fleet.yaml defines at level staging",
		"hint: run `edgectl fleet apply --level staging`",
		"`edgectl fleet refresh --level staging`",
		"stale inventory: it lists VM bots, which fleet/fleet.yaml does not define at level staging",
		"stale inventory: VM app1 is of public type app but has no public_ip",
		"3 errors",
	)
	if w := diags.Warnings(); len(w) != 1 || !strings.Contains(w[0].Message, "VM elastic of private type elastic has public_ip 198.51.100.99") {
		t.Errorf("warnings %v", w)
	}
}

func TestCompareInventory(t *testing.T) {
	inv := &inventory.Inventory{File: "fleet/inventory/workbench.json", VMs: []inventory.VM{
		{Name: "app1", PrivateIP: "10.10.10.11", PublicIP: "192.0.2.11"},
		{Name: "blog", PrivateIP: "10.10.10.12", PublicIP: "192.0.2.12"},
		{Name: "salt", PrivateIP: "10.10.10.10", PublicIP: "192.0.2.10"},
	}}
	servers := []Server{
		{Name: "app1", Status: StatusActive, PrivateIP: "10.10.10.11", PublicIP: "192.0.2.99"},
		{Name: "salt", Status: StatusActive, PrivateIP: "10.10.10.10", PublicIP: "192.0.2.10"},
		{Name: "app2", Status: StatusActive, PrivateIP: "10.10.10.20"},
		{Name: "blog", Status: StatusBuild},
		{Name: "Odd_One", Status: StatusActive},
	}
	got := CompareInventory("workbench", inv, servers).Err().Error()
	expectContains(t, "errors", got,
		"stale inventory: VM app1 is private_ip 10.10.10.11, public_ip 192.0.2.11 in the file, private_ip 10.10.10.11, public_ip 192.0.2.99 in the cloud",
		"stale inventory: it lists VM blog, which is not an ACTIVE server in the cloud",
		"stale inventory: ACTIVE server app2 of the cloud is not in it",
		"hint: run `edgectl fleet refresh --level workbench`",
		"3 errors",
	)
	var names []string
	for _, vm := range InventoryOf(servers) {
		names = append(names, vm.Name)
	}
	if !slices.Equal(names, []string{"app1", "app2", "salt"}) {
		t.Errorf("InventoryOf keeps %v", names)
	}
}
