package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/jsonout"
	"github.com/webplatform/edgectl/pipeline"
	"github.com/webplatform/edgectl/session"
)

// privateDirEnv names the directory of private includes when --private-dir
// is not given.
const privateDirEnv = session.PrivateDirEnv

type buildFlags struct {
	levels     []string
	out        string
	privateDir string
	dryRun     bool
}

func (f *buildFlags) register(cmd *cobra.Command, withOut bool) {
	cli.LevelsFlag(cmd, &f.levels, "deployment level to build (default: every level)")
	cmd.Flags().StringVar(&f.privateDir, "private-dir", "", "directory holding <service>.vcl private includes, outside the repository (default $"+privateDirEnv+")")
	if withOut {
		cmd.Flags().StringVarP(&f.out, "out", "o", "build", "output directory, replaced atomically; never a source directory (default: build/ in the repository root)")
		cmd.Flags().BoolVar(&f.dryRun, "dry-run", false, "run every check and list the files build would write; write nothing")
	}
}

func (f *buildFlags) options(g *globalFlags, services []string) pipeline.Options {
	return pipeline.Options{Root: g.root, Levels: f.levels, Services: services, PrivateDir: session.PrivateDir(f.privateDir)}
}

func newBuildCmd(g *globalFlags) *cobra.Command {
	f := &buildFlags{}
	o := &cli.Output{}
	cmd := &cobra.Command{
		Use:     "build [service...]",
		Short:   "Compile the services into Fastly VCL and service objects",
		Long:    help("build"),
		Example: examples("build"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.Check(); err != nil {
				return err
			}
			dir := outDir(g.root, f.out, cmd.Flags().Changed("out"))
			if err := pipeline.CheckOutDir(g.root, dir); err != nil {
				return err
			}
			out, diags := pipeline.Run(f.options(g, args))
			printDiags(cmd.ErrOrStderr(), diags)
			if diags.HasErrors() {
				fmt.Fprintln(cmd.ErrOrStderr(), "build failed; nothing was written")
				if o.JSON() {
					jsonout.Write(cmd.OutOrStdout(), pipeline.Report(f.out, nil, diags))
				}
				return cli.Exit(1)
			}
			if f.dryRun {
				tree, err := out.Tree()
				if err != nil {
					return err
				}
				listFiles(cmd.OutOrStdout(), "dry run: would write ", dir, tree)
				fmt.Fprintf(cmd.OutOrStdout(), "dry run: every check passed; nothing was written\n")
				return nil
			}
			if err := out.Write(dir, len(args) > 0 || len(f.levels) > 0); err != nil {
				return err
			}
			if o.JSON() {
				return jsonout.Write(cmd.OutOrStdout(), pipeline.Report(f.out, out, diags))
			}
			for _, u := range out.Units {
				fmt.Fprintf(cmd.OutOrStdout(), "%s/%s\n", dir, u.Dir())
			}
			return nil
		},
	}
	f.register(cmd, true)
	o.Register(cmd)
	return cmd
}

// listFiles prints prefix, dir, "/" and the name of each of files, in
// name order: what a build or export writes (or would write).
func listFiles[V any](w io.Writer, prefix, dir string, files map[string]V) {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(w, "%s%s/%s\n", prefix, dir, name)
	}
}

func newLintCmd(g *globalFlags) *cobra.Command {
	f := &buildFlags{}
	o := &cli.Output{}
	var verbose bool
	cmd := &cobra.Command{
		Use:     "lint [service...]",
		Short:   "Run the build's checks and print falco's findings, writing nothing",
		Long:    help("lint"),
		Example: examples("lint"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.Check(); err != nil {
				return err
			}
			out, diags := pipeline.Run(f.options(g, args))
			if o.JSON() {
				printDiags(cmd.ErrOrStderr(), diags)
				jsonout.Write(cmd.OutOrStdout(), pipeline.Lint(out, diags))
			} else {
				if out != nil {
					out.WriteLint(cmd.OutOrStdout(), verbose)
				}
				printDiags(cmd.ErrOrStderr(), diags)
			}
			if diags.HasErrors() {
				return cli.Exit(1)
			}
			return nil
		},
	}
	f.register(cmd, false)
	o.Register(cmd)
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
			site, diags := definition.Load(g.root)
			if diags.HasErrors() {
				printDiags(cmd.ErrOrStderr(), diags)
				return cli.Exit(1)
			}
			rows := pipeline.Services(site, levels)
			switch output {
			case "json":
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			case "text", "":
				pipeline.WriteServices(cmd.OutOrStdout(), rows)
				return nil
			}
			return fmt.Errorf("unknown --output %q (text or json)", output)
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
