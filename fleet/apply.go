package fleet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/inventory"
)

// DefaultParallel is how many servers apply creates or deletes at once.
const DefaultParallel = 8

// ApplyOptions tune Apply. The zero value is ready for a real cloud.
type ApplyOptions struct {
	// Parallel bounds the operations in flight (default DefaultParallel).
	Parallel int
	// PollInterval is the pause between two looks at a building or
	// deleting server (default 5s).
	PollInterval time.Duration
	// Timeout bounds the wait for one server to become ACTIVE or to go
	// away (default 15 minutes).
	Timeout time.Duration
	// ProgressEvery is how often a server still building is reported
	// (default 30s); changes of status are reported at once.
	ProgressEvery time.Duration
	// Progress receives one line per event; nil discards them.
	Progress io.Writer
}

// Failure is a VM apply could not bring to the definition.
type Failure struct {
	Name     string
	ServerID string
	Err      error
}

func (f Failure) String() string {
	if f.ServerID != "" {
		return fmt.Sprintf("%s (server %s): %v", f.Name, f.ServerID, f.Err)
	}
	return fmt.Sprintf("%s: %v", f.Name, f.Err)
}

// Report is what Apply did.
type Report struct {
	Created, Replaced, Waited, Attached, Deleted []string
	// Failed are the VMs that failed; after the first failure no new
	// operation starts, and the ones not started are in NotStarted.
	Failed     []Failure
	NotStarted []string
	mu         sync.Mutex
}

// OK reports whether every planned operation succeeded.
func (r *Report) OK() bool { return len(r.Failed) == 0 && len(r.NotStarted) == 0 }

func (r *Report) add(list *[]string, name string) {
	r.mu.Lock()
	*list = append(*list, name)
	r.mu.Unlock()
}

func (r *Report) fail(f Failure) {
	r.mu.Lock()
	r.Failed = append(r.Failed, f)
	r.mu.Unlock()
}

// sort orders every list by name, so that the report does not depend on
// which goroutine finished first.
func (r *Report) sort() {
	for _, l := range []*[]string{&r.Created, &r.Replaced, &r.Waited, &r.Attached, &r.Deleted, &r.NotStarted} {
		slices.SortFunc(*l, inventory.CompareNames)
	}
	slices.SortFunc(r.Failed, func(a, b Failure) int { return inventory.CompareNames(a.Name, b.Name) })
}

// Summary is one line: what was done and what failed.
func (r *Report) Summary() string {
	s := fmt.Sprintf("%d created, %d replaced, %d waited for, %d floating IPs attached, %d deleted",
		len(r.Created), len(r.Replaced), len(r.Waited), len(r.Attached), len(r.Deleted))
	if len(r.Failed) > 0 {
		s += fmt.Sprintf(", %d failed", len(r.Failed))
	}
	if len(r.NotStarted) > 0 {
		s += fmt.Sprintf(", %d not started", len(r.NotStarted))
	}
	return s
}

// PlanError is returned when apply refuses a plan before touching anything.
type PlanError struct{ Msg string }

func (e *PlanError) Error() string { return e.Msg }

// Apply carries out a plan: the salt master first when it is to be created
// (every other VM's user-data needs its address), then the other creations,
// replacements, waits and floating IPs, at most opts.Parallel at a time, and
// last the deletions, only when everything before succeeded.
//
// A VM that fails is reported and left as it is (a server in ERROR stays
// for inspection; the next plan replaces it); no new operation starts after
// a failure, operations already in flight finish. Apply refuses to start,
// with a *PlanError, when the plan has conflicts or the cloud lacks a flavor,
// image or network the creations need. Running Apply again on a fresh plan
// converges: the work already done shows as kept.
func Apply(ctx context.Context, cloud Cloud, f *Fleet, plan *Plan, opts ApplyOptions) (*Report, error) {
	a := &applier{cloud: cloud, f: f, level: plan.Level, opts: opts, rep: &Report{}}
	a.defaults()
	var conflicts []string
	for _, c := range plan.Changes {
		if c.Action == Conflict {
			conflicts = append(conflicts, c.Detail)
		}
	}
	if len(conflicts) > 0 {
		return nil, &PlanError{"apply changes nothing while servers share a name: " + strings.Join(conflicts, "; ")}
	}
	if refs := plan.Refs(f); len(refs.Flavors)+len(refs.Images) > 0 {
		if err := cloud.Resolve(ctx, refs); err != nil {
			return nil, &PlanError{"apply changes nothing: " + err.Error()}
		}
	}

	var master *Change
	var ops, deletes []Change
	for i, c := range plan.Changes {
		switch {
		case c.Name == f.SaltMaster && c.VM != nil:
			master = &plan.Changes[i]
		case c.Action == Delete:
			deletes = append(deletes, c)
		case c.Action == Create || c.Action == Replace || c.Action == Wait || c.Action == AttachIP:
			ops = append(ops, c)
		}
	}
	needMaster := slices.ContainsFunc(ops, func(c Change) bool { return c.Action == Create || c.Action == Replace })
	switch {
	case master == nil && needMaster:
		return nil, &PlanError{fmt.Sprintf("apply changes nothing: the salt master %s is not in the plan of level %s", f.SaltMaster, plan.Level.Name)}
	case master == nil:
	case master.Action == Keep:
		a.master = master.Server.PrivateIP
	default:
		s, err := a.run(ctx, *master)
		if err != nil {
			a.rep.fail(Failure{Name: master.Name, ServerID: idOf(s), Err: err})
			a.stop.Store(true)
		} else if s != nil {
			a.master = s.PrivateIP
		}
	}
	if needMaster && a.master == "" && !a.stop.Load() {
		a.rep.fail(Failure{Name: f.SaltMaster, Err: errors.New("the salt master has no private address: new VMs would not find it")})
		a.stop.Store(true)
	}
	a.runAll(ctx, ops)
	if !a.stop.Load() {
		a.runAll(ctx, deletes)
	} else {
		for _, c := range deletes {
			a.rep.NotStarted = append(a.rep.NotStarted, c.Name)
		}
	}
	a.rep.sort()
	return a.rep, nil
}

// applier is the state of one Apply call.
type applier struct {
	cloud  Cloud
	f      *Fleet
	level  *Level
	opts   ApplyOptions
	rep    *Report
	master string
	// stop is set by the first failure: no new operation starts.
	stop  atomic.Bool
	outMu sync.Mutex
}

func (a *applier) defaults() {
	o := &a.opts
	if o.Parallel <= 0 {
		o.Parallel = DefaultParallel
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 5 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 15 * time.Minute
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = 30 * time.Second
	}
}

func (a *applier) progress(name, format string, args ...any) {
	if a.opts.Progress == nil {
		return
	}
	a.outMu.Lock()
	defer a.outMu.Unlock()
	// Names, statuses and faults come from the cloud: escaped for the terminal.
	fmt.Fprintln(a.opts.Progress, diag.Printable(name+": "+fmt.Sprintf(format, args...)))
}

// runAll runs changes at most opts.Parallel at a time, in order, and starts
// none after a failure.
func (a *applier) runAll(ctx context.Context, changes []Change) {
	sem := make(chan struct{}, a.opts.Parallel)
	var wg sync.WaitGroup
	for _, c := range changes {
		sem <- struct{}{}
		if a.stop.Load() || ctx.Err() != nil {
			<-sem
			a.rep.add(&a.rep.NotStarted, c.Name)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if s, err := a.run(ctx, c); err != nil {
				a.stop.Store(true)
				id := idOf(s)
				if id == "" {
					id = idOf(c.Server)
				}
				a.rep.fail(Failure{Name: c.Name, ServerID: id, Err: err})
				a.progress(c.Name, "FAILED: %v", err)
			}
		}()
	}
	wg.Wait()
}

// run carries out one change and returns the server it ends with.
func (a *applier) run(ctx context.Context, c Change) (*Server, error) {
	switch c.Action {
	case Create:
		s, err := a.create(ctx, c.VM)
		if err == nil {
			a.rep.add(&a.rep.Created, c.Name)
		}
		return s, err
	case Replace:
		a.progress(c.Name, "deleting server %s (%s)", c.Server.ID, c.Detail)
		if err := a.delete(ctx, c.Server); err != nil {
			return c.Server, err
		}
		s, err := a.create(ctx, c.VM)
		if err == nil {
			a.rep.add(&a.rep.Replaced, c.Name)
		}
		return s, err
	case Wait:
		a.progress(c.Name, "waiting for server %s (%s)", c.Server.ID, c.Server.Status)
		s, err := a.waitActive(ctx, c.Name, c.Server.ID)
		if err != nil {
			return s, err
		}
		a.rep.add(&a.rep.Waited, c.Name)
		return a.attachIfPublic(ctx, c.VM, s)
	case AttachIP:
		return a.attachIfPublic(ctx, c.VM, c.Server)
	case Delete:
		a.progress(c.Name, "deleting server %s", c.Server.ID)
		if err := a.delete(ctx, c.Server); err != nil {
			return c.Server, err
		}
		a.rep.add(&a.rep.Deleted, c.Name)
		a.progress(c.Name, "deleted")
		return nil, nil
	}
	return c.Server, nil
}

func (a *applier) create(ctx context.Context, vm *VM) (*Server, error) {
	spec := Spec{
		Name:           vm.Name,
		Flavor:         vm.Type.Flavor,
		Image:          a.f.Image(vm),
		KeyPair:        a.f.KeyPair,
		SecurityGroups: vm.Type.SecurityGroups,
		UserData:       a.f.UserData(a.level, vm, a.master),
		Metadata:       map[string]string{LevelMetadata: a.level.Name},
	}
	a.progress(vm.Name, "creating (%s, %s)", spec.Flavor, spec.Image)
	id, err := a.cloud.Create(ctx, spec)
	if err != nil {
		return nil, err
	}
	a.progress(vm.Name, "server %s is building", id)
	s, err := a.waitActive(ctx, vm.Name, id)
	if err != nil {
		return s, err
	}
	return a.attachIfPublic(ctx, vm, s)
}

func (a *applier) attachIfPublic(ctx context.Context, vm *VM, s *Server) (*Server, error) {
	if !vm.Type.Public || s.PublicIP != "" {
		return s, nil
	}
	ip, err := a.cloud.AttachFloatingIP(ctx, *s)
	if err != nil {
		return s, fmt.Errorf("floating IP: %w", err)
	}
	s.PublicIP = ip
	a.rep.add(&a.rep.Attached, vm.Name)
	a.progress(vm.Name, "floating IP %s", ip)
	return s, nil
}

// waitActive polls a server until it is ACTIVE, fails on ERROR, and gives
// up after opts.Timeout.
func (a *applier) waitActive(ctx context.Context, name, id string) (*Server, error) {
	start := time.Now()
	lastStatus, lastReport := "", start
	for {
		s, err := a.cloud.Server(ctx, id)
		if err != nil {
			return &Server{ID: id, Name: name}, err
		}
		elapsed := time.Since(start).Round(time.Second)
		switch s.Status {
		case StatusActive:
			a.progress(name, "ACTIVE at %s after %s", s.PrivateIP, elapsed)
			return &s, nil
		case StatusError:
			fault := s.Fault
			if fault == "" {
				fault = "no fault message"
			}
			return &s, fmt.Errorf("went to ERROR: %s; the server is left for inspection, the next apply replaces it", fault)
		}
		if s.Status != lastStatus || time.Since(lastReport) >= a.opts.ProgressEvery {
			a.progress(name, "%s (%s)", s.Status, elapsed)
			lastStatus, lastReport = s.Status, time.Now()
		}
		if time.Since(start) >= a.opts.Timeout {
			return &s, fmt.Errorf("still %s after %s; the server is left as it is, the next apply waits for it again", s.Status, a.opts.Timeout)
		}
		if err := sleep(ctx, a.opts.PollInterval); err != nil {
			return &s, err
		}
	}
}

// delete deletes a server and waits until the cloud no longer lists it.
func (a *applier) delete(ctx context.Context, s *Server) error {
	if err := a.cloud.Delete(ctx, s.ID); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	start := time.Now()
	for {
		_, err := a.cloud.Server(ctx, s.ID)
		switch {
		case errors.Is(err, ErrNotFound):
			return nil
		case err != nil:
			return err
		case time.Since(start) >= a.opts.Timeout:
			return fmt.Errorf("server %s is still there %s after its deletion", s.ID, a.opts.Timeout)
		}
		if err := sleep(ctx, a.opts.PollInterval); err != nil {
			return err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
