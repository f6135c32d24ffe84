package fastlyfake

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/webplatform/edgectl/internal/fakehttp"
)

// Options configure a [Server]. The zero value is a sandbox with Fastly's
// rate limit that accepts any non-empty token and keeps its state in memory.
type Options struct {
	// Token, when set, is the only API token accepted. Otherwise any
	// non-empty Fastly-Key header is accepted.
	Token string
	// StateFile, when set, is loaded by New if it exists, and rewritten
	// (sorted, indented JSON, mode 0600) 200 ms after a change, once for a
	// burst of changes; Flush writes it at once.
	StateFile string
	// RateLimit is the hourly budget of non-read requests; 0 means Fastly's
	// 1,000.
	RateLimit int
	// Now returns the current time; nil means time.Now. Tests pin it.
	Now func() time.Time
	// NewID returns the ID of a new service or dictionary; nil means 22
	// random alphanumeric characters, the form of Fastly's IDs. The
	// conformance test replays the IDs a cassette recorded.
	NewID func() string
	// CustomerID is the customer of every service; empty means a fixed ID.
	CustomerID string
	// Log, when set, receives one line per request: method, path, status,
	// time and fault. Never headers or bodies (the token, uploaded VCL).
	Log io.Writer
}

// DefaultRateLimit is Fastly's hourly budget of non-read requests per user.
const DefaultRateLimit = 1000

const defaultCustomerID = "sandboxCustomer0000000"

// maxBody bounds a request body. Fastly's custom VCL limit is reportedly
// 3 MB; a body over this bound answers 413.
const maxBody = 8 << 20

// Server is a local Fastly API. It is safe for concurrent requests.
type Server struct {
	opts Options
	mux  *http.ServeMux

	// mu guards st. Reads take it shared, changes exclusively.
	mu sync.RWMutex
	st *state

	limiter rateLimiter
	// mw injects latency and faults and keeps the request log.
	mw    *fakehttp.Middleware
	saver saver
	// purges records the purges answered (purge.go).
	purges purgeLog
}

// New returns a sandbox. With Options.StateFile naming an existing file, the
// state is loaded from it; an unreadable or invalid file is an error.
func New(opts Options) (*Server, error) {
	if opts.RateLimit <= 0 {
		opts.RateLimit = DefaultRateLimit
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.NewID == nil {
		opts.NewID = randomID
	}
	if opts.CustomerID == "" {
		opts.CustomerID = defaultCustomerID
	}
	s := &Server{opts: opts, st: &state{}}
	s.limiter.init(opts.RateLimit, opts.Now)
	if opts.StateFile != "" {
		st, err := loadState(opts.StateFile)
		if err != nil {
			return nil, err
		}
		if st != nil {
			s.st = st
		}
	}
	s.mux = s.routes()
	s.mw = &fakehttp.Middleware{Route: s.route, Answer: s.answer, Fail: s.fail, Now: s.now, Query: redactQuery,
		Log: fakehttp.Log{Secrets: []string{"Fastly-Key"}, Out: opts.Log, Prefix: "sandbox"}}
	return s, nil
}

// Handler returns the HTTP handler of the API. It is s itself.
func (s *Server) Handler() http.Handler { return s }

// randomID returns 22 random characters from [0-9A-Za-z], like Fastly's IDs.
func randomID() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 22)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func (s *Server) now() time.Time { return s.opts.Now().UTC() }

// stamp formats t as Fastly's timestamps: 2022-11-04T17:45:17Z.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// route returns the route pattern r matches ("/service/{service_id}"), or ""
// when none does.
func (s *Server) route(r *http.Request) string {
	_, pattern := s.mux.Handler(r)
	if i := strings.IndexByte(pattern, ' '); i >= 0 {
		pattern = pattern[i+1:]
	}
	if pattern == "/" {
		return ""
	}
	return pattern
}

// ServeHTTP answers one API request: injected latency and faults first, then
// authentication and the rate limit as Fastly applies them, then the
// endpoint. The answer is prepared in full, the request logged, and only
// then the answer sent: a client that has the answer finds its request in
// the log (package fakehttp).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mw.ServeHTTP(w, r) }

// answer answers r into rec, as Fastly would: a body over maxBody is
// refused before it is read, then come authentication, path checks, the
// rate limit, and the endpoint. w is the connection's writer, told to close
// the connection after a body that was too large.
func (s *Server) answer(rec, w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > maxBody {
		writeError(rec, tooLarge())
		return
	}
	if r.Body == nil {
		r.Body = http.NoBody
	}
	// MaxBytesReader also stops a body of unannounced length (chunked).
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	r.Body = io.NopCloser(bytes.NewReader(body))
	switch {
	case err != nil:
		writeError(rec, tooLarge())
	case !s.authorized(r):
		// Fastly's answer to a missing or wrong token.
		writeError(rec, &apiError{http.StatusUnauthorized, "Provided credentials are missing or invalid", ""})
	case !cleanPath(r.URL.EscapedPath()) && !isPurgeURL(r.Method, r.URL.EscapedPath()):
		// Go's router would redirect such a path; the API has none.
		writeError(rec, &apiError{http.StatusNotFound, "Record not found", "the sandbox serves no " + r.Method + " " + r.URL.EscapedPath()})
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		// Non-read requests spend the hourly budget and carry its headers,
		// the 429 included.
		remaining, reset, ok := s.limiter.take()
		rec.Header().Set("Fastly-RateLimit-Remaining", fmt.Sprint(remaining))
		rec.Header().Set("Fastly-RateLimit-Reset", fmt.Sprint(reset))
		if !ok {
			writeError(rec, &apiError{http.StatusTooManyRequests, "Too many requests", fmt.Sprintf("the hourly budget of %d non-read requests is spent; it resets at %d (unix time)", s.opts.RateLimit, reset)})
			return
		}
		s.mux.ServeHTTP(rec, r)
	default:
		s.mux.ServeHTTP(rec, r)
	}
}

func tooLarge() *apiError {
	return &apiError{http.StatusRequestEntityTooLarge, "Request entity too large", fmt.Sprintf("the body exceeds %d bytes", maxBody)}
}

// cleanPath reports whether p is an absolute path without empty, "." or
// ".." segments, the only paths the API's routes can match.
func cleanPath(p string) bool {
	return strings.HasPrefix(p, "/") && path.Clean(p) == p
}

func (s *Server) authorized(r *http.Request) bool {
	key := r.Header.Get("Fastly-Key")
	if s.opts.Token != "" {
		return key == s.opts.Token
	}
	return key != ""
}
