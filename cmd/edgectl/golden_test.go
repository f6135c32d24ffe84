package main

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
)

// update regenerates golden/ from the current build:
//
//	go test ./cmd/edgectl -run TestGolden -update
var update = flag.Bool("update", false, "rewrite golden/ with the output of edgectl build")

// repoRoot is the repository, two directories up from this package.
const repoRoot = "../.."

// TestGolden builds the real site with the CLI and compares every file with
// golden/ byte for byte, printing a unified diff for each difference.
func TestGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "build")
	var stdout, stderr bytes.Buffer
	// The private include stays the placeholder: golden/ never holds secrets.
	t.Setenv(privateDirEnv, "")
	if code := run([]string{"build", "--root", repoRoot, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("edgectl build exited %d:\n%s", code, stderr.String())
	}
	golden := filepath.Join(repoRoot, "golden")
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(golden, os.DirFS(out)); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", golden)
		return
	}
	got, want := readTree(t, out), readTree(t, golden)
	for _, name := range union(got, want) {
		g, inGot := got[name]
		w, inWant := want[name]
		switch {
		case !inWant:
			t.Errorf("build writes %s, which golden/ lacks (run: go test ./cmd/edgectl -run TestGolden -update)", name)
		case !inGot:
			t.Errorf("golden/%s is no longer built", name)
		case g != w:
			diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
				A: difflib.SplitLines(w), B: difflib.SplitLines(g),
				FromFile: "golden/" + name, ToFile: "build/" + name, Context: 3,
			})
			t.Errorf("%s differs from golden/:\n%s", name, diff)
		}
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		tree[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func union(a, b map[string]string) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	var keys []string
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestBuildDeterministic builds twice and expects identical bytes.
func TestBuildDeterministic(t *testing.T) {
	t.Setenv(privateDirEnv, "")
	var trees []map[string]string
	for i := 0; i < 2; i++ {
		out := filepath.Join(t.TempDir(), "build")
		var stderr bytes.Buffer
		if code := run([]string{"build", "--root", repoRoot, "--out", out}, &bytes.Buffer{}, &stderr); code != 0 {
			t.Fatalf("build exited %d: %s", code, stderr.String())
		}
		trees = append(trees, readTree(t, out))
	}
	if len(trees[0]) == 0 {
		t.Fatal("build wrote nothing")
	}
	for name, a := range trees[0] {
		if trees[1][name] != a {
			t.Errorf("%s differs between two builds of the same input", name)
		}
	}
	if strings.Join(union(trees[0], nil), ",") != strings.Join(union(trees[1], nil), ",") {
		t.Error("two builds wrote different file sets")
	}
}
