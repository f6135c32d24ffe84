package fleet

import (
	"context"
	"fmt"
	"slices"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/inventory"
)

// InventoryOf is the inventory of a level's servers: every ACTIVE server
// whose name is a fleet VM name, with its addresses, sorted by name. Servers
// the definition does not have are listed too: the inventory records the
// cloud, and CheckInventory tells when it differs from the definition.
func InventoryOf(servers []Server) []inventory.VM {
	var vms []inventory.VM
	for _, s := range servers {
		if s.Status != StatusActive || inventory.CheckName(s.Name) != nil {
			continue
		}
		vms = append(vms, inventory.VM{Name: s.Name, Roles: inventory.Roles(s.Name), PrivateIP: s.PrivateIP, PublicIP: s.PublicIP})
	}
	slices.SortFunc(vms, func(a, b inventory.VM) int { return inventory.CompareNames(a.Name, b.Name) })
	return vms
}

func refreshHint(level string) string {
	return fmt.Sprintf("run `edgectl fleet apply --level %s` to make the cloud match the definition (it rewrites the inventory), or `edgectl fleet refresh --level %s` to record the cloud as it is", level, level)
}

// CheckInventory reports where a level's inventory and the definition
// disagree, which makes the inventory stale: a VM the definition has and the
// inventory lacks, a VM the inventory lists and the definition does not have
// (both errors), a public VM without a public_ip (an error: Fastly could not
// reach it) and a private one with a public_ip (a warning).
func (f *Fleet) CheckInventory(level *Level, inv *inventory.Inventory) diag.List {
	var diags diag.List
	pos := diag.Pos{File: inv.File}
	hint := refreshHint(level.Name)
	listed := map[string]inventory.VM{}
	for _, vm := range inv.VMs {
		listed[vm.Name] = vm
	}
	for _, vm := range level.VMs {
		got, ok := listed[vm.Name]
		switch {
		case !ok:
			diags.Errorf(pos, hint, "stale inventory: it lacks VM %s, which %s defines at level %s", vm.Name, FileName, level.Name)
		case vm.Type.Public && got.PublicIP == "":
			diags.Errorf(pos, hint, "stale inventory: VM %s is of public type %s but has no public_ip", vm.Name, vm.Type.Name)
		case !vm.Type.Public && got.PublicIP != "":
			diags.Warnf(pos, "the type is not public: the next apply leaves the address, the VM is not a Fastly backend unless its type is public", "VM %s of private type %s has public_ip %s", vm.Name, vm.Type.Name, got.PublicIP)
		}
	}
	for _, vm := range inv.VMs {
		if level.VM(vm.Name) == nil {
			diags.Errorf(pos, hint, "stale inventory: it lists VM %s, which %s does not define at level %s", vm.Name, FileName, level.Name)
		}
	}
	return diags
}

// CompareInventory reports where a level's inventory and the servers really
// in the cloud disagree: the inventory is stale when a server is missing
// from it, when it lists a server the cloud does not have (or not ACTIVE),
// or when an address differs.
func CompareInventory(level string, inv *inventory.Inventory, servers []Server) diag.List {
	var diags diag.List
	pos := diag.Pos{File: inv.File}
	hint := fmt.Sprintf("run `edgectl fleet refresh --level %s`", level)
	cloud := map[string]inventory.VM{}
	for _, vm := range InventoryOf(servers) {
		cloud[vm.Name] = vm
	}
	listed := map[string]bool{}
	for _, vm := range inv.VMs {
		listed[vm.Name] = true
		c, ok := cloud[vm.Name]
		switch {
		case !ok:
			diags.Errorf(pos, hint, "stale inventory: it lists VM %s, which is not an ACTIVE server in the cloud", vm.Name)
		case c.PrivateIP != vm.PrivateIP || c.PublicIP != vm.PublicIP:
			diags.Errorf(pos, hint, "stale inventory: VM %s is %s in the file, %s in the cloud", vm.Name, addrs(vm), addrs(c))
		}
	}
	for _, vm := range InventoryOf(servers) {
		if !listed[vm.Name] {
			diags.Errorf(pos, hint, "stale inventory: ACTIVE server %s of the cloud is not in it", vm.Name)
		}
	}
	return diags
}

func addrs(vm inventory.VM) string {
	if vm.PublicIP == "" {
		return fmt.Sprintf("private_ip %s, no public_ip", vm.PrivateIP)
	}
	return fmt.Sprintf("private_ip %s, public_ip %s", vm.PrivateIP, vm.PublicIP)
}

// LevelInventory lists a level's servers and returns the inventory they
// make. Servers of another level are refused, as MakePlan refuses them.
func LevelInventory(ctx context.Context, f *Fleet, c Cloud, l *Level) ([]inventory.VM, error) {
	servers, err := c.Servers(ctx)
	if err == nil {
		_, err = MakePlan(f, l, servers)
	}
	if err != nil {
		return nil, err
	}
	return InventoryOf(servers), nil
}
