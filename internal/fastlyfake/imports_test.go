package fastlyfake

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// modulePath is the prefix of this module's own packages.
const modulePath = "github.com/webplatform/edgectl/"

// fakeMayImport are the module's packages the fake may use: the desired
// state it is seeded with, falco's lint (package verify) and the middleware
// the fakes share (internal/fakehttp, which imports no package of the
// module: its TestImportsNothingOfTheModule). A fake that
// imported the compiler, the definitions or the inventory would use the
// code it is meant to check (issue 11, point 4).
var fakeMayImport = map[string]bool{
	modulePath + "desired":           true,
	modulePath + "verify":            true,
	modulePath + "internal/fakehttp": true,
}

// TestImportsOnlyDesiredAndFalco reads the import clauses of the package's
// non-test files and fails on any other package of the module.
func TestImportsOnlyDesiredAndFalco(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
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
			if strings.HasPrefix(path, modulePath) && !fakeMayImport[path] {
				t.Errorf("%s imports %s; the Fastly fake may import only desired, verify (falco) and internal/fakehttp", name, path)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no non-test Go file found: the check would pass vacuously")
	}
}
