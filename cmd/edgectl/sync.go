package main

import (
	"cmp"
	"errors"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/cli"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/session"
)

// This file wires the sync commands (diff, publish, rollback, maintenance,
// import): each registers its flags, calls one function of package session
// and prints what it returns. Their help is in help/<command>.txt.

func init() {
	commandFactories = append(commandFactories, newDiffCmd, newPublishCmd, newRollbackCmd, newImportCmd, newMaintenanceCmd)
}

const (
	// defaultLevel is the level the sync commands act on without --level.
	defaultLevel = "production"
	// exitChanges is the exit status of diff when something differs.
	exitChanges = 2
)

// fastlyFlags are the flags of every command that talks to Fastly, its
// --output, and what checks its other flags before the credentials are read.
type fastlyFlags struct {
	tokenFile, apiURL, level, privateDir string
	out                                  cli.Output
	check                                func() error
}

// fastlyFlagSet says which of the flags that only some sync commands have
// a command takes.
type fastlyFlagSet int

const (
	// withOutput is --output: the command reports as text or json (all
	// but import, which prints text only).
	withOutput fastlyFlagSet = 1 << iota
	// withPrivateDir is --private-dir: the command compiles the services.
	withPrivateDir
)

// register adds --token-file, --api-url and --level to cmd, and the flags
// of with.
func (f *fastlyFlags) register(cmd *cobra.Command, with fastlyFlagSet) {
	cmd.Flags().StringVar(&f.tokenFile, "token-file", "", "file holding the Fastly API token (default $"+session.TokenEnv+", then $"+session.TokenEnvAlt+")")
	cmd.Flags().StringVar(&f.apiURL, "api-url", "", "Fastly API endpoint (default $"+session.APIURLEnv+", then "+fastlyapi.DefaultURL+")")
	cli.LevelFlag(cmd, &f.level, defaultLevel, "deployment level (one)")
	if with&withPrivateDir != 0 {
		cmd.Flags().StringVar(&f.privateDir, "private-dir", "", "directory holding <service>.vcl private includes, outside the repository (default $"+privateDirEnv+")")
	}
	if with&withOutput != 0 {
		f.out.Register(cmd)
	} else {
		f.out.Format = "text" // what it prints; Check refuses no format
	}
}

// open checks the flags, reads the credentials and opens the session.
func (f *fastlyFlags) open(cmd *cobra.Command) (*session.Session, error) {
	if err := f.out.Check(); err != nil {
		return nil, err
	}
	if f.check != nil {
		if err := f.check(); err != nil {
			return nil, err
		}
	}
	return session.Open(session.Options{TokenFile: f.tokenFile, APIURL: f.apiURL, Stderr: cmd.ErrOrStderr(), Quiet: quietMode})
}

// build is what to compile: the named services at --level.
func (f *fastlyFlags) build(g *globalFlags, services []string) session.Build {
	return session.Build{Root: g.root, Level: f.level, Services: services, PrivateDir: session.PrivateDir(f.privateDir)}
}

// syncCommand is a sync command's RunE: open the session, run, and turn
// the error into the exit status: exit errors pass, anything else the
// session prints (session.Fail).
func syncCommand(f *fastlyFlags, run func(cmd *cobra.Command, s *session.Session, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		s, err := f.open(cmd)
		if err != nil {
			return err
		}
		var ee *cli.ExitError
		if err = run(cmd, s, args); errors.As(err, &ee) {
			return err
		}
		return s.Fail(err)
	}
}

func newDiffCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	cmd := newCommand("diff", "diff [service...]", "Show what differs between the source and the active version on Fastly")
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		r, err := s.Diff(f.build(g, args))
		if err != nil {
			return err
		}
		failed := s.Failures(r.Failures)
		if err = writePlans(cmd, f.out.JSON(), r.Plans); err == nil && failed == nil && r.Changes() {
			return cli.Exit(exitChanges)
		}
		return cmp.Or(err, failed)
	})
	f.register(cmd, withOutput|withPrivateDir)
	return cmd
}

func newPublishCmd(g *globalFlags) *cobra.Command {
	var req session.PublishRequest
	var yes bool
	var verify string
	f := &fastlyFlags{check: func() error { return req.CheckVerify(verify) }}
	cmd := newCommand("publish", "publish <service>", "Publish a service's compiled configuration to Fastly")
	cmd.Args = cobra.ExactArgs(1)
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		req.Build = f.build(g, args)
		r, err := s.Publish(req, &terminal{cmd, s, f, yes})
		if err == nil {
			err = s.VerifyPublished(verify, r, verifyOptions)
		}
		return cli.Report(cmd.OutOrStdout(), f.out.JSON(), r, r, err)
	})
	f.register(cmd, withOutput|withPrivateDir)
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "publish without asking")
	cmd.Flags().BoolVar(&req.DryRun, "dry-run", false, "show the diff and the writes publishing would make; write nothing")
	fastlyStagingFlag(cmd, &req.Stage)
	cmd.Flags().StringVar(&verify, "verify", "", "after publishing, request this URL with Fastly-Debug until the edge serves the version (bounded backoff); exit 1 if it never does")
	cmd.Flags().BoolVar(&req.Force, "force", false, "publish even if the active version changed after the diff was computed")
	return cmd
}

// fastlyStagingFlag registers --fastly-staging, and --stage, its old name,
// hidden: "stage" reads too much like the staging level, which is
// --level staging, a different Fastly service. Fastly's staging network
// runs a version on staging POPs before it is activated on production
// ("Working with staging", https://docs.fastly.com/en/guides/working-with-staging).
func fastlyStagingFlag(cmd *cobra.Command, p *bool) {
	cli.BoolWithOldName(cmd, p, "fastly-staging", "activate on Fastly's staging network only (not the staging level: that is --level staging)",
		"stage", "use --fastly-staging (Fastly's staging network, not the staging level)")
}

func newRollbackCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	var req session.RollbackRequest
	var yes bool
	cmd := newCommand("rollback", "rollback <service>", "Activate the previous (or a given) version of a service")
	cmd.Args = cobra.ExactArgs(1)
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		req.Root, req.Service, req.Level = g.root, args[0], f.level
		r, err := s.Rollback(req, &terminal{cmd, s, f, yes})
		return cli.Report(cmd.OutOrStdout(), f.out.JSON(), r, r, err)
	})
	f.register(cmd, withOutput)
	cmd.Flags().IntVar(&req.To, "to", 0, "version to activate (default: the previously active one)")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "roll back without asking")
	cmd.Flags().BoolVar(&req.DryRun, "dry-run", false, "show what rolling back changes; activate nothing")
	fastlyStagingFlag(cmd, &req.Stage)
	cmd.Flags().BoolVar(&req.Force, "force", false, "roll back even if the active version changed after the changes were shown, or to a version that was never active (validated first)")
	return cmd
}

func newMaintenanceCmd(g *globalFlags) *cobra.Command {
	return newGroup("maintenance", "Flip or show a service's maintenance switch, without a new version",
		newMaintenanceSetCmd(g, "on"), newMaintenanceSetCmd(g, "off"), newMaintenanceStatusCmd(g))
}

func newMaintenanceSetCmd(g *globalFlags, state string) *cobra.Command {
	f := &fastlyFlags{}
	req := session.MaintenanceRequest{State: state}
	var yes bool
	example := "  edgectl maintenance " + state + " www\n  edgectl maintenance " + state + " talk --level staging --yes"
	cmd := &cobra.Command{Use: state + " <service>", Short: "Turn the maintenance switch " + state, Example: example, Args: cobra.ExactArgs(1)}
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		req.Root, req.Service, req.Level = g.root, args[0], f.level
		r, err := s.SetMaintenanceSwitch(req, &terminal{cmd, s, f, yes})
		return cli.Report(cmd.OutOrStdout(), f.out.JSON(), r, r, err)
	})
	f.register(cmd, withOutput)
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "change the switch without asking")
	cmd.Flags().BoolVar(&req.DryRun, "dry-run", false, "show what would change; write nothing")
	return cmd
}

func newMaintenanceStatusCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	cmd := newCommand("maintenance-status", "status [service...]", "Show whether the maintenance switch is on, per service (read-only)")
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		rows, err := s.ReadMaintenanceStatuses(g.root, f.level, args)
		if err != nil {
			return err
		}
		failed := s.Failures(rows.Failures())
		return cmp.Or(cli.Report(cmd.OutOrStdout(), f.out.JSON(), rows.Read(), rows, nil), failed)
	})
	f.register(cmd, withOutput)
	return cmd
}

func newImportCmd(g *globalFlags) *cobra.Command {
	var req session.ImportRequest
	f := &fastlyFlags{check: req.Check}
	cmd := newCommand("import", "import --service-id ID --name NAME", "Write a service definition from an existing Fastly service")
	cmd.Args = cobra.NoArgs
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		req.Root, req.Level, req.PrivateDir, req.Log = g.root, f.level, session.PrivateDir(f.privateDir), cmd.OutOrStdout()
		r, err := s.ImportService(req)
		return cli.Report(cmd.OutOrStdout(), f.out.JSON(), r, r, err)
	})
	f.register(cmd, withPrivateDir)
	cmd.Flags().StringVar(&req.ServiceID, "service-id", "", "the Fastly service to import (of --level)")
	cmd.Flags().StringVar(&req.Name, "name", "", "the service name: services/NAME.yaml, vcl/NAME/")
	cmd.Flags().StringArrayVar(&req.LevelIDs, "level-id", nil, "LEVEL=ID: the Fastly service of another level (repeatable)")
	cmd.Flags().BoolVar(&req.Force, "force", false, "overwrite existing files")
	cmd.Flags().BoolVar(&req.DryRun, "dry-run", false, "list the files import would write; write nothing")
	return cmd
}
