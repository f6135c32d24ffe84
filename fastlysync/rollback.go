package fastlysync

import (
	"errors"
	"fmt"
	"strings"

	"github.com/webplatform/edgectl/fastlyapi"
)

// RollbackTarget returns the version a rollback activates: to when given,
// else the previous version, the newest locked version below the active
// one (Fastly locks a version when it is activated, so locked versions are
// the ones that were live). A version given with to that was never active
// is refused unless unreleased is set (see RollbackOptions.Unreleased).
func RollbackTarget(r *fastlyapi.Remote, to int, unreleased bool) (int, error) {
	if r.ActiveVersion == 0 {
		return 0, fmt.Errorf("service %s has no active version to roll back from", r.Describe())
	}
	if to > 0 {
		if to == r.ActiveVersion {
			return 0, fmt.Errorf("version %d of service %s is already active", to, r.Describe())
		}
		v, ok := r.FindVersion(to)
		if !ok {
			return 0, fmt.Errorf("service %s has no version %d (versions 1 to %d)", r.Describe(), to, lastVersion(r))
		}
		if !wasActive(v) && !unreleased {
			return 0, neverActive(r, to)
		}
		return to, nil
	}
	prev := 0
	for _, v := range r.Versions {
		if v.Number < r.ActiveVersion && v.Locked {
			prev = max(prev, v.Number)
		}
	}
	if prev == 0 {
		return 0, fmt.Errorf("service %s has no version that was active before version %d; name one with --to", r.Describe(), r.ActiveVersion)
	}
	return prev, nil
}

// wasActive reports whether a version was ever live. Fastly locks a version
// when it activates it, and "objects can not be added or edited on locked
// versions" (Fastly API Version model, docs.rs/crate/fastly-api
// docs/Version.md, which also calls deployed, staging and testing "unused
// at this time"). go-fastly v9.14.0's fixtures show "locked": true on every
// version once activated, and on a version locked by hand (PUT .../lock),
// which someone froze on purpose. An unlocked version is a draft, possibly
// half-written by a publish that stopped.
func wasActive(v fastlyapi.Version) bool { return v.Locked || v.Active }

func neverActive(r *fastlyapi.Remote, n int) error {
	return fmt.Errorf("version %d of service %s was never active (it is not locked: a draft, maybe left half-written by a publish that stopped); nothing was activated. Publish to finish it, or pass --force to activate it anyway once Fastly validates it", n, r.Describe())
}

func lastVersion(r *fastlyapi.Remote) int {
	if len(r.Versions) == 0 {
		return 0
	}
	return r.Versions[len(r.Versions)-1].Number
}

// RollbackOptions control a rollback.
type RollbackOptions struct {
	// Base is the active version the shown changes were computed against.
	Base  int
	Force bool
	// Unreleased allows activating a version that was never active (a draft
	// left by a failed publish, say), and then only once Fastly validates
	// it.
	Unreleased bool
	Stage      bool
	Hook       func(step string) error
}

// Rollback activates version to, after checking that the active version is
// still opts.Base, and, for a version that was never active, that
// opts.Unreleased allows it and Fastly validates it. It writes once: the
// activation. When the activation fails or its answer is lost, it reads the
// service back and says what it found: activated, not activated, or (when
// the read fails too) unknown.
func Rollback(api API, serviceID string, to int, opts RollbackOptions) error {
	run := func(name string, f func() error) error { return runStep(opts.Hook, name, f) }
	var cur *fastlyapi.Remote
	if err := run("read service", func() (err error) {
		cur, err = api.Details(serviceID, 0)
		return err
	}); err != nil {
		return notActivated(err)
	}
	if cur.ActiveVersion != opts.Base && !opts.Force {
		return fmt.Errorf("%w: it was version %d when the changes were computed and is version %d now; nothing was activated (run the rollback again to see the new changes, or --force)", ErrActiveChanged, opts.Base, cur.ActiveVersion)
	}
	v, ok := cur.FindVersion(to)
	if !ok {
		return fmt.Errorf("service %s has no version %d; nothing was activated", cur.Describe(), to)
	}
	if !wasActive(v) {
		if !opts.Unreleased {
			return neverActive(cur, to)
		}
		if err := validated(api, serviceID, to, run); err != nil {
			return notActivated(err)
		}
	}
	err := run(fmt.Sprintf("activate version %d", to), func() error { return api.Activate(serviceID, to, opts.Stage) })
	if err == nil {
		return nil
	}
	switch outcome, rerr := readBackActivation(api, serviceID, to, opts.Stage); outcome {
	case activated:
		return nil
	case inactive:
		return fmt.Errorf("%w; nothing was activated (read back: version %d is not active)", err, to)
	default:
		return unknownActivation(to, err, rerr)
	}
}

// validated asks Fastly to validate a version and fails unless it is valid.
func validated(api API, serviceID string, version int, run func(string, func() error) error) error {
	var val *fastlyapi.Validation
	if err := run(fmt.Sprintf("validate version %d", version), func() (err error) {
		val, err = api.Validate(serviceID, version)
		return err
	}); err != nil {
		return err
	}
	if !val.OK {
		msg := fmt.Sprintf("Fastly rejects version %d", version)
		if len(val.Messages) > 0 {
			msg += ":\n  " + strings.Join(val.Messages, "\n  ")
		}
		return errors.New(msg)
	}
	return nil
}

// notActivated adds "nothing was activated" to an error of a step before
// the activation, which no activation request followed.
func notActivated(err error) error { return fmt.Errorf("%w; nothing was activated", err) }

// activationOutcome is what a read after a failed activation found.
type activationOutcome int

const (
	unknown activationOutcome = iota
	inactive
	activated
)

// readBackActivation reads a service after an activation that failed or
// whose answer was lost: is the version active? The read error is returned
// when it failed. On Fastly's staging network a version reads back as
// activated by its staging flag (as the sandbox sets it), but Fastly's API
// model calls that flag unused, so its absence proves nothing: unknown.
func readBackActivation(api API, serviceID string, version int, staging bool, privateNames ...string) (activationOutcome, error) {
	if staging {
		r, err := api.Details(serviceID, version, privateNames...)
		if err != nil {
			return unknown, err
		}
		if v, ok := r.FindVersion(version); ok && v.Staging {
			return activated, nil
		}
		return unknown, errNoStagingState
	}
	r, err := api.Details(serviceID, 0, privateNames...)
	if err != nil {
		return unknown, err
	}
	if r.ActiveVersion == version {
		return activated, nil
	}
	return inactive, nil
}

// errNoStagingState is why a staged activation's outcome cannot be read.
var errNoStagingState = errors.New("Fastly's version data does not say what is active on its staging network")

// unknownActivation says that an activation's outcome is unknown, and how
// to find it out.
func unknownActivation(version int, activateErr, readErr error) error {
	return fmt.Errorf("%w; %s", activateErr, unknownActivationText(version, readErr))
}

func unknownActivationText(version int, readErr error) string {
	if errors.Is(readErr, errNoStagingState) {
		return fmt.Sprintf("%v, so whether version %d is active there is unknown: check the service's staging environment in Fastly's web interface before anything else", readErr, version)
	}
	return fmt.Sprintf("reading the service back failed too (%v), so whether version %d is active is unknown: run edgectl diff, which names the active version, before anything else", fastlyapi.Describe("read service", readErr), version)
}

// runStep runs one named step of a publish or rollback: first the test hook
// (which may fail the step), then the step, naming it in any error.
func runStep(hook func(string) error, name string, f func() error) error {
	if hook != nil {
		if err := hook(name); err != nil {
			return fastlyapi.Describe(name, err)
		}
	}
	return fastlyapi.Describe(name, f())
}
