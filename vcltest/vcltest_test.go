package vcltest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const entry = "testdata/local.vcl"

func dump(cases []Case) string {
	var b strings.Builder
	for _, c := range cases {
		b.WriteString(c.String() + "\n")
	}
	return b.String()
}

func TestRunPass(t *testing.T) {
	cases, err := Run(entry, "testdata/pass")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := []Case{
		{Name: "plain HTTP is sent to vcl_error with 801", Scope: "RECV", Line: 3},
		{Name: "TLS request goes to lookup on F_app1", Scope: "RECV", Line: 10},
		{Name: "801 becomes a 301 to https with a synthetic body", Scope: "ERROR", Line: 19},
		{Name: "test_deliver_header", Scope: "DELIVER", Line: 33},
		{Suite: "redirects", Name: "test_table_hit", Scope: "RECV", Line: 44},
		{Suite: "redirects", Name: "test_table_miss", Scope: "RECV", Line: 51},
	}
	if len(cases) != len(want) {
		t.Fatalf("Run returned %d cases, want %d:\n%s", len(cases), len(want), dump(cases))
	}
	for i, w := range want {
		w.File = filepath.Join("testdata", "pass", "main.test.vcl")
		w.Passed = true
		if cases[i] != w {
			t.Errorf("case %d = %+v, want %+v", i, cases[i], w)
		}
	}
}

// TestFalcoBehaviour runs the proofs, in testdata/behaviour, of what a falco
// test can and cannot observe; see the comments there.
func TestFalcoBehaviour(t *testing.T) {
	cases, err := Run(entry, "testdata/behaviour")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(cases) != 9 {
		t.Errorf("Run returned %d cases, want 9:\n%s", len(cases), dump(cases))
	}
	for _, c := range cases {
		if !c.Passed {
			t.Errorf("falco behaviour changed:\n%s", c)
		}
	}
}

func TestRunFailing(t *testing.T) {
	cases, err := Run(entry, "testdata/fail")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	readonly := filepath.Join("testdata", "fail", "readonly.test.vcl")
	wrong := filepath.Join("testdata", "fail", "wrong.test.vcl")
	want := []struct {
		file, name string
		passed     bool
		msg        []string // substrings of Message
	}{
		{readonly, "set req.backend.healthy", false, []string{"req.backend.healthy is not found or could not set"}},
		{readonly, "set fastly_info.edge.is_tls", false, []string{"fastly_info.edge.is_tls is not found or could not set"}},
		{readonly, "set req.restarts", false, []string{"req.restarts is not found or could not set"}},
		{readonly, "vcl_error from recv scope", false, []string{
			readonly + ":27:3: ", "Invalid type comparison NULL and INTEGER", "main.vcl at line: 33"}},
		{readonly, "assert.false(stale.exists)", false, []string{
			readonly + ":34:3: ", "STRING type is not BOOLEAN type", "assert.false(stale.exists);"}},
		{wrong, "passes", true, nil},
		{wrong, "wrong expectation", false, []string{
			wrong + ":12:3: Assertion Error: ", "expect=2, actual=1", `(actual: "1")`,
			"\n\tassert.equal(resp.http.X-Edgectl, \"2\");"}},
		{wrong, "undefined subroutine", false, []string{
			wrong + ":18:3: subroutine vcl_nope is not defined in VCL"}},
	}
	if len(cases) != len(want) {
		t.Fatalf("Run returned %d cases, want %d:\n%s", len(cases), len(want), dump(cases))
	}
	for i, w := range want {
		c := cases[i]
		if c.File != w.file || c.Name != w.name || c.Passed != w.passed {
			t.Errorf("case %d = %+v, want file %s, name %q, passed %v", i, c, w.file, w.name, w.passed)
			continue
		}
		if c.Passed != (c.Message == "") {
			t.Errorf("case %q: Passed %v with message %q", c.Name, c.Passed, c.Message)
		}
		for _, s := range w.msg {
			if !strings.Contains(c.Message, s) {
				t.Errorf("case %q: message %q lacks %q", c.Name, c.Message, s)
			}
		}
	}
}

func TestRunTestParseError(t *testing.T) {
	cases, err := Run(entry, "testdata/badparse")
	if err == nil {
		t.Fatalf("Run = %v, nil; want a parse error", dump(cases))
	}
	for _, s := range []string{"Missing semicolon", "broken.test.vcl:3:37: "} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q lacks %q", err, s)
		}
	}
}

func TestRunEntryParseError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "local.vcl"), []byte("sub vcl_recv {\n  set req.http.A = \"1\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(filepath.Join(dir, "local.vcl"), "testdata/pass"); err == nil || !strings.Contains(err.Error(), "Missing semicolon") {
		t.Errorf("Run with a broken entry: err = %v, want a parse error", err)
	}
}

func TestRunNoTests(t *testing.T) {
	if _, err := Run(entry, t.TempDir()); err == nil || !strings.Contains(err.Error(), "no *.test.vcl") {
		t.Errorf("Run on an empty dir: err = %v, want no-test error", err)
	}
}

func TestRunMissingEntry(t *testing.T) {
	if _, err := Run("testdata/nope.vcl", "testdata/pass"); err == nil {
		t.Error("Run with a missing entry: want error")
	}
}

func TestRunIncludeDirs(t *testing.T) {
	// The entry's includes resolve from includeDirs first: an entry alone in
	// a temporary directory finds main.vcl in testdata.
	dir := t.TempDir()
	src, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "local.vcl"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	cases, err := Run(filepath.Join(dir, "local.vcl"), "testdata/pass", "testdata")
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	for _, c := range cases {
		if !c.Passed {
			t.Errorf("%s", c)
		}
	}
}

func TestRunConcurrent(t *testing.T) {
	for _, dir := range []string{"testdata/pass", "testdata/behaviour", "testdata/pass"} {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			cases, err := Run(entry, dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				if !c.Passed {
					t.Errorf("%s", c)
				}
			}
		})
	}
}
