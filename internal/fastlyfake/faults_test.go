package fastlyfake

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fastly/go-fastly/v9/fastly"
)

// TestFaults injects each kind of fault into a clone and checks what the
// client sees and whether the clone happened.
func TestFaults(t *testing.T) {
	tests := []struct {
		name     string
		fault    Fault
		clones   int // clones requested
		failAt   int // the clone that fails, from 1
		status   int // its status as go-fastly reports it; 0 for a transport error
		versions int // versions afterwards
	}{
		{"503 before apply", Fault{Method: "PUT", Route: RouteClone, Status: 503}, 1, 1, 503, 1},
		{"500 before apply", Fault{Route: RouteClone, Status: 500}, 1, 1, 500, 1},
		{"429 before apply", Fault{Route: RouteClone, Status: 429}, 1, 1, 429, 1},
		{"503 after apply", Fault{Route: RouteClone, Status: 503, AfterApply: true}, 1, 1, 503, 2},
		{"dropped connection", Fault{Route: RouteClone, Drop: true}, 1, 1, 0, 1},
		{"dropped after apply", Fault{Route: RouteClone, Drop: true, AfterApply: true}, 1, 1, 0, 2},
		{"third clone", Fault{Route: RouteClone, Nth: 3, Status: 503}, 3, 3, 503, 3},
		{"other route untouched", Fault{Route: RouteActivate, Status: 503}, 2, 0, 0, 3},
		{"other method untouched", Fault{Method: "GET", Route: RouteClone, Status: 503}, 1, 0, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, u := NewTest(t, Options{}, testSeed)
			s.SetFaults(Faults{Fail: []Fault{tt.fault}})
			c := newClient(t, u)
			for i := 1; i <= tt.clones; i++ {
				_, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: testSeed.ID, ServiceVersion: 1})
				switch {
				case i != tt.failAt && err != nil:
					t.Fatalf("clone %d: %v", i, err)
				case i == tt.failAt && tt.status == 0:
					if _, ok := err.(*fastly.HTTPError); err == nil || ok {
						t.Errorf("clone %d: %v, want a transport error", i, err)
					}
				case i == tt.failAt:
					if he := httpError(t, err); he.StatusCode != tt.status {
						t.Errorf("clone %d: status %d, want %d", i, he.StatusCode, tt.status)
					} else if tt.status == 429 && (he.RateLimitRemaining == nil || *he.RateLimitRemaining != 0) {
						t.Errorf("injected 429 without Fastly-RateLimit-Remaining: 0")
					}
				}
			}
			vs, err := c.ListVersions(&fastly.ListVersionsInput{ServiceID: testSeed.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) != tt.versions {
				t.Errorf("%d versions, want %d", len(vs), tt.versions)
			}
			var faulted int
			for _, r := range s.Requests() {
				if r.Fault != "" {
					faulted++
				}
			}
			if want := min(tt.failAt, 1); faulted != want {
				t.Errorf("%d requests logged with a fault, want %d", faulted, want)
			}
		})
	}
}

// TestLatency checks that the injected latency is added to every request
// (a lower bound only: the machine's speed is not under test).
func TestLatency(t *testing.T) {
	s, u := NewTest(t, Options{}, testSeed)
	const latency = 30 * time.Millisecond
	s.SetFaults(Faults{Latency: latency})
	start := time.Now()
	for i := 0; i < 3; i++ {
		if r := do(t, u, "GET", "/service/"+testSeed.ID, nil); r.status != 200 {
			t.Fatal(r.status)
		}
	}
	if d := time.Since(start); d < 3*latency {
		t.Errorf("3 requests took %v, less than 3 × %v", d, latency)
	}
	for _, r := range s.Requests() {
		if r.Latency != latency {
			t.Errorf("request %d logged latency %v, want %v", r.Seq, r.Latency, latency)
		}
	}
}

// TestRequestLogRedactsToken checks that the token appears nowhere: not in
// the log's headers, not in the lines written to Options.Log.
func TestRequestLogRedactsToken(t *testing.T) {
	const secret = "s3cr3t-t0ken-value"
	var logged bytes.Buffer
	s, u := NewTest(t, Options{Token: secret, Log: &logged}, testSeed)
	for _, key := range []string{secret, "wrong", ""} {
		req, _ := http.NewRequest("PUT", u+"/service/"+testSeed.ID+"/version/1/clone", nil)
		if key != "" {
			req.Header.Set("Fastly-Key", key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if want := map[bool]int{true: 200, false: 401}[key == secret]; resp.StatusCode != want {
			t.Errorf("token %q: status %d, want %d", key, resp.StatusCode, want)
		}
	}
	reqs := s.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d logged requests, want 3", len(reqs))
	}
	for _, r := range reqs {
		for k, vs := range r.Header {
			for _, v := range vs {
				if strings.Contains(v, secret) {
					t.Errorf("request %d: header %s holds the token", r.Seq, k)
				}
			}
		}
	}
	if got := reqs[0].Header.Get("Fastly-Key"); got != Redacted {
		t.Errorf("Fastly-Key logged as %q, want %q", got, Redacted)
	}
	if strings.Contains(logged.String(), secret) || strings.Count(logged.String(), "\n") != 3 {
		t.Errorf("log lines:\n%s", logged.String())
	}
	if n := s.Count("PUT", RouteClone); n != 3 {
		t.Errorf("Count(PUT, clone) = %d, want 3", n)
	}
	if got := s.Counts()["PUT "+RouteClone]; got != 3 {
		t.Errorf("Counts()[PUT clone] = %d, want 3", got)
	}
}

// TestCounts checks per-route counting over a mixed run.
func TestCounts(t *testing.T) {
	s, u := NewTest(t, Options{}, testSeed)
	sid := testSeed.ID
	do(t, u, "GET", "/service/"+sid+"/details", nil)
	do(t, u, "GET", "/service/"+sid+"/details", nil)
	do(t, u, "PUT", "/service/"+sid+"/version/1/clone", nil)
	do(t, u, "GET", "/service/"+sid+"/version/2/backend/origin", nil)
	do(t, u, "GET", "/nowhere", nil)
	want := map[string]int{
		"GET " + RouteDetails:             2,
		"PUT " + RouteClone:               1,
		"GET " + ObjectRoute(KindBackend): 1,
		"GET ?":                           1,
	}
	got := s.Counts()
	if len(got) != len(want) {
		t.Errorf("Counts() = %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("Counts()[%s] = %d, want %d", k, got[k], n)
		}
	}
	if n := s.Count("GET", ""); n != 4 {
		t.Errorf("Count(GET, any) = %d, want 4", n)
	}
	s.ResetRequests()
	if n := s.Count("", ""); n != 0 {
		t.Errorf("after ResetRequests: %d", n)
	}
}
