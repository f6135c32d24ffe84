package main

import (
	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/schema"
)

func init() { commandFactories = append(commandFactories, newSchemaCmd) }

func newSchemaCmd(*globalFlags) *cobra.Command {
	cmd := newCommand("schema", "schema [service|fleet|levels]", "Print the JSON Schema of a definition file, for editors")
	cmd.Args = cobra.MaximumNArgs(1)
	cmd.ValidArgs = schema.Kinds
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
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
	}
	return cmd
}
