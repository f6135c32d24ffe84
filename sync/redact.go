package sync

import (
	"io"
	"slices"
	"strings"
	gosync "sync"
)

// minSecretLen is the shortest private-include line hidden on its own.
const minSecretLen = 6

// hidden replaces a secret in output.
const hidden = "[hidden]"

// Redactor removes secrets (the API token, the private include's lines) from
// text before it is printed. Nothing in sync prints a secret on purpose; the
// redactor is the second line of defence for text that comes from elsewhere:
// Fastly's validation messages may quote the VCL they reject, and transport
// errors may quote what was sent.
type Redactor struct {
	mu      gosync.Mutex
	secrets []string
}

// NewRedactor returns a redactor hiding the given secrets; empty ones are ignored.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	r.Add(secrets...)
	return r
}

// Add hides more secrets.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range secrets {
		if s != "" && !slices.Contains(r.secrets, s) {
			r.secrets = append(r.secrets, s)
		}
	}
	// Longest first, so that a secret containing another is hidden whole.
	slices.SortFunc(r.secrets, func(a, b string) int { return len(b) - len(a) })
}

// String returns s with every secret replaced.
func (r *Redactor) String(s string) string {
	if r == nil {
		return s
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, sec, hidden)
	}
	return s
}

// Error returns err with its message redacted; nil stays nil. The result
// keeps err in its chain for errors.As.
func (r *Redactor) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := r.String(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Writer returns a writer that redacts each write. Callers write whole
// lines, so a secret is never split across two writes.
func (r *Redactor) Writer(w io.Writer) io.Writer { return &redactWriter{r: r, w: w} }

type redactWriter struct {
	r *Redactor
	w io.Writer
}

func (rw *redactWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(rw.w, rw.r.String(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
