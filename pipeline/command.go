package pipeline

import (
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/jsonout"
)

// Command is the work of a command that runs the pipeline or reads what it
// reads (build, lint, services, errors list, errors build): what to build,
// the output format and where to report. Each method does one command's
// job and prints; a failure it has printed is diag.ErrReported, so that
// the command only exits 1.
type Command struct {
	Options
	// JSON is --output json: one JSON document on Out instead of text.
	JSON bool
	// Out is for people (or the JSON document); Err for problems.
	Out, Err io.Writer
	// Diags prints diagnostics in the command's format.
	Diags func(diag.List)
}

// Build is edgectl build: it runs the pipeline and writes the output into
// dir (outFlag is --out as given, for the JSON report), keeping the units
// it did not build when only some services or levels were selected. With
// dryRun it lists what it would write and writes nothing.
func (c *Command) Build(outFlag, dir string, dryRun bool) error {
	if err := CheckOutDir(c.Root, dir); err != nil {
		return err
	}
	out, diags := Run(c.Options)
	c.Diags(diags)
	if diags.HasErrors() {
		fmt.Fprintln(c.Err, "build failed; nothing was written")
		if c.JSON {
			jsonout.Write(c.Out, Report(outFlag, nil, diags))
		}
		return diag.ErrReported
	}
	if dryRun {
		tree, err := out.Tree()
		if err != nil {
			return err
		}
		listFiles(c.Out, "dry run: would write ", dir, tree)
		fmt.Fprintf(c.Out, "dry run: every check passed; nothing was written\n")
		return nil
	}
	if err := out.Write(dir, len(c.Services) > 0 || len(c.Levels) > 0); err != nil {
		return err
	}
	if c.JSON {
		return jsonout.Write(c.Out, Report(outFlag, out, diags))
	}
	for _, u := range out.Units {
		fmt.Fprintf(c.Out, "%s/%s\n", dir, u.Dir())
	}
	return nil
}

// Lint is edgectl lint: the build's checks and falco's findings (every
// warning and info when verbose), writing nothing.
func (c *Command) Lint(verbose bool) error {
	out, diags := Run(c.Options)
	if c.JSON {
		c.Diags(diags)
		jsonout.Write(c.Out, Lint(out, diags))
	} else {
		if out != nil {
			out.WriteLint(c.Out, verbose)
		}
		c.Diags(diags)
	}
	if diags.HasErrors() {
		return diag.ErrReported
	}
	return nil
}

// ListServices is edgectl services: the services and their domains at the
// selected levels, as a table or (format "json") a JSON array. It takes
// its own format, checked after the definition is read, as it always has.
func (c *Command) ListServices(format string) error {
	site, diags := definition.Load(c.Root)
	if diags.HasErrors() {
		c.Diags(diags)
		return diag.ErrReported
	}
	rows := Services(site, c.Levels)
	switch format {
	case "json":
		return jsonout.Write(c.Out, rows)
	case "text", "":
		WriteServices(c.Out, rows)
		return nil
	}
	return fmt.Errorf("unknown --output %q (text or json)", format)
}

// loadErrorPages loads the error pages, printing problems.
func (c *Command) loadErrorPages() (*errorpage.Set, error) {
	set, diags := errorpage.Load(c.Root)
	if diags.HasErrors() {
		c.Diags(diags)
		return nil, diag.ErrReported
	}
	return set, nil
}

// ListErrorPages is edgectl errors list: every error page, as a table or
// (format "json") a JSON array.
func (c *Command) ListErrorPages(format string) error {
	set, err := c.loadErrorPages()
	if err != nil {
		return err
	}
	switch format {
	case "json":
		return jsonout.Write(c.Out, set.List())
	case "text", "":
		return errorpage.WriteList(c.Out, set.List())
	}
	return fmt.Errorf("unknown --output %q (text or json)", format)
}

// ExportErrorPages is edgectl errors build: the pages as static HTML with
// Apache and nginx snippets, linking to the status page of level, written
// into dir (with dryRun, only listed).
func (c *Command) ExportErrorPages(dir, level string, dryRun bool) error {
	if dir == "" {
		return fmt.Errorf("--out is required")
	}
	if err := CheckOutDir(c.Root, dir); err != nil {
		return err
	}
	site, diags := definition.Load(c.Root)
	if diags.HasErrors() {
		c.Diags(diags)
		return diag.ErrReported
	}
	lvl, err := site.LevelNamed(level)
	if err != nil {
		return err
	}
	set, err := c.loadErrorPages()
	if err != nil {
		return err
	}
	files, diags, err := set.ExportChecked(compiler.StatusURL(lvl))
	switch {
	case diags.HasErrors():
		c.Diags(diags)
		return diag.ErrReported
	case err != nil:
		return err
	case dryRun:
		listFiles(c.Out, "dry run: would write ", dir, files)
		return nil
	}
	if err := errorpage.WriteExport(dir, files); err != nil {
		return err
	}
	listFiles(c.Out, "", dir, files)
	return nil
}

// listFiles prints prefix, dir, "/" and the name of each of files, in
// name order: what a build or export writes (or would write).
func listFiles[V any](w io.Writer, prefix, dir string, files map[string]V) {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(w, "%s%s/%s\n", prefix, dir, name)
	}
}
