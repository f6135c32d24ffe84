package fastlysync

import (
	"maps"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/inventory"
)

// importACLs declares every ACL of the imported version, so that raw VCL
// naming it still compiles and diff compares its entries. An ACL whose
// entries are, at every level, exactly the public addresses of that
// level's inventory is the fleet ACL edgectl publishes (fleet: true);
// any other keeps the entries of the imported level, and a level whose
// entries differ is named in a warning (a definition declares one list).
func importACLs(r *fastlyapi.Remote, opts ImportOptions, warn func(string, ...any)) []definition.ACL {
	var out []definition.ACL
	for _, a := range sortedBy(r.Config.ACLs, func(a desired.ACL) string { return a.Name }) {
		if a.Entries == nil {
			warn("acl %s: its entries could not be read; declared with none, so diff will show them", a.Name)
		}
		fleet := fleetEntries(a.Entries, opts.Inventories[opts.Level])
		for _, level := range slices.Sorted(maps.Keys(opts.Others)) {
			other := opts.Others[level]
			i := slices.IndexFunc(other.Config.ACLs, func(o desired.ACL) bool { return o.Name == a.Name })
			if i < 0 {
				continue
			}
			oe := other.Config.ACLs[i].Entries
			fleet = fleet && fleetEntries(oe, opts.Inventories[level])
			if !fleet && !slices.Equal(entryStrings(oe), entryStrings(a.Entries)) {
				warn("acl %s: its entries at level %s differ from those at %s; the definition declares those of %s", a.Name, level, opts.Level, opts.Level)
			}
		}
		if fleet {
			out = append(out, definition.ACL{Name: definition.Ident(a.Name), Fleet: true})
			continue
		}
		out = append(out, definition.ACL{Name: definition.Ident(a.Name), Entries: aclEntries(a.Entries)})
	}
	return out
}

// fleetEntries reports whether entries are exactly the public addresses of
// the inventory's VMs (and the inventory has some).
func fleetEntries(entries []desired.ACLEntry, inv *inventory.Inventory) bool {
	if inv == nil || len(entries) == 0 {
		return false
	}
	var want []string
	for _, vm := range inv.VMs {
		if vm.PublicIP != "" {
			want = append(want, vm.PublicIP)
		}
	}
	slices.Sort(want)
	want = slices.Compact(want)
	return slices.Equal(entryStrings(entries), want)
}

// aclEntries are entries as a definition declares them, sorted as they
// are written.
func aclEntries(entries []desired.ACLEntry) []definition.ACLEntry {
	out := make([]definition.ACLEntry, 0, len(entries))
	for _, e := range entries {
		out = append(out, definition.ACLEntry{IP: e.IP, Subnet: e.Subnet, Negated: e.Negated})
	}
	slices.SortFunc(out, func(a, b definition.ACLEntry) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// entryStrings writes entries as a definition does, sorted, to compare
// them.
func entryStrings(entries []desired.ACLEntry) []string {
	out := make([]string, 0, len(entries))
	for _, e := range aclEntries(entries) {
		out = append(out, e.String())
	}
	return out
}

// importDictionaries declares every dictionary of the imported version but
// edgectl's settings dictionary (declared by maintenance_switch), with the
// imported level's items. A write-only dictionary's items cannot be read:
// it is declared empty, and a warning says so. A level whose items differ
// is named in a warning (a definition declares one set).
func importDictionaries(r *fastlyapi.Remote, opts ImportOptions, warn func(string, ...any)) []definition.Dictionary {
	var out []definition.Dictionary
	for _, d := range sortedBy(r.Config.Dictionaries, func(d desired.Dictionary) string { return d.Name }) {
		if d.Name == compiler.SettingsTable && !d.WriteOnly {
			continue
		}
		t := definition.Dictionary{Name: definition.Ident(d.Name), WriteOnly: d.WriteOnly, Items: d.Items}
		if d.WriteOnly {
			warn("dictionary %s is write-only: its items cannot be read, so it is declared without them (diff cannot compare them either)", d.Name)
		}
		for _, level := range slices.Sorted(maps.Keys(opts.Others)) {
			c := opts.Others[level].Config
			i := slices.IndexFunc(c.Dictionaries, func(o desired.Dictionary) bool { return o.Name == d.Name })
			if i >= 0 && !d.WriteOnly && !maps.Equal(c.Dictionaries[i].Items, d.Items) {
				warn("dictionary %s: its items at level %s differ from those at %s; the definition declares those of %s", d.Name, level, opts.Level, opts.Level)
			}
		}
		out = append(out, t)
	}
	return out
}
