package vcltest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/verify"
)

// memoryFiles reads testdata's entry and main.vcl into the in-memory form
// RunFiles takes.
func memoryFiles(t *testing.T) verify.Files {
	t.Helper()
	files := verify.Files{}
	for _, name := range []string{"local", "main"} {
		src, err := os.ReadFile(filepath.Join("testdata", name+".vcl"))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(src)
	}
	return files
}

func TestRunFilesPass(t *testing.T) {
	cases, err := RunFiles(memoryFiles(t), "local", "testdata/pass", DefaultMaxBackends)
	if err != nil {
		t.Fatalf("RunFiles: %v", err)
	}
	// Lines are those of the sub declarations in testdata/pass/main.test.vcl.
	want := []struct {
		name string
		line int
	}{
		{"plain HTTP is sent to vcl_error with 801", 3},
		{"TLS request goes to lookup on F_app1", 10},
		{"801 becomes a 301 to https with a synthetic body", 19},
		{"test_deliver_header", 33},
		{"test_table_hit", 44},
		{"test_table_miss", 51},
	}
	if len(cases) != len(want) {
		t.Fatalf("RunFiles returned %d cases, want %d:\n%s", len(cases), len(want), dump(cases))
	}
	for i, w := range want {
		c := cases[i]
		if c.Name != w.name || c.Line != w.line || !c.Passed || c.File != filepath.Join("testdata", "pass", "main.test.vcl") {
			t.Errorf("case %d = %+v, want name %q at line %d, passed", i, c, w.name, w.line)
		}
	}
}

func TestRunFilesMaxBackends(t *testing.T) {
	files := memoryFiles(t)
	var decl strings.Builder
	for i := 2; i <= 6; i++ {
		fmt.Fprintf(&decl, "backend F_app%d {\n  .host = \"app%d.example.com\";\n  .port = \"443\";\n}\n", i, i)
	}
	files["local"] = decl.String() + files["local"]
	if _, err := RunFiles(files, "local", "testdata/backends", DefaultMaxBackends); err == nil || !strings.Contains(err.Error(), "Max backend count of 5 exceeded") {
		t.Errorf("six backends with the default limit: err = %v, want falco's backend limit", err)
	}
	cases, err := RunFiles(files, "local", "testdata/backends", 6)
	if err != nil {
		t.Fatalf("six backends with max_backends 6: %v", err)
	}
	if len(cases) != 1 || !cases[0].Passed {
		t.Errorf("six backends with max_backends 6: %s", dump(cases))
	}
}

func TestRunFilesMissingEntry(t *testing.T) {
	if _, err := RunFiles(verify.Files{}, "local", "testdata/pass", DefaultMaxBackends); err == nil {
		t.Error("RunFiles without the entry: want an error")
	}
}

// TestParseErrorNamesPosition: a broken test file is an error that starts
// with file:line:col, as every edgectl diagnostic does: the column is where
// the semicolon is missing, after the statement.
func TestParseErrorNamesPosition(t *testing.T) {
	_, err := RunFiles(memoryFiles(t), "local", "testdata/badparse", DefaultMaxBackends)
	want := filepath.Join("testdata", "badparse", "broken.test.vcl") + ":3:37: Missing semicolon"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want it to start with %q", err, want)
	}
}
