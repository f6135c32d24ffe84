package fastlyfake

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sort"
	"sync"
	"time"
)

// Redacted replaces the value of the Fastly-Key header in the request log.
const Redacted = "REDACTED"

// MaxLogged is how many recent requests the log keeps. Older ones are
// dropped; the per-route counters go on counting them, so that a sandbox
// serving many clients for hours keeps a bounded log.
const MaxLogged = 1024

// maxLoggedHeader bounds the header bytes (names and values) kept per
// logged request: a client's headers can be large, and the log must stay
// small. Headers past the bound, in name order, are left out.
const maxLoggedHeader = 4096

// LoggedRequest is one request the sandbox received. Request bodies are not
// kept: they hold VCL (the private include too) and can be large.
type LoggedRequest struct {
	// Seq numbers requests from 1 in the order they arrived.
	Seq  int
	Time time.Time
	// Method, Path (escaped) and Query are the request line.
	Method, Path, Query string
	// Route is the route pattern the request matched, such as
	// [RouteClone]; empty when it matched none.
	Route string
	// Header is the request header with Fastly-Key redacted, its first
	// 4 KiB in name order.
	Header http.Header
	// Status is the answer's status; 0 for a dropped connection.
	Status int
	// Fault names the injected fault that answered, or is empty.
	Fault string
	// Latency is the injected delay; Duration the whole handling time.
	Latency, Duration time.Duration
}

// routeKey counts requests per method and route.
type routeKey struct{ method, route string }

// requestLog keeps the MaxLogged most recent requests in a ring, and a
// count of all requests per method and route since the last reset.
type requestLog struct {
	mu     sync.Mutex
	seq    int
	ring   []LoggedRequest
	next   int // where the next entry goes once the ring is full
	counts map[routeKey]int
}

func (l *requestLog) add(e *LoggedRequest, w io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	e.Seq = l.seq
	if len(l.ring) < MaxLogged {
		l.ring = append(l.ring, *e)
	} else {
		l.ring[l.next] = *e
		l.next = (l.next + 1) % MaxLogged
	}
	if l.counts == nil {
		l.counts = map[routeKey]int{}
	}
	l.counts[routeKey{e.Method, e.Route}]++
	if w != nil {
		fault := ""
		if e.Fault != "" {
			fault = " fault=" + e.Fault
		}
		// Path only: a query could carry anything, and bodies hold VCL.
		fmt.Fprintf(w, "sandbox: %d %s %s %d %s%s\n", e.Seq, e.Method, e.Path, e.Status, e.Duration.Round(time.Microsecond), fault)
	}
}

// redact copies h with the API token replaced, keeping maxLoggedHeader
// bytes of it.
func redact(h http.Header) http.Header {
	c := http.Header{}
	budget := maxLoggedHeader
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			if k == "Fastly-Key" {
				v = Redacted
			}
			if budget -= len(k) + len(v); budget < 0 {
				return c
			}
			c[k] = append(c[k], v)
		}
	}
	return c
}

// Requests returns a copy of the most recent requests (at most MaxLogged),
// oldest first.
func (s *Server) Requests() []LoggedRequest {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	out := make([]LoggedRequest, 0, len(s.log.ring))
	out = append(out, s.log.ring[s.log.next:]...)
	return append(out, s.log.ring[:s.log.next]...)
}

// ResetRequests empties the request log and its counters (sequence numbers
// go on).
func (s *Server) ResetRequests() {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.ring, s.log.next, s.log.counts = nil, 0, nil
}

// Count returns how many requests since the last reset have the method and
// route (such as "PUT", [RouteClone]); an empty method or route matches any.
// It counts requests the bounded log no longer holds too.
func (s *Server) Count(method, route string) int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	n := 0
	for k, c := range s.log.counts {
		if (method == "" || k.method == method) && (route == "" || k.route == route) {
			n += c
		}
	}
	return n
}

// Counts returns the number of requests since the last reset per "METHOD
// route", for instance "GET /service/{service_id}/details". Requests that
// matched no route count under "METHOD ?".
func (s *Server) Counts() map[string]int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	m := map[string]int{}
	for k, c := range s.log.counts {
		route := k.route
		if route == "" {
			route = "?"
		}
		m[k.method+" "+route] += c
	}
	return m
}

// CountLines formats counts as sorted "N METHOD route" lines.
func CountLines(counts map[string]int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = fmt.Sprintf("%d %s", counts[k], k)
	}
	return lines
}
