package fleet

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/inventory"
)

// Action is what apply does about one VM name.
type Action string

// The actions of a plan, in the order a plan's summary lists them.
const (
	// Create boots a VM the definition has and the cloud does not.
	Create Action = "create"
	// Replace deletes a server in ERROR and boots it again.
	Replace Action = "replace"
	// Wait waits for a server still building, then treats it as kept.
	Wait Action = "wait"
	// AttachIP gives an ACTIVE server of a public type its floating IP.
	AttachIP Action = "attach-ip"
	// Delete deletes a server the definition does not have.
	Delete Action = "delete"
	// Keep leaves a server as it is.
	Keep Action = "keep"
	// Conflict is a name several servers carry: apply touches none of them.
	Conflict Action = "conflict"
	// Ignore is a server whose name is not a fleet VM name: not edgectl's.
	Ignore Action = "ignore"
)

var actionOrder = []Action{Create, Replace, Wait, AttachIP, Delete, Keep, Conflict, Ignore}

var actionMark = map[Action]string{
	Create: "+", Replace: "-/+", Wait: "~", AttachIP: "~", Delete: "-", Keep: "", Conflict: "!", Ignore: "?",
}

// Change is the plan for one VM name (or, for deletions, one server).
type Change struct {
	Action Action
	Name   string
	// VM is the definition's VM; nil for Delete and Ignore.
	VM *VM
	// Server is the cloud's server; nil for Create. Conflicts list them all
	// in Servers.
	Server  *Server
	Servers []Server
	// Detail says why, for people.
	Detail string
}

// Plan is what apply would do to make a level's servers match the
// definition.
type Plan struct {
	Level *Level
	// Changes are sorted by name, numbers in numeric order.
	Changes []Change
	// Servers is how many servers the cloud listed (DELETED ones aside).
	Servers int
}

// ForeignError is returned for a project holding servers apply created for
// another level: the credentials point at the wrong project.
type ForeignError struct {
	Level   string
	Servers []Server
}

func (e *ForeignError) Error() string {
	var names []string
	for _, s := range e.Servers {
		names = append(names, fmt.Sprintf("%s (%s)", s.Name, s.Level))
	}
	return fmt.Sprintf("the project holds servers created for another level than %s: %s; the credentials point at the wrong project (check --cloud, $OS_CLOUD, $OS_AUTH_URL and $OS_PROJECT_NAME)", e.Level, diag.Printable(strings.Join(names, ", ")))
}

// MakePlan compares the level's VMs with the servers of its project. A
// server is matched by name. It fails with a *ForeignError when a server
// carries another level's edgectl-level metadata.
func MakePlan(f *Fleet, level *Level, servers []Server) (*Plan, error) {
	byName := map[string][]Server{}
	var foreign []Server
	for _, s := range servers {
		if s.Status == StatusDeleted {
			continue
		}
		if s.Level != "" && s.Level != level.Name {
			foreign = append(foreign, s)
		}
		byName[s.Name] = append(byName[s.Name], s)
	}
	if len(foreign) > 0 {
		slices.SortFunc(foreign, func(a, b Server) int { return inventory.CompareNames(a.Name, b.Name) })
		return nil, &ForeignError{Level: level.Name, Servers: foreign}
	}
	p := &Plan{Level: level}
	for _, ss := range byName {
		p.Servers += len(ss)
	}
	for _, vm := range level.VMs {
		ss := byName[vm.Name]
		delete(byName, vm.Name)
		switch len(ss) {
		case 0:
			ip := "private"
			if vm.Type.Public {
				ip = "floating IP"
			}
			p.Changes = append(p.Changes, Change{Action: Create, Name: vm.Name, VM: vm, Detail: fmt.Sprintf("%s, %s, %s", vm.Type.Flavor, f.Image(vm), ip)})
		case 1:
			p.Changes = append(p.Changes, planExisting(vm, ss[0]))
		default:
			slices.SortFunc(ss, func(a, b Server) int { return strings.Compare(a.ID, b.ID) })
			var ids []string
			for _, s := range ss {
				ids = append(ids, s.ID)
			}
			p.Changes = append(p.Changes, Change{Action: Conflict, Name: vm.Name, VM: vm, Servers: ss,
				Detail: fmt.Sprintf("%d servers are called %s (%s): delete the extra ones by hand", len(ss), vm.Name, strings.Join(ids, ", "))})
		}
	}
	for name, ss := range byName {
		slices.SortFunc(ss, func(a, b Server) int { return strings.Compare(a.ID, b.ID) })
		for i := range ss {
			s := ss[i]
			if inventory.CheckName(name) != nil {
				p.Changes = append(p.Changes, Change{Action: Ignore, Name: name, Server: &s, Detail: "not a fleet VM name: edgectl leaves it alone"})
				continue
			}
			p.Changes = append(p.Changes, Change{Action: Delete, Name: name, Server: &s, Detail: "not in " + FileName + " at level " + level.Name})
		}
	}
	slices.SortStableFunc(p.Changes, func(a, b Change) int {
		if c := inventory.CompareNames(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(idOf(a.Server), idOf(b.Server))
	})
	return p, nil
}

func idOf(s *Server) string {
	if s == nil {
		return ""
	}
	return s.ID
}

// planExisting decides about a VM the cloud has exactly one server for.
func planExisting(vm *VM, s Server) Change {
	c := Change{Action: Keep, Name: vm.Name, VM: vm, Server: &s}
	var notes []string
	switch s.Status {
	case StatusError:
		c.Action = Replace
		fault := s.Fault
		if fault == "" {
			fault = "no fault message"
		}
		c.Detail = "ERROR: " + fault
		return c
	case StatusBuild:
		c.Action = Wait
		c.Detail = "BUILD"
		return c
	case StatusActive:
		if vm.Type.Public && s.PublicIP == "" {
			c.Action = AttachIP
			notes = append(notes, "public type without a floating IP")
		} else {
			notes = append(notes, strings.TrimSpace(s.PrivateIP+" "+s.PublicIP))
		}
	default:
		notes = append(notes, s.Status+": edgectl does not start, stop or reboot servers")
	}
	if s.Flavor != "" && s.Flavor != vm.Type.Flavor {
		notes = append(notes, fmt.Sprintf("flavor %s in the cloud, %s in the definition: edgectl does not resize; delete the server to re-create it", s.Flavor, vm.Type.Flavor))
	}
	if !vm.Type.Public && s.PublicIP != "" {
		notes = append(notes, "floating IP "+s.PublicIP+" on a private type: edgectl leaves it")
	}
	c.Detail = strings.Join(notes, "; ")
	return c
}

// Count returns how many changes have action a.
func (p *Plan) Count(a Action) int {
	n := 0
	for _, c := range p.Changes {
		if c.Action == a {
			n++
		}
	}
	return n
}

// Converged reports whether apply has nothing to do: no creation,
// replacement, wait, floating IP or deletion.
func (p *Plan) Converged() bool {
	for _, c := range p.Changes {
		switch c.Action {
		case Create, Replace, Wait, AttachIP, Delete:
			return false
		}
	}
	return true
}

// Refs are the flavors and images the plan's creations and replacements
// name, sorted.
func (p *Plan) Refs(f *Fleet) Refs {
	var r Refs
	for _, c := range p.Changes {
		if c.Action == Create || c.Action == Replace {
			r.Flavors = append(r.Flavors, c.VM.Type.Flavor)
			r.Images = append(r.Images, f.Image(c.VM))
		}
	}
	slices.Sort(r.Flavors)
	slices.Sort(r.Images)
	r.Flavors, r.Images = slices.Compact(r.Flavors), slices.Compact(r.Images)
	return r
}

// Summary is the plan's last line: "Plan for production: 1 to create, ...".
func (p *Plan) Summary() string {
	words := map[Action]string{
		Create: "to create", Replace: "to replace", Wait: "to wait for", AttachIP: "to attach a floating IP to",
		Delete: "to delete", Keep: "to keep", Conflict: "in conflict", Ignore: "ignored",
	}
	var parts []string
	for _, a := range actionOrder {
		if n := p.Count(a); n > 0 || a == Create || a == Delete || a == Keep {
			parts = append(parts, fmt.Sprintf("%d %s", n, words[a]))
		}
	}
	return fmt.Sprintf("Plan for %s: %s.", p.Level.Name, strings.Join(parts, ", "))
}

// Write prints the plan: a header, one line per change, the summary. The
// output is sorted and deterministic. Names and faults come from the cloud:
// they are printed with control characters escaped (diag.Printable).
func (p *Plan) Write(w io.Writer) {
	fmt.Fprintf(w, "Level %s: %d VMs in %s, %d servers in the cloud.\n", p.Level.Name, len(p.Level.VMs), FileName, p.Servers)
	width := 0
	for _, c := range p.Changes {
		width = max(width, len(diag.Printable(c.Name)))
	}
	for _, c := range p.Changes {
		line := fmt.Sprintf("%3s %-*s  %-9s  %s", actionMark[c.Action], width, diag.Printable(c.Name), c.Action, diag.Printable(c.Detail))
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	fmt.Fprintln(w, p.Summary())
}
