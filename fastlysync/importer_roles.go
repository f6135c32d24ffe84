package fastlysync

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/fastlyvcl"
	"github.com/webplatform/edgectl/inventory"
)

// roleGroup is a director whose members are exactly the VMs of one fleet
// role in the level's inventory, each at the VM's public address: what
// edgectl makes of a role backend (one backend per VM, named after it, in a
// director named after the definition's backend). It is imported as that
// role backend, so that the definition follows the inventory again.
type roleGroup struct {
	director desired.Director
	role     string
}

// importDirector is a role backend's director in the definition: its type
// by its VCL policy name (fastlyvcl.Policies, the one mapping), quorum and
// retries only where they are not the compiler's defaults. It is not
// definition.Director: retries 0, where the default is more, must be
// written, and a definition tells a zero given from one left out only by
// where it was read (yamldec.Meta), which yaml.v3 does not write.
type importDirector struct {
	Type    string `yaml:"type"`
	Quorum  int    `yaml:"quorum,omitempty"`
	Retries *int   `yaml:"retries,omitempty"`
}

// roleGroups maps the name of every backend that belongs to a role group
// to its group. A director that is not a role's VMs is named in warn: the
// definition makes directors from fleet roles only.
func roleGroups(c *fastlyplan.Config, inv *inventory.Inventory, warn func(string, ...any)) map[string]*roleGroup {
	out := map[string]*roleGroup{}
	addresses := map[string]string{}
	for _, b := range c.Backends {
		addresses[b.Name] = b.Address
	}
	where := "the level's fleet inventory (there is none)"
	if inv != nil {
		where = inv.File
	}
	for _, d := range c.Directors {
		role := directorRole(d, addresses, inv)
		if role == "" {
			warn("director %s is not imported: its backends (%s) are not the VMs of one fleet role in %s; edgectl makes directors from fleet roles only (backends with role:), so the diff will show it removed",
				d.Name, strings.Join(d.Backends, ", "), where)
			continue
		}
		g := &roleGroup{director: d, role: role}
		for _, m := range d.Backends {
			out[m] = g
		}
	}
	return out
}

// directorRole is the fleet role whose VMs are exactly d's members at their
// public addresses, or "". The role the director's comment names
// ("VMs with role app", as edgectl writes it) is preferred when several fit.
func directorRole(d desired.Director, addresses map[string]string, inv *inventory.Inventory) string {
	if inv == nil || len(d.Backends) == 0 {
		return ""
	}
	var candidates []string
	for _, vm := range inv.VMs {
		if backendName(vm.Name) == d.Backends[0] {
			candidates = vm.Roles
		}
	}
	if named, ok := strings.CutPrefix(d.Comment, "VMs with role "); ok && slices.Contains(candidates, named) {
		candidates = append([]string{named}, candidates...)
	}
	for _, role := range candidates {
		vms := inv.WithRole(role)
		if len(vms) != len(d.Backends) {
			continue
		}
		fits := true
		for _, vm := range vms {
			name := backendName(vm.Name)
			if !slices.Contains(d.Backends, name) || addresses[name] != vm.PublicIP {
				fits = false
			}
		}
		if fits {
			return role
		}
	}
	return ""
}

// backendName is the Fastly backend edgectl names after a VM (compiler:
// "-" is not allowed in a backend name used in VCL, so it becomes "_").
func backendName(vm string) string { return strings.ReplaceAll(vm, "-", "_") }

// asRoleBackend turns the imported first member of g into the role
// backend: named after the director, the role instead of an address, and
// the director's settings where they are not the compiler's defaults.
func (g *roleGroup) asRoleBackend(ib importBackend, connect, firstByte int) importBackend {
	ib.Name, ib.Role, ib.Address = g.director.Name, g.role, ""
	d := g.director
	name, ok := fastlyvcl.PolicyName(d.Type)
	if !ok {
		name = definition.DefaultDirectorType
	}
	// The compiler's default retries: one per VM, no more than fit in
	// Fastly's 60 s between cluster nodes (compiler.resolveDirector).
	ms := func(v int) definition.Duration { return definition.Duration(time.Duration(v) * time.Millisecond) }
	defaultRetries := min(max(definition.MaxRetries(ms(connect), ms(firstByte)), 0), len(d.Backends))
	dir := &importDirector{Type: name}
	if d.Quorum != definition.DefaultQuorum {
		dir.Quorum = d.Quorum
	}
	if d.Retries != defaultRetries {
		r := d.Retries
		dir.Retries = &r
	}
	if *dir != (importDirector{Type: definition.DefaultDirectorType}) {
		ib.Director = dir
	}
	return ib
}

// sameMember reports, for a backend of a role group after its first, what
// differs from the first: a role backend gives all its VMs the same values.
func sameMember(first, b desired.Backend) bool {
	first.Name, first.Address, first.Comment = b.Name, b.Address, b.Comment
	return reflect.DeepEqual(first, b)
}

// roleMembers says, for the warnings, which backends a role backend stands
// for.
func roleMembers(g *roleGroup) string {
	return fmt.Sprintf("%s (role %s: %s)", g.director.Name, g.role, strings.Join(g.director.Backends, ", "))
}
