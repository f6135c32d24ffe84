package session

import (
	"errors"
	"fmt"

	"github.com/webplatform/edgectl/diag"
)

// Fail prints why a flow of the session failed and returns
// diag.ErrReported: definition problems as diagnostics, anything else
// (which may quote Fastly) redacted. A nil err, or one already reported,
// is returned as it is.
func (s *Session) Fail(err error) error {
	var de *DefinitionError
	switch {
	case err == nil, errors.Is(err, diag.ErrReported):
		return err
	case errors.As(err, &de):
		de.Diags.Print(s.Stderr, s.quiet)
	default:
		fmt.Fprintln(s.Stderr, "edgectl:", s.Redactor.Error(err))
	}
	return diag.ErrReported
}

// Failures prints, redacted, what kept some services from being read;
// diag.ErrReported when there was any, so that the command exits 1.
func (s *Session) Failures(errs []error) error {
	for _, e := range errs {
		fmt.Fprintln(s.Stderr, "edgectl:", s.Redactor.Error(e))
	}
	if len(errs) > 0 {
		return diag.ErrReported
	}
	return nil
}
