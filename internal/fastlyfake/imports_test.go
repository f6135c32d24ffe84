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
// the fakes share (internal/fakehttp, whose files this test reads too: it
// may import no package of the module). A fake that
// imported the compiler, the definitions or the inventory would use the
// code it is meant to check (issue 11, point 4).
var fakeMayImport = map[string]bool{
	modulePath + "desired":           true,
	modulePath + "verify":            true,
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
				t.Errorf("%s imports %s; the Fastly fake may import only desired, verify (falco) and internal/fakehttp", name, path)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no non-test Go file found: the check would pass vacuously")
	}
}
