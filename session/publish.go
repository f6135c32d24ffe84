package session

import (
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/fastlysync"
)

// PublishRequest is one publish: the service to compile (Build names one)
// and how to publish it.
type PublishRequest struct {
	Build Build
	// DryRun lists the writes and makes none.
	DryRun bool
	// Force publishes even if the active version changed since the plan.
	Force bool
	// Stage activates on Fastly's staging network, not on production
	// ("Working with staging", https://docs.fastly.com/en/guides/working-with-staging).
	Stage bool
}

// PublishReport is what a publish did (or, on a dry run, would do), in
// the shape of publish --output json (the README's "Output" table).
type PublishReport struct {
	Service   string `json:"service"`
	Level     string `json:"level"`
	ServiceID string `json:"service_id"`
	// Plan is the diff, in diff --output json's shape.
	Plan *fastlyplan.Plan `json:"plan"`
	// Summary counts the plan's changes.
	Summary fastlyplan.Tally `json:"summary"`
	DryRun  bool             `json:"dry_run"`
	// Operations are the API writes made (or, on a dry run, to be made).
	Operations []string `json:"operations"`
	// Published is true when a version was activated: Version.
	Published bool `json:"published"`
	Version   int  `json:"version,omitempty"`
	// Base is the active version the plan was computed against.
	Base int `json:"-"`
	// Staged says the version went to Fastly's staging network only.
	Staged bool `json:"-"`
	// Versionless says every write was outside versions (a dynamic
	// snippet's content): Version is the active one, which stays.
	Versionless bool `json:"versionless,omitempty"`
}

// UpToDate reports whether Fastly already holds the source: nothing was
// (or would be) written.
func (r *PublishReport) UpToDate() bool { return r.Plan.Empty() }

// Publish compiles the service, compares it with its active version,
// shows the plan to p and, unless nothing differs or it is a dry run,
// asks p and publishes (clone or reuse a draft, write what differs,
// validate, activate; see fastlysync.Publish). Its error is a
// DefinitionError, p's refusal as p returned it, or what stopped the
// publish (nothing activated).
func (s *Session) Publish(req PublishRequest, p Prompter) (*PublishReport, error) {
	results, diags, err := s.CompileAndCompare(req.Build)
	if err := buildError(diags, err); err != nil {
		return nil, err
	}
	c := results[0]
	if c.Err != nil {
		return nil, c.Err
	}
	r := &PublishReport{Service: c.Unit.Name, Level: c.Unit.Level, ServiceID: c.Remote.ServiceID, Plan: c.Plan, Summary: c.Plan.Tally(),
		DryRun: req.DryRun, Operations: []string{}, Base: c.Remote.ActiveVersion, Staged: req.Stage}
	if err := p.Show(c.Plan); err != nil {
		return nil, err
	}
	if r.UpToDate() {
		return r, nil
	}
	ops, err := c.Plan.Operations()
	if err != nil {
		return nil, err
	}
	if req.DryRun {
		r.Operations = operationNames(ops)
		return r, nil
	}
	where := Where(r.Service, r.Level)
	if err := p.Confirm("publish these changes to " + where); err != nil {
		return nil, err
	}
	res, err := fastlysync.Publish(s.Client, r.ServiceID, where, c.Target, fastlysync.PublishOptions{
		Base:     r.Base,
		Force:    req.Force,
		Stage:    req.Stage,
		Comment:  VersionComment(req.Build.Root, c.Unit.Desired.Service.Comment),
		Progress: s.Progress,
	})
	if err != nil {
		return nil, err
	}
	r.Published, r.Version, r.Operations, r.Versionless = true, res.Version, operationNames(res.Operations), res.Versionless
	return r, nil
}

// operationNames are the operations as publish prints them.
func operationNames(ops []fastlyplan.Operation) []string {
	names := []string{}
	for _, op := range ops {
		names = append(names, op.String())
	}
	return names
}
