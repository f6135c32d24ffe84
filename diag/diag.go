// Package diag holds the diagnostics every edgectl stage reports: values with
// a position, a message and a hint, collected and printed once, sorted, in the
// manner of esbuild's log, so that a user sees every problem in one run.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Pos is a position in a source file. Line and Col count from 1; a zero Line
// means the position is the whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, the form editors jump to.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity tells whether a diagnostic stops the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	// Message says what is wrong.
	Message string
	// Hint says how to fix it; it may be empty.
	Hint string
}

// String formats the diagnostic as "file:line:col: error: message (hint)",
// with control characters escaped (see Printable): messages quote text from
// outside, such as a compiled line of a hook.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(Printable(d.Pos.String()))
	b.WriteString(": ")
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(PrintableLines(d.Message))
	if d.Hint != "" {
		b.WriteString("\n    hint: ")
		b.WriteString(PrintableLines(d.Hint))
	}
	return b.String()
}

// List collects diagnostics. Its zero value is ready to use.
type List []Diagnostic

// Errorf adds an error at pos.
func (l *List) Errorf(pos Pos, hint string, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Error, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos Pos, hint string, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Warning, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// Add appends other diagnostics.
func (l *List) Add(ds ...Diagnostic) { *l = append(*l, ds...) }

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(d Diagnostic) bool { return d.Severity == Error })
}

// Errors returns only the errors.
func (l List) Errors() List {
	return slices.DeleteFunc(slices.Clone(l), func(d Diagnostic) bool { return d.Severity != Error })
}

// Warnings returns only the warnings.
func (l List) Warnings() List {
	return slices.DeleteFunc(slices.Clone(l), func(d Diagnostic) bool { return d.Severity != Warning })
}

// Sort orders the list by file, line, column and message, so output is
// deterministic whatever order the stages found the problems in.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Err returns the list as an error when it holds at least one error, nil otherwise.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &Errors{List: l.Errors()}
}

// ErrReported is what a flow returns (wrapped or as it is) when it failed
// and has already printed why, so that the command only exits 1.
var ErrReported = errors.New("failure already reported")

// Errors is the error a failed stage returns: every error it found.
type Errors struct{ List List }

func (e *Errors) Error() string {
	l := slices.Clone(e.List)
	l.Sort()
	parts := make([]string, len(l))
	for i, d := range l {
		parts[i] = d.String()
	}
	n := len(l)
	noun := "errors"
	if n == 1 {
		noun = "error"
	}
	return strings.Join(parts, "\n") + fmt.Sprintf("\n%d %s", n, noun)
}

// Print writes l to w for people, sorted, one diagnostic after the other
// (errors only when errorsOnly, as for --quiet), then how many errors there
// are when there are any.
func (l List) Print(w io.Writer, errorsOnly bool) {
	l.Sort()
	if errorsOnly {
		l = l.Errors()
	}
	for _, d := range l {
		fmt.Fprintln(w, d.String())
	}
	if n := len(l.Errors()); n > 0 {
		noun := "errors"
		if n == 1 {
			noun = "error"
		}
		fmt.Fprintf(w, "%d %s\n", n, noun)
	}
}
