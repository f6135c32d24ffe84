// Package usertest runs the falco test suites a repository keeps for its
// services (vcl/*.test.vcl for every service, vcl/<service>/*.test.vcl for
// one) against each service and level as edgectl build would compile it,
// built in memory: it is what "edgectl test" does. Test files use falco's
// testing syntax and may include edgectl's helper library for what falco
// cannot simulate (see LibraryInclude and docs/testing.md).
package usertest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/pipeline"
	"github.com/webplatform/edgectl/vcltest"
	"github.com/webplatform/edgectl/verify"
)

// Options select what to test.
type Options struct {
	// Root is the repository.
	Root string
	// Services and Levels restrict the run; empty means all.
	Services []string
	Levels   []string
}

// Report is the outcome of a run: one UnitReport per service and level
// built, in the build's order.
type Report struct {
	Units []UnitReport `json:"units"`
}

// UnitReport holds the tests run against one service at one level.
type UnitReport struct {
	Service string `json:"service"`
	Level   string `json:"level"`
	Tests   []Test `json:"tests"`
}

// Test is the result of one test in one scope.
type Test struct {
	// File is the test file relative to the repository root, Line the line
	// of its subroutine (0 when falco's tester could not tell).
	File string `json:"file"`
	Line int    `json:"line"`
	// Suite is the describe group, Name the @suite annotation or the
	// subroutine's name, Scope the scope it ran in (RECV, ERROR, ...).
	Suite string `json:"suite"`
	Name  string `json:"name"`
	Scope string `json:"scope"`
	// Passed, or else Message says why not, with the failing statement's
	// file:line:col when falco knows it.
	Passed  bool   `json:"passed"`
	Message string `json:"message"`
}

// Where is the test's file:line.
func (t Test) Where() string {
	if t.Line == 0 {
		return t.File
	}
	return fmt.Sprintf("%s:%d", t.File, t.Line)
}

// Counts returns how many tests passed and failed.
func (r *Report) Counts() (passed, failed int) {
	for _, u := range r.Units {
		p, f := u.counts()
		passed, failed = passed+p, failed+f
	}
	return passed, failed
}

func (u UnitReport) counts() (passed, failed int) {
	for _, t := range u.Tests {
		if t.Passed {
			passed++
		} else {
			failed++
		}
	}
	return passed, failed
}

// Run builds the selected services and levels in memory (with the build's
// every check) and runs each unit's test files against its local.vcl, with
// the service's max_backends. A build error, an unreadable or unparsable
// test file, or an include other than the library's is a diagnostic and
// no report; a failing test is a failed Test in the report.
func Run(opts Options) (*Report, diag.List) {
	out, diags := pipeline.Run(pipeline.Options{Root: opts.Root, Services: opts.Services, Levels: opts.Levels, Placeholder: true})
	if diags.HasErrors() {
		return nil, diags
	}
	var services []string
	for _, u := range out.Units {
		services = append(services, u.Service)
	}
	s, ds := loadSuites(opts.Root, services)
	diags.Add(ds...)
	diags.Add(orphanSuites(opts.Root)...)
	if diags.HasErrors() {
		return nil, diags
	}
	tmp, err := os.MkdirTemp("", "edgectl-test-")
	if err != nil {
		diags.Errorf(diag.Pos{File: SuitesDir}, "check that the temporary directory is writable", "cannot stage the test files: %v", err)
		return nil, diags
	}
	defer os.RemoveAll(tmp)

	rep := &Report{Units: []UnitReport{}}
	failedFiles, reported := map[string]bool{}, map[string]bool{}
	for _, u := range out.Units {
		ur := UnitReport{Service: u.Service, Level: u.Level, Tests: []Test{}}
		files := s.forService(u.Service)
		if len(files) > 0 && !failedFiles[u.Service] {
			tests, d := runUnit(u, files, filepath.Join(tmp, u.Service))
			if d != nil {
				// A broken file of vcl/ breaks every service: say it once.
				if !reported[d.String()] {
					diags.Add(*d)
				}
				reported[d.String()] = true
				failedFiles[u.Service] = true
			}
			ur.Tests = tests
		}
		rep.Units = append(rep.Units, ur)
	}
	if diags.HasErrors() {
		diags.Sort()
		return nil, diags
	}
	return rep, diags
}

// runUnit runs files against u, staged in dir (once per service).
func runUnit(u *pipeline.Unit, files []testFile, dir string) ([]Test, *diag.Diagnostic) {
	if _, err := os.Stat(dir); err != nil {
		if err := stage(dir, files); err != nil {
			return nil, &diag.Diagnostic{Severity: diag.Error, Pos: diag.Pos{File: SuitesDir}, Message: fmt.Sprintf("cannot stage the test files: %v", err), Hint: "check that the temporary directory is writable"}
		}
	}
	vcl := verify.Files{}
	for _, f := range u.Result.Files {
		vcl[f.Name] = f.Content
	}
	cases, err := vcltest.RunFiles(vcl, compiler.LocalName, dir, u.MaxBackends)
	if err != nil {
		return nil, unitError(u, err, dir)
	}
	tests := make([]Test, 0, len(cases))
	for _, c := range cases {
		tests = append(tests, Test{
			File: relative(c.File, dir), Line: c.Line, Suite: c.Suite, Name: c.Name, Scope: c.Scope,
			Passed: c.Passed, Message: strings.ReplaceAll(c.Message, dir+string(filepath.Separator), ""),
		})
	}
	return tests, nil
}

// unitError reports a run that could not start: a test file falco cannot
// parse at its position, anything else for the unit.
func unitError(u *pipeline.Unit, err error, dir string) *diag.Diagnostic {
	var pe *vcltest.ParseError
	if errors.As(err, &pe) {
		return &diag.Diagnostic{Severity: diag.Error, Pos: diag.Pos{File: relative(pe.File, dir), Line: pe.Line, Col: pe.Col},
			Message: "falco cannot parse this test file: " + pe.Message,
			Hint:    "fix the syntax; falco's test syntax is described in docs/testing.md"}
	}
	return &diag.Diagnostic{Severity: diag.Error, Pos: diag.Pos{File: SuitesDir + "/" + u.Service},
		Message: fmt.Sprintf("cannot run the tests of %s: %s", u.Dir(), strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")),
		Hint:    "if the test files look right, this is a bug in edgectl or falco; please report it"}
}

// relative names a staged file by its path in the repository.
func relative(staged, dir string) string {
	if rel, err := filepath.Rel(dir, staged); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return staged
}
