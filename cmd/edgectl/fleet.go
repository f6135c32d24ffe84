package main

import (
	"context"
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/fleet/cloud"
)

// This file wires the fleet commands: each fills a fleet.Command from its
// flags and calls one method of package fleet or one function of
// fleet/cloud, which print. Their help is in help/fleet-<command>.txt.

func init() {
	commandFactories = append(commandFactories, newFleetCmd)
}

// fleetFlags are the flags of the fleet commands that read the definition:
// --level, and --output, --cloud and --image where the command has them.
type fleetFlags struct {
	levels []string
	level  string // --level of a command that acts on one VM's level
	out    cli.Output
	cloud  string
	image  string
}

// registerCloud adds the flags of a command that reaches the cloud.
func (f *fleetFlags) registerCloud(cmd *cobra.Command, levelHelp string) {
	cmd.Flags().StringSliceVarP(&f.levels, "level", "l", nil, levelHelp)
	cmd.Flags().StringVar(&f.cloud, "cloud", "", "clouds.yaml entry to authenticate with (default $OS_CLOUD, else the OS_* variables, else the level's cloud in "+fleet.FileName+")")
	cmd.Flags().StringVar(&f.image, "image", "", "image for new VMs instead of the definition's (default $"+fleet.ImageEnv+")")
}

// command is the fleet.Command the flags give, reporting on cmd's streams.
func (f *fleetFlags) command(cmd *cobra.Command, g *globalFlags) *fleet.Command {
	levels := f.levels
	if f.level != "" {
		levels = []string{f.level}
	}
	return &fleet.Command{Root: g.root, Image: f.image, Levels: levels, JSON: f.out.JSON(),
		Out: cmd.OutOrStdout(), Err: cmd.ErrOrStderr(), Diags: diagPrinter(cmd)}
}

// fleetCommand is a fleet command's RunE: check --output, then run.
func fleetCommand(f *fleetFlags, g *globalFlags, run func(cmd *cobra.Command, c *fleet.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if err := f.out.Check(); err != nil {
			return err
		}
		return run(cmd, f.command(cmd, g), args)
	}
}

func newFleetCmd(g *globalFlags) *cobra.Command {
	return newGroup("fleet", "The origin VMs as code: plan, apply, inventory, Monit",
		newFleetRolesCmd(), newFleetListCmd(g), newFleetCheckCmd(g), newFleetPlanCmd(g), newFleetApplyCmd(g),
		newFleetRefreshCmd(g), newFleetMonitCmd(g), newFleetUserDataCmd(g), newFleetSandboxCmd(g))
}

func newFleetRolesCmd() *cobra.Command {
	cmd := newCommand("fleet-roles", "roles NAME...", "Print the roles a VM name gives")
	cmd.Args = cobra.MinimumNArgs(1)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if !fleet.WriteRoles(cmd.OutOrStdout(), cmd.ErrOrStderr(), args) {
			return cli.Exit(1)
		}
		return nil
	}
	return cmd
}

func newFleetListCmd(g *globalFlags) *cobra.Command {
	return fleetLocalCmd(g, newCommand("fleet-list", "list", "List the VMs the definition gives each level"), (*fleet.Command).List)
}

func newFleetCheckCmd(g *globalFlags) *cobra.Command {
	return fleetLocalCmd(g, newCommand("fleet-check", "check", "Check the definition and that each inventory matches it"), (*fleet.Command).Check)
}

// fleetLocalCmd wires cmd as a fleet command that reads only the
// repository (the definition and the inventories, not the cloud) and
// reports on the levels given: list and check have the same flags,
// --level for several levels and --output, and differ only in run.
func fleetLocalCmd(g *globalFlags, cmd *cobra.Command, run func(*fleet.Command) error) *cobra.Command {
	f := &fleetFlags{}
	cmd.RunE = fleetCommand(f, g, func(_ *cobra.Command, c *fleet.Command, _ []string) error { return run(c) })
	cli.LevelsFlag(cmd, &f.levels, "only these levels")
	f.out.Register(cmd)
	return cmd
}

func newFleetPlanCmd(g *globalFlags) *cobra.Command {
	f := &fleetFlags{}
	var detailed bool
	cmd := newCommand("fleet-plan", "plan", "Show what apply would create, delete or keep")
	cmd.RunE = fleetCommand(f, g, func(cmd *cobra.Command, c *fleet.Command, _ []string) error {
		return untilInterrupted(cmd, func(ctx context.Context) error {
			if pending, err := cloud.PlanCommand(ctx, c, f.cloud); err != nil || !pending {
				return err
			}
			return cli.Exit(exitChanges)
		})
	})
	f.registerCloud(cmd, "levels to plan (default: every level)"+cli.SeveralLevels)
	// Kept for scripts written when only this flag made plan exit 2.
	cmd.Flags().BoolVar(&detailed, "detailed-exitcode", false, "accepted for compatibility: plan always exits 2 when there is something to apply")
	cmd.Flags().MarkHidden("detailed-exitcode")
	f.out.Register(cmd)
	return cmd
}

func newFleetApplyCmd(g *globalFlags) *cobra.Command {
	f := &fleetFlags{out: cli.Output{Format: "text"}} // apply has no --output
	var (
		dryRun, yes bool
		opts        fleet.ApplyOptions
	)
	cmd := newCommand("fleet-apply", "apply --level LEVEL", "Create and delete servers until the level matches the definition")
	cmd.RunE = fleetCommand(f, g, func(cmd *cobra.Command, c *fleet.Command, _ []string) error {
		if len(f.levels) != 1 {
			return errors.New("apply changes one level at a time: give --level once")
		}
		ask := func(q string) error { return cli.Confirm(cmd, cmd.ErrOrStderr(), yes, q) }
		return untilInterrupted(cmd, func(ctx context.Context) error { return cloud.ApplyCommand(ctx, c, f.cloud, opts, dryRun, ask) })
	})
	f.registerCloud(cmd, "the level to apply (exactly one)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the plan and change nothing")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete and replace servers without asking")
	cmd.Flags().IntVar(&opts.Parallel, "parallel", fleet.DefaultParallel, "servers created or deleted at once")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 15*time.Minute, "how long one server may take to become ACTIVE or to go away")
	cmd.Flags().DurationVar(&opts.PollInterval, "poll", 5*time.Second, "pause between two looks at a building server")
	return cmd
}

func newFleetRefreshCmd(g *globalFlags) *cobra.Command {
	f := &fleetFlags{out: cli.Output{Format: "text"}} // refresh has no --output
	var dryRun bool
	cmd := newCommand("fleet-refresh", "refresh", "Write each level's inventory from the servers in the cloud")
	cmd.RunE = fleetCommand(f, g, func(cmd *cobra.Command, c *fleet.Command, _ []string) error {
		return untilInterrupted(cmd, func(ctx context.Context) error { return cloud.RefreshCommand(ctx, c, f.cloud, dryRun) })
	})
	f.registerCloud(cmd, "levels to refresh (default: every level)"+cli.SeveralLevels)
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list the servers and say what would be written; write nothing")
	return cmd
}

func newFleetMonitCmd(g *globalFlags) *cobra.Command {
	f := &fleetFlags{out: cli.Output{Format: "text"}} // monit has no --output
	cmd := newCommand("fleet-monit", "monit NAME", "Print the Monit control file of a VM")
	cmd.Args = cobra.ExactArgs(1)
	cmd.RunE = fleetCommand(f, g, func(_ *cobra.Command, c *fleet.Command, args []string) error { return c.Monit(args[0]) })
	cli.LevelFlag(cmd, &f.level, "production", "the VM's level")
	return cmd
}

func newFleetUserDataCmd(g *globalFlags) *cobra.Command {
	f := &fleetFlags{out: cli.Output{Format: "text"}} // userdata has no --output
	var master string
	cmd := newCommand("fleet-user-data", "userdata NAME", "Print the cloud-init user-data apply boots a VM with")
	cmd.Args = cobra.ExactArgs(1)
	cmd.RunE = fleetCommand(f, g, func(_ *cobra.Command, c *fleet.Command, args []string) error { return c.UserData(args[0], master) })
	cli.LevelFlag(cmd, &f.level, "production", "the VM's level")
	cmd.Flags().StringVar(&master, "master", "", "the salt master's address (default: from the inventory)")
	return cmd
}
