package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/pipeline"
)

func newErrorsCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "errors",
		Short: "List the error pages, or export them for the origins",
		Long: `The error pages live in errors/, one Markdown file per page with front matter
(cause, kind, match, status, title, retry_after), rendered into errors/layout.html.
Fastly serves them from vcl_error (one page per 503 cause); the origins serve the
same pages as their Apache and nginx error documents.`,
		Example: `  edgectl errors list
  edgectl errors list --output json
  edgectl errors build --out /tmp/errors --level staging`,
	}
	cmd.AddCommand(newErrorsListCmd(g), newErrorsBuildCmd(g))
	return cmd
}

// errorsLoad loads the pages, printing problems; nil means failure.
func errorsLoad(cmd *cobra.Command, g *globalFlags) *errorpage.Set {
	set, diags := errorpage.Load(g.root)
	if diags.HasErrors() {
		printDiags(cmd.ErrOrStderr(), diags)
		return nil
	}
	return set
}

// errorPageJSON is one row of errors list --output json.
type errorPageJSON struct {
	Cause  string `json:"cause"`
	Match  string `json:"match"`
	Status int    `json:"status"`
	Title  string `json:"title"`
	File   string `json:"file"`
}

func newErrorsListCmd(g *globalFlags) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every error page",
		Long: `list prints every error page: its cause key, the obj.response text it matches
(empty for pages that match no Fastly cause), its status, title and file.

--output json prints an array of {cause, match, status, title, file}.`,
		Example: `  edgectl errors list
  edgectl errors list --output json | jq -r '.[] | select(.match != "") | .match'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			set := errorsLoad(cmd, g)
			if set == nil {
				return &exitError{1}
			}
			type row = errorPageJSON
			rows := []row{}
			for _, p := range set.Pages {
				rows = append(rows, row{p.Cause, p.Match, p.Status, p.Title, p.File})
			}
			w := cmd.OutOrStdout()
			switch output {
			case "json":
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(rows)
			case "text", "":
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "CAUSE\tSTATUS\tMATCH\tTITLE")
				for _, r := range rows {
					fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", r.Cause, r.Status, r.Match, r.Title)
				}
				return tw.Flush()
			}
			return fmt.Errorf("unknown --output %q (text or json)", output)
		},
	}
	cmd.Flags().StringVar(&output, "output", "text", "text or json")
	return cmd
}

func newErrorsBuildCmd(g *globalFlags) *cobra.Command {
	var out, level string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Write the pages as static HTML, with Apache and nginx snippets, for the origins",
		Long: `build writes every page as DIR/<cause>.html (linking to the status page of
--level), and DIR/apache-errors.conf and DIR/nginx-errors.conf, which make the
origin pages (403, 404, 410, 500, 502, 503, 504) the error documents of a vhost,
served from ` + errorpage.OriginDir + `. DIR is replaced atomically.`,
		Example: `  edgectl errors build --out build-errors
  edgectl errors build --out /srv/salt/files/errors --level production`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return fmt.Errorf("--out is required")
			}
			if err := pipeline.CheckOutDir(g.root, out); err != nil {
				return err
			}
			site, diags := definition.Load(g.root)
			if diags.HasErrors() {
				printDiags(cmd.ErrOrStderr(), diags)
				return &exitError{1}
			}
			lvl, err := site.LevelNamed(level)
			if err != nil {
				return err
			}
			set := errorsLoad(cmd, g)
			if set == nil {
				return &exitError{1}
			}
			if diags := set.CheckBudget(compiler.StatusURL(lvl)); diags.HasErrors() {
				printDiags(cmd.ErrOrStderr(), diags)
				return &exitError{1}
			}
			files, err := set.Export(compiler.StatusURL(lvl))
			if err != nil {
				return err
			}
			if dryRun {
				for _, n := range slices.Sorted(maps.Keys(files)) {
					fmt.Fprintf(cmd.OutOrStdout(), "dry run: would write %s/%s\n", out, n)
				}
				return nil
			}
			if err := errorpage.WriteExport(out, files); err != nil {
				return err
			}
			for _, n := range slices.Sorted(maps.Keys(files)) {
				fmt.Fprintf(cmd.OutOrStdout(), "%s/%s\n", out, n)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "output directory (required)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list the files it would write; write nothing")
	levelFlag(cmd, &level, "production", "level whose status page the pages link to")
	return cmd
}
