package main

import (
	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/pipeline"
)

// This file wires the errors commands (list, build): each calls one
// method of pipeline.Command, which prints.

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

// errorsCommand is the pipeline.Command of the errors commands.
func errorsCommand(cmd *cobra.Command, g *globalFlags) *pipeline.Command {
	return &pipeline.Command{Options: pipeline.Options{Root: g.root}, Out: cmd.OutOrStdout(), Err: cmd.ErrOrStderr(), Diags: diagPrinter(cmd)}
}

func newErrorsListCmd(g *globalFlags) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List every error page",
		Long:    help("errors-list"),
		Example: examples("errors-list"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return errorsCommand(cmd, g).ListErrorPages(output)
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
			return errorsCommand(cmd, g).ExportErrorPages(out, level, dryRun)
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "output directory (required)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list the files it would write; write nothing")
	cli.LevelFlag(cmd, &level, "production", "level whose status page the pages link to")
	return cmd
}
