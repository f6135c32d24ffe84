package fastlyfake

import (
	"fmt"
	"net/http"

	"github.com/webplatform/edgectl/internal/fakehttp"
)

// Fault makes one request fail, for tests of a client's error handling.
// Route is a route pattern such as [RouteActivate]. A status fault answers
// 500 and 503 with Fastly's error body, 429 with the rate-limit headers
// (remaining 0). See [fakehttp.Fault].
type Fault = fakehttp.Fault

// Faults are the injected faults of a sandbox: latency on every request and
// the requests that fail.
type Faults = fakehttp.Faults

// SetFaults replaces the injected faults and restarts their counts.
func (s *Server) SetFaults(f Faults) { s.mw.Faults.Set(f) }

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
