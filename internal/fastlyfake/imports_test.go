package fastlyfake

import (
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// modulePath is the prefix of this module's own packages.
const modulePath = "github.com/webplatform/edgectl/"

// fakeMayImport are the module's packages the fake may use: the desired
// state it is seeded with, the one rendering of what Fastly generates from
// a service's objects (package fastlyvcl, which depends on desired only),
// falco's lint (package verify) and the middleware the fakes share
// (internal/fakehttp, whose files this test reads too: it may import no
// package of the module). A fake that imported the compiler, the
// definitions or the inventory would use the code it is meant to check
// (issue 11, point 4).
var fakeMayImport = map[string]bool{
	modulePath + "desired":           true,
	modulePath + "verify":            true,
	modulePath + "fastlyvcl":         true,
	modulePath + "internal/fakehttp": true,
}

// TestImportsOnlyDesiredAndFalco reads the import clauses of the package's
// non-test files and fails on any other package of the module; and on any
// package of the module in internal/fakehttp's.
func TestImportsOnlyDesiredAndFalco(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	shared, err := filepath.Glob("../fakehttp/*.go")
	if err != nil || len(shared) == 0 {
		t.Fatalf("internal/fakehttp: %v %v", shared, err)
	}
	files = append(files, shared...)
	checked := 0
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			inShared := strings.HasPrefix(name, "../fakehttp/")
			if strings.HasPrefix(path, modulePath) && (inShared || !fakeMayImport[path]) {
				t.Errorf("%s imports %s; the Fastly fake may import only desired, fastlyvcl, verify (falco) and internal/fakehttp", name, path)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no non-test Go file found: the check would pass vacuously")
	}
}

// fakeMustNotDependOn are the packages no package of the fake's tree may
// depend on, directly or through another package (issue 11 acceptance:
// "the Fastly fake imports none of compiler, definition or inventory").
var fakeMustNotDependOn = []string{
	modulePath + "compiler",
	modulePath + "definition",
	modulePath + "inventory",
}

// TestDepsExcludeCompiler lists, with go list -deps, every package that a
// package under internal/fastlyfake depends on, and fails on the compiler,
// the definitions (or a package under them) or the inventory.
func TestDepsExcludeCompiler(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list -deps ./...: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, modulePath+"internal/fastlyfake") || !slices.Contains(deps, modulePath+"desired") {
		t.Fatalf("go list -deps does not list the fake and package desired: the check would pass vacuously:\n%s", out)
	}
	for _, dep := range deps {
		for _, banned := range fakeMustNotDependOn {
			if dep == banned || strings.HasPrefix(dep, banned+"/") {
				t.Errorf("a package under internal/fastlyfake depends on %s", dep)
			}
		}
	}
}
