package main

import (
	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/planreport"
)

func init() { commandFactories = append(commandFactories, newDiffMarkdownCmd) }

func newDiffMarkdownCmd(*globalFlags) *cobra.Command {
	cmd := newCommand("diff-markdown", "diff-markdown FILE...", "Render edgectl diff --output json documents as one markdown plan")
	cmd.Args = cobra.MinimumNArgs(1)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		docs, err := planreport.ReadFiles(args)
		if err != nil {
			return err
		}
		planreport.Markdown(cmd.OutOrStdout(), docs)
		return nil
	}
	return cmd
}
