// Package redact keeps the private include out of any text edgectl prints:
// Fastly's messages, errors, progress lines. See Redactor.
package redact

import (
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fastlyplan"
)

// Redactor keeps the private include out of printed text from elsewhere.
//
// Nothing in edgectl prints a secret on purpose: the API token is only ever
// placed in the Fastly-Key header, so no output needs the token replaced
// (replacing it afterwards turned "edgectl" into "edgec[hidden]l" for a
// one-letter token). The private include is shown as "changed (content
// hidden)" by the diff. What remains is text edgectl does not write itself:
// Fastly's validation messages and error answers quote the VCL they are
// about. The redactor reduces any line that is about the private include
// (a location in it) or that quotes a name or fragment found only in it to
// its location: "private:9:1: (a message about the private include,
// hidden)". It never changes a line it lets through.
type Redactor struct {
	mu sync.Mutex
	// names are the private includes' VCL names ("private").
	names map[string]bool
	// secret are the words of the private includes that no public VCL
	// holds; public are the words of the public VCL.
	secret map[string]bool
	public map[string]bool
}

// hiddenMessage replaces a message about the private include.
const hiddenMessage = "(a message about the private include, hidden)"

// vclWords are VCL's keywords, types and variable roots: public whatever
// the private include does with them.
var vclWords = strings.Fields(`acl add backend bereq beresp call client declare director else elseif
	error esi false fastly http include local obj remove req resp restart return server set
	sub synthetic table true unset BACKEND BOOL FLOAT INTEGER IP RTIME STRING TIME`)

// NewRedactor returns a redactor that hides nothing yet.
func NewRedactor() *Redactor {
	r := &Redactor{names: map[string]bool{}, secret: map[string]bool{}, public: map[string]bool{}}
	for _, w := range vclWords {
		r.public[w] = true
	}
	return r
}

// AddPrivate registers a private include: its VCL name and its content.
func (r *Redactor) AddPrivate(name, content string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names[name] = true
	for _, w := range words(content) {
		r.secret[w] = true
	}
}

// AddPublic registers public VCL (the compiled files, what Fastly holds
// besides the private include): its words are not secret even when the
// private include uses them too (private_recv, req.http.Authorization).
func (r *Redactor) AddPublic(contents ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range contents {
		for _, w := range words(c) {
			r.public[w] = true
		}
	}
}

// AddConfig registers the VCL of a configuration: the private include as
// private, the others as public.
func (r *Redactor) AddConfig(c *fastlyplan.Config) {
	if c == nil {
		return
	}
	for _, v := range c.VCLs {
		switch {
		case v.Private:
			r.AddPrivate(v.Name, v.Content)
		default:
			r.AddPublic(v.Content)
		}
	}
	for _, v := range c.Logging.Secrets {
		r.AddSecret(v)
	}
}

// AddSecret registers a credential (a logging token or key): a line
// quoting it is hidden as a line quoting the private include is. The armor
// of a PEM key ("BEGIN PRIVATE KEY") is public: certificates carry it too.
func (r *Redactor) AddSecret(value string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, w := range words(value) {
		if !pemArmor[w] {
			r.secret[w] = true
		}
	}
}

// pemArmor are the words of PEM header and footer lines (RFC 7468).
var pemArmor = map[string]bool{"BEGIN": true, "END": true, "PRIVATE": true, "KEY": true, "RSA": true, "ENCRYPTED": true, "CERTIFICATE": true, "OPENSSH": true}

// wordRE finds the words of VCL and of messages about it: names, header
// names, string fragments. Quotes, spaces and punctuation separate them.
var wordRE = regexp.MustCompile(`[A-Za-z0-9_][A-Za-z0-9_.\-]*`)

// minWord is the shortest word that can give a private word away; shorter
// ones ("a", "on", "if") say nothing. minFragment is the shortest part of a
// private word that gives it away: shorter parts ("the" of "authenticate")
// are everyday words.
const (
	minWord     = 3
	minFragment = 6
)

func words(s string) []string {
	var out []string
	for _, w := range wordRE.FindAllString(s, -1) {
		if w = strings.TrimRight(w, ".-"); len(w) >= minWord {
			out = append(out, w)
		}
	}
	return out
}

// locationRE finds a VCL location, "file:line:col" or "file:line".
var locationRE = regexp.MustCompile(`([A-Za-z0-9_.\-]+):[0-9]+(?::[0-9]+)?:?`)

// String returns s with every line about the private include reduced to
// its location.
func (r *Redactor) String(s string) string {
	if r == nil {
		return s
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.names) == 0 && len(r.secret) == 0 {
		return s
	}
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		lines[i] = r.line(l)
	}
	return strings.Join(lines, "")
}

// line returns l, or its location only when it is about the private
// include. The caller holds r.mu.
func (r *Redactor) line(l string) string {
	body, nl := strings.CutSuffix(l, "\n")
	loc := locationRE.FindStringSubmatchIndex(body)
	inPrivate := loc != nil && r.names[body[loc[2]:loc[3]]]
	if !inPrivate && !r.quotesSecret(body) {
		return l
	}
	indent := body[:len(body)-len(strings.TrimLeft(body, " \t"))]
	kept := indent
	if loc != nil && !r.quotesSecret(body[:loc[1]]) {
		kept = body[:loc[1]] + " "
	}
	out := kept + hiddenMessage
	if nl {
		out += "\n"
	}
	return out
}

// quotesSecret reports whether s holds a word of the private include that
// no public VCL holds, or a fragment of one.
func (r *Redactor) quotesSecret(s string) bool {
	for _, w := range words(s) {
		if r.public[w] {
			continue
		}
		if r.secret[w] {
			return true
		}
		if len(w) < minFragment {
			continue
		}
		for sec := range r.secret {
			if !r.public[sec] && strings.Contains(sec, w) {
				return true
			}
		}
	}
	return false
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
// lines.
func (r *Redactor) Writer(w io.Writer) io.Writer { return &redactWriter{r: r, w: w} }

type redactWriter struct {
	r *Redactor
	w io.Writer
}

// Write redacts p, then escapes the control characters of each line: what
// goes through here is text from Fastly, which must not drive the terminal.
func (rw *redactWriter) Write(p []byte) (int, error) {
	lines := strings.SplitAfter(rw.r.String(string(p)), "\n")
	for i, l := range lines {
		body, nl := strings.CutSuffix(l, "\n")
		if lines[i] = diag.Printable(body); nl {
			lines[i] += "\n"
		}
	}
	if _, err := io.WriteString(rw.w, strings.Join(lines, "")); err != nil {
		return 0, err
	}
	return len(p), nil
}
