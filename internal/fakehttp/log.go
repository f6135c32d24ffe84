package fakehttp

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Redacted replaces the value of a secret header in the request log.
const Redacted = "REDACTED"

// MaxLogged is how many recent requests a log keeps by default. Older ones
// are dropped; the per-route counters go on counting them, so that a fake
// serving many clients for hours keeps a bounded log.
const MaxLogged = 1024

// maxLoggedHeader bounds the header bytes (names and values) kept per
// logged request: a client's headers can be large, and the log must stay
// small. Headers past the bound, in name order, are left out.
const maxLoggedHeader = 4096

// Entry is one request a fake received. Request bodies are not kept: they
// hold VCL (the private include too) or passwords, and can be large.
type Entry struct {
	// Seq numbers requests from 1 in the order they arrived.
	Seq  int
	Time time.Time
	// Method, Path (escaped) and Query are the request line.
	Method, Path, Query string
	// Route is the route pattern the request matched; empty when it
	// matched none.
	Route string
	// Header is the request header with the secret headers redacted, its
	// first 4 KiB in name order.
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

// Log keeps the most recent requests in a ring and a count of all requests
// per method and route since the last reset. Set its fields before the
// first request; its methods are safe for concurrent use.
type Log struct {
	// Max is how many requests the ring keeps; 0 means MaxLogged.
	Max int
	// Secrets are the header names whose values are never logged
	// (canonical form: "Fastly-Key").
	Secrets []string
	// Out, when set, receives one line per request, "<Prefix>: seq method
	// path status duration [fault=...]": never headers, query or body.
	Out    io.Writer
	Prefix string

	mu     sync.Mutex
	seq    int
	ring   []Entry
	next   int // where the next entry goes once the ring is full
	counts map[routeKey]int
}

// Add numbers e, keeps it and counts it.
func (l *Log) Add(e *Entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	e.Seq = l.seq
	limit := l.Max
	if limit <= 0 {
		limit = MaxLogged
	}
	if len(l.ring) < limit {
		l.ring = append(l.ring, *e)
	} else {
		l.ring[l.next] = *e
		l.next = (l.next + 1) % limit
	}
	if l.counts == nil {
		l.counts = map[routeKey]int{}
	}
	l.counts[routeKey{e.Method, e.Route}]++
	if l.Out != nil {
		fault := ""
		if e.Fault != "" {
			fault = " fault=" + e.Fault
		}
		// Path only: a query could carry anything, and bodies hold VCL.
		fmt.Fprintf(l.Out, "%s: %d %s %s %d %s%s\n", l.Prefix, e.Seq, e.Method, e.Path, e.Status, e.Duration.Round(time.Microsecond), fault)
	}
}

// Header copies h for the log: the secret headers' values replaced by
// Redacted, at most maxLoggedHeader bytes, in name order.
func (l *Log) Header(h http.Header) http.Header {
	c := http.Header{}
	budget := maxLoggedHeader
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			if slices.Contains(l.Secrets, k) {
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

// Entries returns a copy of the requests the ring holds, oldest first.
func (l *Log) Entries() []Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Entry, 0, len(l.ring))
	out = append(out, l.ring[l.next:]...)
	return append(out, l.ring[:l.next]...)
}

// Reset empties the ring and the counters (sequence numbers go on).
func (l *Log) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ring, l.next, l.counts = nil, 0, nil
}

// Count returns how many requests since the last reset have the method and
// route; an empty method or route matches any. It counts requests the ring
// no longer holds too.
func (l *Log) Count(method, route string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for k, c := range l.counts {
		if (method == "" || k.method == method) && (route == "" || k.route == route) {
			n += c
		}
	}
	return n
}

// Counts returns the number of requests since the last reset per "METHOD
// route". Requests that matched no route count under "METHOD ?".
func (l *Log) Counts() map[string]int {
	return l.countsBy(func(k routeKey) string {
		route := k.route
		if route == "" {
			route = "?"
		}
		return k.method + " " + route
	})
}

// ByRoute returns the number of requests since the last reset per route,
// whatever their method: for fakes whose routes name their method.
func (l *Log) ByRoute() map[string]int {
	return l.countsBy(func(k routeKey) string { return k.route })
}

// countsBy adds up the requests since the last reset under the name that
// name gives their method and route.
func (l *Log) countsBy(name func(routeKey) string) map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	m := map[string]int{}
	for k, c := range l.counts {
		m[name(k)] += c
	}
	return m
}
