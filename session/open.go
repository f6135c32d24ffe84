package session

import (
	"fmt"
	"io"
	"sync"

	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/redact"
)

// Options say how to open a Session: the credentials' flags (resolved by
// Token and Endpoint), where text from Fastly goes, and whether progress is
// wanted.
type Options struct {
	// TokenFile is --token-file; APIURL is --api-url ("" for the
	// environment, then Fastly's).
	TokenFile string
	APIURL    string
	// Stderr receives progress lines and, through Session.Stderr, the
	// command's problems.
	Stderr io.Writer
	// Quiet drops progress lines and warnings (--quiet).
	Quiet bool
}

// Open resolves the credentials and returns a Session whose Stderr
// redacts. The token goes into the Fastly-Key header and nowhere else, so
// no output needs it replaced; text from Fastly (errors, validation
// messages, progress) goes to Stderr, through the Redactor that keeps the
// private include out.
func Open(o Options) (*Session, error) {
	tok, err := Token(o.TokenFile)
	if err != nil {
		return nil, err
	}
	url, err := Endpoint(o.APIURL)
	if err != nil {
		return nil, err
	}
	red := redact.NewRedactor()
	s := &Session{Redactor: red, Stderr: &lockedWriter{w: red.Writer(o.Stderr)}, quiet: o.Quiet}
	s.Client, err = fastlyapi.NewClient(fastlyapi.Options{Token: tok, URL: url, Progress: s.Progress})
	if err != nil {
		return nil, red.Error(err)
	}
	return s, nil
}

// Progress prints what a long step is doing on Stderr, unless quiet.
func (s *Session) Progress(msg string) {
	if !s.quiet && s.Stderr != nil {
		fmt.Fprintln(s.Stderr, msg)
	}
}

// warn prints a warning on Stderr, unless quiet.
func (s *Session) warn(msg string) {
	if !s.quiet && s.Stderr != nil {
		fmt.Fprintf(s.Stderr, "warning: %s\n", msg)
	}
}

// lockedWriter serialises the lines written from concurrent reads (the
// client's retries report from the goroutines that prefetch).
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
