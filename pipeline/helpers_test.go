package pipeline

import (
	"path/filepath"
	"testing"
)

// buildSite compiles every service at every level, as edgectl build does.
func buildSite(t *testing.T) *Output {
	t.Helper()
	out, diags := Run(Options{Root: ".."})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return out
}

// writtenSite compiles the site as buildSite does and writes it, as edgectl
// build does, into a fresh directory name below the test's temporary
// directory, which it returns.
func writtenSite(t *testing.T, name string) (*Output, string) {
	t.Helper()
	out := buildSite(t)
	dir := filepath.Join(t.TempDir(), name)
	if err := out.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	return out, dir
}
