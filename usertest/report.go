package usertest

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/jsonout"
)

// ErrFailed is returned by Present and RunAndPresent when a test failed, and by
// RunAndPresent when the tests could not run: what went wrong is already
// printed (it wraps diag.ErrReported), so the command only exits 1.
var ErrFailed = fmt.Errorf("a test failed: %w", diag.ErrReported)

// Presentation says where and how Present writes a report.
type Presentation struct {
	// Stdout gets the summary (or, with JSON, the document); Stderr every
	// failing test, named by file:line.
	Stdout, Stderr io.Writer
	// JSON writes Document on Stdout instead of the summary.
	JSON bool
	// JUnit, when set, is the file the JUnit XML report is written to.
	JUnit string
	// Quiet writes nothing on Stdout.
	Quiet bool
}

// Document is the JSON report of "edgectl test --output json": ok when no
// test failed, the counts, and every unit's tests.
type Document struct {
	OK     bool         `json:"ok"`
	Passed int          `json:"passed"`
	Failed int          `json:"failed"`
	Units  []UnitReport `json:"units"`
}

// Present writes rep as p says; it returns ErrFailed when a test failed,
// after writing everything.
func Present(rep *Report, p Presentation) error {
	passed, failed := rep.Counts()
	writeFailures(p.Stderr, rep)
	if p.JUnit != "" {
		if err := os.WriteFile(p.JUnit, JUnit(rep), 0o644); err != nil {
			return fmt.Errorf("cannot write the JUnit report: %w", err)
		}
	}
	switch {
	case p.Quiet:
	case p.JSON:
		// jsonout, like every document edgectl prints: falco's messages
		// quote VCL (>=, &&, "<...>"), which must stay readable.
		if err := jsonout.Write(p.Stdout, Document{OK: failed == 0, Passed: passed, Failed: failed, Units: rep.Units}); err != nil {
			return err
		}
	default:
		writeSummary(p.Stdout, rep)
	}
	if failed > 0 {
		return ErrFailed
	}
	return nil
}

// writeFailures names each failing test by file:line, unit, scope and
// name, with falco's message indented below.
func writeFailures(w io.Writer, rep *Report) {
	for _, u := range rep.Units {
		for _, t := range u.Tests {
			if t.Passed {
				continue
			}
			fmt.Fprintf(w, "%s: FAIL %s/%s [%s] %s\n", t.Where(), u.Service, u.Level, t.Scope, diag.Printable(t.title()))
			for _, l := range strings.Split(t.Message, "\n") {
				fmt.Fprintf(w, "    %s\n", diag.Printable(strings.TrimSpace(l)))
			}
		}
	}
}

// writeSummary prints a line per unit and the totals.
func writeSummary(w io.Writer, rep *Report) {
	for _, u := range rep.Units {
		p, f := u.counts()
		fmt.Fprintf(w, "%s/%s: %d passed, %d failed\n", u.Service, u.Level, p, f)
	}
	passed, failed := rep.Counts()
	if passed+failed == 0 {
		fmt.Fprintf(w, "no test ran: add falco test files as %s/*%s (every service) or %s/<service>/*%s\n", SuitesDir, testSuffix, SuitesDir, testSuffix)
		return
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", passed, failed)
}

// title is the test's name with its describe group.
func (t Test) title() string {
	if t.Suite == "" {
		return t.Name
	}
	return t.Suite + " › " + t.Name
}

// The JUnit XML elements CI systems read (the schema of Ant's JUnit
// report, as Jenkins, GitLab and GitHub's test reporters take it).
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		ClassName string        `xml:"classname,attr"`
		Name      string        `xml:"name,attr"`
		File      string        `xml:"file,attr"`
		Line      int           `xml:"line,attr"`
		Failure   *junitFailure `xml:"failure"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	}
)

// JUnit renders rep as JUnit XML: a testsuite per unit (service/level), a
// testcase per test, named "[SCOPE] group › name", with its file and line,
// and a failure holding falco's message.
func JUnit(rep *Report) []byte {
	doc := junitSuites{Name: "edgectl test"}
	doc.Tests, doc.Failures = rep.Counts()
	doc.Tests += doc.Failures
	for _, u := range rep.Units {
		p, f := u.counts()
		s := junitSuite{Name: u.Service + "/" + u.Level, Tests: p + f, Failures: f}
		for _, t := range u.Tests {
			c := junitCase{ClassName: s.Name + "/" + t.File, Name: fmt.Sprintf("[%s] %s", t.Scope, t.title()), File: t.File, Line: t.Line}
			if !t.Passed {
				first, _, _ := strings.Cut(t.Message, "\n")
				c.Failure = &junitFailure{Message: first, Text: t.Where() + ": " + t.Message}
			}
			s.Cases = append(s.Cases, c)
		}
		doc.Suites = append(doc.Suites, s)
	}
	out, _ := xml.MarshalIndent(doc, "", "  ") // plain structs of strings and ints: cannot fail
	return append([]byte(xml.Header), append(out, '\n')...)
}

// RunAndPresent runs the tests as Run does, hands its diagnostics to report and
// presents the report as p says. It returns ErrFailed when a test failed
// or a diagnostic is an error (then nothing else is written).
func RunAndPresent(opts Options, p Presentation, report func(diag.List)) error {
	rep, diags := Run(opts)
	report(diags)
	if diags.HasErrors() {
		return ErrFailed
	}
	return Present(rep, p)
}
