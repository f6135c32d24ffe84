package main

import (
	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/planreport"
)

func init() { commandFactories = append(commandFactories, newDiffMarkdownCmd) }

func newDiffMarkdownCmd(*globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:     "diff-markdown FILE...",
		Short:   "Render edgectl diff --output json documents as one markdown plan",
		Long:    help("diff-markdown"),
		Example: examples("diff-markdown"),
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			docs, err := planreport.ReadFiles(args)
			if err != nil {
				return err
			}
			planreport.Markdown(cmd.OutOrStdout(), docs)
			return nil
		},
	}
}
