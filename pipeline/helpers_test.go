package pipeline

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/diag"
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

// rawWWW is a service www whose VCL is the raw file vcl/www/main.vcl, for
// the tests that write that file (and the snippets beside it) to see how
// falco's findings in it are reported.
const rawWWW = "description: raw\nservice_ids: {production: AAAAAAAAAAAAAAAAAAAAAA, staging: BBBBBBBBBBBBBBBBBBBBBB, workbench: CCCCCCCCCCCCCCCCCCCCCC}\ndomains: [www]\nbackends:\n  - {name: origin, address: origin.example.net, port: 80}\nraw_vcl: {main: vcl/www/main.vcl}\n"

// expectUndefinedOnce fails t unless falco reported one undefined
// variable, at pos: once, although the unit is linted at every level.
func expectUndefinedOnce(t *testing.T, diags diag.List, pos string) {
	t.Helper()
	var at []string
	for _, d := range diags.Errors() {
		if strings.Contains(d.Message, "Undefined variable") {
			at = append(at, d.Pos.String())
		}
	}
	if len(at) != 1 || at[0] != pos {
		t.Errorf("undefined variable reported at %v, want once at %s:\n%v", at, pos, diags.Err())
	}
}
