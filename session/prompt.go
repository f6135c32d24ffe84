package session

import "github.com/webplatform/edgectl/fastlyplan"

// Prompter is the command's side of a flow that changes Fastly: showing
// the plan and asking are I/O, so they stay with the command, while the
// flow decides when each happens.
type Prompter interface {
	// Show is given what the flow would change, once it is known and
	// before anything is decided.
	Show(p *fastlyplan.Plan) error
	// Confirm is asked question before the first write, and only when
	// the flow is about to write (never on a dry run or when nothing
	// differs). A non-nil error stops the flow and is returned as it is.
	Confirm(question string) error
}
