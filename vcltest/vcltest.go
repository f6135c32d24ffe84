// Package vcltest runs falco unit-test suites (*.test.vcl files) against a
// Fastly VCL entry file from Go, as "falco test" does, and reports one
// [Case] per test so a Go test can fail with falco's message.
//
// Test files use falco's testing syntax: subroutines annotated with
// "// @scope: recv" and "// @suite: name", describe groups with
// before_/after_ hooks, testing.* functions and assert.* assertions; see
// https://github.com/ysugimoto/falco/blob/main/docs/testing.md.
package vcltest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ysugimoto/falco/config"
	icontext "github.com/ysugimoto/falco/interpreter/context"
	"github.com/ysugimoto/falco/interpreter/exception"
	ife "github.com/ysugimoto/falco/interpreter/function/errors"
	"github.com/ysugimoto/falco/lexer"
	"github.com/ysugimoto/falco/resolver"
	"github.com/ysugimoto/falco/tester"
	"github.com/ysugimoto/falco/token"

	"github.com/webplatform/edgectl/verify"
)

// MockPrefix starts the name of a subroutine that a test file defines only
// to hand to testing.mock; Run does not report it as a test.
const MockPrefix = "mock_"

// maxBackends lifts falco's interpreter limit; see Run. 1000 is the most
// a definition's max_backends may say.
const maxBackends = 1000

// testFilter is the glob falco's test command uses by default.
const testFilter = "*.test.vcl"

// Case is the result of one test: one test subroutine run in one scope.
type Case struct {
	// File is the test file, testDir joined with its path below testDir.
	File string
	// Line is the line of the test's subroutine in File; 0 when unknown.
	Line int
	// Suite is the name of the describe group the test is in, empty for a
	// test outside any group.
	Suite string
	// Name is the test's @suite annotation, or its subroutine name.
	Name string
	// Scope is the scope the test ran in, such as "RECV" or "ERROR"; a
	// test annotated with several scopes gives one Case per scope.
	Scope string
	// Passed reports whether every assertion held and nothing failed.
	Passed bool
	// Message says why the test failed, with the file and line of the
	// failing statement when falco knows them; it is empty when Passed.
	Message string
}

// String formats c as one line for a test log.
func (c Case) String() string {
	name := c.Name
	if c.Suite != "" {
		name = c.Suite + " › " + name
	}
	status := "PASS"
	if !c.Passed {
		status = "FAIL"
	}
	file := c.File
	if c.Line > 0 {
		file = fmt.Sprintf("%s:%d", file, c.Line)
	}
	s := fmt.Sprintf("%s %s [%s] %s", status, file, c.Scope, name)
	if c.Message != "" {
		s += "\n" + c.Message
	}
	return s
}

// DefaultMaxBackends is the backend limit falco's interpreter and Fastly
// apply to a service unless it was raised on request (Fastly: "Network
// services resource limits",
// https://docs.fastly.com/products/network-services-resource-limits).
const DefaultMaxBackends = 5

// Run runs every *.test.vcl file in testDir and its subdirectories against
// the VCL whose entry file is entryPath (a local.vcl on disk), resolving
// include statements from includeDirs and then from the entry's own
// directory, and returns one Case per test, in file order.
//
// Only testDir is searched for tests, unlike "falco test", which also
// searches the entry's directory and every include directory. A failing
// assertion or a runtime error in the VCL under test is a failed Case; a
// test file or entry that fails to parse, or a testDir holding no test
// file, is an error. Run is safe for concurrent use, but runs one at a
// time, never alongside verify.Lint; other uses of falco in the same
// process must go through verify.Exclusive.
func Run(entryPath string, testDir string, includeDirs ...string) ([]Case, error) {
	if _, err := os.Stat(entryPath); err != nil {
		return nil, fmt.Errorf("vcltest: %w", err)
	}
	rslvs, err := resolver.NewFileResolvers(entryPath, includeDirs)
	if err != nil {
		return nil, fmt.Errorf("vcltest: %w", err)
	}
	// Fastly's backend limit is per service and raised on request;
	// edgectl's build checks it against the service's own max_backends, so
	// the interpreter's fixed default of 5 must not stop a test.
	return run(rslvs[0], testDir, maxBackends)
}

// RunFiles is Run for VCL held in memory: the entry is files[entry] and
// every include statement resolves from files (see verify.Files), so a
// build need not be written to disk to be tested. The interpreter allows
// maxBackends backends, the service's max_backends, as Fastly does; more
// is an error, as it is on Fastly.
func RunFiles(files verify.Files, entry string, testDir string, maxBackends int) ([]Case, error) {
	if _, ok := files[entry]; !ok {
		return nil, fmt.Errorf("vcltest: entry %q is not among the files", entry)
	}
	return run(verify.NewResolver(files, entry), testDir, maxBackends)
}

// run runs the test files of testDir against the VCL rslv reads.
func run(rslv resolver.Resolver, testDir string, maxBackends int) ([]Case, error) {
	absTests, err := filepath.Abs(testDir)
	if err != nil {
		return nil, fmt.Errorf("vcltest: %w", err)
	}
	found, err := hasTestFiles(absTests)
	if err != nil {
		return nil, fmt.Errorf("vcltest: %w", err)
	}
	if !found {
		return nil, fmt.Errorf("vcltest: no %s file in %s", testFilter, testDir)
	}
	opts := []icontext.Option{
		icontext.WithResolver(rslv),
		icontext.WithMaxBackends(maxBackends),
	}
	// The tester searches the directory of its argument and the include
	// paths of its configuration; those paths serve nothing else (the
	// interpreter resolves includes through the resolver above), so name a
	// file in testDir and leave them empty to search testDir alone. A test
	// that runs a minute is stuck: falco's default is ten.
	tc := &config.TestConfig{Filter: testFilter, Timeout: 1}

	// falco's tester installs its testing functions and variables in
	// process-wide tables of the interpreter, and its parser numbers nodes
	// with a global counter: run alone, as verify.Lint does.
	var factory *tester.TestFactory
	lines := map[string]map[string]int{}
	verify.Exclusive(func() {
		// Parsing runs here; the tests run in a goroutine of falco's,
		// beyond any recover of ours.
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("falco failed on the test files (a bug in falco): %v", r)
			}
		}()
		factory, err = tester.New(tc, opts).Run(filepath.Join(absTests, "_"))
		if err != nil {
			return
		}
		for _, r := range factory.Results {
			lines[r.Filename] = testLines(r.Filename)
		}
	})
	if err != nil {
		return nil, positioned(err, absTests, testDir)
	}

	var cases []Case
	for _, r := range factory.Results {
		file := r.Filename
		if rel, err := filepath.Rel(absTests, r.Filename); err == nil {
			file = filepath.Join(testDir, rel)
		}
		for _, tc := range r.Cases {
			// falco runs every subroutine of a test file as a test,
			// including the stand-ins given to testing.mock; by the
			// convention of this project those are named mock_* and are
			// not tests.
			if strings.HasPrefix(tc.Name, MockPrefix) {
				continue
			}
			c := Case{
				File:   file,
				Line:   lines[r.Filename][tc.Group+"\x00"+tc.Name],
				Suite:  tc.Group,
				Name:   tc.Name,
				Scope:  tc.Scope,
				Passed: tc.Error == nil,
			}
			if tc.Error != nil {
				c.Message = message(tc.Error, file, r.Lexer)
			}
			cases = append(cases, c)
		}
	}
	return cases, nil
}

// hasTestFiles reports whether dir holds a test file at any depth.
func hasTestFiles(dir string) (bool, error) {
	found := false
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".test.vcl") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found, err
}

// message describes a test failure. Assertion and testing errors point at
// a statement of the test file, read by lx; runtime errors name their own
// file and line.
func message(err error, file string, lx *lexer.Lexer) string {
	var ae *ife.AssertionError
	var te *ife.TestingError
	var ex *exception.Exception
	switch {
	case errors.As(err, &ae):
		msg := ae.Error()
		if ae.Actual != nil {
			msg += fmt.Sprintf(" (actual: %q)", ae.Actual.String())
		}
		return at(file, ae.Token) + msg + sourceLine(ae.Token, lx)
	case errors.As(err, &te):
		return at(file, te.Token) + te.Message + sourceLine(te.Token, lx)
	case errors.As(err, &ex):
		// Exception.Error names the file and line, which may be in the VCL
		// under test rather than in the test file.
		return ex.Error()
	}
	return err.Error()
}

func at(file string, tok token.Token) string {
	if tok.Line == 0 {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d: ", file, tok.Line, tok.Position)
}

func sourceLine(tok token.Token, lx *lexer.Lexer) string {
	if lx == nil || tok.Line == 0 {
		return ""
	}
	line, ok := lx.GetLine(tok.Line)
	if !ok {
		return ""
	}
	return "\n\t" + strings.TrimSpace(line)
}
