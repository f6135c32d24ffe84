// Package localserve serves a compiled service on this machine through
// falco's interpreter, so that a change can be tried with curl or a browser
// before it is published: it is what "edgectl serve" does.
//
// The VCL falco runs is a Variant of the unit's (directors served by one of
// their backends, every backend pointed at one origin); a Handler asks an
// Engine for each answer, recovers from what falco cannot simulate with a
// local 5xx answer that says so, and logs every request.
package localserve

import (
	"fmt"
	"net/http"
)

// Engine answers one request as the service's VCL would.
type Engine interface {
	Serve(r *http.Request) (*Answer, error)
}

// Answer is the response of the VCL to one request.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
	// Fetched are the backends sent to, in order (one per fetch, restarts
	// included); Restarts is req.restarts at the end.
	Fetched  []string
	Restarts int
	// Notes say what of this request the simulation left out or did in
	// falco's place.
	Notes []string
	// esi: the VCL asked for ESI on this response, and falco left it to us.
	esi bool
}

// Unsimulated is an error saying what falco could not simulate; Status is
// the local answer's.
type Unsimulated struct {
	Status int
	What   string
	Detail string
	// Fetched are the backends sent to before falco stopped.
	Fetched []string
}

// Error says what could not be simulated, and falco's words for it.
func (u *Unsimulated) Error() string {
	if u.Detail == "" {
		return u.What
	}
	return fmt.Sprintf("%s: %s", u.What, u.Detail)
}
