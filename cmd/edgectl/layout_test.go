package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoPackageNamedLikeStdlib fails when a package of the module has the
// name of a standard-library package (as `sync` had): importers then need
// an alias for one of the two (issue 11, point 4).
func TestNoPackageNamedLikeStdlib(t *testing.T) {
	out, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		t.Fatalf("go list std: %v", err)
	}
	std := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		std[path.Base(p)] = true
	}
	if !std["sync"] || !std["errors"] {
		t.Fatalf("go list std gave no sync or errors: %d names", len(std))
	}
	names := modulePackageNames(t, repoRoot)
	if len(names) < 10 {
		t.Fatalf("found only %d packages under %s: the check would pass vacuously", len(names), repoRoot)
	}
	for dir, name := range names {
		if name != "main" && std[name] {
			t.Errorf("%s: package %s is named like the standard library's; name it for its job", dir, name)
		}
	}
}

// modulePackageNames maps each directory under root holding non-test Go
// files (testdata and hidden directories excluded) to its package name.
func modulePackageNames(t *testing.T, root string) map[string]string {
	t.Helper()
	names := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		base := d.Name()
		if d.IsDir() {
			if p != root && (base == "testdata" || strings.HasPrefix(base, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(base, ".go") || strings.HasSuffix(base, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.PackageClauseOnly)
		if err != nil {
			return err
		}
		names[filepath.Dir(p)] = f.Name.Name
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}
