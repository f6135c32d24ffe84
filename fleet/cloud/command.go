package cloud

import (
	"context"

	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/jsonout"
)

// Open loads the definition and the levels of fleet command c for a Run
// that reaches the cloud through clouds.yaml entry flagCloud ("" for
// fleet.Credentials' default).
func Open(c *fleet.Command, flagCloud string) (*Run, []*fleet.Level, error) {
	f, sel, err := c.Open()
	if err != nil {
		return nil, nil, err
	}
	return &Run{Fleet: f, Root: c.Root, Cloud: flagCloud, Out: c.Out, Err: c.Err, Diags: c.Diags}, sel, nil
}

// PlanCommand is fleet plan: it plans the levels of c, printing each plan
// (or, with c.JSON, the report), and reports whether there is something
// to apply. A failed plan or a diagnostic that stops an apply is an error
// (ErrReported, already printed).
func PlanCommand(ctx context.Context, c *fleet.Command, flagCloud string) (pending bool, err error) {
	r, sel, err := Open(c, flagCloud)
	if err != nil {
		return false, err
	}
	rep, diags := r.Plan(ctx, sel, !c.JSON)
	c.Diags(diags)
	if c.JSON {
		if err := jsonout.Write(c.Out, rep); err != nil {
			return false, err
		}
	}
	if !rep.OK {
		return false, ErrReported
	}
	return rep.Pending(), nil
}

// ApplyCommand is fleet apply: Run.Apply on the one level of c.
func ApplyCommand(ctx context.Context, c *fleet.Command, flagCloud string, opts fleet.ApplyOptions, dryRun bool, confirm func(question string) error) error {
	r, sel, err := Open(c, flagCloud)
	if err != nil {
		return err
	}
	return r.Apply(ctx, sel[0], opts, dryRun, confirm)
}

// RefreshCommand is fleet refresh: Run.Refresh on the levels of c.
func RefreshCommand(ctx context.Context, c *fleet.Command, flagCloud string, dryRun bool) error {
	r, sel, err := Open(c, flagCloud)
	if err != nil {
		return err
	}
	return r.Refresh(ctx, sel, dryRun)
}
