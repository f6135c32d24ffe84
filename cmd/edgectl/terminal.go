package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/session"
)

// This file is edgectl's side of the terminal: asking before a change, and
// whether output is coloured.

// confirm asks question on a terminal and goes on only on "y" or "yes";
// off a terminal (CI, a pipe) it refuses unless --yes was given. Problems
// go to w.
func confirm(cmd *cobra.Command, w io.Writer, yes bool, question string) error {
	if yes {
		return nil
	}
	in, ok := cmd.InOrStdin().(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		fmt.Fprintf(w, "edgectl: not on a terminal: pass --yes to %s without asking\n", question)
		return &exitError{1}
	}
	fmt.Fprintf(w, "%s? [y/N] ", question)
	line, _ := bufio.NewReader(in).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		fmt.Fprintln(w, "nothing was done")
		return &exitError{1}
	}
	return nil
}

// colorOutput reports whether w is a terminal that wants colour.
func colorOutput(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

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
	if t.f.out.json() {
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
	return fastlyplan.Text(cmd.OutOrStdout(), plans, wantColor(cmd, cmd.OutOrStdout()))
}

// Confirm asks on a terminal, or takes --yes.
func (t *terminal) Confirm(question string) error { return confirm(t.cmd, t.s.Stderr, t.yes, question) }
