package cloud

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/inventory"
)

// ErrReported is what a Run returns when it failed and has already said
// why on Run.Err: the command only exits 1.
var ErrReported = fmt.Errorf("fleet: %w", diag.ErrReported)

// Run is the work of one fleet command that reaches the cloud (plan,
// apply, refresh), between the command's flags and what it prints: the
// definition, the repository, --cloud, and where to report.
type Run struct {
	Fleet *fleet.Fleet
	// Root is the repository whose fleet/inventory/ is read and written.
	Root string
	// Cloud is --cloud: the clouds.yaml entry ("" for fleet.Credentials'
	// default).
	Cloud string
	// Out is for people (plans, progress); Err for problems.
	Out, Err io.Writer
	// Diags prints diagnostics in the command's format.
	Diags func(diag.List)
}

// levelFailed reports a level's failure; err may quote the cloud, so it
// is escaped for the terminal.
func (r *Run) levelFailed(l *fleet.Level, err error) error {
	fmt.Fprintf(r.Err, "edgectl: level %s: %s\n", l.Name, diag.Printable(err.Error()))
	return ErrReported
}

// Plan plans each level; with text it prints each plan on Out. A level
// whose plan fails is reported and marked in the report, and the others
// are still planned. The diagnostics say what stops a plan from being
// applied (conflicts, a stale inventory).
func (r *Run) Plan(ctx context.Context, levels []*fleet.Level, text bool) (*fleet.PlanReport, diag.List) {
	rep := &fleet.PlanReport{Levels: []fleet.PlannedLevel{}}
	var diags diag.List
	failed := false
	for i, l := range levels {
		if i > 0 && text {
			fmt.Fprintln(r.Out)
		}
		_, what, p, servers, err := PlanLevel(ctx, r.Fleet, r.Cloud, l, len(levels))
		if err != nil {
			rep.Levels = append(rep.Levels, fleet.PlannedLevel{Level: l.Name, Changes: []fleet.PlannedChange{}, Error: err.Error()})
			r.levelFailed(l, err)
			failed = true
			continue
		}
		if text {
			r.writePlan(what, p)
		}
		rep.Levels = append(rep.Levels, fleet.Planned(l, what, p))
		diags.Add(fleet.CheckPlanned(r.Root, l, p, servers)...)
	}
	rep.OK, rep.Diagnostics = !failed && !diags.HasErrors(), diags.JSON()
	return rep, diags
}

func (r *Run) writePlan(what string, p *fleet.Plan) {
	fmt.Fprintf(r.Out, "Project: %s\n", what)
	p.Write(r.Out)
}

// Apply plans level l, prints the plan and, unless dryRun, carries it out
// and writes the level's inventory. confirm is asked first when the plan
// deletes or replaces servers; its error is returned as it is.
func (r *Run) Apply(ctx context.Context, l *fleet.Level, opts fleet.ApplyOptions, dryRun bool, confirm func(question string) error) error {
	c, what, p, _, err := PlanLevel(ctx, r.Fleet, r.Cloud, l, 1)
	if err != nil {
		return r.levelFailed(l, err)
	}
	r.writePlan(what, p)
	if dryRun {
		fmt.Fprintln(r.Out, "Dry run: nothing was changed.")
		return nil
	}
	if q := p.Destruction(l.Name); q != "" {
		if err := confirm(q); err != nil {
			return err
		}
	}
	opts.Progress = r.Out
	rep, err := fleet.Apply(ctx, c, r.Fleet, p, opts)
	if err != nil {
		return r.levelFailed(l, err)
	}
	fmt.Fprintf(r.Out, "Applied to %s: %s.\n", l.Name, rep.Summary())
	if !rep.OK() {
		for _, fl := range rep.Failed {
			fmt.Fprintf(r.Err, "edgectl: failed: %s\n", diag.Printable(fmt.Sprint(fl)))
		}
		if len(rep.NotStarted) > 0 {
			fmt.Fprintf(r.Err, "edgectl: not started after the failure: %s\n", strings.Join(rep.NotStarted, ", "))
		}
		fmt.Fprintf(r.Err, "edgectl: %s was not written; fix the cause and run apply again (it converges)\n", inventory.File(l.Name))
		return ErrReported
	}
	return r.WriteInventory(ctx, c, l, false)
}

// Refresh writes the inventory of each level from its servers (with
// dryRun, says what it would write). A level that fails is reported and
// the others are still refreshed.
func (r *Run) Refresh(ctx context.Context, levels []*fleet.Level, dryRun bool) error {
	var failed error
	for _, l := range levels {
		c, _, err := ConnectLevel(ctx, r.Fleet, r.Cloud, l, len(levels))
		if err != nil {
			failed = r.levelFailed(l, err)
			continue
		}
		if err := r.WriteInventory(ctx, c, l, dryRun); err != nil {
			failed = err
		}
	}
	return failed
}

// WriteInventory lists the level's servers and writes its inventory, then
// reports where it differs from the definition. With dryRun it says what
// it would write and writes nothing.
func (r *Run) WriteInventory(ctx context.Context, c fleet.Cloud, l *fleet.Level, dryRun bool) error {
	vms, err := fleet.LevelInventory(ctx, r.Fleet, c, l)
	if err != nil {
		return r.levelFailed(l, err)
	}
	file := inventory.File(l.Name)
	if dryRun {
		fmt.Fprintf(r.Out, "dry run: would write %s: %d VMs; nothing was written\n", file, len(vms))
		return nil
	}
	if err := inventory.Write(r.Root, l.Name, vms); err != nil {
		fmt.Fprintf(r.Err, "edgectl: %v\n", err)
		return ErrReported
	}
	fmt.Fprintf(r.Out, "Wrote %s: %d VMs.\n", file, len(vms))
	if ds := r.Fleet.CheckInventory(l, &inventory.Inventory{File: file, VMs: vms}); len(ds) > 0 {
		r.Diags(ds)
		if ds.HasErrors() {
			return ErrReported
		}
	}
	return nil
}
