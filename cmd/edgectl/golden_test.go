package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/goldentree"
)

// update regenerates golden/ from the current build:
//
//	go test ./cmd/edgectl -run TestGolden -update
var update = flag.Bool("update", false, "rewrite golden/ with the output of edgectl build")

// repoRoot is the repository, two directories up from this package.
const repoRoot = "../.."

// TestGolden builds the real site with the CLI and compares every file with
// golden/ byte for byte, in golden/'s layout (package goldentree: what many
// units build identically is pinned once in golden/_shared/, and the units
// of every level but the first are pinned as diffs from the first's),
// printing a unified diff for each difference.
func TestGolden(t *testing.T) {
	got := packedBuild(t, repoRoot)
	golden := filepath.Join(repoRoot, "golden")
	if *update {
		if err := goldentree.Write(golden, got); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", golden)
		return
	}
	want := readTree(t, golden)
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

// TestGoldenCoversTheBuild: golden/ unpacked is the build tree byte for
// byte, so pinning content once loses nothing.
func TestGoldenCoversTheBuild(t *testing.T) {
	build := readTree(t, buildSite(t, repoRoot))
	unpacked, err := goldentree.Unpack(readTree(t, filepath.Join(repoRoot, "golden")))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range union(build, unpacked) {
		if build[name] != unpacked[name] {
			t.Errorf("%s: golden/ unpacked differs from the build", name)
		}
	}
}

// TestGoldenPageChangeTouchesOneFile: changing one word of an error page,
// or of a service's VCL logic that every level compiles alike, changes one
// golden file, so that -update stays reviewable: the page pinned once in
// golden/_shared, the logic in the base level's main.vcl (the other levels'
// diffs from it do not reach that far).
func TestGoldenPageChangeTouchesOneFile(t *testing.T) {
	before := packedBuild(t, repoRoot)
	cases := []struct {
		file, word, with, want string
	}{
		{"errors/backend-read-error.md", "hiccup", "glitch", "_shared/errors.vcl"},
		{"errors/maintenance.md", "minutes", "moments", "_shared/maintenance-page.vcl"},
		// The stats recv hook, 20 lines from the nearest line that differs
		// between levels (the salt master's zone).
		{"vcl/stats/recv.vcl", "X-Geo-Region", "X-Geo-Province", "stats/production/main.vcl"},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			root := copySources(t)
			file := filepath.Join(root, tc.file)
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), tc.word) {
				t.Fatalf("%s lacks the word %q", tc.file, tc.word)
			}
			changed := strings.Replace(string(data), tc.word, tc.with, 1)
			if err := os.WriteFile(file, []byte(changed), 0o644); err != nil {
				t.Fatal(err)
			}
			after := packedBuild(t, root)
			var touched []string
			for _, name := range union(before, after) {
				if before[name] != after[name] {
					touched = append(touched, name)
				}
			}
			if len(touched) != 1 || touched[0] != tc.want {
				t.Errorf("one word changed in %s touches %d golden files %v, want only %s", tc.file, len(touched), touched, tc.want)
			}
		})
	}
}

// copySources copies what edgectl build reads into a temporary root.
func copySources(t *testing.T) string {
	return copyRoot(t, "services", "vcl", "errors", "fleet")
}

// copyRoot copies levels.yaml and the given directories and files of the
// repository into a temporary root.
func copyRoot(t *testing.T, paths ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, p := range append([]string{"levels.yaml"}, paths...) {
		src, dst := filepath.Join(repoRoot, p), filepath.Join(root, p)
		info, err := os.Stat(src)
		if err != nil {
			t.Fatal(err)
		}
		if info.IsDir() {
			err = os.CopyFS(dst, os.DirFS(src))
		} else if err = os.MkdirAll(filepath.Dir(dst), 0o755); err == nil {
			var data []byte
			if data, err = os.ReadFile(src); err == nil {
				err = os.WriteFile(dst, data, 0o644)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// buildSite runs edgectl build on root into a temporary directory.
func buildSite(t *testing.T, root string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "build")
	var stdout, stderr bytes.Buffer
	// The private include stays the placeholder: golden/ never holds secrets.
	t.Setenv(privateDirEnv, "")
	if code := run([]string{"build", "--root", root, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("edgectl build exited %d:\n%s", code, stderr.String())
	}
	return out
}

// packedBuild builds root and packs the output into golden/'s layout, with
// the first level of root's levels.yaml as the base level.
func packedBuild(t *testing.T, root string) map[string]string {
	t.Helper()
	packed, err := goldentree.Pack(readTree(t, buildSite(t, root)), baseLevel(t, root))
	if err != nil {
		t.Fatal(err)
	}
	return packed
}

// baseLevel is the first level of root's levels.yaml: golden/ pins its
// units whole and the other levels' as diffs from them.
func baseLevel(t *testing.T, root string) string {
	t.Helper()
	site, diags := definition.Load(root)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if len(site.Levels) == 0 {
		t.Fatal("levels.yaml defines no level")
	}
	return string(site.Levels[0].Name)
}

// readTree reads every file under dir, as goldentree reads golden/.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree, err := goldentree.ReadDir(dir)
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
