package session

import (
	"fmt"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/fastlysync"
)

// RollbackPlan is what rolling a service back would do: the service as it
// is, the version to activate, and what that changes.
type RollbackPlan struct {
	Current *fastlyapi.Remote
	Target  int
	Plan    *fastlyplan.Plan
}

// PrepareRollback reads the active version of Fastly service id and the
// version to activate (to, or the previously active one when 0; force
// allows one that was never active) and compares them, as diff does.
func (s *Session) PrepareRollback(service, level, id string, to int, force bool) (*RollbackPlan, error) {
	// A rollback activates an old version whole, logging endpoints
	// included: list every logging kind so that the plan shows them.
	s.Client.ListLogging(id, desired.KindHTTPS, desired.KindS3, desired.KindSyslog)
	cur, err := s.Client.Details(id, 0)
	if err != nil {
		return nil, err
	}
	s.Redactor.AddConfig(cur.Config)
	target, err := fastlysync.RollbackTarget(cur, to, force)
	if err != nil {
		return nil, err
	}
	old, err := s.Client.Details(id, target)
	if err != nil {
		return nil, err
	}
	s.Redactor.AddConfig(old.Config)
	p := fastlyplan.Compare(cur.Config, old.Config, fastlyplan.Labels{From: fmt.Sprintf("active version %d", cur.ActiveVersion), To: fmt.Sprintf("version %d", target)})
	p.Service, p.Level, p.ServiceID, p.Version = service, level, id, cur.ActiveVersion
	return &RollbackPlan{Current: cur, Target: target, Plan: p}, nil
}

// RollbackRequest is one rollback: the service of the definitions under
// Root at Level, and the version to activate (To, or the previously active
// one when 0).
type RollbackRequest struct {
	Root, Service, Level string
	To                   int
	// DryRun shows what the rollback changes and activates nothing.
	DryRun bool
	// Force rolls back even if the active version changed since the plan,
	// or to a version that was never active (once Fastly validates it).
	Force bool
	// Stage activates on Fastly's staging network.
	Stage bool
}

// RollbackReport is what a rollback did (or, on a dry run, would do), in
// the shape of rollback --output json.
type RollbackReport struct {
	Service   string           `json:"service"`
	Level     string           `json:"level"`
	ServiceID string           `json:"service_id"`
	From      int              `json:"from"` // the version active before
	To        int              `json:"to"`   // the version active now
	Plan      *fastlyplan.Plan `json:"plan"`
	Summary   fastlyplan.Tally `json:"summary"`
	// DryRun says nothing was activated: To is what would be.
	DryRun bool `json:"dry_run"`
}

// Rollback looks the service up, compares its active version with the
// one to activate, shows the plan to p and, unless it is a dry run, asks p
// and activates that version (one write; see fastlysync.Rollback).
func (s *Session) Rollback(req RollbackRequest, p Prompter) (*RollbackReport, error) {
	id, err := ServiceID(req.Root, req.Service, req.Level)
	if err != nil {
		return nil, err
	}
	rb, err := s.PrepareRollback(req.Service, req.Level, id, req.To, req.Force)
	if err != nil {
		return nil, err
	}
	r := &RollbackReport{Service: req.Service, Level: req.Level, ServiceID: id, From: rb.Current.ActiveVersion, To: rb.Target, Plan: rb.Plan, Summary: rb.Plan.Tally(), DryRun: req.DryRun}
	if err := p.Show(rb.Plan); err != nil {
		return nil, err
	}
	if req.DryRun {
		return r, nil
	}
	if err := p.Confirm(fmt.Sprintf("activate version %d of %s", r.To, Where(r.Service, r.Level))); err != nil {
		return nil, err
	}
	opts := fastlysync.RollbackOptions{Base: r.From, Force: req.Force, Unreleased: req.Force, Stage: req.Stage}
	if err := fastlysync.Rollback(s.Client, id, r.To, opts); err != nil {
		return nil, err
	}
	return r, nil
}
