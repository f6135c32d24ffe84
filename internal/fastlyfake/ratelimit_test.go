package fastlyfake

import (
	"strconv"
	"testing"
	"time"

	"github.com/fastly/go-fastly/v9/fastly"
)

// TestRateLimit spends the hourly budget: writes carry the headers and
// count down, reads are free, the write past the budget is a 429 that
// changes nothing, and the next hour brings a new budget.
func TestRateLimit(t *testing.T) {
	clock := &fixedClock{time.Date(2026, 3, 1, 17, 45, 19, 0, time.UTC)}
	s, u := NewTest(t, Options{RateLimit: 3, Now: clock.now}, testSeed)
	sid := testSeed.ID
	reset := strconv.FormatInt(time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC).Unix(), 10)

	for i, want := range []string{"2", "1", "0"} {
		r := do(t, u, "PUT", "/service/"+sid+"/version/1/clone", nil)
		if r.status != 200 || r.header.Get("Fastly-RateLimit-Remaining") != want || r.header.Get("Fastly-RateLimit-Reset") != reset {
			t.Fatalf("write %d: %d remaining %q reset %q, want 200 %s %s", i+1, r.status, r.header.Get("Fastly-RateLimit-Remaining"), r.header.Get("Fastly-RateLimit-Reset"), want, reset)
		}
	}
	if r := do(t, u, "GET", "/service/"+sid+"/version", nil); r.status != 200 || r.header.Get("Fastly-RateLimit-Remaining") != "" {
		t.Errorf("read: %d with remaining %q, want 200 without the header", r.status, r.header.Get("Fastly-RateLimit-Remaining"))
	}

	c := newClient(t, u)
	_, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1})
	he := httpError(t, err)
	if he.StatusCode != 429 || he.RateLimitRemaining == nil || *he.RateLimitRemaining != 0 || he.RateLimitReset == nil || strconv.Itoa(*he.RateLimitReset) != reset {
		t.Errorf("write past the budget: %v", err)
	}
	if vs, _ := c.ListVersions(&fastly.ListVersionsInput{ServiceID: sid}); len(vs) != 4 {
		t.Errorf("%d versions, want 4: the refused clone changed the state", len(vs))
	}

	clock.t = clock.t.Add(15 * time.Minute)
	r := do(t, u, "PUT", "/service/"+sid+"/version/1/clone", nil)
	if r.status != 200 || r.header.Get("Fastly-RateLimit-Remaining") != "2" {
		t.Errorf("next hour: %d remaining %q, want 200 and 2", r.status, r.header.Get("Fastly-RateLimit-Remaining"))
	}

	s.SetRateLimit(0, time.Time{})
	if r := do(t, u, "POST", "/service/"+sid+"/version", nil); r.status != 429 {
		t.Errorf("after SetRateLimit(0): %d, want 429", r.status)
	}
	if rem, _ := s.RateLimit(); rem != 0 {
		t.Errorf("RateLimit() remaining %d, want 0", rem)
	}
}

// TestRateLimitDefault is Fastly's budget of 1,000 writes an hour.
func TestRateLimitDefault(t *testing.T) {
	s, u := NewTest(t, Options{}, testSeed)
	if rem, _ := s.RateLimit(); rem != DefaultRateLimit || DefaultRateLimit != 1000 {
		t.Errorf("initial budget %d, want 1000", rem)
	}
	r := do(t, u, "PUT", "/service/"+testSeed.ID+"/version/1/clone", nil)
	if got := r.header.Get("Fastly-RateLimit-Remaining"); got != "999" {
		t.Errorf("after one write: %q, want 999", got)
	}
}
