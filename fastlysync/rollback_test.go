package fastlysync

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

func TestRollbackTarget(t *testing.T) {
	versions := []fastlyapi.Version{{Number: 1, Locked: true}, {Number: 2, Locked: true}, {Number: 3}, {Number: 4, Locked: true, Active: true}, {Number: 5}}
	r := &fastlyapi.Remote{ServiceID: "x", ActiveVersion: 4, Versions: versions}
	for _, c := range []struct {
		remote  *fastlyapi.Remote
		to      int
		force   bool
		want    int
		wantErr string
	}{
		{r, 0, false, 2, ""}, // 3 was never activated
		{r, 1, false, 1, ""},
		{r, 5, false, 0, "version 5 of service x was never active"},
		{r, 3, false, 0, "pass --force"},
		{r, 5, true, 5, ""},
		{r, 4, false, 0, "already active"},
		{r, 9, false, 0, "no version 9 (versions 1 to 5)"},
		{&fastlyapi.Remote{ServiceID: "x", Versions: versions[:1]}, 0, false, 0, "no active version"},
		{&fastlyapi.Remote{ServiceID: "x", ActiveVersion: 1, Versions: []fastlyapi.Version{{Number: 1, Locked: true, Active: true}}}, 0, false, 0, "name one with --to"},
	} {
		got, err := RollbackTarget(c.remote, c.to, c.force)
		if got != c.want || (err == nil) != (c.wantErr == "") || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
			t.Errorf("RollbackTarget(active %d, --to %d) = %d, %v; want %d, %q", c.remote.ActiveVersion, c.to, got, err, c.want, c.wantErr)
		}
	}
}

func TestRollback(t *testing.T) {
	sb, c := fastlytest.NewSandbox(t)
	before, err := c.Details(fastlytest.DemoID, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, target := fastlytest.Demo(t, true)
	if _, err := publish(c, target, 1, nil); err != nil {
		t.Fatal(err)
	}
	cur, _ := c.Details(fastlytest.DemoID, 0)
	to, err := RollbackTarget(cur, 0, false)
	if err != nil || to != 1 {
		t.Fatalf("target %d, %v", to, err)
	}
	// The active version is not what the operator was shown.
	sb.ResetRequests()
	if err := Rollback(c, fastlytest.DemoID, to, RollbackOptions{Base: 3}); !errors.Is(err, ErrActiveChanged) {
		t.Errorf("rollback from a stale base: %v", err)
	}
	if w := fastlytest.Writes(sb); len(w) != 0 {
		t.Errorf("aborted rollback wrote %q", w)
	}
	if err := Rollback(c, fastlytest.DemoID, to, RollbackOptions{Base: 2}); err != nil {
		t.Fatal(err)
	}
	if w := fastlytest.Writes(sb); len(w) != 1 || w[0] != "PUT /activate" {
		t.Errorf("rollback wrote %q, want one activation", w)
	}
	mustHold(t, c, before.Config)
	after, _ := c.Details(fastlytest.DemoID, 0)
	if after.ActiveVersion != 1 || len(after.Versions) != 2 {
		t.Errorf("active %d, %d versions", after.ActiveVersion, len(after.Versions))
	}
}

// leaveDraft publishes target with a failure at step, leaving a draft that
// was never active, and returns its number.
func leaveDraft(t *testing.T, c *fastlyapi.Client, target *fastlyplan.Config, step string) int {
	t.Helper()
	_, err := publish(c, target, 1, func(s string) error {
		if s == step {
			return errors.New("injected failure")
		}
		return nil
	})
	var pe *PublishError
	if !errors.As(err, &pe) || pe.Draft == 0 {
		t.Fatalf("publish stopping at %q: %v", step, err)
	}
	return pe.Draft
}

// TestRollbackToDraft: a draft left by a failed publish was never active.
// Rollback refuses it unless told to (Unreleased), and then activates it
// only once Fastly validates it.
func TestRollbackToDraft(t *testing.T) {
	_, target := fastlytest.Demo(t, true)
	broken := fastlytest.Clone(target)
	broken.VCLs[0].Content = strings.Replace(broken.VCLs[0].Content, "call private_recv;", "call private_nowhere;", 1)
	tests := []struct {
		name       string
		target     *fastlyplan.Config
		stopAt     string
		unreleased bool
		wantErr    string
		wantWrites []string
	}{
		{"refused", target, "verify draft", false, "was never active", nil},
		// A half-written draft: its VCL was not uploaded yet.
		{"half-written, forced", target, "upload vcl main", true, "", []string{"PUT /activate"}},
		{"invalid, forced", broken, "verify draft", true, "Fastly rejects version 2", nil},
		{"valid, forced", target, "verify draft", true, "", []string{"PUT /activate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sb, c := fastlytest.NewSandbox(t)
			if tt.target == broken {
				// Validation fails, so the publish stops there.
				tt.stopAt = "validate"
			}
			draft := leaveDraft(t, c, tt.target, tt.stopAt)
			sb.ResetRequests()
			err := Rollback(c, fastlytest.DemoID, draft, RollbackOptions{Base: 1, Unreleased: tt.unreleased})
			if (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if w := fastlytest.Writes(sb); !slices.Equal(w, tt.wantWrites) {
				t.Errorf("writes %q, want %q", w, tt.wantWrites)
			}
			validated := sb.Count("GET", fastlyfake.RouteValidate) > 0
			if validated != tt.unreleased {
				t.Errorf("validated: %v, want %v", validated, tt.unreleased)
			}
			r, _ := c.Details(fastlytest.DemoID, 0)
			if want := map[bool]int{true: 1, false: draft}[tt.wantErr != ""]; r.ActiveVersion != want {
				t.Errorf("version %d active, want %d", r.ActiveVersion, want)
			}
			if err != nil && !strings.Contains(err.Error(), "nothing was activated") {
				t.Errorf("a refused rollback does not say nothing was activated: %v", err)
			}
		})
	}
}

// lossyActivation wraps an API: the activation's answer is lost (after
// the activation happened, when applied), and every read after it fails
// when readsFail.
type lossyActivation struct {
	API
	applied   bool
	readsFail bool
	activated bool
}

func (l *lossyActivation) Activate(serviceID string, version int, staging bool) error {
	if l.applied {
		if err := l.API.Activate(serviceID, version, staging); err != nil {
			return err
		}
	}
	l.activated = true
	return errors.New("connection reset by peer")
}

func (l *lossyActivation) Details(serviceID string, version int, privateNames ...string) (*fastlyapi.Remote, error) {
	if l.activated && l.readsFail {
		return nil, errors.New("connection refused")
	}
	return l.API.Details(serviceID, version, privateNames...)
}

// lostActivationCases are the four ways an activation's answer is lost:
// applied or not, and the read-back working or failing.
var lostActivationCases = []struct {
	name               string
	applied, readsFail bool
	// want is a part of the error; "" for success.
	want string
}{
	{"applied, read back", true, false, ""},
	{"not applied, read back", false, false, "nothing was activated"},
	{"applied, read-back fails", true, true, "unknown"},
	{"not applied, read-back fails", false, true, "unknown"},
}

// TestRollbackLostActivation: after a lost answer, what rollback says
// depends on what it read back; "nothing was activated" only when the read
// confirmed it.
func TestRollbackLostActivation(t *testing.T) {
	_, target := fastlytest.Demo(t, true)
	for _, tt := range lostActivationCases {
		t.Run(tt.name, func(t *testing.T) {
			_, c := fastlytest.NewSandbox(t)
			if _, err := publish(c, target, 1, nil); err != nil {
				t.Fatal(err)
			}
			api := &lossyActivation{API: c, applied: tt.applied, readsFail: tt.readsFail}
			err := Rollback(api, fastlytest.DemoID, 1, RollbackOptions{Base: 2})
			checkLostActivation(t, err, tt.want, tt.readsFail)
		})
	}
}

func checkLostActivation(t *testing.T, err error, want string, readsFail bool) {
	t.Helper()
	if (err == nil) != (want == "") || err != nil && !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
	if readsFail && err != nil {
		msg := err.Error()
		if strings.Contains(msg, "nothing was activated") || !strings.Contains(msg, "edgectl diff") {
			t.Errorf("with the read-back failing, the message claims a state or does not say how to check it: %s", msg)
		}
	}
}
