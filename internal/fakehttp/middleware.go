package fakehttp

import (
	"bytes"
	"net/http"
	"time"
)

// Middleware answers a fake's requests with injected latency and faults and
// logs them. Set its functions before the first request; Faults and Log
// may be changed at any time through their methods.
type Middleware struct {
	// Route returns the route pattern r matches, "" when none does.
	Route func(r *http.Request) string
	// Answer answers r into rec, the buffer the middleware sends once the
	// request is logged. conn is the connection's writer, for what must
	// act on the connection itself (http.MaxBytesReader closing it).
	Answer func(rec, conn http.ResponseWriter, r *http.Request)
	// Fail answers an injected fault that is not a dropped connection, in
	// the fake's error format.
	Fail func(w http.ResponseWriter, f *Fault)
	// Query returns the query string as the log keeps it, with credentials
	// a client may send there blanked; nil keeps it as sent.
	Query func(raw string) string
	// Now stamps the log entries; nil means time.Now.
	Now func() time.Time
	// SkipCancelled: a request whose client goes away during the injected
	// latency is neither answered nor logged. Otherwise it is handled as
	// any other once the latency has passed.
	SkipCancelled bool

	Faults FaultSet
	Log    Log
}

// ServeHTTP answers one request: latency and the fault it meets first, then
// the fake's answer (unless the fault comes before it), the log entry, and
// only then the answer sent.
func (m *Middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	route := m.Route(r)
	query := r.URL.RawQuery
	if m.Query != nil {
		query = m.Query(query)
	}
	entry := Entry{
		Time:   now(),
		Method: r.Method,
		Path:   r.URL.EscapedPath(),
		Query:  query,
		Route:  route,
		Header: m.Log.Header(r.Header),
	}
	logEntry := func() {
		entry.Duration = time.Since(start)
		m.Log.Add(&entry)
	}

	latency, fault := m.Faults.Next(r.Method, route)
	entry.Latency = latency
	if !Wait(r, latency) && m.SkipCancelled {
		return
	}
	rec := newRecorder()
	if fault == nil || fault.AfterApply {
		m.Answer(rec, w, r)
	}
	if fault != nil {
		// Before the change, or after it with the answer lost.
		entry.Fault = fault.String()
		if fault.Drop {
			logEntry()
			Drop(w)
			return
		}
		rec = newRecorder()
		m.Fail(rec, fault)
	}
	entry.Status = rec.statusCode()
	logEntry()
	rec.copyTo(w)
}

// Wait waits d, or less when the client goes away first; it reports
// whether the whole delay passed.
func Wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// Drop closes the connection without an answer, as a network failure would.
func Drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// HTTP/2 or a wrapped writer: abort the response instead.
	panic(http.ErrAbortHandler)
}

// recorder buffers a response so that a fault can replace it after the
// request was applied, and so that the log knows the status.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

// statusCode is the status the answer will have.
func (r *recorder) statusCode() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

func (r *recorder) copyTo(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.statusCode())
	_, _ = w.Write(r.body.Bytes())
}
