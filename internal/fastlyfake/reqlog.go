package fastlyfake

import (
	"fmt"
	"sort"

	"github.com/webplatform/edgectl/internal/fakehttp"
)

// Redacted replaces the value of the Fastly-Key header in the request log.
const Redacted = fakehttp.Redacted

// MaxLogged is how many recent requests the log keeps. Older ones are
// dropped; the per-route counters go on counting them, so that a sandbox
// serving many clients for hours keeps a bounded log.
const MaxLogged = fakehttp.MaxLogged

// LoggedRequest is one request the sandbox received, its Route a pattern
// such as [RouteClone] and its Fastly-Key header redacted. Request bodies are
// not kept: they hold VCL (the private include too) and can be large.
type LoggedRequest = fakehttp.Entry

// Requests returns a copy of the most recent requests (at most MaxLogged),
// oldest first.
func (s *Server) Requests() []LoggedRequest { return s.mw.Log.Entries() }

// ResetRequests empties the request log and its counters (sequence numbers
// go on).
func (s *Server) ResetRequests() { s.mw.Log.Reset() }

// Count returns how many requests since the last reset have the method and
// route (such as "PUT", [RouteClone]); an empty method or route matches any.
// It counts requests the bounded log no longer holds too.
func (s *Server) Count(method, route string) int { return s.mw.Log.Count(method, route) }

// Counts returns the number of requests since the last reset per "METHOD
// route", for instance "GET /service/{service_id}/details". Requests that
// matched no route count under "METHOD ?".
func (s *Server) Counts() map[string]int { return s.mw.Log.Counts() }

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
