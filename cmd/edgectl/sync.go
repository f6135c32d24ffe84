package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/fastlysync"
	"github.com/webplatform/edgectl/session"
)

// This file wires the sync commands (diff, publish, rollback, maintenance,
// import): each registers its flags, calls one function of package session
// and prints what it returns. Their help is in synchelp.go.

func init() {
	commandFactories = append(commandFactories, newDiffCmd, newPublishCmd, newRollbackCmd, newImportCmd, newMaintenanceCmd)
}

// Environment variables of the sync commands.
const (
	tokenEnv    = session.TokenEnv
	tokenEnvAlt = session.TokenEnvAlt
	apiURLEnv   = session.APIURLEnv
)

// defaultLevel is the level the sync commands act on without --level.
const defaultLevel = "production"

// exitChanges is the exit status of diff when something differs.
const exitChanges = 2

// fastlyFlags are the flags of every command that talks to Fastly, and
// its --output.
type fastlyFlags struct {
	tokenFile, apiURL, level, privateDir string
	out                                  outputFlag
}

func (f *fastlyFlags) register(cmd *cobra.Command, private bool) {
	cmd.Flags().StringVar(&f.tokenFile, "token-file", "", "file holding the Fastly API token (default $"+tokenEnv+", then $"+tokenEnvAlt+")")
	cmd.Flags().StringVar(&f.apiURL, "api-url", "", "Fastly API endpoint (default $"+apiURLEnv+", then "+fastlysync.DefaultURL+")")
	levelFlag(cmd, &f.level, defaultLevel, "deployment level (one)")
	if private {
		cmd.Flags().StringVar(&f.privateDir, "private-dir", "", "directory holding <service>.vcl private includes, outside the repository (default $"+privateDirEnv+")")
	}
}

// open checks --output, reads the credentials and opens the session.
func (f *fastlyFlags) open(cmd *cobra.Command) (*session.Session, error) {
	if err := f.out.check(); err != nil {
		return nil, err
	}
	return session.Open(session.Options{TokenFile: f.tokenFile, APIURL: f.apiURL, Stderr: cmd.ErrOrStderr(), Quiet: quietMode})
}

// build is what to compile: the named services at --level.
func (f *fastlyFlags) build(g *globalFlags, services []string) session.Build {
	return session.Build{Root: g.root, Level: f.level, Services: services, PrivateDir: session.PrivateDir(f.privateDir)}
}

// syncExit turns a sync command's error into its exit status: exit errors
// pass, definition problems are printed as diagnostics, anything else
// (which may quote Fastly) is printed redacted.
func syncExit(s *session.Session, err error) error {
	var ee *exitError
	var de *session.DefinitionError
	switch {
	case err == nil, errors.As(err, &ee):
		return err
	case errors.As(err, &de):
		printDiags(s.Stderr, de.Diags)
	default:
		fmt.Fprintln(s.Stderr, "edgectl:", s.Redactor.Error(err))
	}
	return &exitError{1}
}

// syncCommand is a sync command's RunE: open the session, run, and map
// the error to the exit status.
func syncCommand(f *fastlyFlags, run func(cmd *cobra.Command, s *session.Session, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		s, err := f.open(cmd)
		if err != nil {
			return err
		}
		return syncExit(s, run(cmd, s, args))
	}
}

func newDiffCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	cmd := &cobra.Command{Use: "diff [service...]", Short: "Show what differs between the source and the active version on Fastly", Long: diffLong, Example: diffExample}
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		r, err := s.Diff(f.build(g, args))
		if err != nil {
			return err
		}
		for _, e := range r.Failures {
			fmt.Fprintln(s.Stderr, "edgectl:", s.Redactor.Error(e))
		}
		if f.out.json() {
			err = fastlysync.JSON(cmd.OutOrStdout(), r.Plans)
		} else {
			err = fastlysync.Text(cmd.OutOrStdout(), r.Plans, wantColor(cmd, cmd.OutOrStdout()))
		}
		switch {
		case err != nil:
			return err
		case len(r.Failures) > 0:
			return &exitError{1}
		case r.Changes():
			return &exitError{exitChanges}
		}
		return nil
	})
	f.register(cmd, true)
	f.out.register(cmd)
	return cmd
}

func newPublishCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	var req session.PublishRequest
	var yes bool
	cmd := &cobra.Command{Use: "publish <service>", Short: "Publish a service's compiled configuration to Fastly", Long: publishLong, Example: publishExample, Args: cobra.ExactArgs(1)}
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		req.Build = f.build(g, args)
		r, err := s.Publish(req, &terminal{cmd, s, f, yes})
		if err != nil || f.out.json() {
			return jsonOrErr(cmd, r, err)
		}
		printPublished(cmd, r)
		return nil
	})
	f.register(cmd, true)
	f.out.register(cmd)
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "publish without asking")
	cmd.Flags().BoolVar(&req.DryRun, "dry-run", false, "show the diff and the writes publishing would make; write nothing")
	fastlyStagingFlag(cmd, &req.Stage)
	cmd.Flags().BoolVar(&req.Force, "force", false, "publish even if the active version changed after the diff was computed")
	return cmd
}

// jsonOrErr is err, or else v written as the command's JSON document.
func jsonOrErr(cmd *cobra.Command, v any, err error) error {
	if err != nil {
		return err
	}
	return writeJSON(cmd.OutOrStdout(), v)
}

// printPublished says what publish did.
func printPublished(cmd *cobra.Command, r *session.PublishReport) {
	w, where := cmd.OutOrStdout(), session.Where(r.Service, r.Level)
	switch {
	case r.UpToDate():
		fmt.Fprintf(w, "%s is up to date on Fastly; nothing was written\n", where)
	case r.DryRun:
		fmt.Fprintf(w, "dry run: publishing would make these %d writes on a draft of version %d (plus the clone, the comment and the activation), then validate; nothing was written:\n", len(r.Operations), r.Base)
		for _, op := range r.Operations {
			fmt.Fprintf(w, "  %s\n", op)
		}
	case r.Staged:
		fmt.Fprintf(w, "activated on Fastly's staging network version %d of %s (%d object writes)\n", r.Version, where, len(r.Operations))
	default:
		fmt.Fprintf(w, "activated version %d of %s (%d object writes)\n", r.Version, where, len(r.Operations))
	}
}

// fastlyStagingFlag registers --fastly-staging, and --stage, its old name,
// hidden: "stage" reads too much like the staging level, which is
// --level staging, a different Fastly service. Fastly's staging network
// runs a version on staging POPs before it is activated on production
// ("Working with staging", https://docs.fastly.com/en/guides/working-with-staging).
func fastlyStagingFlag(cmd *cobra.Command, p *bool) {
	cmd.Flags().BoolVar(p, "fastly-staging", false, "activate on Fastly's staging network only (not the staging level: that is --level staging)")
	cmd.Flags().BoolVar(p, "stage", false, "old name of --fastly-staging")
	cmd.Flags().MarkHidden("stage")
	run := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if cmd.Flags().Changed("stage") {
			fmt.Fprintln(cmd.ErrOrStderr(), "edgectl: --stage is deprecated: use --fastly-staging (Fastly's staging network, not the staging level)")
		}
		return run(cmd, args)
	}
}

func newRollbackCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	var req session.RollbackRequest
	var yes bool
	cmd := &cobra.Command{Use: "rollback <service>", Short: "Activate the previous (or a given) version of a service", Long: rollbackLong, Example: rollbackExample, Args: cobra.ExactArgs(1)}
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		req.Root, req.Service, req.Level = g.root, args[0], f.level
		r, err := s.Rollback(req, &terminal{cmd, s, f, yes})
		w := cmd.OutOrStdout()
		switch {
		case err != nil:
			return err
		case r.DryRun:
			fmt.Fprintf(w, "dry run: rolling back would activate version %d of %s (was %d); nothing was written\n", r.To, session.Where(r.Service, r.Level), r.From)
		case f.out.json():
			return writeJSON(w, r)
		default:
			fmt.Fprintf(w, "rolled %s back: version %d is active (was %d)\n", session.Where(r.Service, r.Level), r.To, r.From)
		}
		return nil
	})
	f.register(cmd, false)
	f.out.register(cmd)
	cmd.Flags().IntVar(&req.To, "to", 0, "version to activate (default: the previously active one)")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "roll back without asking")
	cmd.Flags().BoolVar(&req.DryRun, "dry-run", false, "show what rolling back changes; activate nothing")
	fastlyStagingFlag(cmd, &req.Stage)
	cmd.Flags().BoolVar(&req.Force, "force", false, "roll back even if the active version changed after the changes were shown, or to a version that was never active (validated first)")
	return cmd
}

func newMaintenanceCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "maintenance", Short: "Flip or show a service's maintenance switch, without a new version", Long: maintenanceLong, Example: maintenanceExample}
	cmd.AddCommand(newMaintenanceSetCmd(g, "on"), newMaintenanceSetCmd(g, "off"), newMaintenanceStatusCmd(g))
	return cmd
}

func newMaintenanceSetCmd(g *globalFlags, state string) *cobra.Command {
	f := &fastlyFlags{}
	req := session.MaintenanceRequest{State: state}
	var yes bool
	cmd := &cobra.Command{
		Use:     state + " <service>",
		Short:   "Turn the maintenance switch " + state,
		Example: "  edgectl maintenance " + state + " www\n  edgectl maintenance " + state + " talk --level staging --yes",
		Args:    cobra.ExactArgs(1),
	}
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		req.Root, req.Service, req.Level = g.root, args[0], f.level
		r, err := s.SetMaintenanceSwitch(req, &terminal{cmd, s, f, yes})
		w, where := cmd.OutOrStdout(), session.Where(req.Service, req.Level)
		switch {
		case err != nil:
			return err
		case r.DryRun:
			fmt.Fprintf(w, "dry run: maintenance of %s would go %s → %s; nothing was written\n", where, orUnset(r.Old), state)
		case f.out.json():
			return writeJSON(w, r)
		case !r.Changed:
			fmt.Fprintf(w, "maintenance of %s is already %s; nothing was written\n", where, state)
		default:
			fmt.Fprintf(w, "maintenance of %s: %s → %s\n", where, orUnset(r.Replaced), state)
		}
		return nil
	})
	f.register(cmd, false)
	f.out.register(cmd)
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "change the switch without asking")
	cmd.Flags().BoolVar(&req.DryRun, "dry-run", false, "show what would change; write nothing")
	return cmd
}

// orUnset is a switch's value as people read it: "unset" for none.
func orUnset(v string) string {
	if v == "" {
		return "unset"
	}
	return v
}

// statusText is how maintenance status prints a switch's state.
var statusText = map[string]string{"absent": "no switch on Fastly yet (publish the service to create it)", "unset": "unset (off)"}

func newMaintenanceStatusCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	cmd := &cobra.Command{Use: "status [service...]", Short: "Show whether the maintenance switch is on, per service (read-only)", Long: maintenanceStatusLong, Example: maintenanceStatusExample}
	cmd.RunE = syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		rows, err := s.MaintenanceStatuses(g.root, f.level, args)
		if err != nil {
			return err
		}
		failed := false
		for _, r := range rows {
			switch {
			case r.Err != nil:
				fmt.Fprintln(s.Stderr, "edgectl:", s.Redactor.Error(r.Err))
				failed = true
			case !f.out.json():
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %s\n", session.Where(r.Service, r.Level), cmp.Or(statusText[r.State], r.State))
			}
		}
		if f.out.json() {
			if err := writeJSON(cmd.OutOrStdout(), session.ReadRows(rows)); err != nil {
				return err
			}
		}
		if failed {
			return &exitError{1}
		}
		return nil
	})
	f.register(cmd, false)
	f.out.register(cmd)
	return cmd
}

func newImportCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{out: outputFlag{format: "text"}} // import has no --output
	var req session.ImportRequest
	cmd := &cobra.Command{Use: "import --service-id ID --name NAME", Short: "Write a service definition from an existing Fastly service", Long: importLong, Example: importExample, Args: cobra.NoArgs}
	run := syncCommand(f, func(cmd *cobra.Command, s *session.Session, args []string) error {
		w := cmd.OutOrStdout()
		req.Root, req.Level, req.PrivateDir = g.root, f.level, session.PrivateDir(f.privateDir)
		req.Wrote = func(p string, private bool) {
			if private {
				fmt.Fprintf(w, "wrote the private include to %s (content not shown)\n", p)
			} else {
				fmt.Fprintf(w, "wrote %s\n", p)
			}
		}
		r, err := s.ImportService(req)
		if err != nil {
			return err
		}
		if r.DryRun {
			printImportDryRun(cmd, r)
			return nil
		}
		for _, warning := range r.Warnings {
			warn(s.Stderr, "%s", warning)
		}
		fmt.Fprintf(w, "next: edgectl diff %s --level %s\n", req.Name, req.Level)
		return nil
	})
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if err := req.Check(); err != nil {
			return err
		}
		return run(cmd, args)
	}
	f.register(cmd, true)
	cmd.Flags().StringVar(&req.ServiceID, "service-id", "", "the Fastly service to import (of --level)")
	cmd.Flags().StringVar(&req.Name, "name", "", "the service name: services/NAME.yaml, vcl/NAME/")
	cmd.Flags().StringArrayVar(&req.LevelIDs, "level-id", nil, "LEVEL=ID: the Fastly service of another level (repeatable)")
	cmd.Flags().BoolVar(&req.Force, "force", false, "overwrite existing files")
	cmd.Flags().BoolVar(&req.DryRun, "dry-run", false, "list the files import would write; write nothing")
	return cmd
}

// printImportDryRun lists what import would write.
func printImportDryRun(cmd *cobra.Command, r *session.ImportReport) {
	w := cmd.OutOrStdout()
	if r.PrivatePath != "" {
		fmt.Fprintf(w, "dry run: would write the private include to %s (content not shown)\n", r.PrivatePath)
	}
	for _, p := range r.Paths {
		fmt.Fprintf(w, "dry run: would write %s\n", p)
	}
	fmt.Fprintln(w, "dry run: nothing was written")
}

// warn prints a warning, unless --quiet.
func warn(w io.Writer, format string, args ...any) {
	if !quietMode {
		fmt.Fprintf(w, "warning: "+format+"\n", args...)
	}
}
