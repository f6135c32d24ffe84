package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/jsonout"
	"github.com/webplatform/edgectl/pipeline"
)

func newErrorsCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "errors",
		Short:   "List the error pages, or export them for the origins",
		Long:    help("errors"),
		Example: examples("errors"),
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

func newErrorsListCmd(g *globalFlags) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List every error page",
		Long:    help("errors-list"),
		Example: examples("errors-list"),
		RunE: func(cmd *cobra.Command, args []string) error {
			set := errorsLoad(cmd, g)
			if set == nil {
				return cli.Exit(1)
			}
			switch output {
			case "json":
				return jsonout.Write(cmd.OutOrStdout(), set.List())
			case "text", "":
				return errorpage.WriteList(cmd.OutOrStdout(), set.List())
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
		Use:     "build",
		Short:   "Write the pages as static HTML, with Apache and nginx snippets, for the origins",
		Long:    help("errors-build"),
		Example: examples("errors-build"),
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
				return cli.Exit(1)
			}
			lvl, err := site.LevelNamed(level)
			if err != nil {
				return err
			}
			set := errorsLoad(cmd, g)
			if set == nil {
				return cli.Exit(1)
			}
			files, diags, err := set.ExportChecked(compiler.StatusURL(lvl))
			switch {
			case diags.HasErrors():
				printDiags(cmd.ErrOrStderr(), diags)
				return cli.Exit(1)
			case err != nil:
				return err
			case dryRun:
				listFiles(cmd.OutOrStdout(), "dry run: would write ", out, files)
				return nil
			}
			if err := errorpage.WriteExport(out, files); err != nil {
				return err
			}
			listFiles(cmd.OutOrStdout(), "", out, files)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "output directory (required)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list the files it would write; write nothing")
	cli.LevelFlag(cmd, &level, "production", "level whose status page the pages link to")
	return cmd
}
