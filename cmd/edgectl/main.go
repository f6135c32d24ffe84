// Command edgectl runs WebPlatform.org's Fastly configuration as code:
// it compiles service definitions into verified Fastly VCL and service
// objects (build, lint, services).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/diag"
)

// exitError carries an exit code through cobra without printing twice.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes edgectl with args and returns the exit code; tests call it.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	var ee *exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	}
	fmt.Fprintln(stderr, "edgectl:", err)
	return 1
}

// globalFlags are shared by every command.
type globalFlags struct {
	root string
	// color is --color: auto, always or never; quiet is --quiet.
	color string
	quiet bool
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "edgectl",
		Short: "WebPlatform.org's Fastly configuration as code",
		Long: `edgectl compiles the service definitions in services/ (with the hand-written
VCL in vcl/ and the fleet inventory in fleet/inventory/) into Fastly custom VCL
and service objects, one directory per service and deployment level, and proves
every compiled byte with falco.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&g.root, "root", ".", "repository root holding levels.yaml, services/, vcl/ and fleet/")
	registerOutputFlags(root, g)
	root.AddCommand(newBuildCmd(g), newLintCmd(g), newServicesCmd(g), newErrorsCmd(g), newVersionCmd())
	for _, f := range commandFactories {
		root.AddCommand(f(g))
	}
	return root
}

// commandFactories are commands that files of this package register from
// init (the sync and fleet commands), so that each area of edgectl keeps its
// commands in its own file.
var commandFactories []func(*globalFlags) *cobra.Command

// printDiags writes diagnostics to w, errors and warnings alike (errors
// only with --quiet), sorted.
func printDiags(w io.Writer, l diag.List) {
	l.Sort()
	if quietMode {
		l = l.Errors()
	}
	for _, d := range l {
		fmt.Fprintln(w, d.String())
	}
	if n := len(l.Errors()); n > 0 {
		noun := "errors"
		if n == 1 {
			noun = "error"
		}
		fmt.Fprintf(w, "%d %s\n", n, noun)
	}
}
