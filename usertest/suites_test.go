package usertest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repoWith copies the repository's definitions (without its test files) to
// a temporary root and adds the test files of suites, repository path to
// file in testdata.
func repoWith(t *testing.T, suites map[string]string) string {
	t.Helper()
	root := t.TempDir()
	copyFile := func(src, dst string) {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyFile(filepath.Join("..", "levels.yaml"), filepath.Join(root, "levels.yaml"))
	for _, dir := range []string{"services", "fleet", "errors", "vcl"} {
		err := filepath.WalkDir(filepath.Join("..", dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, testSuffix) {
				return err
			}
			rel, _ := filepath.Rel("..", p)
			copyFile(p, filepath.Join(root, rel))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for dst, src := range suites {
		copyFile(filepath.Join("testdata", src), filepath.Join(root, dst))
	}
	return root
}

func TestPassingSuite(t *testing.T) {
	rep, diags := Run(Options{Root: repoWith(t, map[string]string{"vcl/www/www.test.vcl": "pass/www.test.vcl"}), Services: []string{"www"}, Levels: []string{"production"}})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	want := []Test{
		{File: "vcl/www/www.test.vcl", Line: 6, Name: "the apex redirects to www", Scope: "RECV", Passed: true},
		{File: "vcl/www/www.test.vcl", Line: 23, Suite: "fragments", Name: "an ESI fragment over plain HTTP is not redirected", Scope: "RECV", Passed: true},
		{File: "vcl/www/www.test.vcl", Line: 32, Name: "a top-level request over plain HTTP is redirected", Scope: "RECV", Passed: true},
	}
	if len(rep.Units) != 1 || rep.Units[0].Service != "www" || rep.Units[0].Level != "production" {
		t.Fatalf("units = %+v, want www/production alone", rep.Units)
	}
	got := rep.Units[0].Tests
	if len(got) != len(want) {
		t.Fatalf("tests = %+v, want %d", got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("test %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestFailingSuite(t *testing.T) {
	rep, diags := Run(Options{Root: repoWith(t, map[string]string{"vcl/common.test.vcl": "fail/www.test.vcl"}), Services: []string{"www"}, Levels: []string{"production"}})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	file := "vcl/common.test.vcl"
	want := []struct {
		line   int
		name   string
		passed bool
		msg    []string
	}{
		{5, "passes", true, nil},
		{12, "expects the wrong status", false, []string{file + ":14:3: Assertion Error: ", "assert.error(601"}},
		{19, "mocks a probe with a helper it did not include", false, []string{file + ":20:3: ", "mock subroutine mock_edgectl_tls_on is not declared in testing VCL"}},
	}
	got := rep.Units[0].Tests
	if len(got) != len(want) {
		t.Fatalf("tests = %+v, want %d", got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.File != file || g.Line != w.line || g.Name != w.name || g.Passed != w.passed {
			t.Errorf("test %d = %+v, want %s:%d %q passed=%v", i, g, file, w.line, w.name, w.passed)
		}
		for _, s := range w.msg {
			if !strings.Contains(g.Message, s) {
				t.Errorf("test %d: message %q lacks %q", i, g.Message, s)
			}
		}
		if strings.Contains(g.Message, os.TempDir()) {
			t.Errorf("test %d: message names the staging directory: %q", i, g.Message)
		}
	}
	if p, f := rep.Counts(); p != 1 || f != 2 {
		t.Errorf("Counts = %d, %d; want 1, 2", p, f)
	}
}

// TestBadTestFiles: a file falco cannot parse, or one with an include,
// is a diagnostic at file:line:col with a hint, never a panic.
func TestBadTestFiles(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"broken/www.test.vcl", "vcl/www/www.test.vcl:3:37: error: falco cannot parse this test file: Missing semicolon\n    hint: fix the syntax"},
		{"badinclude/www.test.vcl", `vcl/www/www.test.vcl:2:3: error: a test file cannot include VCL: falco's tester ignores include "helpers";` + "\n    hint: define what the tests need in the test file itself"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			rep, diags := Run(Options{Root: repoWith(t, map[string]string{"vcl/www/www.test.vcl": tc.src}), Services: []string{"www"}, Levels: []string{"production"}})
			if rep != nil || !diags.HasErrors() {
				t.Fatalf("Run = %+v, %v; want an error", rep, diags)
			}
			if got := diags.Err().Error(); !strings.Contains(got, tc.want) {
				t.Errorf("error:\n%s\nwant it to contain:\n%s", got, tc.want)
			}
		})
	}
}

// TestNoSuites: a repository without test files runs nothing and fails
// nothing.
func TestNoSuites(t *testing.T) {
	rep, diags := Run(Options{Root: repoWith(t, nil), Services: []string{"static"}, Levels: []string{"production"}})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if p, f := rep.Counts(); p != 0 || f != 0 || len(rep.Units) != 1 {
		t.Errorf("report %+v, want one unit without tests", rep)
	}
}

// TestBrokenCommonFileOnce: a broken file that runs against every service
// is one error, not one per service.
func TestBrokenCommonFileOnce(t *testing.T) {
	root := repoWith(t, map[string]string{"vcl/common.test.vcl": "broken/www.test.vcl"})
	_, diags := Run(Options{Root: root, Services: []string{"www", "static"}, Levels: []string{"production"}})
	if n := len(diags.Errors()); n != 1 {
		t.Errorf("%d errors, want 1:\n%v", n, diags.Err())
	}
}

// TestSuiteOfNoService: tests in vcl/<dir>/ for a service that does not
// exist never run: a warning says so, with the nearest service name.
func TestSuiteOfNoService(t *testing.T) {
	root := repoWith(t, map[string]string{"vcl/wwww/www.test.vcl": "pass/www.test.vcl"})
	rep, diags := Run(Options{Root: root, Services: []string{"static"}, Levels: []string{"production"}})
	if rep == nil || diags.HasErrors() {
		t.Fatalf("Run: %v", diags.Err())
	}
	want := `vcl/wwww/www.test.vcl: warning: no service "wwww" (services/wwww.yaml): these tests never run` + "\n    hint: did you mean \"www\"?"
	found := false
	for _, d := range diags.Warnings() {
		found = found || strings.Contains(d.String(), want)
	}
	if !found {
		t.Errorf("warnings:\n%v\nwant one that contains:\n%s", diags.Warnings(), want)
	}
}

// TestPlaceholderNotWarned: the suites run with the private include's
// placeholder on purpose (a test must never see the secret file), so the
// build's "private include not given" warning would only mislead.
func TestPlaceholderNotWarned(t *testing.T) {
	_, diags := Run(Options{Root: repoWith(t, map[string]string{"vcl/www/www.test.vcl": "pass/www.test.vcl"}), Services: []string{"www"}, Levels: []string{"production"}})
	for _, d := range diags {
		if strings.Contains(d.Message, "private include") {
			t.Errorf("edgectl test warns: %s", d)
		}
	}
}
