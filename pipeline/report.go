package pipeline

import (
	"fmt"
	"io"
	"strings"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/verify"
)

// The documents of build and lint --output json (the README's Output table
// is their contract: fields are added, never renamed or removed), and
// lint's report for people.

// BuildReport is build --output json.
type BuildReport struct {
	OK bool `json:"ok"`
	// Out is the output directory; Units what was written in it.
	Out         string       `json:"out"`
	Units       []UnitReport `json:"units"`
	Diagnostics []diag.JSON  `json:"diagnostics"`
}

// UnitReport is one service compiled for one level, in Dir of the output.
type UnitReport struct {
	Service string `json:"service"`
	Level   string `json:"level"`
	Dir     string `json:"dir"`
}

// Report is the report of a build into out: the units of o when diags
// have no error (o is then written), none otherwise.
func Report(out string, o *Output, diags diag.List) *BuildReport {
	rep := &BuildReport{OK: o != nil && !diags.HasErrors(), Out: out, Units: []UnitReport{}, Diagnostics: diags.JSON()}
	if rep.OK {
		for _, u := range o.Units {
			rep.Units = append(rep.Units, UnitReport{Service: u.Service, Level: u.Level, Dir: u.Dir()})
		}
	}
	return rep
}

// LintReport is lint --output json.
type LintReport struct {
	OK          bool             `json:"ok"`
	Units       []LintUnitReport `json:"units"`
	Diagnostics []diag.JSON      `json:"diagnostics"`
}

// LintUnitReport is falco's findings on one service at one level (its
// errors are diagnostics).
type LintUnitReport struct {
	Service  string          `json:"service"`
	Level    string          `json:"level"`
	Warnings int             `json:"warnings"`
	Infos    int             `json:"infos"`
	Findings []FindingReport `json:"findings"`
}

// FindingReport is one falco finding.
type FindingReport struct {
	File     string `json:"file"` // the compiled file: main, errors, private, local
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Rule     string `json:"rule,omitempty"`
	Message  string `json:"message"`
}

// Lint is lint's report for tools: every unit's findings (o is nil when
// the build stopped early), and the problems.
func Lint(o *Output, diags diag.List) *LintReport {
	rep := &LintReport{OK: !diags.HasErrors(), Units: []LintUnitReport{}, Diagnostics: diags.JSON()}
	if o == nil {
		return rep
	}
	for _, u := range o.Units {
		lu := LintUnitReport{Service: u.Service, Level: u.Level, Findings: []FindingReport{}}
		for _, f := range u.Findings {
			lu.Findings = append(lu.Findings, FindingReport{File: f.File, Line: f.Line, Col: f.Col, Severity: f.Severity, Rule: f.Rule, Message: f.Message})
		}
		lu.Warnings, lu.Infos = u.counts()
		rep.Units = append(rep.Units, lu)
	}
	return rep
}

// counts is how many of the unit's findings are warnings and infos.
func (u *Unit) counts() (warnings, infos int) {
	for _, f := range u.Findings {
		switch f.Severity {
		case verify.SeverityWarning:
			warnings++
		case verify.SeverityInfo:
			infos++
		}
	}
	return warnings, infos
}

// WriteLint writes lint's report for people: each unit's counts and, when
// verbose, every finding with the line it is on.
func (o *Output) WriteLint(w io.Writer, verbose bool) {
	for _, u := range o.Units {
		warnings, infos := u.counts()
		fmt.Fprintf(w, "%s: falco: 0 errors, %d warnings, %d infos\n", u.Dir(), warnings, infos)
		if !verbose {
			continue
		}
		for _, f := range u.Findings {
			src := ""
			// The private file in the result is the placeholder, not
			// what was linted.
			if file := u.Result.File(f.File); file != nil && f.File != compiler.PrivateName {
				src = file.Content
			}
			fmt.Fprintf(w, "  %s\n", indentLines(verify.FormatFinding(f, src)))
		}
	}
}

// indentLines indents every line of s but the first by two spaces.
func indentLines(s string) string {
	body, last := strings.CutSuffix(s, "\n")
	body = strings.ReplaceAll(body, "\n", "\n  ")
	if last {
		body += "\n"
	}
	return body
}
