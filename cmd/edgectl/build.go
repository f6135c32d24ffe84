package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/jsonout"
	"github.com/webplatform/edgectl/pipeline"
	"github.com/webplatform/edgectl/session"
)

// This file wires the commands that run the pipeline (build, lint,
// services) and version: each fills a pipeline.Command from its flags and
// calls one of its methods, which prints.

// privateDirEnv names the directory of private includes when --private-dir
// is not given.
const privateDirEnv = session.PrivateDirEnv

// buildFlags are the flags of the commands that build: what to build,
// --output, and for build itself --out and --dry-run.
type buildFlags struct {
	levels     []string
	out        string
	privateDir string
	dryRun     bool
	output     cli.Output
}

func (f *buildFlags) register(cmd *cobra.Command, withOut bool) {
	cli.LevelsFlag(cmd, &f.levels, "deployment level to build (default: every level)")
	cmd.Flags().StringVar(&f.privateDir, "private-dir", "", "directory holding <service>.vcl private includes, outside the repository (default $"+privateDirEnv+")")
	if withOut {
		cmd.Flags().StringVarP(&f.out, "out", "o", "build", "output directory, replaced atomically; never a source directory (default: build/ in the repository root)")
		cmd.Flags().BoolVar(&f.dryRun, "dry-run", false, "run every check and list the files build would write; write nothing")
	}
	f.output.Register(cmd)
}

// command checks --output and gives the pipeline.Command the flags select,
// reporting on cmd's streams.
func (f *buildFlags) command(cmd *cobra.Command, g *globalFlags, services []string) (*pipeline.Command, error) {
	if err := f.output.Check(); err != nil {
		return nil, err
	}
	opts := pipeline.Options{Root: g.root, Levels: f.levels, Services: services, PrivateDir: session.PrivateDir(f.privateDir)}
	return &pipeline.Command{Options: opts, JSON: f.output.JSON(), Out: cmd.OutOrStdout(), Err: cmd.ErrOrStderr(), Diags: diagPrinter(cmd)}, nil
}

func newBuildCmd(g *globalFlags) *cobra.Command {
	f := &buildFlags{}
	cmd := newCommand("build", "build [service...]", "Compile the services into Fastly VCL and service objects")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		c, err := f.command(cmd, g, args)
		if err != nil {
			return err
		}
		return c.Build(f.out, outDir(g.root, f.out, cmd.Flags().Changed("out")), f.dryRun)
	}
	f.register(cmd, true)
	return cmd
}

func newLintCmd(g *globalFlags) *cobra.Command {
	f := &buildFlags{}
	var verbose bool
	cmd := newCommand("lint", "lint [service...]", "Run the build's checks and print falco's findings, writing nothing")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		c, err := f.command(cmd, g, args)
		if err != nil {
			return err
		}
		return c.Lint(verbose)
	}
	f.register(cmd, false)
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "print every falco warning and info")
	return cmd
}

func newServicesCmd(g *globalFlags) *cobra.Command {
	var levels []string
	var output string
	cmd := &cobra.Command{
		Use:   "services",
		Short: "List the services and their domains per level",
		Example: `  edgectl services
  edgectl services --level production --output json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			c := &pipeline.Command{Options: pipeline.Options{Root: g.root, Levels: levels}, Out: cmd.OutOrStdout(), Diags: diagPrinter(cmd)}
			return c.ListServices(output)
		},
	}
	cli.LevelsFlag(cmd, &levels, "only these levels")
	cmd.Flags().StringVar(&output, "output", "text", "text or json")
	return cmd
}

func newVersionCmd() *cobra.Command {
	o := &cli.Output{}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print edgectl's version and the falco it verifies with",
		Example: `  edgectl version
  edgectl version --output json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.Check(); err != nil {
				return err
			}
			if o.JSON() {
				return jsonout.Write(cmd.OutOrStdout(), pipeline.Versions())
			}
			fmt.Fprintln(cmd.OutOrStdout(), pipeline.Versions())
			return nil
		},
	}
	o.Register(cmd)
	return cmd
}

// outDir is the output directory of a build: --out as given, else build/
// in the repository root (which is the working directory unless --root was
// given or found by walking up).
func outDir(root, flag string, given bool) string {
	if given {
		return flag
	}
	return filepath.Join(root, flag)
}
