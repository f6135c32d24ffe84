package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
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

func newFleetCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "fleet",
		Short: "The origin VMs as code: plan, apply, inventory, Monit",
		Long: `fleet manages the origin VMs of every deployment level from ` + fleet.FileName + `:
the VM types (flavor, image, security groups, floating IP, Monit services) and
how many VMs of each a level has. A VM's roles come from its name: strip the
digits, split on "-".

plan compares the definition with the servers of the level's OpenStack project;
apply creates and deletes servers until they match and writes the level's
inventory, fleet/inventory/<level>.json, which edgectl build turns into Fastly
backends. Credentials: --cloud or $OS_CLOUD (a clouds.yaml entry), else the
OS_* variables, else the level's cloud entry in ` + fleet.FileName + `.`,
		Example: `  edgectl fleet roles memcache-jobs1
  edgectl fleet check
  edgectl fleet plan --level staging
  edgectl fleet apply --level staging
  edgectl fleet monit app1 --level production`,
	}
	cmd.AddCommand(newFleetRolesCmd(), newFleetListCmd(g), newFleetCheckCmd(g), newFleetPlanCmd(g), newFleetApplyCmd(g),
		newFleetRefreshCmd(g), newFleetMonitCmd(g), newFleetUserDataCmd(g), newFleetSandboxCmd(g))
	return cmd
}

// loadFleet loads the definition, printing problems; nil means failure.
func loadFleet(cmd *cobra.Command, g *globalFlags, image string) *fleet.Fleet {
	if image == "" {
		image = fleet.ImageFromEnv()
	}
	f, diags := fleet.Load(g.root, image)
	if len(diags) > 0 {
		printDiags(cmd.ErrOrStderr(), diags)
	}
	return f
}

// selectLevels resolves --level (default every level).
// loadLevels loads the fleet definition and the levels the flags select;
// nil levels mean a problem, already printed.
func loadLevels(cmd *cobra.Command, g *globalFlags, ff *fleetFlags) (*fleet.Fleet, []*fleet.Level) {
	return loadSelected(cmd, g, ff.image, ff.levels)
}

// loadSelected loads the fleet definition (with image, "" for the
// default) and the named levels (every level when none is named); nil
// levels mean a problem, already printed.
func loadSelected(cmd *cobra.Command, g *globalFlags, image string, names []string) (*fleet.Fleet, []*fleet.Level) {
	f := loadFleet(cmd, g, image)
	if f == nil {
		return nil, nil
	}
	return f, selectLevels(cmd, f, names)
}

func selectLevels(cmd *cobra.Command, f *fleet.Fleet, names []string) []*fleet.Level {
	sel, err := f.SelectLevels(names)
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %v\n", err)
	}
	return sel
}

// signalContext is cancelled by SIGINT or SIGTERM, so that an interrupted
// apply reports what it did.
func signalContext(cmd *cobra.Command) (context.Context, context.CancelFunc) {
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}

func newFleetRolesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "roles NAME...",
		Short: "Print the roles a VM name gives",
		Long: `roles prints the roles of a VM name, one per line: the name's parts split on
"-", digits stripped. The first role is the VM's type. With several names, each
line is "NAME: ROLE ROLE...".

Exit status: 0, or 1 when a name is not a valid VM name.`,
		Example: `  edgectl fleet roles memcache-jobs1     # memcache, jobs
  edgectl fleet roles db1-masterdb app12`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			code := 0
			for _, name := range args {
				if err := inventory.CheckName(name); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %v\n    hint: %s\n", err, inventory.NameHint)
					code = 1
					continue
				}
				roles := inventory.Roles(name)
				if len(args) == 1 {
					fmt.Fprintln(cmd.OutOrStdout(), strings.Join(roles, "\n"))
				} else {
					fmt.Fprintf(cmd.OutOrStdout(), "%s: %s\n", name, strings.Join(roles, " "))
				}
			}
			if code != 0 {
				return &exitError{code}
			}
			return nil
		},
	}
}

func newFleetListCmd(g *globalFlags) *cobra.Command {
	var levels []string
	o := &outputFlag{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the VMs the definition gives each level",
		Long: `list prints, for each level, the VMs ` + fleet.FileName + ` defines: name, type,
flavor, image, whether it gets a floating IP, and its roles. It reads no cloud.

Exit status: 0, or 1 when the definition has an error.`,
		Example: `  edgectl fleet list
  edgectl fleet list --level staging --output json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			f, sel := loadSelected(cmd, g, "", levels)
			if sel == nil {
				return &exitError{1}
			}
			if o.json() {
				vms := []fleetVMJSON{}
				for _, l := range sel {
					for _, vm := range l.VMs {
						vms = append(vms, fleetVMJSON{Level: l.Name, Name: vm.Name, Type: vm.Type.Name, Flavor: vm.Type.Flavor, Image: f.Image(vm), Public: vm.Type.Public, Roles: append([]string{}, vm.Roles...)})
					}
				}
				return writeJSON(cmd.OutOrStdout(), vms)
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "LEVEL\tNAME\tTYPE\tFLAVOR\tIMAGE\tPUBLIC\tROLES")
			for _, l := range sel {
				for _, vm := range l.VMs {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%v\t%s\n", l.Name, vm.Name, vm.Type.Name, vm.Type.Flavor, f.Image(vm), vm.Type.Public, strings.Join(vm.Roles, ","))
				}
			}
			return w.Flush()
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
		Use:   "check",
		Short: "Check the definition and that each inventory matches it",
		Long: `check validates ` + fleet.FileName + ` and compares each level's inventory,
fleet/inventory/<level>.json, with the VMs the definition gives the level. It
reads no cloud. An inventory is stale when it lacks a VM the definition has,
lists one it does not have, or lacks the public_ip of a public VM; each
problem names the file and says how to fix it (apply, or refresh).

Exit status: 0 when everything matches, 1 otherwise.`,
		Example: `  edgectl fleet check
  edgectl fleet check --level production --output json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			f, sel := loadSelected(cmd, g, "", levels)
			if sel == nil {
				return &exitError{1}
			}
			diags := f.CheckInventories(g.root, sel)
			printDiags(cmd.ErrOrStderr(), diags)
			if o.json() {
				doc := fleetCheckJSON{OK: !diags.HasErrors(), Levels: []fleetLevelJSON{}, Diagnostics: diagnosticsJSON(diags)}
				for _, l := range sel {
					doc.Levels = append(doc.Levels, fleetLevelJSON{Level: l.Name, VMs: len(l.VMs), Inventory: inventory.File(l.Name)})
				}
				if err := writeJSON(cmd.OutOrStdout(), doc); err != nil {
					return err
				}
			}
			if diags.HasErrors() {
				return &exitError{1}
			}
			if o.json() {
				return nil
			}
			for _, l := range sel {
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %d VMs, inventory %s matches %s\n", l.Name, len(l.VMs), inventory.File(l.Name), fleet.FileName)
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVarP(&levels, "level", "l", nil, "only these levels"+severalLevels)
	o.register(cmd)
	return cmd
}

// planLevel connects to a level's project and plans it; problems with the
// inventory come back as diagnostics.
func planLevel(ctx context.Context, cmd *cobra.Command, g *globalFlags, f *fleet.Fleet, ff *fleetFlags, l *fleet.Level, levels int) (*cloud.Client, *fleet.Plan, []fleet.Server, error) {
	c, what, p, servers, err := cloud.PlanLevel(ctx, f, ff.cloud, l, levels)
	if err != nil {
		return nil, nil, nil, err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Project: %s\n", what)
	p.Write(cmd.OutOrStdout())
	return c, p, servers, nil
}

func newFleetPlanCmd(g *globalFlags) *cobra.Command {
	ff := &fleetFlags{}
	o := &outputFlag{}
	var detailed bool
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Show what apply would create, delete or keep",
		Long: `plan lists the servers of each level's OpenStack project, compares them with
` + fleet.FileName + ` by name and prints, sorted by name, what apply would do:

  +    create     a VM the definition has and the cloud does not
  -/+  replace    a server in ERROR: deleted and created again
  ~    wait       a server still building: apply waits for it
  ~    attach-ip  an ACTIVE server of a public type without a floating IP
  -    delete     a server whose name the definition does not have
       keep       a server that matches (flavor drift is noted, not acted on)
  !    conflict   several servers with one name: apply refuses to run
  ?    ignore     a server whose name is not a VM name: never touched

It then compares the level's inventory with the cloud: an inventory that lacks an
ACTIVE server, lists one the cloud does not have, or has other addresses is
stale (fix: edgectl fleet refresh). plan changes nothing.

Exit status, as for diff: 0 when there is nothing to apply, 2 when there is
something to apply, 1 on an error (definition, credentials, API, conflict,
stale or missing inventory). --detailed-exitcode is accepted and changes
nothing.`,
		Example: `  edgectl fleet plan --level staging
  OS_CLOUD=webplatform-production edgectl fleet plan --level production
  edgectl fleet plan                         # every level, each with its clouds.yaml entry`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			f, sel := loadLevels(cmd, g, ff)
			if sel == nil {
				return &exitError{1}
			}
			ctx, cancel := signalContext(cmd)
			defer cancel()
			var diags diag.List
			failed, pending := false, false
			doc := fleetPlanJSON{Levels: []fleetPlanLevelJSON{}}
			for i, l := range sel {
				if i > 0 && !o.json() {
					fmt.Fprintln(cmd.OutOrStdout())
				}
				var p *fleet.Plan
				var servers []fleet.Server
				var err error
				if o.json() {
					var what string
					_, what, p, servers, err = cloud.PlanLevel(ctx, f, ff.cloud, l, len(sel))
					lj := fleetPlanLevelJSON{Level: l.Name, Project: what, Changes: []fleetPlanChangeJSON{}}
					if err != nil {
						lj.Error = err.Error()
					} else {
						lj.Servers, lj.Converged, lj.Changes = p.Servers, p.Converged(), fleetChangesJSON(p)
					}
					doc.Levels = append(doc.Levels, lj)
				} else {
					_, p, servers, err = planLevel(ctx, cmd, g, f, ff, l, len(sel))
				}
				if err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: level %s: %s\n", l.Name, diag.Printable(err.Error())) // the cloud's message
					failed = true
					continue
				}
				pending = pending || !p.Converged()
				diags.Add(fleet.CheckPlanned(g.root, l, p, servers)...)
			}
			printDiags(cmd.ErrOrStderr(), diags)
			if o.json() {
				doc.OK, doc.Diagnostics = !failed && !diags.HasErrors(), diagnosticsJSON(diags)
				if err := writeJSON(cmd.OutOrStdout(), doc); err != nil {
					return err
				}
			}
			switch {
			case failed || diags.HasErrors():
				return &exitError{1}
			case pending:
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
		dryRun   bool
		yes      bool
		opts     fleet.ApplyOptions
		parallel int
	)
	cmd := &cobra.Command{
		Use:   "apply --level LEVEL",
		Short: "Create and delete servers until the level matches the definition",
		Long: `apply makes the plan of one level (see edgectl fleet plan), prints it, and
carries it out through the OpenStack Compute and Network APIs:

  - the salt master first, when it is to be created: every other VM's
    user-data names its private address;
  - then the creations, replacements, waits and floating IPs, at most
    --parallel at a time. A new server boots the image with cloud-init
    user-data (edgectl fleet userdata) that writes /etc/salt/grains (level,
    roles), the minion's master address and the resolver's search domain
    <level>.wpdn; apply waits until it is ACTIVE, printing its progress, and
    gives servers of public types a floating IP (the one a previous server of
    the same name had, when it is free);
  - last the deletions, only when everything before succeeded.

A VM that fails (ERROR, quota, timeout, API error) is reported and left as it
is; no new operation starts after a failure, the ones in flight finish. When
everything succeeded, apply lists the servers again and writes
fleet/inventory/<level>.json; after a failure the inventory is left as it was.
Running apply again converges: what was done shows as kept.

Exit status: 0 when the level matches the definition, 1 otherwise.`,
		Example: `  edgectl fleet apply --level staging --dry-run
  edgectl fleet apply --level staging
  OS_CLOUD=webplatform-production edgectl fleet apply --level production --parallel 4`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(ff.levels) != 1 {
				fmt.Fprintln(cmd.ErrOrStderr(), "edgectl: apply changes one level at a time: give --level once")
				return &exitError{1}
			}
			f, sel := loadLevels(cmd, g, ff)
			if sel == nil {
				return &exitError{1}
			}
			l := sel[0]
			ctx, cancel := signalContext(cmd)
			defer cancel()
			c, p, _, err := planLevel(ctx, cmd, g, f, ff, l, 1)
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: level %s: %s\n", l.Name, diag.Printable(err.Error())) // the cloud's message
				return &exitError{1}
			}
			if dryRun {
				fmt.Fprintln(cmd.OutOrStdout(), "Dry run: nothing was changed.")
				return nil
			}
			if q := p.Destruction(l.Name); q != "" {
				if err := confirm(cmd, cmd.ErrOrStderr(), yes, q); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			opts.Parallel = parallel
			opts.Progress = out
			rep, err := fleet.Apply(ctx, c, f, p, opts)
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: level %s: %s\n", l.Name, diag.Printable(err.Error())) // the cloud's message
				return &exitError{1}
			}
			fmt.Fprintf(out, "Applied to %s: %s.\n", l.Name, rep.Summary())
			if !rep.OK() {
				for _, fl := range rep.Failed {
					fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: failed: %s\n", diag.Printable(fmt.Sprint(fl)))
				}
				if len(rep.NotStarted) > 0 {
					fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: not started after the failure: %s\n", strings.Join(rep.NotStarted, ", "))
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %s was not written; fix the cause and run apply again (it converges)\n", inventory.File(l.Name))
				return &exitError{1}
			}
			return writeInventory(ctx, cmd, g, f, c, l, false)
		},
	}
	ff.register(cmd, "the level to apply (exactly one)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the plan and change nothing")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete and replace servers without asking")
	cmd.Flags().IntVar(&parallel, "parallel", fleet.DefaultParallel, "servers created or deleted at once")
	cmd.Flags().DurationVar(&opts.Timeout, "timeout", 15*time.Minute, "how long one server may take to become ACTIVE or to go away")
	cmd.Flags().DurationVar(&opts.PollInterval, "poll", 5*time.Second, "pause between two looks at a building server")
	return cmd
}

// writeInventory lists the level's servers and writes its inventory.
// With dryRun it says what it would write and writes nothing.
func writeInventory(ctx context.Context, cmd *cobra.Command, g *globalFlags, f *fleet.Fleet, c fleet.Cloud, l *fleet.Level, dryRun bool) error {
	vms, err := fleet.LevelInventory(ctx, f, c, l)
	if err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: level %s: %s\n", l.Name, diag.Printable(err.Error())) // the cloud's message
		return &exitError{1}
	}
	if dryRun {
		fmt.Fprintf(cmd.OutOrStdout(), "dry run: would write %s: %d VMs; nothing was written\n", inventory.File(l.Name), len(vms))
		return nil
	}
	if err := inventory.Write(g.root, l.Name, vms); err != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %v\n", err)
		return &exitError{1}
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Wrote %s: %d VMs.\n", inventory.File(l.Name), len(vms))
	inv := &inventory.Inventory{File: inventory.File(l.Name), VMs: vms}
	if ds := f.CheckInventory(l, inv); len(ds) > 0 {
		printDiags(cmd.ErrOrStderr(), ds)
		if ds.HasErrors() {
			return &exitError{1}
		}
	}
	return nil
}

func newFleetRefreshCmd(g *globalFlags) *cobra.Command {
	ff := &fleetFlags{}
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "refresh",
		Short: "Write each level's inventory from the servers in the cloud",
		Long: `refresh lists the servers of each level's project and writes
fleet/inventory/<level>.json: a JSON array of {name, roles, private_ip,
public_ip}, one entry per ACTIVE server whose name is a VM name, sorted by name
(numbers in numeric order). It creates and deletes nothing. It then reports
where the new inventory differs from the definition (apply mends that).

Exit status: 0 when every inventory was written and matches the definition, 1
otherwise.`,
		Example: `  edgectl fleet refresh --level staging
  git diff fleet/inventory/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, sel := loadLevels(cmd, g, ff)
			if sel == nil {
				return &exitError{1}
			}
			ctx, cancel := signalContext(cmd)
			defer cancel()
			code := 0
			for _, l := range sel {
				c, _, err := cloud.ConnectLevel(ctx, f, ff.cloud, l, len(sel))
				if err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: level %s: %s\n", l.Name, diag.Printable(err.Error())) // the cloud's message
					code = 1
					continue
				}
				if err := writeInventory(ctx, cmd, g, f, c, l, dryRun); err != nil {
					code = 1
				}
			}
			if code != 0 {
				return &exitError{code}
			}
			return nil
		},
	}
	ff.register(cmd, "levels to refresh (default: every level)"+severalLevels)
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list the servers and say what would be written; write nothing")
	return cmd
}

func newFleetMonitCmd(g *globalFlags) *cobra.Command {
	var level string
	cmd := &cobra.Command{
		Use:   "monit NAME",
		Short: "Print the Monit control file of a VM",
		Long: `monit prints to stdout the Monit control file of a VM of the definition
(install it as /etc/monit/monitrc, mode 0600): system load, memory, swap and
CPU alerts, disk space and inodes, sshd and salt-minion on every VM, then the
services the types of the VM's roles list under monit. Alerts go to the level's
address. Known services: ` + strings.Join(fleet.MonitServices(), ", ") + `.

Exit status: 0, or 1 when the definition has an error or NAME is not a VM of
the level.`,
		Example: `  edgectl fleet monit app1 --level production
  edgectl fleet monit elastic --level staging > /tmp/monitrc && chmod 600 /tmp/monitrc && monit -t -c /tmp/monitrc`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, sel := loadSelected(cmd, g, "", []string{level})
			if sel == nil {
				return &exitError{1}
			}
			out, err := f.Monit(sel[0], args[0], fleet.MonitOptions{})
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %v\n", err)
				return &exitError{1}
			}
			_, err = cmd.OutOrStdout().Write(out)
			return err
		},
	}
	levelFlag(cmd, &level, "production", "the VM's level")
	return cmd
}

func newFleetUserDataCmd(g *globalFlags) *cobra.Command {
	var level, master string
	cmd := &cobra.Command{
		Use:   "userdata NAME",
		Short: "Print the cloud-init user-data apply boots a VM with",
		Long: `userdata prints the cloud-init user-data apply gives a new VM: host name,
/etc/salt/grains (level, roles), the minion's master address and id, the
resolver's search domain, salt-minion installed and started. The master address
is the salt master's private_ip in the level's inventory unless --master is
given.

Exit status: 0, or 1 when NAME is not a VM of the level or the master address
is unknown.`,
		Example: `  edgectl fleet userdata app1 --level staging
  edgectl fleet userdata memcache-alpha1 --level workbench --master 10.10.10.10`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, sel := loadSelected(cmd, g, "", []string{level})
			if sel == nil {
				return &exitError{1}
			}
			l := sel[0]
			vm := l.VM(args[0])
			if vm == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %s is not a VM of level %s in %s\n", args[0], l.Name, fleet.FileName)
				return &exitError{1}
			}
			if master == "" && vm.Name != f.SaltMaster {
				inv, ds := inventory.Load(g.root, l.Name)
				if ds.HasErrors() {
					printDiags(cmd.ErrOrStderr(), ds)
					return &exitError{1}
				}
				var err error
				if master, err = f.SaltMasterAddress(inv); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %v\n", err)
					return &exitError{1}
				}
			}
			if master != "" && net.ParseIP(master) == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: --master %q is not an IP address\n", master)
				return &exitError{1}
			}
			_, err := cmd.OutOrStdout().Write(f.UserData(l, vm, master))
			return err
		},
	}
	levelFlag(cmd, &level, "production", "the VM's level")
	cmd.Flags().StringVar(&master, "master", "", "the salt master's address (default: from the inventory)")
	return cmd
}

func newFleetSandboxCmd(g *globalFlags) *cobra.Command {
	var (
		listen     string
		seed       string
		latency    time.Duration
		buildPolls int
		maxInst    int
	)
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve a local OpenStack API to try plan and apply on",
		Long: `sandbox serves on --listen the local OpenStack API the tests use (Keystone v3,
Nova servers and flavors, Glance images, Neutron networks, ports and floating
IPs, all in memory) and prints the OS_* variables that point edgectl at it.
--seed LEVEL starts it with the servers of that level's inventory, as if booted
by hand. It runs until interrupted; nothing it does reaches a real cloud.

Exit status: 0 when interrupted, 1 when it cannot listen.`,
		Example: `  edgectl fleet sandbox --listen 127.0.0.1:8774 --seed workbench &
  export OS_AUTH_URL=http://127.0.0.1:8774/v3/ OS_USERNAME=edgectl OS_PASSWORD=sandbox OS_PROJECT_NAME=webplatform OS_DOMAIN_NAME=Default
  edgectl fleet plan --level workbench`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := openstackfake.Options{Latency: latency, BuildPolls: buildPolls, MaxInstances: maxInst}
			var inv *inventory.Inventory
			if seed != "" {
				var ds diag.List
				if inv, ds = inventory.Load(g.root, seed); ds.HasErrors() {
					printDiags(cmd.ErrOrStderr(), ds)
					return &exitError{1}
				}
				// New floating IPs come from the seeded level's range.
				for _, vm := range inv.VMs {
					if i := strings.LastIndexByte(vm.PublicIP, '.'); i > 0 && opts.FloatingPrefix == "" {
						opts.FloatingPrefix = vm.PublicIP[:i+1]
					}
				}
			}
			sb := openstackfake.New(opts)
			if inv != nil {
				f, _ := fleet.Load(g.root, "")
				for _, vm := range inv.VMs {
					flavor := ""
					if f != nil && f.TypeOf(vm.Name) != nil {
						flavor = f.TypeOf(vm.Name).Flavor
					}
					sb.Seed(vm.Name, flavor, vm.PrivateIP, vm.PublicIP, nil)
				}
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "edgectl: %v\n", err)
				return &exitError{1}
			}
			authURL := "http://" + ln.Addr().String() + "/v3/"
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Local OpenStack API on http://%s (Ctrl-C stops it). Point edgectl at it with:\n", ln.Addr())
			env := openstackfake.EnvFor(authURL, opts)
			keys := make([]string, 0, len(env))
			for k := range env {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			fmt.Fprintln(w, "  unset OS_CLOUD")
			for _, k := range keys {
				fmt.Fprintf(w, "  export %s=%s\n", k, env[k])
			}
			ctx, cancel := signalContext(cmd)
			defer cancel()
			srv := &http.Server{Handler: sb, ReadHeaderTimeout: 10 * time.Second}
			go func() {
				<-ctx.Done()
				srv.Close()
			}()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8774", "address to listen on")
	cmd.Flags().StringVar(&seed, "seed", "", "start with the servers of this level's inventory")
	cmd.Flags().DurationVar(&latency, "latency", 0, "latency added to every request")
	cmd.Flags().IntVar(&buildPolls, "build-polls", 2, "how many looks a new server answers BUILD before ACTIVE")
	cmd.Flags().IntVar(&maxInst, "max-instances", 0, "instance quota (0: unlimited)")
	return cmd
}
