package main

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/fleet/cloud"
	"github.com/webplatform/edgectl/internal/openstackfake"
	"github.com/webplatform/edgectl/inventory"
)

func init() {
	commandFactories = append(commandFactories, newFleetCmd)
}

// fleetFlags are shared by the fleet commands that reach the cloud.
type fleetFlags struct {
	levels []string
	cloud  string
	image  string
}

func (f *fleetFlags) register(cmd *cobra.Command, levelHelp string) {
	cmd.Flags().StringSliceVarP(&f.levels, "level", "l", nil, levelHelp)
	cmd.Flags().StringVar(&f.cloud, "cloud", "", "clouds.yaml entry to authenticate with (default $OS_CLOUD, else the OS_* variables, else the level's cloud in "+fleet.FileName+")")
	cmd.Flags().StringVar(&f.image, "image", "", "image for new VMs instead of the definition's (default $"+fleet.ImageEnv+")")
}

// run loads the definition and the levels the flags select, for a command
// that reaches the cloud; nil means a problem, already printed.
func (f *fleetFlags) run(cmd *cobra.Command, g *globalFlags) (*cloud.Run, []*fleet.Level) {
	fl, sel := loadSelected(cmd, g, f.image, f.levels)
	if sel == nil {
		return nil, nil
	}
	stderr := cmd.ErrOrStderr()
	return &cloud.Run{Fleet: fl, Root: g.root, Cloud: f.cloud, Out: cmd.OutOrStdout(), Err: stderr, Diags: func(l diag.List) { printDiags(stderr, l) }}, sel
}

// fleetExit turns a failure a cloud.Run has reported into exit status 1.
func fleetExit(err error) error {
	if errors.Is(err, cloud.ErrReported) {
		return &exitError{1}
	}
	return err
}

func newFleetCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "fleet",
		Short:   "The origin VMs as code: plan, apply, inventory, Monit",
		Long:    help("fleet"),
		Example: examples("fleet"),
	}
	cmd.AddCommand(newFleetRolesCmd(), newFleetListCmd(g), newFleetCheckCmd(g), newFleetPlanCmd(g), newFleetApplyCmd(g),
		newFleetRefreshCmd(g), newFleetMonitCmd(g), newFleetUserDataCmd(g), newFleetSandboxCmd(g))
	return cmd
}

// loadSelected loads the fleet definition (with image, "" for the
// default, then $EDGECTL_IMAGE) and the named levels (every level when
// none is named); nil levels mean a problem, already printed.
func loadSelected(cmd *cobra.Command, g *globalFlags, image string, names []string) (*fleet.Fleet, []*fleet.Level) {
	if image == "" {
		image = fleet.ImageFromEnv()
	}
	f, diags := fleet.Load(g.root, image)
	if len(diags) > 0 {
		printDiags(cmd.ErrOrStderr(), diags)
	}
	if f == nil {
		return nil, nil
	}
	sel, err := f.SelectLevels(names)
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %v\n", err)
	}
	return f, sel
}

func newFleetRolesCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "roles NAME...",
		Short:   "Print the roles a VM name gives",
		Long:    help("fleet-roles"),
		Example: examples("fleet-roles"),
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			code := 0
			for _, name := range args {
				if err := inventory.CheckName(name); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %v\n    hint: %s\n", err, inventory.NameHint)
					code = 1
				} else if roles := inventory.Roles(name); len(args) == 1 {
					fmt.Fprintln(cmd.OutOrStdout(), strings.Join(roles, "\n"))
				} else {
					fmt.Fprintf(cmd.OutOrStdout(), "%s: %s\n", name, strings.Join(roles, " "))
				}
			}
			return exitCode(code)
		},
	}
}

func newFleetListCmd(g *globalFlags) *cobra.Command {
	var levels []string
	o := &outputFlag{}
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List the VMs the definition gives each level",
		Long:    help("fleet-list"),
		Example: examples("fleet-list"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			f, sel := loadSelected(cmd, g, "", levels)
			if sel == nil {
				return &exitError{1}
			}
			if o.json() {
				return writeJSON(cmd.OutOrStdout(), f.List(sel))
			}
			return fleet.WriteList(cmd.OutOrStdout(), f.List(sel))
		},
	}
	cmd.Flags().StringSliceVarP(&levels, "level", "l", nil, "only these levels"+severalLevels)
	o.register(cmd)
	return cmd
}

func newFleetCheckCmd(g *globalFlags) *cobra.Command {
	var levels []string
	o := &outputFlag{}
	cmd := &cobra.Command{
		Use:     "check",
		Short:   "Check the definition and that each inventory matches it",
		Long:    help("fleet-check"),
		Example: examples("fleet-check"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			f, sel := loadSelected(cmd, g, "", levels)
			if sel == nil {
				return &exitError{1}
			}
			rep, diags := f.Check(g.root, sel)
			printDiags(cmd.ErrOrStderr(), diags)
			if o.json() {
				if err := writeJSON(cmd.OutOrStdout(), rep); err != nil {
					return err
				}
			} else if rep.OK {
				rep.WriteText(cmd.OutOrStdout())
			}
			if !rep.OK {
				return &exitError{1}
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVarP(&levels, "level", "l", nil, "only these levels"+severalLevels)
	o.register(cmd)
	return cmd
}

func newFleetPlanCmd(g *globalFlags) *cobra.Command {
	ff := &fleetFlags{}
	o := &outputFlag{}
	var detailed bool
	cmd := &cobra.Command{
		Use:     "plan",
		Short:   "Show what apply would create, delete or keep",
		Long:    help("fleet-plan"),
		Example: examples("fleet-plan"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			r, sel := ff.run(cmd, g)
			if sel == nil {
				return &exitError{1}
			}
			ctx, cancel := interruptContext(cmd.Context())
			defer cancel()
			rep, diags := r.Plan(ctx, sel, !o.json())
			printDiags(cmd.ErrOrStderr(), diags)
			if o.json() {
				if err := writeJSON(cmd.OutOrStdout(), rep); err != nil {
					return err
				}
			}
			switch {
			case !rep.OK:
				return &exitError{1}
			case rep.Pending():
				return &exitError{exitChanges}
			}
			return nil
		},
	}
	ff.register(cmd, "levels to plan (default: every level)"+severalLevels)
	// Kept for scripts written when only this flag made plan exit 2.
	cmd.Flags().BoolVar(&detailed, "detailed-exitcode", false, "accepted for compatibility: plan always exits 2 when there is something to apply")
	cmd.Flags().MarkHidden("detailed-exitcode")
	o.register(cmd)
	return cmd
}

func newFleetApplyCmd(g *globalFlags) *cobra.Command {
	ff := &fleetFlags{}
	var (
		dryRun, yes bool
		opts        fleet.ApplyOptions
	)
	cmd := &cobra.Command{
		Use:     "apply --level LEVEL",
		Short:   "Create and delete servers until the level matches the definition",
		Long:    help("fleet-apply"),
		Example: examples("fleet-apply"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(ff.levels) != 1 {
				fmt.Fprintln(cmd.ErrOrStderr(), "edgectl: apply changes one level at a time: give --level once")
				return &exitError{1}
			}
			r, sel := ff.run(cmd, g)
			if sel == nil {
				return &exitError{1}
			}
			ctx, cancel := interruptContext(cmd.Context())
			defer cancel()
			ask := func(q string) error { return confirm(cmd, cmd.ErrOrStderr(), yes, q) }
			return fleetExit(r.Apply(ctx, sel[0], opts, dryRun, ask))
		},
	}
	ff.register(cmd, "the level to apply (exactly one)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the plan and change nothing")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete and replace servers without asking")
	cmd.Flags().IntVar(&opts.Parallel, "parallel", fleet.DefaultParallel, "servers created or deleted at once")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 15*time.Minute, "how long one server may take to become ACTIVE or to go away")
	cmd.Flags().DurationVar(&opts.PollInterval, "poll", 5*time.Second, "pause between two looks at a building server")
	return cmd
}

func newFleetRefreshCmd(g *globalFlags) *cobra.Command {
	ff := &fleetFlags{}
	var dryRun bool
	cmd := &cobra.Command{
		Use:     "refresh",
		Short:   "Write each level's inventory from the servers in the cloud",
		Long:    help("fleet-refresh"),
		Example: examples("fleet-refresh"),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, sel := ff.run(cmd, g)
			if sel == nil {
				return &exitError{1}
			}
			ctx, cancel := interruptContext(cmd.Context())
			defer cancel()
			return fleetExit(r.Refresh(ctx, sel, dryRun))
		},
	}
	ff.register(cmd, "levels to refresh (default: every level)"+severalLevels)
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list the servers and say what would be written; write nothing")
	return cmd
}

func newFleetMonitCmd(g *globalFlags) *cobra.Command {
	var level string
	cmd := &cobra.Command{
		Use:     "monit NAME",
		Short:   "Print the Monit control file of a VM",
		Long:    help("fleet-monit"),
		Example: examples("fleet-monit"),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, sel := loadSelected(cmd, g, "", []string{level})
			if sel == nil {
				return &exitError{1}
			}
			out, err := f.Monit(sel[0], args[0], fleet.MonitOptions{})
			return writeOrFail(cmd, out, nil, err)
		},
	}
	levelFlag(cmd, &level, "production", "the VM's level")
	return cmd
}

func newFleetUserDataCmd(g *globalFlags) *cobra.Command {
	var level, master string
	cmd := &cobra.Command{
		Use:     "userdata NAME",
		Short:   "Print the cloud-init user-data apply boots a VM with",
		Long:    help("fleet-user-data"),
		Example: examples("fleet-user-data"),
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, sel := loadSelected(cmd, g, "", []string{level})
			if sel == nil {
				return &exitError{1}
			}
			out, diags, err := f.UserDataOf(g.root, sel[0], args[0], master)
			return writeOrFail(cmd, out, diags, err)
		},
	}
	levelFlag(cmd, &level, "production", "the VM's level")
	cmd.Flags().StringVar(&master, "master", "", "the salt master's address (default: from the inventory)")
	return cmd
}

// writeOrFail writes a generated file to stdout, or prints why there is
// none (diagnostics with errors, or err) and exits 1.
func writeOrFail(cmd *cobra.Command, out []byte, diags diag.List, err error) error {
	switch {
	case diags.HasErrors():
		printDiags(cmd.ErrOrStderr(), diags)
	case err != nil:
		fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %v\n", err)
	default:
		_, err := cmd.OutOrStdout().Write(out)
		return err
	}
	return &exitError{1}
}

func newFleetSandboxCmd(g *globalFlags) *cobra.Command {
	var listen, seed string
	var opts openstackfake.Options
	cmd := &cobra.Command{
		Use:     "sandbox",
		Short:   "Serve a local OpenStack API to try plan and apply on",
		Long:    help("fleet-sandbox"),
		Example: examples("fleet-sandbox"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var vms []inventory.VM
			flavorOf := func(string) string { return "" }
			if seed != "" {
				inv, ds := inventory.Load(g.root, seed)
				if ds.HasErrors() {
					printDiags(cmd.ErrOrStderr(), ds)
					return &exitError{1}
				}
				vms = inv.VMs
				if f, _ := fleet.Load(g.root, ""); f != nil {
					flavorOf = f.FlavorOf
				}
			}
			sb := openstackfake.SeedInventory(opts, vms, flavorOf)
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %v\n", err)
				return &exitError{1}
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Local OpenStack API on http://%s (Ctrl-C stops it). Point edgectl at it with:\n  unset OS_CLOUD\n", ln.Addr())
			env := openstackfake.EnvFor("http://"+ln.Addr().String()+"/v3/", opts)
			for _, k := range slices.Sorted(maps.Keys(env)) {
				fmt.Fprintf(w, "  export %s=%s\n", k, env[k])
			}
			ctx, cancel := interruptContext(cmd.Context())
			defer cancel()
			return serve(ctx, ln, sb)
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8774", "address to listen on")
	cmd.Flags().StringVar(&seed, "seed", "", "start with the servers of this level's inventory")
	cmd.Flags().DurationVar(&opts.Latency, "latency", 0, "latency added to every request")
	cmd.Flags().IntVar(&opts.BuildPolls, "build-polls", 2, "how many looks a new server answers BUILD before ACTIVE")
	cmd.Flags().IntVar(&opts.MaxInstances, "max-instances", 0, "instance quota (0: unlimited)")
	return cmd
}
