// Package verify lints Fastly VCL held in memory with falco's linter, the
// check "falco lint -I DIR DIR/local.vcl" makes, without writing files.
//
// A set of VCL files is a [Files] map from include name to source; [Lint]
// parses the entry file, resolves every include statement from the map and
// returns what falco reports as [Finding] values, sorted by file and position.
package verify

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ysugimoto/falco/ast"
	"github.com/ysugimoto/falco/config"
	"github.com/ysugimoto/falco/lexer"
	"github.com/ysugimoto/falco/linter"
	lcontext "github.com/ysugimoto/falco/linter/context"
	"github.com/ysugimoto/falco/parser"
	"github.com/ysugimoto/falco/resolver"
	"github.com/ysugimoto/falco/snippets"
	"github.com/ysugimoto/falco/token"

	"github.com/webplatform/edgectl/diag"
)

// Files maps an include name, without the .vcl extension (for example
// "main" or "private"), to its VCL source. The statement include "main";
// resolves to files["main"].
type Files map[string]string

// Severities of a [Finding].
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityInfo    = "info"
)

// RuleParse is the Rule of a finding that reports a parse error. It is not a
// falco linter rule: falco stops at the first parse error and lints nothing.
const RuleParse = "parse"

// RuleInternal is the Rule of a finding that reports a panic inside falco.
const RuleInternal = "internal"

// Finding is one problem falco reports.
type Finding struct {
	// File is the include name of the file the problem is in, a key of the
	// Files passed to Lint.
	File string
	// Line and Col count from 1; Col counts runes, a tab being one. A zero
	// Line means the problem has no position (for example an unused
	// externally defined declaration).
	Line, Col int
	// Severity is SeverityError, SeverityWarning or SeverityInfo.
	Severity string
	// Rule is the falco rule name, such as "backend/notfound", RuleParse or
	// RuleInternal; it may be empty.
	Rule string
	// Message says what is wrong.
	Message string
	// Reference is a documentation URL; it may be empty.
	Reference string
}

// Pos returns the position of f as a diag.Pos.
func (f Finding) Pos() diag.Pos {
	return diag.Pos{File: f.File, Line: f.Line, Col: f.Col}
}

// String formats f as "file:line:col: severity: message (rule)".
func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.Pos().String())
	b.WriteString(": ")
	b.WriteString(f.Severity)
	b.WriteString(": ")
	b.WriteString(f.Message)
	if f.Rule != "" {
		b.WriteString(" (")
		b.WriteString(f.Rule)
		b.WriteString(")")
	}
	return b.String()
}

// maxIncludes bounds how often one file may be included. falco follows
// includes depth-first without detecting cycles, and a cycle would overflow
// the stack, a fatal error no recover can catch; the bound turns it into an
// include error.
const maxIncludes = 16

// mapResolver is a falco resolver.Resolver that reads VCL from Files.
type mapResolver struct {
	files    Files
	entry    string
	included map[string]int
}

var _ resolver.Resolver = (*mapResolver)(nil)

func (r *mapResolver) MainVCL() (*resolver.VCL, error) {
	// Every read of the entry starts a new resolution: falco's tester
	// loads the VCL afresh for each test, through the same resolver.
	r.included = nil
	src, ok := r.files[r.entry]
	if !ok {
		return nil, fmt.Errorf("verify: entry %q is not in files", r.entry)
	}
	return &resolver.VCL{Name: r.entry, Data: src}, nil
}

func (r *mapResolver) Resolve(stmt *ast.IncludeStatement) (*resolver.VCL, error) {
	name := strings.TrimSuffix(stmt.Module.Value, ".vcl")
	src, ok := r.files[name]
	if !ok {
		// Same wording as falco's file resolver.
		return nil, fmt.Errorf("Failed to resolve include file: %s.vcl", name)
	}
	if r.included == nil {
		r.included = map[string]int{}
	}
	if r.included[name]++; r.included[name] > maxIncludes {
		return nil, fmt.Errorf("Include cycle: %s.vcl included more than %d times", name, maxIncludes)
	}
	return &resolver.VCL{Name: name, Data: src}, nil
}

func (r *mapResolver) Name() string           { return "" }
func (r *mapResolver) IncludePaths() []string { return nil }

// NewResolver returns a falco resolver that reads the file entry, and every
// include statement, from files, as Lint does: falco's interpreter (package
// vcltest) runs VCL built in memory through it, without temporary files.
func NewResolver(files Files, entry string) resolver.Resolver {
	return &mapResolver{files: files, entry: entry}
}

// linterConfig returns the linter configuration "falco lint" uses when no
// .falco.yaml is present.
func linterConfig() *config.LinterConfig {
	return &config.LinterConfig{
		Rules: map[string]string{},
		// config.New always ignores the undocumented Fastly vcl_pipe.
		IgnoreSubroutines: []string{"vcl_pipe"},
	}
}

// falcoMu serialises every use of falco in the process. falco is not safe
// for concurrent use: ast.New numbers every AST node from one unguarded
// global counter (parser, linter and interpreter all make nodes), and its
// tester installs functions in process-wide tables. Isolating it would mean
// a process per run; one lock costs little, since a lint takes tens of
// milliseconds.
var falcoMu sync.Mutex

// Exclusive runs f while no other falco work of this process runs: Lint
// waits for it, and it waits for Lint. Other users of falco's parser,
// linter or interpreter (vcltest) run through it.
func Exclusive(f func()) {
	falcoMu.Lock()
	defer falcoMu.Unlock()
	f()
}

// Lint parses and lints the file entry, a key of files, with every include
// statement resolved from files, as "falco lint -vv" would lint entry.vcl
// with the other files in its include path. It returns the findings of
// every severity, sorted by file, line, column, severity, rule and message,
// with exact duplicates removed.
//
// A parse error, in entry or in an included file, is returned as a single
// finding of severity error and rule RuleParse, since falco lints nothing
// after one; a missing include, or an include cycle, is an error finding
// of rule "include/module-load-failed"; a panic inside falco is an error
// finding of rule RuleInternal in entry. The error is non-nil only when
// entry is not a key of files. Lint is safe for concurrent use; runs are
// serialised (see Exclusive).
func Lint(files Files, entry string) (findings []Finding, err error) {
	return LintWithSnippets(files, entry, nil)
}

// Snippet is a VCL snippet of the service, which Fastly inserts into the
// VCL: one of type T at the "#FASTLY T" macro of vcl_T, init ones above
// every subroutine, and any by include "snippet::NAME" ("Using VCL
// snippets",
// https://www.fastly.com/documentation/guides/full-site-delivery/fastly-vcl/vcl-snippets/using-vcl-snippets).
// falco inserts them the same way; findings in one name the file
// "snippet::NAME".
type Snippet struct {
	Name, Type, Content string
}

// LintWithSnippets is Lint with the service's snippets inserted where
// Fastly inserts them, in the order given (Fastly's: by priority, lower
// first).
func LintWithSnippets(files Files, entry string, snips []Snippet) (findings []Finding, err error) {
	falcoMu.Lock()
	defer falcoMu.Unlock()
	rslv := &mapResolver{files: files, entry: entry}
	main, err := rslv.MainVCL()
	if err != nil {
		return nil, err
	}

	defer func() {
		if p := recover(); p != nil {
			findings = []Finding{{
				File:     entry,
				Severity: SeverityError,
				Rule:     RuleInternal,
				Message:  fmt.Sprintf("falco panicked: %v", p),
			}}
			err = nil
		}
	}()

	lx := lexer.NewFromString(main.Data, lexer.WithFile(main.Name))
	vcl, perr := parser.New(lx).ParseVCL()
	if perr != nil {
		return []Finding{parseFinding(perr, entry)}, nil
	}

	// Init snippets go above every subroutine, as the falco command puts
	// them (it parses and prepends them before linting).
	for i := len(snips) - 1; i >= 0; i-- {
		if snips[i].Type != "init" {
			continue
		}
		name := snippetFile + snips[i].Name
		init, perr := parser.New(lexer.NewFromString(snips[i].Content, lexer.WithFile(name))).ParseVCL()
		if perr != nil {
			return []Finding{parseFinding(perr, name)}, nil
		}
		vcl.Statements = append(init.Statements, vcl.Statements...)
	}

	lt := linter.New(linterConfig())
	lt.Lint(vcl, lcontext.New(lcontext.WithResolver(rslv), lcontext.WithSnippets(falcoSnippets(snips))))

	// A fatal error is a parse error in an included file. Like the CLI,
	// report it alone: what the linter says after it is noise caused by the
	// statements it had to drop.
	if lt.FatalError != nil {
		return []Finding{parseFinding(lt.FatalError.Error, entry)}, nil
	}

	for _, le := range lt.Errors {
		sev, ok := severity(le.Severity)
		if !ok {
			continue
		}
		findings = append(findings, Finding{
			File:      fileOf(le.Token, entry),
			Line:      le.Token.Line,
			Col:       le.Token.Position,
			Severity:  sev,
			Rule:      string(le.Rule),
			Message:   le.Message,
			Reference: le.Reference,
		})
	}
	sortFindings(findings)
	return slices.Compact(findings), nil
}

// snippetFile prefixes a snippet's name in the file of its findings, as
// falco names the snippets it inserts.
const snippetFile = "snippet::"

// falcoSnippets gives snippets to falco: by type, and by name for include.
// Init snippets are not given by type: LintWithSnippets puts them above
// the subroutines itself.
func falcoSnippets(snips []Snippet) *snippets.Snippets {
	out := &snippets.Snippets{ScopedSnippets: map[string][]snippets.SnippetItem{}, IncludeSnippets: map[string]snippets.SnippetItem{}}
	for _, s := range snips {
		item := snippets.SnippetItem{Name: s.Name, Data: s.Content}
		out.IncludeSnippets[s.Name] = item
		if s.Type != "none" && s.Type != "init" {
			out.ScopedSnippets[s.Type] = append(out.ScopedSnippets[s.Type], item)
		}
	}
	return out
}

// parseFinding turns a parser error into a finding.
func parseFinding(err error, entry string) Finding {
	var pe *parser.ParseError
	if errors.As(err, &pe) {
		return Finding{
			File:     fileOf(pe.Token, entry),
			Line:     pe.Token.Line,
			Col:      pe.Token.Position,
			Severity: SeverityError,
			Rule:     RuleParse,
			Message:  pe.Message,
		}
	}
	return Finding{
		File:     entry,
		Severity: SeverityError,
		Rule:     RuleParse,
		Message:  err.Error(),
	}
}

// fileOf returns the include name a token was read from. Tokens the
// linter makes up carry no file; they are reported in entry.
func fileOf(tok token.Token, entry string) string {
	if tok.File == "" {
		return entry
	}
	return tok.File
}

func severity(s linter.Severity) (string, bool) {
	switch s {
	case linter.ERROR:
		return SeverityError, true
	case linter.WARNING:
		return SeverityWarning, true
	case linter.INFO:
		return SeverityInfo, true
	}
	return "", false
}

func severityRank(s string) int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

func sortFindings(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(severityRank(a.Severity), severityRank(b.Severity)),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
			cmp.Compare(a.Reference, b.Reference),
		)
	})
}

// FormatFinding formats f for a terminal: the line
// "file:line:col: severity: message (rule)", then, when src (the source of
// f.File) has line f.Line, that line and a caret under column f.Col. Tabs
// before the column are kept so the caret lines up whatever the tab width.
// The result has no trailing newline.
func FormatFinding(f Finding, src string) string {
	head := f.String()
	if f.Line < 1 {
		return head
	}
	lines := strings.Split(src, "\n")
	if f.Line > len(lines) {
		return head
	}
	line := strings.TrimRight(lines[f.Line-1], "\r")
	var pad strings.Builder
	if f.Col > 1 {
		n := 0
		for _, r := range line {
			if n == f.Col-1 {
				break
			}
			if r == '\t' {
				pad.WriteByte('\t')
			} else {
				pad.WriteByte(' ')
			}
			n++
		}
		// A column past the end of the line (an error at end of line).
		pad.WriteString(strings.Repeat(" ", f.Col-1-n))
	}
	return head + "\n" + line + "\n" + pad.String() + "^"
}
