package pipeline

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/diag"
)

// testCommand is a Command on the real site (root ".."), its output in
// out and err; diagnostics are printed to err.
func testCommand(opts Options) (*Command, *strings.Builder, *strings.Builder) {
	var out, errOut strings.Builder
	opts.Root = realRoot
	return &Command{Options: opts, Out: &out, Err: &errOut, Diags: func(l diag.List) { l.Print(&errOut, false) }}, &out, &errOut
}

func TestCommandBuildDryRunWritesNothing(t *testing.T) {
	c, out, _ := testCommand(Options{Services: []string{"docs"}, Levels: []string{"staging"}, SkipLint: true})
	dir := filepath.Join(t.TempDir(), "build")
	if err := c.Build("build", dir, true); err != nil {
		t.Fatal(err)
	}
	want := "dry run: would write " + dir + "/docs/staging/errors.vcl\n"
	if !strings.HasPrefix(out.String(), want) || !strings.HasSuffix(out.String(), "dry run: every check passed; nothing was written\n") {
		t.Errorf("stdout:\n%s\nwant it to start with %q", out.String(), want)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a dry run made %s: %v", dir, err)
	}
}

func TestCommandRefusals(t *testing.T) {
	tests := []struct {
		name    string
		run     func(c *Command) error
		wantErr string
	}{
		{"errors build without --out", func(c *Command) error { return c.ExportErrorPages("", "production", true) }, "--out is required"},
		{"errors build into the sources", func(c *Command) error { return c.ExportErrorPages(filepath.Join(realRoot, "vcl"), "production", true) }, "source directory"},
		{"errors build at an unknown level", func(c *Command) error { return c.ExportErrorPages(t.TempDir(), "prod", true) }, `unknown level "prod"`},
		{"services as yaml", func(c *Command) error { return c.ListServices("yaml") }, `unknown --output "yaml" (text or json)`},
		{"errors list as yaml", func(c *Command) error { return c.ListErrorPages("yaml") }, `unknown --output "yaml" (text or json)`},
	}
	for _, tt := range tests {
		c, out, _ := testCommand(Options{})
		err := tt.run(c)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.wantErr)
		}
		if out.Len() > 0 {
			t.Errorf("%s: stdout %q, want nothing", tt.name, out.String())
		}
	}
}

func TestCommandLintReportsBrokenDefinitions(t *testing.T) {
	var out, errOut strings.Builder
	c := &Command{Options: Options{Root: t.TempDir()}, Out: &out, Err: &errOut, Diags: func(l diag.List) { l.Print(&errOut, false) }}
	if err := c.Lint(false); !errors.Is(err, diag.ErrReported) {
		t.Errorf("error %v, want diag.ErrReported", err)
	}
	if !strings.Contains(errOut.String(), "levels.yaml") {
		t.Errorf("stderr %q does not name levels.yaml", errOut.String())
	}
}
