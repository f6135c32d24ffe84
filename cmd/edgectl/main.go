// Command edgectl runs WebPlatform.org's Fastly configuration as code:
// it compiles service definitions into verified Fastly VCL and service
// objects (build, lint, services).
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	_ "edgectl.invalid/fastlyenv" // first: go-fastly panics at init on a bad $FASTLY_API_URL
	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/pipeline"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes edgectl with args and returns the exit code; tests call it.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	return cli.ExitStatus(root.Execute(), stderr)
}

// globalFlags are shared by every command.
type globalFlags struct {
	root   string
	output cli.OutputFlags
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	g := &globalFlags{}
	root := newCommand("edgectl", "edgectl", "WebPlatform.org's Fastly configuration as code")
	root.SilenceUsage, root.SilenceErrors = true, true
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&g.root, "root", "", "repository root holding levels.yaml, services/, vcl/ and fleet/ (default: the nearest directory holding levels.yaml, from the working directory up)")
	g.output.Register(root)
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if f := cmd.Flag("root"); f == nil || !f.Changed {
			g.root = definition.FindRoot()
		}
		if err := g.output.Apply(root); err != nil {
			return err
		}
		quietMode = g.output.Quiet
		return nil
	}
	root.AddCommand(newBuildCmd(g), newLintCmd(g), newServicesCmd(g), newErrorsCmd(g), newVersionCmd())
	for _, f := range commandFactories {
		root.AddCommand(f(g))
	}
	// Added now rather than by Execute, so that StrictGroups covers it too.
	root.InitDefaultCompletionCmd()
	cli.StrictGroups(root)
	cli.RegisterCompletions(root, argCompletions, cli.CompleteFrom(0, levels))
	root.SetFlagErrorFunc(cli.SuggestFlag)
	// --version prints what the version command prints.
	root.Version = pipeline.Versions().String()
	root.SetVersionTemplate("{{.Version}}\n")
	return root
}

// commandFactories are commands that files of this package register from
// init (the sync and fleet commands), so that each area of edgectl keeps its
// commands in its own file.
var commandFactories []func(*globalFlags) *cobra.Command

// interruptContext returns the context a long command (serve, a sandbox,
// fleet apply) runs in: canceled on an interrupt or SIGTERM, so that it
// stops cleanly and says what it did. Tests replace it to stop the command.
var interruptContext = func(parent context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
}

// untilInterrupted runs run in cmd's interruptContext.
func untilInterrupted(cmd *cobra.Command, run func(context.Context) error) error {
	ctx, stop := interruptContext(cmd.Context())
	defer stop()
	return run(ctx)
}

// newGroup is a command that only groups subcommands (fleet, errors,
// maintenance): its help is help/<name>.txt, and it runs none of its own
// (cli.StrictGroups refuses an unknown subcommand).
func newGroup(name, short string, subcommands ...*cobra.Command) *cobra.Command {
	cmd := newCommand(name, name, short)
	cmd.AddCommand(subcommands...)
	return cmd
}

// printDiags writes diagnostics to w, errors and warnings alike (errors
// only with --quiet), sorted.
func printDiags(w io.Writer, l diag.List) { l.Print(w, quietMode) }

// diagPrinter prints diagnostics on the command's stderr, as printDiags.
func diagPrinter(cmd *cobra.Command) func(diag.List) {
	return func(l diag.List) { printDiags(cmd.ErrOrStderr(), l) }
}
