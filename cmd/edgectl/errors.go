package main

import (
	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/pipeline"
)

// This file wires the errors commands (list, build): each calls one
// method of pipeline.Command, which prints.

func newErrorsCmd(g *globalFlags) *cobra.Command {
	return newGroup("errors", "List the error pages, or export them for the origins", newErrorsListCmd(g), newErrorsBuildCmd(g))
}

// errorsCommand is an errors command's RunE: run with the pipeline.Command
// of the repository, reporting on cmd's streams.
func errorsCommand(g *globalFlags, run func(c *pipeline.Command) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		return run(&pipeline.Command{Options: pipeline.Options{Root: g.root}, Out: cmd.OutOrStdout(), Err: cmd.ErrOrStderr(), Diags: diagPrinter(cmd)})
	}
}

func newErrorsListCmd(g *globalFlags) *cobra.Command {
	var output string
	cmd := newCommand("errors-list", "list", "List every error page")
	cmd.RunE = errorsCommand(g, func(c *pipeline.Command) error { return c.ListErrorPages(output) })
	cmd.Flags().StringVar(&output, "output", "text", "text or json")
	return cmd
}

func newErrorsBuildCmd(g *globalFlags) *cobra.Command {
	var out, level string
	var dryRun bool
	cmd := newCommand("errors-build", "build", "Write the pages as static HTML, with Apache and nginx snippets, for the origins")
	cmd.RunE = errorsCommand(g, func(c *pipeline.Command) error { return c.ExportErrorPages(out, level, dryRun) })
	cmd.Flags().StringVarP(&out, "out", "o", "", "output directory (required)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list the files it would write; write nothing")
	cli.LevelFlag(cmd, &level, "production", "level whose status page the pages link to")
	return cmd
}
