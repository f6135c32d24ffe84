package session

import (
	"fmt"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/fastlysync"
)

// Rollback is what rolling a service back would do: the service as it is,
// the version to activate, and what that changes.
type Rollback struct {
	Current *fastlyapi.Remote
	Target  int
	Plan    *fastlyplan.Plan
}

// PrepareRollback reads the active version of Fastly service id and the
// version to activate (to, or the previously active one when 0; force
// allows one that was never active) and compares them, as diff does.
func (s *Session) PrepareRollback(service, level, id string, to int, force bool) (*Rollback, error) {
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
	return &Rollback{Current: cur, Target: target, Plan: p}, nil
}
