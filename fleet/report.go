package fleet

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/inventory"
)

// The documents of fleet list, check and plan --output json (the README's
// Output table is their contract: fields are added, never renamed or
// removed), beside the code that fills them.

// ListedVM is one VM of fleet list --output json.
type ListedVM struct {
	Level  string   `json:"level"`
	Name   string   `json:"name"`
	Type   string   `json:"type"`
	Flavor string   `json:"flavor"`
	Image  string   `json:"image"`
	Public bool     `json:"public"`
	Roles  []string `json:"roles"`
}

// List is the VMs the definition gives levels, level by level, never nil.
func (f *Fleet) List(levels []*Level) []ListedVM {
	vms := []ListedVM{}
	for _, l := range levels {
		for _, vm := range l.VMs {
			vms = append(vms, ListedVM{Level: l.Name, Name: vm.Name, Type: vm.Type.Name, Flavor: vm.Type.Flavor, Image: f.Image(vm), Public: vm.Type.Public, Roles: append([]string{}, vm.Roles...)})
		}
	}
	return vms
}

// WriteList writes vms as a table for people.
func WriteList(w io.Writer, vms []ListedVM) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LEVEL\tNAME\tTYPE\tFLAVOR\tIMAGE\tPUBLIC\tROLES")
	for _, vm := range vms {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%v\t%s\n", vm.Level, vm.Name, vm.Type, vm.Flavor, vm.Image, vm.Public, strings.Join(vm.Roles, ","))
	}
	return tw.Flush()
}

// LevelsReport is the document of a fleet command that reports level by
// level, check and plan --output json ({ok, levels: [...], diagnostics}):
// OK when nothing stops the command, one entry per selected level, and the
// diagnostics. One declaration keeps the two documents in one shape.
type LevelsReport[L any] struct {
	OK          bool        `json:"ok"`
	Levels      []L         `json:"levels"`
	Diagnostics []diag.JSON `json:"diagnostics"`
}

// CheckReport is fleet check --output json.
type CheckReport LevelsReport[CheckedLevel]

// CheckedLevel is one level of a CheckReport: its VM count and inventory.
type CheckedLevel struct {
	Level     string `json:"level"`
	VMs       int    `json:"vms"`
	Inventory string `json:"inventory"`
}

// Check compares each level's inventory under root with the definition.
func (f *Fleet) Check(root string, levels []*Level) (*CheckReport, diag.List) {
	diags := f.CheckInventories(root, levels)
	rep := &CheckReport{OK: !diags.HasErrors(), Levels: []CheckedLevel{}, Diagnostics: diags.JSON()}
	for _, l := range levels {
		rep.Levels = append(rep.Levels, CheckedLevel{Level: l.Name, VMs: len(l.VMs), Inventory: inventory.File(l.Name)})
	}
	return rep, diags
}

// WriteText writes, for people, that each level's inventory matches.
func (r *CheckReport) WriteText(w io.Writer) {
	for _, l := range r.Levels {
		fmt.Fprintf(w, "%s: %d VMs, inventory %s matches %s\n", l.Level, l.VMs, l.Inventory, FileName)
	}
}

// PlanReport is fleet plan --output json: one plan per level.
type PlanReport LevelsReport[PlannedLevel]

// PlannedLevel is the plan of one level, or the error that stopped it.
type PlannedLevel struct {
	Level   string `json:"level"`
	Project string `json:"project"`
	// Servers is how many servers the cloud listed; Converged whether
	// apply has nothing to do.
	Servers   int             `json:"servers"`
	Converged bool            `json:"converged"`
	Changes   []PlannedChange `json:"changes"`
	Error     string          `json:"error,omitempty"`
}

// PlannedChange is one change of a PlannedLevel.
type PlannedChange struct {
	Action string `json:"action"` // create, replace, wait, attach-ip, delete, keep, conflict, ignore
	Name   string `json:"name"`
	Detail string `json:"detail,omitempty"`
}

// Planned is the report of plan p of level l, whose project is what.
func Planned(l *Level, what string, p *Plan) PlannedLevel {
	pl := PlannedLevel{Level: l.Name, Project: what, Servers: p.Servers, Converged: p.Converged(), Changes: []PlannedChange{}}
	for _, c := range p.Changes {
		pl.Changes = append(pl.Changes, PlannedChange{Action: string(c.Action), Name: c.Name, Detail: c.Detail})
	}
	return pl
}

// Pending reports whether some level that could be planned has something
// to apply.
func (r *PlanReport) Pending() bool {
	for _, l := range r.Levels {
		if l.Error == "" && !l.Converged {
			return true
		}
	}
	return false
}
