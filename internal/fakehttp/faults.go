package fakehttp

import (
	"fmt"
	"sync"
	"time"
)

// Fault makes one request fail, for tests of a client's error handling.
type Fault struct {
	// Method and Route select the requests the fault counts: an HTTP method
	// and a route pattern of the fake. Empty matches any.
	Method, Route string
	// Nth is the matching request that fails, counting from 1 since the
	// faults were set. 0 means the first.
	Nth int
	// Status is the status the request answers, with the body the fake
	// gives it (Middleware.Fail). Ignored when Drop is set.
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

// Faults are the injected faults of a fake.
type Faults struct {
	// Latency delays every request before it is handled. Requests run
	// concurrently, so the delays overlap as network latency does.
	Latency time.Duration
	// Fail lists the requests that fail.
	Fail []Fault
}

// FaultSet is the active Faults and how many requests each has counted.
// Its zero value injects nothing. It is safe for concurrent use.
type FaultSet struct {
	mu     sync.Mutex
	f      Faults
	counts []int
}

// Set replaces the injected faults and restarts their counts.
func (fs *FaultSet) Set(f Faults) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f.Fail = append([]Fault(nil), f.Fail...)
	fs.f = f
	fs.counts = make([]int, len(f.Fail))
}

// SetLatency changes the latency only, keeping the faults and their counts.
func (fs *FaultSet) SetLatency(d time.Duration) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.f.Latency = d
}

// Next counts a request against the faults and returns the latency to add
// and the fault to apply, if any: the first fault whose count reaches its
// Nth on this request.
func (fs *FaultSet) Next(method, route string) (time.Duration, *Fault) {
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
