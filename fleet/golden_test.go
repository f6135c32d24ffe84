package fleet

import (
	"bytes"
	"flag"
	"path/filepath"
	"testing"

	"github.com/webplatform/edgectl/internal/testtool"
)

// update rewrites the golden files of this package:
//
//	go test ./fleet -run 'Golden' -update
var update = flag.Bool("update", false, "rewrite fleet/testdata golden files")

// checkGolden compares got with testdata/<name>, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(name))
	want := testtool.Golden(t, path, got, *update, "go test ./fleet -run Golden -update")
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run: go test ./fleet -run Golden -update, then read git diff):\n--- got\n%s", path, got)
	}
}
