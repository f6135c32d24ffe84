package main

import (
	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/schema"
)

func init() { commandFactories = append(commandFactories, newSchemaCmd) }

func newSchemaCmd(*globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "schema [service|fleet|levels]",
		Short: "Print the JSON Schema of a definition file, for editors",
		Long: `schema prints the JSON Schema (draft 2020-12) of services/<name>.yaml (service,
the default), fleet/fleet.yaml (fleet) or levels.yaml (levels), generated from
the types edgectl decodes them into, with their doc comments as descriptions.
The same schemas are committed in docs/schema/, where the modeline on the first
line of each definition file points yaml-language-server.`,
		Example: `  edgectl schema > service.schema.json
  edgectl schema fleet`,
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: schema.Kinds,
		RunE: func(cmd *cobra.Command, args []string) error {
			kind := schema.Kinds[0]
			if len(args) == 1 {
				kind = args[0]
			}
			data, err := schema.Generate(kind)
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(data)
			return err
		},
	}
}
