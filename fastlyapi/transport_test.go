package fastlyapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

// answer is what the test server does on one request.
type answer struct {
	status int
	header map[string]string
	delay  time.Duration
	drop   bool
}

// script serves the answers in turn (the last one repeats) and counts.
type script struct {
	mu      sync.Mutex
	answers []answer
	n       int
	keys    []string
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	a := s.answers[min(s.n, len(s.answers)-1)]
	s.n++
	s.keys = append(s.keys, r.Header.Get("Fastly-Key"))
	s.mu.Unlock()
	// A delayed answer waits until the client gives up (or the delay ends),
	// so the client's timeout alone decides, however loaded the machine is.
	select {
	case <-time.After(a.delay):
	case <-r.Context().Done():
	}
	if a.drop {
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
		return
	}
	for k, v := range a.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	if a.status != 0 && a.status != 200 {
		w.WriteHeader(a.status)
		fmt.Fprintf(w, `{"msg": "%s", "detail": "scripted"}`, http.StatusText(a.status))
		return
	}
	switch {
	case strings.HasSuffix(r.URL.Path, "/details"):
		fmt.Fprint(w, `{"id": "SU1Z0isxPaozGVKXdv0eY", "active_version": null, "versions": [], "version": {"number": 1}}`)
	default:
		fmt.Fprint(w, `{"number": 2, "comment": "x", "service_id": "SU1Z0isxPaozGVKXdv0eY"}`)
	}
}

func (s *script) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// testClient returns a client of a scripted server on 127.0.0.1, with
// instant, recorded sleeps and recorded progress lines.
func testClient(t *testing.T, answers ...answer) (*fastlyapi.Client, *script, *[]time.Duration, *[]string) {
	t.Helper()
	s := &script{answers: answers}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	var sleeps []time.Duration
	var said []string
	c, err := fastlyapi.NewClient(fastlyapi.Options{
		Token: fastlytest.Token,
		URL:   srv.URL,
		// Generous, so that a loaded machine (go test -race, -count 20)
		// does not turn an ordinary answer into a timeout.
		Timeout:  2 * time.Second,
		Backoff:  10 * time.Millisecond,
		Sleep:    func(d time.Duration) { sleeps = append(sleeps, d) },
		Progress: func(m string) { said = append(said, m) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, s, &sleeps, &said
}

func resetIn(d time.Duration) map[string]string {
	return map[string]string{"Fastly-RateLimit-Remaining": "0", "Fastly-RateLimit-Reset": strconv.FormatInt(time.Now().Add(d).Unix(), 10)}
}

func TestTransport(t *testing.T) {
	const sid = "SU1Z0isxPaozGVKXdv0eY"
	read := func(c *fastlyapi.Client) error { _, err := c.Details(sid, 0); return err }
	write := func(c *fastlyapi.Client) error { return c.SetComment(sid, 2, "x") }
	for _, c := range []struct {
		name     string
		answers  []answer
		call     func(*fastlyapi.Client) error
		requests int
		sleeps   int
		wantErr  string
		wantSaid string
	}{
		{"read ok", []answer{{}}, read, 1, 0, "", ""},
		{"read retried on 503 and 500", []answer{{status: 503}, {status: 500}, {}}, read, 3, 2, "", "answered 503; retrying"},
		{"read gives up after 3 retries", []answer{{status: 503}}, read, 4, 3, "Fastly answered 503 Service Unavailable: Service Unavailable: scripted", ""},
		{"read retried on a dropped connection", []answer{{drop: true}, {}}, read, 2, 1, "", "failed"},
		{"read retried on a timeout", []answer{{delay: time.Minute}, {}}, read, 2, 1, "", "no answer within 2s"},
		{"read not retried on 404", []answer{{status: 404}, {}}, read, 1, 0, "Fastly answered 404 Not Found", ""},
		{"unknown token", []answer{{status: 401}}, read, 1, 0, "check the API token", ""},
		{"write not retried on 500", []answer{{status: 500}, {}}, write, 1, 0, "500", ""},
		{"write not retried on a dropped connection", []answer{{drop: true}, {}}, write, 1, 0, "EOF", ""},
		{"write waits for a near reset", []answer{{status: 429, header: resetIn(30 * time.Second)}, {}}, write, 2, 1, "", "waiting"},
		{"write stops before a far reset", []answer{{status: 429, header: resetIn(2 * time.Hour)}, {}}, write, 1, 0, "rate limit is exhausted until", ""},
		{"429 without a reset", []answer{{status: 429}, {}}, read, 1, 0, "did not say when it resets", ""},
		{"waits once only", []answer{{status: 429, header: resetIn(10 * time.Second)}}, write, 2, 1, "rate limit is exhausted", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			client, s, sleeps, said := testClient(t, c.answers...)
			err := c.call(client)
			if c.wantErr == "" && err != nil {
				t.Fatalf("error: %v", err)
			}
			if c.wantErr != "" {
				if err == nil || !strings.Contains(fastlyapi.Describe("call", err).Error(), c.wantErr) {
					t.Fatalf("error %v, want %q", fastlyapi.Describe("call", err), c.wantErr)
				}
				if strings.Contains(fastlyapi.Describe("call", err).Error(), fastlytest.Token) {
					t.Error("the error shows the token")
				}
			}
			if s.count() != c.requests || len(*sleeps) != c.sleeps {
				t.Errorf("%d requests and %d sleeps %v, want %d and %d", s.count(), len(*sleeps), *sleeps, c.requests, c.sleeps)
			}
			if c.wantSaid != "" && !strings.Contains(strings.Join(*said, "\n"), c.wantSaid) {
				t.Errorf("progress %q lacks %q", *said, c.wantSaid)
			}
			for _, k := range s.keys {
				if k != fastlytest.Token {
					t.Errorf("request sent Fastly-Key %q", k)
				}
			}
			st := client.Stats()
			if st.Reads+st.Writes != c.requests {
				t.Errorf("stats %+v, want %d requests", st, c.requests)
			}
		})
	}
}

// TestBackoff: the waits between read attempts double from Backoff.
func TestBackoff(t *testing.T) {
	client, _, sleeps, _ := testClient(t, answer{status: 502})
	if _, err := client.Details("x", 0); err == nil {
		t.Fatal("no error")
	}
	want := []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond}
	if fmt.Sprint(*sleeps) != fmt.Sprint(want) {
		t.Errorf("sleeps %v, want %v", *sleeps, want)
	}
}

func TestRateLimitRecorded(t *testing.T) {
	reset := time.Now().Add(time.Hour).Truncate(time.Second)
	client, _, _, _ := testClient(t, answer{header: map[string]string{"Fastly-RateLimit-Remaining": "987", "Fastly-RateLimit-Reset": strconv.FormatInt(reset.Unix(), 10)}})
	if client.RateLimit().Known {
		t.Error("rate limit known before any answer")
	}
	if err := client.SetComment("x", 2, "c"); err != nil {
		t.Fatal(err)
	}
	if rl := client.RateLimit(); !rl.Known || rl.Remaining != 987 || !rl.Reset.Equal(reset) {
		t.Errorf("rate limit %+v", rl)
	}
}

func TestNewClientRejects(t *testing.T) {
	for _, o := range []fastlyapi.Options{
		{Token: "t", URL: "api.fastly.com"},
		{Token: "t", URL: "ftp://x"},
		{Token: "abc\ndef", URL: "http://127.0.0.1:1"},
	} {
		_, err := fastlyapi.NewClient(o)
		if err == nil {
			t.Errorf("NewClient(%+v) succeeded", o)
		} else if strings.Contains(err.Error(), "abc") {
			t.Errorf("error shows the token: %v", err)
		}
	}
}

// TestErrorAnswerQuotingToken: an API answer that quotes the token (a
// misbehaving proxy, say) never reaches the error message, so nothing has
// to be replaced in it.
func TestErrorAnswerQuotingToken(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"msg": "Bad request", "detail": "unknown key %s"}`, r.Header.Get("Fastly-Key"))
	}))
	defer srv.Close()
	c := fastlytest.NewClient(t, srv.URL)
	_, err := c.Clone(fastlytest.DemoID, 1)
	err = fastlyapi.Describe("clone", err)
	if err == nil || strings.Contains(err.Error(), fastlytest.Token) || !strings.Contains(err.Error(), "Fastly answered 400") || !strings.Contains(err.Error(), "quoted the API token") {
		t.Errorf("error %v", err)
	}
}
