package sync

import (
	"fmt"
)

// RollbackTarget returns the version a rollback activates: to when given,
// else the previous version, the newest locked version below the active
// one (Fastly locks a version when it is activated, so locked versions are
// the ones that were live).
func RollbackTarget(r *Remote, to int) (int, error) {
	if r.ActiveVersion == 0 {
		return 0, fmt.Errorf("service %s has no active version to roll back from", r.describe())
	}
	if to > 0 {
		if to == r.ActiveVersion {
			return 0, fmt.Errorf("version %d of service %s is already active", to, r.describe())
		}
		if _, ok := r.FindVersion(to); !ok {
			return 0, fmt.Errorf("service %s has no version %d (versions 1 to %d)", r.describe(), to, lastVersion(r))
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
		return 0, fmt.Errorf("service %s has no version that was active before version %d; name one with --to", r.describe(), r.ActiveVersion)
	}
	return prev, nil
}

func lastVersion(r *Remote) int {
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
	Stage bool
	Hook  func(step string) error
}

// Rollback activates version to, after checking that the active version is
// still opts.Base. It writes once: the activation.
func Rollback(api API, serviceID string, to int, opts RollbackOptions) error {
	run := func(name string, f func() error) error { return runStep(opts.Hook, name, f) }
	var cur *Remote
	if err := run("read service", func() (err error) {
		cur, err = api.Details(serviceID, 0)
		return err
	}); err != nil {
		return err
	}
	if cur.ActiveVersion != opts.Base && !opts.Force {
		return fmt.Errorf("%w: it was version %d when the changes were computed and is version %d now; nothing was activated (run the rollback again to see the new changes, or --force)", ErrActiveChanged, opts.Base, cur.ActiveVersion)
	}
	return run(fmt.Sprintf("activate version %d", to), func() error { return api.Activate(serviceID, to, opts.Stage) })
}

// runStep runs one named step of a publish or rollback: first the test hook
// (which may fail the step), then the step, naming it in any error.
func runStep(hook func(string) error, name string, f func() error) error {
	if hook != nil {
		if err := hook(name); err != nil {
			return describe(name, err)
		}
	}
	return describe(name, f())
}
