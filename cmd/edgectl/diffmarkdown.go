package main

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/planreport"
	"github.com/webplatform/edgectl/repofs"
)

func init() { commandFactories = append(commandFactories, newDiffMarkdownCmd) }

// maxDiffJSON bounds one diff document read by diff-markdown.
const maxDiffJSON = 64 << 20

func newDiffMarkdownCmd(*globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:     "diff-markdown FILE...",
		Short:   "Render edgectl diff --output json documents as one markdown plan",
		Long:    help("diff-markdown"),
		Example: examples("diff-markdown"),
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var docs []*planreport.Diff
			for _, name := range args {
				// Bounded and regular: a FIFO or /dev/zero must not hang.
				data, err := repofs.ReadOutside(name, maxDiffJSON)
				if err != nil {
					return fmt.Errorf("cannot read %s: %v", name, err)
				}
				d, err := planreport.Decode(name, bytes.NewReader(data))
				if err != nil {
					return err
				}
				docs = append(docs, d)
			}
			planreport.Markdown(cmd.OutOrStdout(), docs)
			return nil
		},
	}
}
