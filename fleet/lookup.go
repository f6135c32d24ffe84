package fleet

import (
	"fmt"
	"net"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/inventory"
)

// SelectLevels returns the named levels (every level when none is named);
// an unknown name is an error naming the closest known ones.
func (f *Fleet) SelectLevels(names []string) ([]*Level, error) {
	if len(names) == 0 {
		return f.Levels, nil
	}
	var out []*Level
	for _, n := range names {
		l := f.Level(n)
		if l == nil {
			return nil, definition.UnknownLevel(n, f.LevelNames())
		}
		out = append(out, l)
	}
	return out, nil
}

// SaltMasterAddress is the private address of the salt master in a level's
// inventory; an error says to give it when the inventory lacks it.
func (f *Fleet) SaltMasterAddress(inv *inventory.Inventory) (string, error) {
	master := ""
	for _, m := range inv.VMs {
		if m.Name == f.SaltMaster {
			master = m.PrivateIP
		}
	}
	if master == "" {
		return "", fmt.Errorf("the salt master %s is not in %s: give --master", f.SaltMaster, inv.File)
	}
	return master, nil
}

// CheckInventories compares each level's inventory with the VMs the
// definition gives it.
func (f *Fleet) CheckInventories(root string, levels []*Level) diag.List {
	var diags diag.List
	for _, l := range levels {
		inv, ds := inventory.Load(root, l.Name)
		diags.Add(ds...)
		if !ds.HasErrors() {
			diags.Add(f.CheckInventory(l, inv)...)
		}
	}
	return diags
}

// CheckPlanned reports what stops a level's plan from being applied: names
// carried by several servers, and an inventory that differs from the
// servers the cloud listed.
func CheckPlanned(root string, l *Level, p *Plan, servers []Server) diag.List {
	var diags diag.List
	if p.Count(Conflict) > 0 {
		diags.Errorf(diag.Pos{File: FileName}, "delete the extra servers by hand (openstack server delete ID), then plan again", "level %s: %d names are carried by several servers; apply refuses to run", l.Name, p.Count(Conflict))
	}
	inv, ds := inventory.Load(root, l.Name)
	diags.Add(ds...)
	if !ds.HasErrors() {
		diags.Add(CompareInventory(l.Name, inv, servers)...)
	}
	return diags
}

// Destruction is the question to ask before a plan that deletes or
// replaces servers ("" when it does neither): what is lost is named.
func (p *Plan) Destruction(level string) string {
	var parts []string
	for _, a := range []Action{Delete, Replace} {
		var names []string
		for _, c := range p.Changes {
			if c.Action == a {
				names = append(names, c.Name)
			}
		}
		if len(names) == 0 {
			continue
		}
		noun := "servers"
		if len(names) == 1 {
			noun = "server"
		}
		verb := map[Action]string{Delete: "deletes", Replace: "replaces (deletes and creates again)"}[a]
		parts = append(parts, fmt.Sprintf("%s %d %s (%s)", verb, len(names), noun, strings.Join(names, ", ")))
	}
	if len(parts) == 0 {
		return ""
	}
	return "apply this plan, which " + strings.Join(parts, " and ") + " in " + level
}

// UserDataOf is the user-data of the VM called name at level l (see
// UserData). The salt master's address is master or, when that is empty,
// its private_ip in the level's inventory under root (the master itself
// needs none); diagnostics are the inventory's errors.
func (f *Fleet) UserDataOf(root string, l *Level, name, master string) ([]byte, diag.List, error) {
	vm := l.VM(name)
	if vm == nil {
		return nil, nil, fmt.Errorf("%s is not a VM of level %s in %s", name, l.Name, FileName)
	}
	if master == "" && vm.Name != f.SaltMaster {
		inv, ds := inventory.Load(root, l.Name)
		if ds.HasErrors() {
			return nil, ds, nil
		}
		var err error
		if master, err = f.SaltMasterAddress(inv); err != nil {
			return nil, nil, err
		}
	}
	if master != "" && net.ParseIP(master) == nil {
		return nil, nil, fmt.Errorf("--master %q is not an IP address", master)
	}
	return f.UserData(l, vm, master), nil, nil
}

// FlavorOf is the flavor of the type of the VM called name, "" when the
// name has no type.
func (f *Fleet) FlavorOf(name string) string {
	if t := f.TypeOf(name); t != nil {
		return t.Flavor
	}
	return ""
}

// VMNames is the sorted names of the VMs of the level called level, or of
// every level when level is "" (none for an unknown level).
func (f *Fleet) VMNames(level string) []string {
	var names []string
	for _, l := range f.Levels {
		if level == "" || l.Name == level {
			for _, vm := range l.VMs {
				names = append(names, vm.Name)
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
