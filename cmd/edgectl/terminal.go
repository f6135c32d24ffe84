package main

import (
	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/session"
)

// This file is the sync commands' side of the terminal: showing a plan and
// asking before a change.

// terminal is a sync command's session.Prompter: it prints the plan (as
// text, unless --output json) and asks on a terminal (or takes --yes).
type terminal struct {
	cmd *cobra.Command
	s   *session.Session
	f   *fastlyFlags
	yes bool
}

// Show prints the plan for people; with --output json the report holds it.
func (t *terminal) Show(p *fastlyplan.Plan) error {
	if t.f.out.JSON() {
		return nil
	}
	return writePlans(t.cmd, false, []*fastlyplan.Plan{p})
}

// writePlans prints plans as diff does: the JSON document, or text
// (coloured as --color says).
func writePlans(cmd *cobra.Command, json bool, plans []*fastlyplan.Plan) error {
	if json {
		return fastlyplan.JSON(cmd.OutOrStdout(), plans)
	}
	return fastlyplan.Text(cmd.OutOrStdout(), plans, cli.WantColor(cmd, cmd.OutOrStdout()))
}

// Confirm asks on a terminal, or takes --yes.
func (t *terminal) Confirm(question string) error {
	return cli.Confirm(t.cmd, t.s.Stderr, t.yes, question)
}
