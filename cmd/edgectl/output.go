package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// This file holds how the commands print: --output text|json, --color and
// --quiet. Each command that reports writes one JSON document on stdout:
// a report of the package that fills it (the sync commands' are
// session.PublishReport, RollbackReport, MaintenanceReport and
// MaintenanceStatus; diff's is fastlyplan.JSON's); the README lists them.
// Fields are only ever added, never renamed or removed, so that scripts
// keep working. Problems still go to stderr as text (and, for build and
// lint, into the document).

// quietMode is --quiet for the whole run: printDiags then prints errors only.
var quietMode bool

// registerOutputFlags adds --color and --quiet to every command. --quiet
// discards what a command prints on stdout and its warnings; errors still
// go to stderr and the exit status is unchanged.
func registerOutputFlags(root *cobra.Command, g *globalFlags) {
	root.PersistentFlags().StringVar(&g.color, "color", "auto", "colour the output: auto (on a terminal, unless $NO_COLOR is set), always or never")
	root.PersistentFlags().BoolVarP(&g.quiet, "quiet", "q", false, "print errors only")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if g.color != "auto" && g.color != "always" && g.color != "never" {
			return fmt.Errorf("unknown --color %q: write auto, always or never", g.color)
		}
		quietMode = g.quiet
		if g.quiet {
			root.SetOut(io.Discard)
		}
		return nil
	}
}
