package localserve

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/webplatform/edgectl/diag"
)

// UnsimulatedHeader marks a local answer of edgectl serve, made because
// falco could not simulate the request: it never comes from the VCL.
const UnsimulatedHeader = "X-Edgectl-Serve"

// Handler serves HTTP with the answers of an Engine and logs one line per
// request on Log: method, URL, the backends fetched, status, restarts.
// A request the Engine cannot simulate, or a panic in it, gets a local
// answer with the status of the Unsimulated error (500 for a panic), and
// a line on Log saying what could not be simulated; the server goes on.
type Handler struct {
	Engine Engine
	Log    io.Writer
	// StandIns are the variant's directors, named in the log beside the
	// backend that served them.
	StandIns []StandIn

	logMu sync.Mutex
}

// ServeHTTP answers r with the Engine's answer, or with a local answer
// saying what could not be simulated.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	a, err := h.answer(r)
	// Logged before the answer is sent, so that a client that has its
	// answer finds the line on the log.
	if err != nil {
		u, ok := err.(*Unsimulated)
		if !ok {
			u = &Unsimulated{Status: http.StatusInternalServerError, What: "falco could not simulate this request", Detail: err.Error()}
		}
		h.logf("%s %s backend=%s status=%d restarts=- %s\n  falco could not simulate this request: %s",
			r.Method, requestURL(r), h.backends(u.Fetched), u.Status, since(start), diag.Printable(u.Error()))
		writeUnsimulated(w, u)
		return
	}
	h.logf("%s %s backend=%s status=%d restarts=%d %s%s",
		r.Method, requestURL(r), h.backends(a.Fetched), a.Status, a.Restarts, since(start), notes(a.Notes))
	for name, values := range a.Header {
		w.Header()[name] = values
	}
	// The body may not be the one the origin measured (ESI assembly):
	// net/http counts it again.
	w.Header().Del("Content-Length")
	w.WriteHeader(a.Status)
	_, _ = w.Write(a.Body) // a client gone away is not ours to report
}

// answer asks the Engine, turning a panic that escaped it into an error.
func (h *Handler) answer(r *http.Request) (a *Answer, err error) {
	defer func() {
		if p := recover(); p != nil {
			a, err = nil, &Unsimulated{Status: http.StatusInternalServerError, What: "falco panicked while simulating this request", Detail: fmt.Sprint(p)}
		}
	}()
	return h.Engine.Serve(r)
}

func writeUnsimulated(w http.ResponseWriter, u *Unsimulated) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set(UnsimulatedHeader, "unsimulated")
	w.WriteHeader(u.Status)
	fmt.Fprintf(w, "edgectl serve: falco could not simulate this request, so this answer is edgectl's, not the service's.\n%s\n", u.Error())
}

// backends names the backends fetched, a director's stand-in as
// "director(backend)".
func (h *Handler) backends(fetched []string) string {
	if len(fetched) == 0 {
		return "-"
	}
	names := make([]string, len(fetched))
	for i, name := range fetched {
		names[i] = name
		for _, s := range h.StandIns {
			if s.Director == name {
				names[i] = s.Director + "(" + s.Backend + ")"
			}
		}
	}
	return strings.Join(names, ",")
}

func (h *Handler) logf(format string, args ...any) {
	if h.Log == nil {
		return
	}
	h.logMu.Lock()
	defer h.logMu.Unlock()
	fmt.Fprintf(h.Log, format+"\n", args...)
}

// requestURL is the URL the client asked for, printable.
func requestURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return diag.Printable(scheme + "://" + r.Host + r.URL.RequestURI())
}

func since(start time.Time) string {
	return strconv.FormatInt(time.Since(start).Milliseconds(), 10) + "ms"
}

func notes(ns []string) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString("\n  note: " + diag.Printable(n))
	}
	return b.String()
}
