package session

import (
	"fmt"

	"github.com/webplatform/edgectl/fastlyplan"
)

// DiffReport is what differs between the source and Fastly: a plan per
// service that could be compared, and an error per service that could not.
type DiffReport struct {
	Plans    []*fastlyplan.Plan
	Failures []error
}

// Changes reports whether any plan changes something.
func (r *DiffReport) Changes() bool {
	for _, p := range r.Plans {
		if !p.Empty() {
			return true
		}
	}
	return false
}

// Diff compiles the services of b and compares each with its active
// version on Fastly. Its error is a DefinitionError (compile problems) or
// what kept the compile from running; a service that could not be read or
// compared is a Failure naming it.
func (s *Session) Diff(b Build) (*DiffReport, error) {
	results, diags, err := s.CompileAndCompare(b)
	if err := buildError(diags, err); err != nil {
		return nil, err
	}
	r := &DiffReport{}
	for _, c := range results {
		if c.Err != nil {
			r.Failures = append(r.Failures, fmt.Errorf("%s: %w", Where(c.Unit.Name, c.Unit.Level), c.Err))
			continue
		}
		r.Plans = append(r.Plans, c.Plan)
	}
	return r, nil
}
