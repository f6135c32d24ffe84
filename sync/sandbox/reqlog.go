package sandbox

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"
)

// Redacted replaces the value of the Fastly-Key header in the request log.
const Redacted = "REDACTED"

// LoggedRequest is one request the sandbox received.
type LoggedRequest struct {
	// Seq numbers requests from 1 in the order they arrived.
	Seq  int
	Time time.Time
	// Method, Path (escaped) and Query are the request line.
	Method, Path, Query string
	// Route is the route pattern the request matched, such as
	// [RouteClone]; empty when it matched none.
	Route string
	// Header is the request header with Fastly-Key redacted.
	Header http.Header
	// Body is the request body (form or JSON). It is kept for tests and
	// never written to Options.Log.
	Body string
	// Status is the answer's status; 0 for a dropped connection.
	Status int
	// Fault names the injected fault that answered, or is empty.
	Fault string
	// Latency is the injected delay; Duration the whole handling time.
	Latency, Duration time.Duration
}

// requestLog keeps every request in order.
type requestLog struct {
	mu   sync.Mutex
	seq  int
	reqs []LoggedRequest
}

func (l *requestLog) add(e *LoggedRequest, w io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	e.Seq = l.seq
	l.reqs = append(l.reqs, *e)
	if w != nil {
		fault := ""
		if e.Fault != "" {
			fault = " fault=" + e.Fault
		}
		// Path only: a query could carry anything, and bodies hold VCL.
		fmt.Fprintf(w, "sandbox: %d %s %s %d %s%s\n", e.Seq, e.Method, e.Path, e.Status, e.Duration.Round(time.Microsecond), fault)
	}
}

// redact copies h with the API token replaced.
func redact(h http.Header) http.Header {
	c := h.Clone()
	if c == nil {
		c = http.Header{}
	}
	if _, ok := c["Fastly-Key"]; ok {
		c["Fastly-Key"] = []string{Redacted}
	}
	return c
}

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []LoggedRequest {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return append([]LoggedRequest(nil), s.log.reqs...)
}

// ResetRequests empties the request log (sequence numbers go on).
func (s *Server) ResetRequests() {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.reqs = nil
}

// Count returns how many logged requests have the method and route (such
// as "PUT", [RouteClone]); an empty method or route matches any.
func (s *Server) Count(method, route string) int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	n := 0
	for _, r := range s.log.reqs {
		if (method == "" || r.Method == method) && (route == "" || r.Route == route) {
			n++
		}
	}
	return n
}

// Counts returns the number of logged requests per "METHOD route", for
// instance "GET /service/{service_id}/details". Requests that matched no
// route count under "METHOD ?".
func (s *Server) Counts() map[string]int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	m := map[string]int{}
	for _, r := range s.log.reqs {
		route := r.Route
		if route == "" {
			route = "?"
		}
		m[r.Method+" "+route]++
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
