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
		Use:   "diff-markdown FILE...",
		Short: "Render edgectl diff --output json documents as one markdown plan",
		Long: `diff-markdown reads the JSON that edgectl diff --output json wrote (one file per
level, say) and prints one markdown plan: a summary, a table of changes per service,
VCL diffs folded under <details>, and the services that do not change. It talks to
no API. ci/edgectl-ci.sh uses it for the plan artefact of a pull request (docs/ci.md).
Exit status: 0 printed, 1 when a file cannot be read or is not diff's JSON.`,
		Example: `  edgectl diff --level staging --output json > staging.json
  edgectl diff --output json > production.json
  edgectl diff-markdown staging.json production.json > plan.md`,
		Args: cobra.MinimumNArgs(1),
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
