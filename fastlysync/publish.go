package fastlysync

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
)

// API is what publishing, rolling back and flipping the maintenance switch
// need from Fastly. *fastlyapi.Client implements it; tests may wrap it.
type API interface {
	Details(serviceID string, version int, privateNames ...string) (*fastlyapi.Remote, error)
	Clone(serviceID string, version int) (int, error)
	SetComment(serviceID string, version int, comment string) error
	Apply(serviceID string, version int, op fastlyplan.Operation, dictionaryIDs map[string]string) error
	Validate(serviceID string, version int) (*fastlyapi.Validation, error)
	Activate(serviceID string, version int, staging bool) error
	DictionaryItem(serviceID, dictionaryID, key string) (string, bool, error)
	SetDictionaryItem(serviceID, dictionaryID, key, value string) error
	RateLimit() fastlyapi.RateLimit
}

var _ API = (*fastlyapi.Client)(nil)

// CommentPrefix starts the comment of every version edgectl writes. A draft
// above the active version whose comment starts with it is edgectl's to
// reuse (see Publish).
const CommentPrefix = "edgectl"

// PublishOptions control one publish.
type PublishOptions struct {
	// Base is the active version the plan shown to the operator was
	// computed against; the publish aborts if another version became
	// active since (unless Force).
	Base  int
	Force bool
	// Stage activates on Fastly's staging network instead of production.
	Stage bool
	// Comment is the version comment (what produced it, the git commit).
	Comment string
	// Progress receives one line per step.
	Progress func(msg string)
	// Hook runs before every step with the step's name ("clone",
	// "update backend app1", "validate", "activate", ...); an error stops
	// the publish there as a failed API call would. Tests use it.
	Hook func(step string) error
	// PrivateNames are VCL names whose content is secret.
	PrivateNames []string
}

// PublishResult is a publish that did not fail.
type PublishResult struct {
	// Version is the version activated (or staged); 0 when there was
	// nothing to change.
	Version int
	// Reused says that Version was a draft left by an earlier publish.
	Reused bool
	// Operations are the object writes made on the draft.
	Operations []fastlyplan.Operation
	// Versionless says that every change was outside versions (a dynamic
	// snippet's content): written without a draft; Version is the active
	// version, which stays.
	Versionless bool
}

// PublishError is a publish that stopped. Nothing was activated, unless
// ActivationUnknown: the activation failed and reading the service back
// failed too.
type PublishError struct {
	Service string
	// Step is the step that failed.
	Step string
	// Draft is the draft version holding the changes made so far, 0 when
	// none was made.
	Draft int
	// ActivationUnknown says that the activation got no clear answer and
	// the read meant to find out failed (ReadBackErr): Draft may or may
	// not be active.
	ActivationUnknown bool
	ReadBackErr       error
	Err               error
}

func (e *PublishError) Error() string {
	var b strings.Builder
	msg := e.Err.Error()
	var ae *fastlyapi.APIError
	if errors.As(e.Err, &ae) && ae.What == e.Step {
		msg = ae.Message
	}
	fmt.Fprintf(&b, "publish of %s stopped at %q: %s", e.Service, e.Step, msg)
	if e.ActivationUnknown {
		b.WriteString("; " + unknownActivationText(e.Draft, e.ReadBackErr))
		return b.String()
	}
	b.WriteString("\nnothing was activated")
	if e.Draft > 0 {
		fmt.Fprintf(&b, "; draft version %d holds the changes made so far, and the next edgectl publish continues from it", e.Draft)
	}
	return b.String()
}

func (e *PublishError) Unwrap() error { return e.Err }

// ErrActiveChanged is the cause of a publish aborted because another version
// became active after the plan was computed.
var ErrActiveChanged = errors.New("the active version changed")

// Publish makes the active version of a service equal to target:
//
//  1. read the service; abort if the active version is no longer
//     opts.Base (another publish or a person activated one since the
//     diff); stop, writing nothing, if nothing differs;
//  2. pick the draft: the newest unlocked, inactive version above the
//     active one is reused when its comment starts with CommentPrefix (a
//     publish that stopped) or when it is an untouched clone of the active
//     version (a publish that stopped right after cloning); otherwise the
//     active version is cloned. A reused draft is read, and the changes are
//     computed against what it holds;
//  3. check that Fastly's rate limit leaves enough writes (Fastly reports
//     the figure only on writes, so the first check may come after the
//     clone, or, on a reused draft, after the version comment);
//  4. set the comment, apply the changes (one write per changed object,
//     none for unchanged ones), validate;
//  5. read the draft back: the active version must still be the base and
//     the draft must equal target (nobody else wrote to it);
//  6. activate, then read the active version back: it must hold target.
//
// A failure before activation activates nothing and returns a
// *PublishError naming the draft. A failed activation is read back: only a
// read saying so makes the error claim that nothing was activated; when
// the read fails too, the error says the state is unknown. Versions cannot be deleted on Fastly, so a
// draft is reused rather than abandoned: publishing again converges without
// piling up drafts. Fastly offers no compare-and-swap on activation, so
// between step 5's read and the activation a racing publish can still
// write; step 6 then reports the race instead of claiming success.
func Publish(api API, serviceID, service string, target *fastlyplan.Config, opts PublishOptions) (*PublishResult, error) {
	say := func(format string, args ...any) {
		if opts.Progress != nil {
			opts.Progress(fmt.Sprintf(format, args...))
		}
	}
	comment := opts.Comment
	if !strings.HasPrefix(comment, CommentPrefix) {
		comment = strings.TrimSpace(CommentPrefix + ": " + comment)
	}
	draft := 0
	step := "read service"
	base := 0
	fail := func(err error) (*PublishResult, error) {
		// A write refused because the draft got locked means another
		// publish activated it: say so rather than leave a bare 400.
		if draft > 0 && !errors.Is(err, ErrActiveChanged) {
			if now, rerr := api.Details(serviceID, 0, opts.PrivateNames...); rerr == nil && now.ActiveVersion != base {
				err = fmt.Errorf("%w: version %d became active while this publish ran (%w)", ErrActiveChanged, now.ActiveVersion, err)
			}
		}
		return nil, &PublishError{Service: service, Step: step, Draft: draft, Err: err}
	}
	run := func(name string, f func() error) error {
		step = name
		return runStep(opts.Hook, name, f)
	}

	// read reads version (0: the active one) as the step name.
	read := func(name string, version int) (r *fastlyapi.Remote, err error) {
		err = run(name, func() (err error) {
			r, err = api.Details(serviceID, version, opts.PrivateNames...)
			return err
		})
		return r, err
	}

	cur, err := read("read service", 0)
	if err != nil {
		return fail(err)
	}
	base = cur.ActiveVersion
	if base != opts.Base && !opts.Force {
		return fail(fmt.Errorf("%w: it was version %d when the changes were computed and is version %d now; run edgectl diff to see the new state (--force publishes anyway)", ErrActiveChanged, opts.Base, base))
	}

	if fastlyplan.Compare(cur.Config, target, fastlyplan.Labels{}).Empty() {
		// Nothing differs: no version, no write.
		return &PublishResult{}, nil
	}
	if res, done, err := publishVersionless(api, serviceID, cur, target, run, say); done {
		if err != nil {
			return fail(err)
		}
		return res, nil
	}

	// The draft and what it holds now.
	state := cur.Config
	dictIDs := cur.DictionaryIDs
	reused := false
	if d, marked := draftCandidate(cur); d > 0 {
		dr, err := read("read draft", d)
		if err != nil {
			return fail(err)
		}
		// An unmarked candidate is reused only when it is an untouched
		// clone of the active version: a publish that stopped right
		// after cloning. Anything else may be someone's work.
		if marked || fastlyplan.Compare(cur.Config, dr.Config, fastlyplan.Labels{}).Empty() {
			draft, reused = d, true
			state, dictIDs = dr.Config, dr.DictionaryIDs
			say("reusing draft version %d left by an earlier publish", d)
		}
	}
	plan := fastlyplan.Compare(state, target, fastlyplan.Labels{})
	plan.Service = service
	ops, err := plan.Operations()
	if err != nil {
		step = "plan"
		return fail(err)
	}
	cloneFrom := base
	if cloneFrom == 0 {
		cloneFrom = cur.Version
	}
	if !reused && base == 0 {
		// A service that was never activated: its only version may still
		// be editable.
		if v, ok := cur.FindVersion(cur.Version); ok && !v.Locked && !v.Active {
			draft, reused = v.Number, true
		}
	}
	writes := len(ops) + 2 // + comment + activate
	if !reused {
		writes++ // clone
	}
	step = "check rate limit"
	if err := enoughWrites(api.RateLimit(), writes); err != nil {
		return fail(err)
	}
	if !reused {
		if cloneFrom == 0 {
			step = "clone"
			return fail(errors.New("the service has no version to clone; create it in Fastly first"))
		}
		if err := run("clone", func() (err error) {
			draft, err = api.Clone(serviceID, cloneFrom)
			return err
		}); err != nil {
			return fail(err)
		}
		say("cloned version %d to draft version %d", cloneFrom, draft)
		// The clone answered with fresh rate-limit figures.
		step = "check rate limit"
		if err := enoughWrites(api.RateLimit(), writes-1); err != nil {
			return fail(err)
		}
	}
	setComment := func() error {
		return run("comment", func() error { return api.SetComment(serviceID, draft, comment) })
	}
	commented := false
	if reused && !api.RateLimit().Known {
		// No clone answered with the budget: Fastly reports it only on
		// non-read requests (docs.fastly.com/api, "Rate limiting"; every
		// answer carrying Fastly-RateLimit-* in go-fastly v9.14.0's
		// fixtures is a write's), so no read can tell it. The version
		// comment is the probe: a write the publish makes anyway, on the
		// draft, changing nothing Fastly serves, made before any object
		// write.
		if err := setComment(); err != nil {
			return fail(err)
		}
		commented = true
		step = "check rate limit"
		if err := enoughWrites(api.RateLimit(), writes-1); err != nil {
			return fail(err)
		}
	}
	if v, ok := cur.FindVersion(draft); !commented && (!ok || v.Comment != comment) {
		if err := setComment(); err != nil {
			return fail(err)
		}
	}
	for _, op := range ops {
		say("%s", op)
		if err := run(op.String(), func() error { return api.Apply(serviceID, draft, op, dictIDs) }); err != nil {
			return fail(err)
		}
	}
	if reused {
		if err := seedNewDictionaries(api, serviceID, cur, target, dictIDs, run, say); err != nil {
			return fail(err)
		}
	}

	var val *fastlyapi.Validation
	if err := run("validate", func() (err error) {
		val, err = api.Validate(serviceID, draft)
		return err
	}); err != nil {
		return fail(err)
	}
	if !val.OK {
		msg := "Fastly rejects the version"
		if len(val.Messages) > 0 {
			msg += ":\n  " + strings.Join(val.Messages, "\n  ")
		}
		return fail(errors.New(msg))
	}
	for _, m := range val.Messages {
		say("Fastly: %s", m)
	}

	after, err := read("verify draft", draft)
	if err != nil {
		return fail(err)
	}
	if after.ActiveVersion != base {
		return fail(fmt.Errorf("%w: version %d became active while this publish ran; run edgectl diff to see the new state", ErrActiveChanged, after.ActiveVersion))
	}
	if left := fastlyplan.Compare(after.Config, target, fastlyplan.Labels{}); !left.Empty() {
		return fail(fmt.Errorf("draft version %d does not hold the expected configuration after the writes (%s differ): another publish may be writing to it; run edgectl publish again", draft, fastlyplan.Plural(left.Count(), "object")))
	}

	where := "activate"
	if opts.Stage {
		where = "activate on staging"
	}
	if err := run(where, func() error { return api.Activate(serviceID, draft, opts.Stage) }); err != nil {
		// The activation may have happened with its answer lost: look
		// before saying anything about it.
		switch outcome, rerr := readBackActivation(api, serviceID, draft, opts.Stage, opts.PrivateNames...); outcome {
		case activated:
			say("the activation's answer was lost, but version %d is active", draft)
		case inactive:
			return fail(err)
		default:
			return nil, &PublishError{Service: service, Step: step, Draft: draft, ActivationUnknown: true, ReadBackErr: rerr, Err: err}
		}
	}
	// Fastly cannot activate conditionally, so check what is live now: a
	// publish racing this one may have written into the same draft after
	// it was verified.
	step = "check active version"
	if !opts.Stage {
		live, err := api.Details(serviceID, 0, opts.PrivateNames...)
		if err != nil {
			return nil, fmt.Errorf("version %d of %s was activated, but reading it back failed: %v; run edgectl diff to check it", draft, service, fastlyapi.Describe("read service", err))
		}
		if live.ActiveVersion != draft || !fastlyplan.Compare(live.Config, target, fastlyplan.Labels{}).Empty() {
			return nil, fmt.Errorf("%w: this publish activated version %d of %s, but version %d is active now and does not hold this publish's configuration (another publish raced it); run edgectl diff", ErrActiveChanged, draft, service, live.ActiveVersion)
		}
	}
	return &PublishResult{Version: draft, Reused: reused, Operations: ops}, nil
}

// publishVersionless applies a plan whose every write is outside versions
// (a dynamic snippet's content: "Changes immediately impact all service
// versions, including the active one", Fastly, "Using dynamic VCL
// Snippets",
// https://www.fastly.com/documentation/guides/full-site-delivery/custom-vcl/vcl-snippets/using-dynamic-vcl-snippets)
// without a draft, clone or activation. done is false when some change
// needs a version; the caller then publishes as usual.
func publishVersionless(api API, serviceID string, cur *fastlyapi.Remote, target *fastlyplan.Config, run func(string, func() error) error, say func(string, ...any)) (res *PublishResult, done bool, err error) {
	ops, err := fastlyplan.Compare(cur.Config, target, fastlyplan.Labels{}).Operations()
	if err != nil || len(ops) == 0 || cur.ActiveVersion == 0 || slices.ContainsFunc(ops, func(o fastlyplan.Operation) bool { return !o.Versionless() }) {
		return nil, false, nil
	}
	step := "check rate limit"
	if err := run(step, func() error { return enoughWrites(api.RateLimit(), len(ops)) }); err != nil {
		return nil, true, err
	}
	for _, op := range ops {
		say("%s", op)
		if err := run(op.String(), func() error { return api.Apply(serviceID, cur.ActiveVersion, op, cur.DictionaryIDs) }); err != nil {
			return nil, true, err
		}
	}
	return &PublishResult{Version: cur.ActiveVersion, Operations: ops, Versionless: true}, true, nil
}

// draftCandidate returns the newest version above the active one that is
// neither locked nor active, and whether its comment is edgectl's; 0 when
// there is none.
func draftCandidate(r *fastlyapi.Remote) (int, bool) {
	if r.ActiveVersion == 0 {
		return 0, false
	}
	best, marked := 0, false
	for _, v := range r.Versions {
		if v.Number > r.ActiveVersion && !v.Locked && !v.Active && !v.Staging && v.Number > best {
			best, marked = v.Number, strings.HasPrefix(v.Comment, CommentPrefix)
		}
	}
	return best, marked
}

// enoughWrites fails when Fastly reported fewer writes left than needed.
// A figure from a window that has since reset says nothing.
func enoughWrites(rl fastlyapi.RateLimit, need int) error {
	if !rl.Known || rl.Remaining >= need || (!rl.Reset.IsZero() && time.Now().After(rl.Reset)) {
		return nil
	}
	when := "when the hour's window resets"
	if !rl.Reset.IsZero() {
		when = "after " + rl.Reset.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	return fmt.Errorf("this publish needs %d API writes and Fastly's rate limit leaves %d; run it again %s", need, rl.Remaining, when)
}

// seedNewDictionaries seeds the items of dictionaries that a reused draft
// already holds but the active version lacks: an earlier publish created
// them and stopped before seeding. Existing items are left as they are.
func seedNewDictionaries(api API, serviceID string, active *fastlyapi.Remote, target *fastlyplan.Config, ids map[string]string, run func(string, func() error) error, say func(string, ...any)) error {
	for _, d := range target.Dictionaries {
		if slices.ContainsFunc(active.Config.Dictionaries, func(x desired.Dictionary) bool { return x.Name == d.Name }) || ids[d.Name] == "" {
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(d.Items)) {
			var found bool
			if err := run("read item "+k+" of dictionary "+d.Name, func() (err error) {
				_, found, err = api.DictionaryItem(serviceID, ids[d.Name], k)
				return err
			}); err != nil {
				return err
			}
			if found {
				continue
			}
			op := fastlyplan.Operation{Action: fastlyplan.Create, Kind: "dictionary_item", Name: d.Name, Member: k, Value: d.Items[k]}
			say("%s", op)
			if err := run(op.String(), func() error { return api.SetDictionaryItem(serviceID, ids[d.Name], k, d.Items[k]) }); err != nil {
				return err
			}
		}
	}
	return nil
}
