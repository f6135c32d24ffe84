package fastlysync

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/fastlytest"
	"github.com/webplatform/edgectl/internal/testtool"
)

// mustRead reads the demo service's active version, as every edgectl
// command starts by doing; a failed read ends the test.
func mustRead(t *testing.T, c *fastlyapi.Client) *fastlyapi.Remote {
	t.Helper()
	r, err := c.Details(fastlytest.DemoID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// mustHold reads the active version and fails the test unless it holds target.
func mustHold(t *testing.T, c *fastlyapi.Client, target *fastlyplan.Config) *fastlyapi.Remote {
	t.Helper()
	r := mustRead(t, c)
	if p := fastlyplan.Compare(r.Config, target, fastlyplan.Labels{}); !p.Empty() {
		t.Fatalf("active version %d differs from the target: %v", r.ActiveVersion, fastlytest.Summary(p))
	}
	return r
}

func publish(c *fastlyapi.Client, target *fastlyplan.Config, base int, hook func(string) error) (*PublishResult, error) {
	return Publish(c, fastlytest.DemoID, "demo (production)", target, PublishOptions{Base: base, Comment: "edgectl/1: services/demo.yaml for production; git 0123456789ab", Hook: hook})
}

// publishedDemo is a sandbox whose demo service has had the demo state
// (with a private include) published over version 1, its client, and that
// state.
func publishedDemo(t *testing.T) (*fastlyfake.Server, *fastlyapi.Client, *fastlyplan.Config) {
	t.Helper()
	sb, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	if _, err := publish(c, target, 1, nil); err != nil {
		t.Fatal(err)
	}
	return sb, c, target
}

// TestPublishEndToEnd publishes the demo service over its web-UI setup,
// then one changed VCL file, then nothing.
func TestPublishEndToEnd(t *testing.T) {
	sb, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	res, err := publish(c, target, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != 2 || res.Reused {
		t.Errorf("result %+v", res)
	}
	r := mustHold(t, c, target)
	if r.ActiveVersion != 2 {
		t.Errorf("active version %d", r.ActiveVersion)
	}
	if v, _ := r.FindVersion(2); v.Comment != "edgectl/1: services/demo.yaml for production; git 0123456789ab" {
		t.Errorf("comment %q", v.Comment)
	}

	// One changed VCL file costs clone, comment, upload and activate.
	sb.ResetRequests()
	changed := fastlytest.Clone(target)
	changed.VCLs[0].Content = strings.Replace(changed.VCLs[0].Content, "1h", "2h", 1)
	if _, err := publish(c, changed, 2, nil); err != nil {
		t.Fatal(err)
	}
	want := []string{"PUT /clone", "PUT ", "PUT /vcl/{name}", "PUT /activate"}
	if got := fastlytest.Writes(sb); !slices.Equal(got, want) {
		t.Errorf("writes %q, want %q", got, want)
	}
	mustHold(t, c, changed)

	// Nothing differs: no version, no write.
	sb.ResetRequests()
	res, err = publish(c, changed, 3, nil)
	if err != nil || res.Version != 0 {
		t.Fatalf("publish without changes: %+v, %v", res, err)
	}
	if w := fastlytest.Writes(sb); len(w) != 0 {
		t.Errorf("publish without changes wrote %q", w)
	}
}

// publishSteps returns the steps of a clean publish of the demo service.
func publishSteps(t *testing.T) []string {
	_, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	var steps []string
	if _, err := publish(c, target, 1, func(s string) error { steps = append(steps, s); return nil }); err != nil {
		t.Fatal(err)
	}
	return steps
}

// checkStopped checks what a failed publish leaves: a *PublishError saying
// nothing was activated and naming the draft, version 1 still active.
func checkStopped(t *testing.T, c *fastlyapi.Client, err error) {
	t.Helper()
	var pe *PublishError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a PublishError", err)
	}
	checkNotActivated(t, c, err)
}

// checkFailed accepts the two ways a publish fails: stopped before
// activating (checkStopped), or activated with the read-back failing,
// which must say that it activated.
func checkFailed(t *testing.T, c *fastlyapi.Client, err error, target *fastlyplan.Config) {
	t.Helper()
	var pe *PublishError
	if errors.As(err, &pe) {
		checkStopped(t, c, err)
		return
	}
	if !strings.Contains(err.Error(), "was activated, but reading it back failed") {
		t.Fatalf("error %v is neither a PublishError nor an activation whose read-back failed", err)
	}
	mustHold(t, c, target)
}

func checkNotActivated(t *testing.T, c *fastlyapi.Client, err error) {
	t.Helper()
	var pe *PublishError
	errors.As(err, &pe)
	msg := err.Error()
	if !strings.Contains(msg, "nothing was activated") || (pe.Draft > 0 && !strings.Contains(msg, fmt.Sprintf("draft version %d", pe.Draft))) {
		t.Errorf("message %q", msg)
	}
	if r := mustRead(t, c); r.ActiveVersion != 1 {
		t.Errorf("version %d is active after a failed publish", r.ActiveVersion)
	}
}

// checkConverges runs edgectl again without faults: a new client reads
// the active version and publishes against it. It succeeds, the target is
// active, and there is one version besides version 1: drafts do not pile up.
func checkConverges(t *testing.T, sb *fastlyfake.Server, target *fastlyplan.Config) {
	t.Helper()
	c := fastlytest.NewClient(t, fastlytest.URLs[sb])
	r := mustRead(t, c)
	if _, err := publish(c, target, r.ActiveVersion, nil); err != nil {
		t.Fatalf("publish after the failure: %v", err)
	}
	r = mustHold(t, c, target)
	if len(r.Versions) != 2 || r.ActiveVersion != 2 {
		t.Errorf("%d versions after two publishes, version %d active: drafts pile up", len(r.Versions), r.ActiveVersion)
	}
}

// TestPublishFaultMatrix fails each step of a publish in turn.
func TestPublishFaultMatrix(t *testing.T) {
	steps := publishSteps(t)
	if len(steps) < 15 || !slices.Contains(steps, "clone") || steps[len(steps)-1] != "activate" {
		t.Fatalf("steps %q", steps)
	}
	_, target := fastlytest.Demo(t, true)
	for _, step := range steps {
		t.Run(step, func(t *testing.T) {
			sb, c := fastlytest.NewSandbox(t)
			boom := errors.New("injected failure")
			_, err := publish(c, target, 1, func(s string) error {
				if s == step {
					return boom
				}
				return nil
			})
			if !errors.Is(err, boom) || !strings.Contains(err.Error(), fmt.Sprintf("stopped at %q", step)) {
				t.Fatalf("error %v", err)
			}
			checkStopped(t, c, err)
			checkConverges(t, sb, target)
		})
	}
}

// TestPublishHTTPFaults makes the Nth request of a publish fail at the
// HTTP level: 500, 503, 429 (reset beyond the wait), a dropped connection,
// and a 500 after the change was applied.
func TestPublishHTTPFaults(t *testing.T) {
	sb, _, target := publishedDemo(t)
	clean := sb.Requests()
	total := len(clean)
	faults := map[string]fastlyfake.Fault{
		"500":         {Status: 500},
		"503":         {Status: 503},
		"429":         {Status: 429},
		"drop":        {Drop: true},
		"500 applied": {Status: 500, AfterApply: true},
	}
	for n := 1; n <= total; n++ {
		for name, f := range faults {
			t.Run(fmt.Sprintf("request %d %s", n, name), func(t *testing.T) {
				sb, c := fastlytest.NewSandbox(t)
				sb.SetRateLimit(1000, time.Now().Add(2*time.Hour)) // a 429 is not waited out
				f.Nth = n
				sb.SetFaults(fastlyfake.Faults{Fail: []fastlyfake.Fault{f}})
				_, err := publish(c, target, 1, nil)
				sb.SetFaults(fastlyfake.Faults{})
				// Reads are retried (a 429 is not: its reset is far);
				// writes are not, except that a lost activation answer
				// is found out by reading.
				req := clean[n-1]
				read := req.Method == http.MethodGet
				lostActivation := f.AfterApply && req.Route == fastlyfake.RouteActivate
				if wantErr := (read && f.Status == 429) || (!read && !lostActivation); (err != nil) != wantErr {
					t.Errorf("%s %s failing with %s: error %v, want an error: %v", req.Method, req.Route, name, err, wantErr)
				}
				if err != nil {
					checkFailed(t, c, err, target)
				}
				checkConverges(t, sb, target)
			})
		}
	}
}

// TestPublishAbortsWhenActiveChanged: the diff was computed against
// version 1, but version 2 became active since.
func TestPublishAbortsWhenActiveChanged(t *testing.T) {
	sb, c, target := publishedDemo(t)
	sb.ResetRequests()
	changed := fastlytest.Clone(target)
	fastlytest.Backend(changed, "app1").FirstByteTimeout = 34000
	_, err := publish(c, changed, 1, nil)
	if !errors.Is(err, ErrActiveChanged) || !strings.Contains(err.Error(), "is version 2 now") {
		t.Fatalf("error %v", err)
	}
	if w := fastlytest.Writes(sb); len(w) != 0 {
		t.Errorf("an aborted publish wrote %q", w)
	}
	res, err := Publish(c, fastlytest.DemoID, "demo", changed, PublishOptions{Base: 1, Force: true, Comment: "edgectl"})
	if err != nil || res.Version != 3 {
		t.Fatalf("--force: %+v, %v", res, err)
	}
	mustHold(t, c, changed)
}

// TestRacingPublishes runs two publishes of different states against the
// same active version, interleaved at the worst moments: one wins, the
// other aborts, and the active version holds the winner's state.
func TestRacingPublishes(t *testing.T) {
	_, a := fastlytest.Demo(t, true)
	b := fastlytest.Clone(a)
	fastlytest.Backend(b, "app1").FirstByteTimeout = 34000
	for _, pause := range []string{"read service", "clone", "comment", "validate", "verify draft", "activate"} {
		t.Run("first pauses before "+pause, func(t *testing.T) {
			_, c := fastlytest.NewSandbox(t)
			paused, resume := make(chan struct{}), make(chan struct{})
			firstErr := make(chan error, 1)
			go func() {
				_, err := publish(c, a, 1, func(s string) error {
					if s == pause {
						close(paused)
						<-resume
					}
					return nil
				})
				firstErr <- err
			}()
			select {
			case <-paused:
			case err := <-firstErr:
				t.Fatalf("the first publish ended without reaching %q: %v", pause, err)
			}
			_, secondErr := publish(c, b, 1, nil)
			close(resume)
			err1 := <-firstErr
			if (err1 == nil) == (secondErr == nil) {
				t.Fatalf("first: %v\nsecond: %v\nwant one success and one abort", err1, secondErr)
			}
			winner, loser := a, err1
			if err1 != nil {
				winner, loser = b, err1
			} else {
				loser = secondErr
			}
			if !errors.Is(loser, ErrActiveChanged) {
				t.Errorf("the loser's error does not say the active version changed: %v", loser)
			}
			mustHold(t, c, winner)
		})
	}
}

// TestPublishRateLimitBudget: with fewer writes left than the publish
// needs, it stops after the clone (the first answer carrying the figure)
// and the next publish, with the budget back, reuses that draft.
func TestPublishRateLimitBudget(t *testing.T) {
	sb, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	sb.SetRateLimit(5, time.Now().Add(30*time.Minute))
	_, err := publish(c, target, 1, nil)
	testtool.WantError(t, err, "Fastly's rate limit leaves 4")
	if w := fastlytest.Writes(sb); !slices.Equal(w, []string{"PUT /clone"}) {
		t.Errorf("writes %q", w)
	}
	checkStopped(t, c, err)
	sb.SetRateLimit(1000, time.Time{})
	checkConverges(t, sb, target)
}

// TestPublishKeepsDictionaryItems: the maintenance switch an operator set
// survives a publish; a new dictionary is seeded once.
func TestPublishKeepsDictionaryItems(t *testing.T) {
	_, c, target := publishedDemo(t)
	old, changed, err := SetItem(c, fastlytest.DemoID, "edgectl_settings", "maintenance", "on")
	if err != nil || old != "off" || !changed {
		t.Fatalf("SetItem: %q %v %v", old, changed, err)
	}
	next := fastlytest.Clone(target)
	fastlytest.Backend(next, "app2").MaxConn = 500
	if _, err := publish(c, next, 2, nil); err != nil {
		t.Fatal(err)
	}
	expectMaintenance(t, c, mustHold(t, c, next), "on")
}

// TestPublishSeedsAfterFailure: the dictionary was created by a publish
// that stopped before seeding its items; the next publish seeds them.
func TestPublishSeedsAfterFailure(t *testing.T) {
	sb, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	boom := errors.New("stop")
	_, err := publish(c, target, 1, func(s string) error {
		if strings.HasPrefix(s, "seed item") {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v", err)
	}
	checkConverges(t, sb, target)
	expectMaintenance(t, c, mustRead(t, c), "off") // the seed
}

// expectMaintenance fails t unless the maintenance item of the demo's
// settings dictionary, whose ID r lists, is want.
func expectMaintenance(t *testing.T, c *fastlyapi.Client, r *fastlyapi.Remote, want string) {
	t.Helper()
	v, found, err := c.DictionaryItem(fastlytest.DemoID, r.DictionaryIDs["edgectl_settings"], "maintenance")
	if err != nil || !found || v != want {
		t.Errorf("maintenance item %q %v %v, want %q", v, found, err, want)
	}
}

// TestPublishDoesNotReuseForeignDrafts: a draft someone edited by hand
// (not edgectl's comment, not a plain clone) is left alone.
func TestPublishDoesNotReuseForeignDrafts(t *testing.T) {
	_, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	d, err := c.Clone(fastlytest.DemoID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Apply(fastlytest.DemoID, d, fastlyplan.Operation{Action: fastlyplan.Delete, Kind: "domain", Name: "demo.webplatform.org"}, nil); err != nil {
		t.Fatal(err)
	}
	res, err := publish(c, target, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Reused || res.Version != d+1 {
		t.Errorf("result %+v: the hand-edited draft %d was reused", res, d)
	}
	r, _ := c.Details(fastlytest.DemoID, d)
	if len(r.Config.Domains) != 0 {
		t.Errorf("the hand-edited draft was changed: %+v", r.Config.Domains)
	}
}

func TestMaintenanceSwitch(t *testing.T) {
	sb, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	if _, _, err := SetItem(c, fastlytest.DemoID, "edgectl_settings", "maintenance", "on"); err == nil || !strings.Contains(err.Error(), "no dictionary edgectl_settings") {
		t.Errorf("before publishing: %v", err)
	}
	if _, err := publish(c, target, 1, nil); err != nil {
		t.Fatal(err)
	}
	before := versions(t, c)
	for _, step := range []struct {
		value   string
		old     string
		changed bool
		writes  int
	}{{"on", "off", true, 1}, {"on", "on", false, 0}, {"off", "on", true, 1}} {
		sb.ResetRequests()
		old, changed, err := SetItem(c, fastlytest.DemoID, "edgectl_settings", "maintenance", step.value)
		if err != nil || old != step.old || changed != step.changed || len(fastlytest.Writes(sb)) != step.writes {
			t.Errorf("set %s: old %q changed %v err %v writes %q", step.value, old, changed, err, fastlytest.Writes(sb))
		}
	}
	if versions(t, c) != before {
		t.Error("the switch made a version")
	}
}

// TestPublishShowsValidation: a version Fastly refuses to compile is not
// activated, and Fastly's messages are in the error.
func TestPublishShowsValidation(t *testing.T) {
	_, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	broken := fastlytest.Clone(target)
	broken.VCLs[0].Content = strings.Replace(broken.VCLs[0].Content, "call private_recv;", "call private_nowhere;", 1)
	_, err := publish(c, broken, 1, nil)
	if err == nil || !strings.Contains(err.Error(), `stopped at "validate": Fastly rejects the version:`) || !strings.Contains(err.Error(), "private_nowhere") {
		t.Fatalf("error %v", err)
	}
	checkStopped(t, c, err)
}

// TestActivatePaths: --stage activates on Fastly's staging network
// (PUT .../activate/staging), otherwise PUT .../activate.
func TestActivatePaths(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.Method+" "+r.URL.Path)
		fmt.Fprint(w, `{"number": 4, "active": true}`)
	}))
	defer srv.Close()
	c := fastlytest.NewClient(t, srv.URL)
	if err := c.Activate(fastlytest.DemoID, 4, false); err != nil {
		t.Fatal(err)
	}
	if err := c.Activate(fastlytest.DemoID, 4, true); err != nil {
		t.Fatal(err)
	}
	want := []string{"PUT /service/" + fastlytest.DemoID + "/version/4/activate", "PUT /service/" + fastlytest.DemoID + "/version/4/activate/staging"}
	if !slices.Equal(paths, want) {
		t.Errorf("paths %q, want %q", paths, want)
	}
}

// TestPublishNewService: a service never activated has an editable
// version 1, which publish fills and activates without cloning.
func TestPublishNewService(t *testing.T) {
	sb, url := fastlyfake.NewTest(t, fastlyfake.Options{Token: fastlytest.Token}, fastlyfake.ServiceSeed{ID: fastlytest.DemoID, Name: "new"})
	c := fastlytest.NewClient(t, url)
	_, target := fastlytest.Demo(t, true)
	res, err := publish(c, target, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != 1 || sb.Count("PUT", fastlyfake.RouteClone) != 0 {
		t.Errorf("result %+v, %d clones", res, sb.Count("PUT", fastlyfake.RouteClone))
	}
	mustHold(t, c, target)
}

// TestPublishLostActivation: the activation's answer is lost; the publish
// says "nothing was activated" only when it read back that nothing was,
// and that the state is unknown when the read-back failed too.
func TestPublishLostActivation(t *testing.T) {
	_, target := fastlytest.Demo(t, true)
	for _, tt := range lostActivationCases {
		t.Run(tt.name, func(t *testing.T) {
			_, c := fastlytest.NewSandbox(t)
			api := &lossyActivation{API: c, applied: tt.applied, readsFail: tt.readsFail}
			_, err := Publish(api, fastlytest.DemoID, "demo (production)", target, PublishOptions{Base: 1, Comment: "edgectl"})
			checkLostActivation(t, err, tt.want, tt.readsFail)
			if r, want := mustRead(t, c), map[bool]int{true: 2, false: 1}[tt.applied]; r.ActiveVersion != want {
				t.Errorf("version %d active, want %d", r.ActiveVersion, want)
			}
		})
	}
}

// TestPublishReadsBudgetBeforeWriting: a new process (no rate-limit figure
// yet) reusing a draft needs no clone, whose answer would have told the
// budget; it learns the budget from its first write, the version comment
// (which changes nothing live), before any object write.
func TestPublishReadsBudgetBeforeWriting(t *testing.T) {
	sb, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	leaveDraft(t, c, target, "create vcl errors")
	sb.SetRateLimit(3, time.Now().Add(30*time.Minute))
	sb.ResetRequests()
	fresh := fastlytest.NewClient(t, fastlytest.URLs[sb])
	_, err := publish(fresh, target, 1, nil)
	testtool.WantError(t, err, "Fastly's rate limit leaves 2")
	if w := fastlytest.Writes(sb); !slices.Equal(w, []string{"PUT "}) {
		t.Errorf("writes %q, want only the comment", w)
	}
	checkNotActivated(t, c, err)
}

// TestPublishLostStagedActivation: Fastly's version data cannot show that
// a version is not active on the staging network, so a lost staged
// activation that did not happen is unknown, not "nothing was activated".
func TestPublishLostStagedActivation(t *testing.T) {
	_, target := fastlytest.Demo(t, true)
	for _, applied := range []bool{true, false} {
		_, c := fastlytest.NewSandbox(t)
		api := &lossyActivation{API: c, applied: applied}
		_, err := Publish(api, fastlytest.DemoID, "demo (production)", target, PublishOptions{Base: 1, Stage: true, Comment: "edgectl"})
		switch {
		case applied && err != nil:
			t.Errorf("applied: %v", err)
		case !applied && (err == nil || strings.Contains(err.Error(), "nothing was activated") || !strings.Contains(err.Error(), "staging network")):
			t.Errorf("not applied: %v", err)
		}
	}
}

func TestEnoughWrites(t *testing.T) {
	reset := time.Now().Add(time.Hour).Truncate(time.Second).UTC()
	for _, c := range []struct {
		rl   fastlyapi.RateLimit
		need int
		ok   bool
	}{
		{fastlyapi.RateLimit{}, 500, true},
		{fastlyapi.RateLimit{Known: true, Remaining: 4, Reset: reset}, 4, true},
		{fastlyapi.RateLimit{Known: true, Remaining: 3, Reset: reset}, 4, false},
		{fastlyapi.RateLimit{Known: true, Remaining: 3}, 4, false},
		// The window of that figure has reset since.
		{fastlyapi.RateLimit{Known: true, Remaining: 0, Reset: time.Now().Add(-time.Minute)}, 4, true},
	} {
		err := enoughWrites(c.rl, c.need)
		if (err == nil) != c.ok {
			t.Errorf("enoughWrites(%+v, %d) = %v", c.rl, c.need, err)
		}
		if err != nil && !c.rl.Reset.IsZero() && !strings.Contains(err.Error(), reset.Format("2006-01-02 15:04:05 UTC")) {
			t.Errorf("error %q does not say when to retry", err)
		}
	}
}

// TestDraftCandidateRecorded: the draft a publish may reuse, in answers
// recorded from Fastly (see internal/fastlytest/testdata/details).
func TestDraftCandidateRecorded(t *testing.T) {
	for _, c := range []struct {
		file   string
		want   int
		marked bool
	}{
		// Unlocked, above the active version, edgectl's comment.
		{"recorded-shapes.json", 4, true},
		// No active version: nothing to build on.
		{"fastly-recorded-empty.json", 0, false},
	} {
		if d, marked := draftCandidate(fastlytest.ReadDetails(t, c.file, 0)); d != c.want || marked != c.marked {
			t.Errorf("%s: reusable draft %d (edgectl's: %v), want %d (%v)", c.file, d, marked, c.want, c.marked)
		}
	}
}
