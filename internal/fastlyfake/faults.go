package fastlyfake

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Fault makes one request fail, for tests of a client's error handling.
type Fault struct {
	// Method and Route select the requests the fault counts: an HTTP method
	// and a route pattern such as [RouteActivate]. Empty matches any.
	Method, Route string
	// Nth is the matching request that fails, counting from 1 since the
	// faults were set. 0 means the first.
	Nth int
	// Status is the status the request answers: 500 and 503 with Fastly's
	// error body, 429 with the rate-limit headers (remaining 0). Ignored
	// when Drop is set.
	Status int
	// Drop closes the connection without an answer. Go's HTTP client
	// retries an idempotent request (GET) once by itself when the dropped
	// connection was a reused one; the retry is a new request.
	Drop bool
	// AfterApply applies the request first and then fails its answer: the
	// change happened but the client cannot know it.
	AfterApply bool
}

// String describes the fault for the request log.
func (f *Fault) String() string {
	what := fmt.Sprintf("status %d", f.Status)
	if f.Drop {
		what = "drop"
	}
	if f.AfterApply {
		what += " after apply"
	}
	return what
}

// Faults are the injected faults of a sandbox.
type Faults struct {
	// Latency delays every request before it is handled. Requests run
	// concurrently, so the delays overlap as network latency does.
	Latency time.Duration
	// Fail lists the requests that fail.
	Fail []Fault
}

// faultSet is the active Faults and how many requests each has counted.
type faultSet struct {
	mu     sync.Mutex
	f      Faults
	counts []int
}

// SetFaults replaces the injected faults and restarts their counts.
func (s *Server) SetFaults(f Faults) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	f.Fail = append([]Fault(nil), f.Fail...)
	s.faults.f = f
	s.faults.counts = make([]int, len(f.Fail))
}

// next counts a request against the faults and returns the latency to add
// and the fault to apply, if any.
func (fs *faultSet) next(method, route string) (time.Duration, *Fault) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var hit *Fault
	for i := range fs.f.Fail {
		f := &fs.f.Fail[i]
		if f.Method != "" && f.Method != method || f.Route != "" && f.Route != route {
			continue
		}
		fs.counts[i]++
		if hit == nil && fs.counts[i] == max(f.Nth, 1) {
			c := *f
			hit = &c
		}
	}
	return fs.f.Latency, hit
}

// drop closes the connection without an answer, as a network failure would.
func (s *Server) drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// HTTP/2 or a wrapped writer: abort the response instead.
	panic(http.ErrAbortHandler)
}

// fail answers a request with fault f, which is not a dropped connection.
func (s *Server) fail(w http.ResponseWriter, f *Fault) {
	status := f.Status
	if status < 100 || status > 599 {
		// An unset or impossible status: answer a plain 500.
		status = http.StatusInternalServerError
	}
	switch status {
	case http.StatusTooManyRequests:
		_, reset := s.limiter.peek()
		w.Header().Set("Fastly-RateLimit-Remaining", "0")
		w.Header().Set("Fastly-RateLimit-Reset", fmt.Sprint(reset))
		writeError(w, &apiError{status, "Too many requests", "injected fault"})
	default:
		writeError(w, &apiError{status, http.StatusText(status), "injected fault"})
	}
}
