package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/fastlysync"
	"github.com/webplatform/edgectl/redact"
	"github.com/webplatform/edgectl/session"
)

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

// fastlyFlags are the flags of every command that talks to Fastly.
type fastlyFlags struct {
	tokenFile  string
	apiURL     string
	level      string
	privateDir string
}

func (f *fastlyFlags) register(cmd *cobra.Command, private bool) {
	cmd.Flags().StringVar(&f.tokenFile, "token-file", "", "file holding the Fastly API token (default $"+tokenEnv+", then $"+tokenEnvAlt+")")
	cmd.Flags().StringVar(&f.apiURL, "api-url", "", "Fastly API endpoint (default $"+apiURLEnv+", then "+fastlyapi.DefaultURL+")")
	levelFlag(cmd, &f.level, defaultLevel, "deployment level (one)")
	if private {
		cmd.Flags().StringVar(&f.privateDir, "private-dir", "", "directory holding <service>.vcl private includes, outside the repository (default $"+privateDirEnv+")")
	}
}

// syncSession is one command's access to Fastly, with text from Fastly
// printed through a redactor that keeps the private include out.
type syncSession struct {
	sess   *session.Session
	client *fastlyapi.Client
	red    *redact.Redactor
	stdout io.Writer
	stderr io.Writer
	color  bool
}

func (f *fastlyFlags) privateDirectory() string { return session.PrivateDir(f.privateDir) }

// open reads the credentials and returns a syncSession whose writers redact.
func (f *fastlyFlags) open(cmd *cobra.Command) (*syncSession, error) {
	tok, err := session.Token(f.tokenFile)
	if err != nil {
		return nil, err
	}
	url, err := session.Endpoint(f.apiURL)
	if err != nil {
		return nil, err
	}
	// The token goes into the Fastly-Key header and nowhere else, so no
	// output needs it replaced. Text from Fastly (errors, validation
	// messages, progress) goes to stderr, through the redactor that keeps
	// the private include out; stdout is edgectl's own rendering.
	red := redact.NewRedactor()
	s := &syncSession{red: red, color: wantColor(cmd, cmd.OutOrStdout())}
	s.stdout = cmd.OutOrStdout()
	s.stderr = &syncLockedWriter{w: red.Writer(cmd.ErrOrStderr())}
	s.client, err = fastlyapi.NewClient(fastlyapi.Options{
		Token:    tok,
		URL:      url,
		Progress: s.progress,
	})
	if err != nil {
		return nil, red.Error(err)
	}
	s.sess = &session.Session{Client: s.client, Redactor: red}
	return s, nil
}

// openFor checks --output and then opens the session.
func (f *fastlyFlags) openFor(cmd *cobra.Command, o *outputFlag) (*syncSession, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	return f.open(cmd)
}

// syncLockedWriter serialises progress lines written from concurrent reads.
type syncLockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *syncLockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// colorOutput reports whether w is a terminal that wants colour.
func colorOutput(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// progress prints what a long step is doing, unless --quiet.
func (s *syncSession) progress(msg string) {
	if !quietMode {
		fmt.Fprintln(s.stderr, msg)
	}
}

// warn prints a warning, unless --quiet.
func (s *syncSession) warn(format string, args ...any) {
	if !quietMode {
		fmt.Fprintf(s.stderr, "warning: "+format+"\n", args...)
	}
}

// fail prints an error (redacted) and returns exit status 1.
func (s *syncSession) fail(err error) error {
	fmt.Fprintln(s.stderr, "edgectl:", s.red.Error(err))
	return &exitError{1}
}

// compileAndCompare reads the named services' active versions (all when
// none is named) while it compiles them, then compares each with its build.
// Its error is the command's: compile problems are printed already.
func (s *syncSession) compileAndCompare(g *globalFlags, f *fastlyFlags, services []string) ([]*session.Compared, error) {
	res, diags, err := s.sess.CompileAndCompare(session.Build{Root: g.root, Level: f.level, Services: services, PrivateDir: f.privateDirectory()})
	if diags.HasErrors() {
		printDiags(s.stderr, diags)
		return nil, &exitError{1}
	}
	if err != nil {
		return nil, s.fail(err)
	}
	return res, nil
}

func newDiffCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	var output string
	cmd := &cobra.Command{
		Use:   "diff [service...]",
		Short: "Show what differs between the source and the active version on Fastly",
		Long: `diff compiles the services (all of them when none is named) for one level and
compares each with the active version of its Fastly service, read with one
request per service, all services at once. It writes nothing.

VCL files are shown as unified diffs; service objects as one line per changed
field ("backend app1: first_byte_timeout 15000 → 34000"); objects on Fastly
that the source lacks as drift to be removed; the private include as
"changed (content hidden)". Comments on objects are not compared. Durations
read as durations (34s, 1d), VCL hunks name their subroutine, and the output
ends with a summary per service (N to add, M to change, K to destroy).
Colour is used on a terminal unless NO_COLOR is set (--color always|never
decides instead). --output json prints the same changes for tools.

The token comes from --token-file, $FASTLY_API_TOKEN or $FASTLY_API_KEY, and
never appears in any output; --api-url or $FASTLY_API_URL point at another API
(edgectl sandbox, for instance).

Exit status: 0 when nothing differs, 2 when something does, 1 on error.`,
		Example: `  edgectl diff                          # every service, production
  edgectl diff www --level staging
  edgectl diff --output json > changes.json
  FASTLY_API_URL=http://127.0.0.1:8080 edgectl diff docs`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return fmt.Errorf("unknown --output %q (text or json)", output)
			}
			s, err := f.open(cmd)
			if err != nil {
				return err
			}
			results, err := s.compileAndCompare(g, f, args)
			if err != nil {
				return err
			}
			var plans []*fastlyplan.Plan
			failed := false
			for _, c := range results {
				if c.Err != nil {
					fmt.Fprintf(s.stderr, "edgectl: %s (%s): %v\n", c.Unit.Name, c.Unit.Level, s.red.Error(c.Err))
					failed = true
					continue
				}
				plans = append(plans, c.Plan)
			}
			if output == "json" {
				err = fastlyplan.JSON(s.stdout, plans)
			} else {
				err = fastlyplan.Text(s.stdout, plans, s.color)
			}
			if err != nil {
				return s.fail(err)
			}
			if failed {
				return &exitError{1}
			}
			for _, p := range plans {
				if !p.Empty() {
					return &exitError{exitChanges}
				}
			}
			return nil
		},
	}
	f.register(cmd, true)
	cmd.Flags().StringVar(&output, "output", "text", "text or json")
	return cmd
}

// syncExit passes exit errors through and prints others redacted.
func syncExit(s *syncSession, err error) error {
	if _, ok := err.(*exitError); ok {
		return err
	}
	return s.fail(err)
}

// confirmSync asks on a terminal; elsewhere it refuses unless --yes was given.
func confirmSync(cmd *cobra.Command, s *syncSession, yes bool, question string) error {
	return confirm(cmd, s.stderr, yes, question)
}

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

func newPublishCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	o := &outputFlag{}
	var yes, dryRun, stage, force bool
	cmd := &cobra.Command{
		Use:   "publish <service>",
		Short: "Publish a service's compiled configuration to Fastly",
		Long: `publish compiles the service for one level, shows the diff against the active
version on Fastly, asks for confirmation on a terminal (elsewhere it refuses
without --yes), and then:

  - clones the active version into a draft, or reuses the draft a failed
    earlier publish left (the newest unlocked version above the active one,
    when its comment starts with "edgectl" or it is an untouched clone of
    the active version), so failed publishes never pile up drafts;
  - changes only what differs: one API write per changed object, none for
    unchanged ones; VCL uploaded and the main one marked main;
  - sets the version comment (the source and the git commit);
  - validates the draft and shows Fastly's messages;
  - reads the draft back: it must hold exactly the desired state, and the
    active version must still be the one the diff was computed against
    (otherwise another publish won the race: this one aborts; --force
    publishes anyway);
  - activates it (--fastly-staging: on Fastly's staging network only) and reads the
    active version back: a publish that raced this one is reported.

With no differences nothing is written and no version is made. A failure at
any step activates nothing and names the draft version; running publish
again continues from that draft. Before writing, publish checks that
Fastly's rate limit leaves enough writes; on a 429 it waits for the reset
(up to two minutes, saying so) or stops. --dry-run shows the diff and the
API writes it would make, and writes nothing.

The private include's content is read from --private-dir or
$EDGECTL_PRIVATE_DIR (file <service>.vcl) and never printed; without it, an
include already on Fastly is left as it is.

Exit status: 0 when published, when there was nothing to publish, and after
a dry run; 1 on error, refusal or abort (nothing activated).`,
		Example: `  edgectl publish www                       # production; asks on a terminal
  edgectl publish www --level staging --yes # in CI
  edgectl publish docs --dry-run            # show the writes, make none
  edgectl publish blog --fastly-staging --yes  # activate on Fastly's staging network`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.openFor(cmd, o)
			if err != nil {
				return err
			}
			results, err := s.compileAndCompare(g, f, args)
			if err != nil {
				return err
			}
			c := results[0]
			if c.Err != nil {
				return s.fail(c.Err)
			}
			doc := publishJSON{Service: c.Unit.Name, Level: c.Unit.Level, ServiceID: c.Remote.ServiceID, Plan: c.Plan, Summary: c.Plan.Tally(), DryRun: dryRun, Operations: []string{}}
			if !o.json() {
				if err := fastlyplan.Text(s.stdout, []*fastlyplan.Plan{c.Plan}, s.color); err != nil {
					return s.fail(err)
				}
			}
			where := fmt.Sprintf("%s (%s)", c.Unit.Name, c.Unit.Level)
			if c.Plan.Empty() {
				if o.json() {
					return writeJSON(s.stdout, doc)
				}
				fmt.Fprintf(s.stdout, "%s is up to date on Fastly; nothing was written\n", where)
				return nil
			}
			ops, err := c.Plan.Operations()
			if err != nil {
				return s.fail(err)
			}
			writes := opStrings(ops, c.Plan.Batches())
			if dryRun && o.json() {
				doc.Operations = writes
				return writeJSON(s.stdout, doc)
			}
			if dryRun && !c.Plan.Versioned() {
				fmt.Fprintf(s.stdout, "dry run: only ACL entries and dictionary items differ: publishing would make these %d batch writes, with no new version (version %d stays active); nothing was written:\n", len(writes), c.Remote.ActiveVersion)
			} else if dryRun {
				fmt.Fprintf(s.stdout, "dry run: publishing would make these %d writes on a draft of version %d (plus the clone, the comment and the activation), then validate; nothing was written:\n", len(writes), c.Remote.ActiveVersion)
			}
			if dryRun {
				for _, w := range writes {
					fmt.Fprintf(s.stdout, "  %s\n", w)
				}
				return nil
			}
			if err := confirmSync(cmd, s, yes, "publish these changes to "+where); err != nil {
				return err
			}
			res, err := fastlysync.Publish(s.client, c.Remote.ServiceID, where, c.Target, fastlysync.PublishOptions{
				Base:     c.Remote.ActiveVersion,
				Force:    force,
				Stage:    stage,
				Comment:  session.VersionComment(g.root, c.Unit.Desired.Service.Comment),
				Progress: s.progress,
			})
			if err != nil {
				return s.fail(err)
			}
			if o.json() {
				doc.Published, doc.Version = true, res.Version
				doc.Operations = opStrings(res.Operations, res.Batches)
				return writeJSON(s.stdout, doc)
			}
			if res.Version == 0 {
				fmt.Fprintf(s.stdout, "wrote ACL entries and dictionary items of %s in %s; no new version (version %d stays active)\n", where, fastlyplan.Plural(len(res.Batches), "batch write"), c.Remote.ActiveVersion)
				return nil
			}
			verb := "activated"
			if stage {
				verb = "activated on Fastly's staging network"
			}
			fmt.Fprintf(s.stdout, "%s version %d of %s (%d object writes)\n", verb, res.Version, where, len(res.Operations))
			return nil
		},
	}
	f.register(cmd, true)
	o.register(cmd)
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "publish without asking")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show the diff and the writes publishing would make; write nothing")
	fastlyStagingFlag(cmd, &stage)
	cmd.Flags().BoolVar(&force, "force", false, "publish even if the active version changed after the diff was computed")
	return cmd
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

// lookupServiceID looks a service's Fastly ID up in its definition.
func lookupServiceID(stderr io.Writer, g *globalFlags, name, level string) (*definition.Service, string, error) {
	site, diags := definition.Load(g.root)
	if diags.HasErrors() {
		printDiags(stderr, diags)
		return nil, "", &exitError{1}
	}
	return site.ServiceAt(name, level)
}

func newRollbackCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	o := &outputFlag{}
	var to int
	var yes, dryRun, stage, force bool
	cmd := &cobra.Command{
		Use:   "rollback <service>",
		Short: "Activate the previous (or a given) version of a service",
		Long: `rollback activates the version that was active before the current one (the
newest locked version below it), or the version given with --to. It first
shows what that changes, comparing the two versions as diff does, and asks
for confirmation on a terminal (elsewhere it refuses without --yes). It makes
one write, the activation, and no new version. If another version became
active since the changes were shown, it aborts (--force overrides).

A version that was never active (not locked: a draft, such as one a failed
publish left half-written) is refused; --force activates it, but only once
Fastly validates it. When the activation's answer is lost, rollback reads
the service back and says what it found; if that read fails too, it says
the state is unknown: run edgectl diff to see which version is active.

Exit status: 0 when rolled back, 1 on error, refusal or abort.`,
		Example: `  edgectl rollback www                  # production, previous version
  edgectl rollback www --to 41 --yes
  edgectl rollback docs --level staging --yes`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.openFor(cmd, o)
			if err != nil {
				return err
			}
			_, id, err := lookupServiceID(s.stderr, g, args[0], f.level)
			if err != nil {
				return syncExit(s, err)
			}
			rb, err := s.sess.PrepareRollback(args[0], f.level, id, to, force)
			if err != nil {
				return s.fail(err)
			}
			cur, target, p := rb.Current, rb.Target, rb.Plan
			if !o.json() {
				if err := fastlyplan.Text(s.stdout, []*fastlyplan.Plan{p}, s.color); err != nil {
					return s.fail(err)
				}
			}
			where := fmt.Sprintf("%s (%s)", args[0], f.level)
			if dryRun {
				fmt.Fprintf(s.stdout, "dry run: rolling back would activate version %d of %s (was %d); nothing was written\n", target, where, cur.ActiveVersion)
				return nil
			}
			if err := confirmSync(cmd, s, yes, fmt.Sprintf("activate version %d of %s", target, where)); err != nil {
				return err
			}
			if err := fastlysync.Rollback(s.client, id, target, fastlysync.RollbackOptions{Base: cur.ActiveVersion, Force: force, Unreleased: force, Stage: stage}); err != nil {
				return s.fail(err)
			}
			if o.json() {
				return writeJSON(s.stdout, rollbackJSON{Service: args[0], Level: f.level, ServiceID: id, From: cur.ActiveVersion, To: target, Plan: p, Summary: p.Tally()})
			}
			fmt.Fprintf(s.stdout, "rolled %s back: version %d is active (was %d)\n", where, target, cur.ActiveVersion)
			return nil
		},
	}
	f.register(cmd, false)
	o.register(cmd)
	cmd.Flags().IntVar(&to, "to", 0, "version to activate (default: the previously active one)")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "roll back without asking")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show what rolling back changes; activate nothing")
	fastlyStagingFlag(cmd, &stage)
	cmd.Flags().BoolVar(&force, "force", false, "roll back even if the active version changed after the changes were shown, or to a version that was never active (validated first)")
	return cmd
}

func newMaintenanceCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "maintenance",
		Short: "Flip or show a service's maintenance switch, without a new version",
		Long: `maintenance sets the item "maintenance" of the edge dictionary ` + compiler.SettingsTable + `
of the service's active version to on or off, or shows it (status). With it
on, all traffic of the service gets the maintenance page. Dictionary items are
not versioned: no version is made, and the change reaches Fastly's edge within
seconds. Only services with a maintenance section have the switch; publish the
service once to create the dictionary.

on and off show what they would change and ask on a terminal (elsewhere they
refuse without --yes); nothing is written when the switch is already in the
requested position, or with --dry-run.

Exit status: 0 when the switch is (or, with --dry-run, would be) in the
requested position and for status, 1 on error or refusal.`,
		Example: `  edgectl maintenance status
  edgectl maintenance on www
  edgectl maintenance off www --yes
  edgectl maintenance on talk --level staging --dry-run`,
	}
	cmd.AddCommand(newMaintenanceSetCmd(g, "on"), newMaintenanceSetCmd(g, "off"), newMaintenanceStatusCmd(g))
	return cmd
}

// maintenanceTarget looks a service up and checks that it has the switch.
func maintenanceTarget(s *syncSession, g *globalFlags, name, level string) (id string, err error) {
	site, diags := definition.Load(g.root)
	if diags.HasErrors() {
		printDiags(s.stderr, diags)
		return "", &exitError{1}
	}
	if id, err = site.MaintenanceSwitchAt(name, level); err != nil {
		return "", s.fail(err)
	}
	return id, nil
}

func newMaintenanceSetCmd(g *globalFlags, state string) *cobra.Command {
	f := &fastlyFlags{}
	o := &outputFlag{}
	var yes, dryRun bool
	cmd := &cobra.Command{
		Use:     state + " <service>",
		Short:   "Turn the maintenance switch " + state,
		Example: "  edgectl maintenance " + state + " www\n  edgectl maintenance " + state + " talk --level staging --yes",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			s, err := f.openFor(cmd, o)
			if err != nil {
				return err
			}
			id, err := maintenanceTarget(s, g, name, f.level)
			if err != nil {
				return err
			}
			where := fmt.Sprintf("%s (%s)", name, f.level)
			old, found, err := s.sess.ReadMaintenance(id)
			if err != nil {
				return s.fail(err)
			}
			if found && old == state {
				if o.json() {
					return writeJSON(s.stdout, maintenanceJSON{Service: name, Level: f.level, ServiceID: id, Old: old, State: state})
				}
				fmt.Fprintf(s.stdout, "maintenance of %s is already %s; nothing was written\n", where, state)
				return nil
			}
			if !found {
				old = "unset"
			}
			if dryRun {
				fmt.Fprintf(s.stdout, "dry run: maintenance of %s would go %s → %s; nothing was written\n", where, old, state)
				return nil
			}
			if err := confirmSync(cmd, s, yes, "turn maintenance "+state+" for "+where); err != nil {
				return err
			}
			prev, changed, err := s.sess.SetMaintenance(id, state)
			if err != nil {
				return s.fail(err)
			}
			if o.json() {
				if !found {
					old = ""
				}
				return writeJSON(s.stdout, maintenanceJSON{Service: name, Level: f.level, ServiceID: id, Old: old, State: state, Changed: changed})
			}
			if !changed {
				fmt.Fprintf(s.stdout, "maintenance of %s is already %s; nothing was written\n", where, state)
				return nil
			}
			if prev == "" {
				prev = "unset"
			}
			fmt.Fprintf(s.stdout, "maintenance of %s: %s → %s\n", where, prev, state)
			return nil
		},
	}
	f.register(cmd, false)
	o.register(cmd)
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "change the switch without asking")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show what would change; write nothing")
	return cmd
}

func newMaintenanceStatusCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	o := &outputFlag{}
	cmd := &cobra.Command{
		Use:   "status [service...]",
		Short: "Show whether the maintenance switch is on, per service (read-only)",
		Long: `status reads the maintenance item of each service's active version (every
service with a maintenance section when none is named) and prints on, off or
unset (which the VCL treats as off). It writes nothing.

Exit status: 0 when every switch was read, 1 otherwise.`,
		Example: "  edgectl maintenance status\n  edgectl maintenance status www talk --level staging",
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.openFor(cmd, o)
			if err != nil {
				return err
			}
			names := args
			if len(names) == 0 {
				site, diags := definition.Load(g.root)
				if diags.HasErrors() {
					printDiags(s.stderr, diags)
					return &exitError{1}
				}
				names = site.WithMaintenance()
			}
			failed := false
			rows := []maintenanceStatusJSON{}
			for _, name := range names {
				id, err := maintenanceTarget(s, g, name, f.level)
				if err != nil {
					failed = true
					continue
				}
				v, found, err := s.sess.ReadMaintenance(id)
				if errors.Is(err, fastlysync.ErrNoDictionary) {
					rows = append(rows, maintenanceStatusJSON{Service: name, Level: f.level, ServiceID: id, State: "absent"})
					if !o.json() {
						fmt.Fprintf(s.stdout, "%s (%s): no switch on Fastly yet (publish the service to create it)\n", name, f.level)
					}
					continue
				}
				if err != nil {
					fmt.Fprintf(s.stderr, "edgectl: %s (%s): %v\n", name, f.level, s.red.Error(err))
					failed = true
					continue
				}
				row := maintenanceStatusJSON{Service: name, Level: f.level, ServiceID: id, State: v}
				if !found {
					v, row.State = "unset (off)", "unset"
				}
				rows = append(rows, row)
				if !o.json() {
					fmt.Fprintf(s.stdout, "%s (%s): %s\n", name, f.level, v)
				}
			}
			if o.json() {
				if err := writeJSON(s.stdout, rows); err != nil {
					return err
				}
			}
			if failed {
				return &exitError{1}
			}
			return nil
		},
	}
	f.register(cmd, false)
	o.register(cmd)
	return cmd
}

func newImportCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	var id, name string
	var levelIDs []string
	var overwrite, dryRun bool
	cmd := &cobra.Command{
		Use:   "import --service-id ID --name NAME",
		Short: "Write a service definition from an existing Fastly service",
		Long: `import reads the active version of a Fastly service (set up in the web UI,
say) and writes services/NAME.yaml and vcl/NAME/ so that edgectl diff NAME
right after shows no changes: domains, backends and health checks, settings,
and the custom VCL as raw files (raw_vcl) used as they are. Whatever the
definition format cannot express (conditions, headers, gzip objects, ...) is
listed as a warning; the next diff shows each as a change.

--service-id is the service of --level (default production). A definition
needs a service ID for every level: give the others with --level-id
LEVEL=ID. A VCL named "private" is the private include: its content is
written only to --private-dir (or $EDGECTL_PRIVATE_DIR) as NAME.vcl, never
into the repository, and never printed. Existing files are not overwritten
without --force.

Exit status: 0 when written, 1 on error.`,
		Example: `  edgectl import --service-id SU1Z0isxPaozGVKXdv0eY --name legacy \
      --level-id staging=7i6HN3TK9wS159v2gPAZ8A --level-id workbench=xyz123
  edgectl diff legacy`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if id == "" || name == "" {
				return fmt.Errorf("import needs --service-id ID and --name NAME")
			}
			if err := session.CheckServiceName(name); err != nil {
				return err
			}
			s, err := f.open(cmd)
			if err != nil {
				return err
			}
			site, levelDiags := session.ImportSite(g.root)
			if site == nil {
				printDiags(s.stderr, levelDiags)
				return &exitError{1}
			}
			ids, err := session.ImportServiceIDs(site, name, f.level, id, levelIDs)
			if err != nil {
				return s.fail(err)
			}
			imp, err := s.sess.Import(site, name, f.level, ids)
			if err != nil {
				return s.fail(err)
			}
			if err := imp.CheckFree(g.root, overwrite); err != nil {
				return s.fail(err)
			}
			dir := f.privateDirectory()
			if dryRun {
				if imp.Private != nil && dir != "" {
					fmt.Fprintf(s.stdout, "dry run: would write the private include to %s (content not shown)\n", session.PrivatePath(dir, name))
				}
				for _, p := range imp.Paths {
					fmt.Fprintf(s.stdout, "dry run: would write %s\n", p)
				}
				fmt.Fprintln(s.stdout, "dry run: nothing was written")
				return nil
			}
			if imp.Private != nil && dir != "" {
				p, err := imp.WritePrivate(dir, name, overwrite)
				if err != nil {
					return s.fail(err)
				}
				fmt.Fprintf(s.stdout, "wrote the private include to %s (content not shown)\n", p)
			}
			if err := imp.WriteFiles(g.root, func(p string) { fmt.Fprintf(s.stdout, "wrote %s\n", p) }); err != nil {
				return s.fail(err)
			}
			for _, w := range imp.Warnings {
				s.warn("%s", w)
			}
			if imp.Private != nil && dir == "" {
				s.warn("the service has a private include; its content was not written anywhere: import again with --private-dir DIR to save it as DIR/%s.vcl", name)
			}
			fmt.Fprintf(s.stdout, "next: edgectl diff %s --level %s\n", name, f.level)
			return nil
		},
	}
	f.register(cmd, true)
	cmd.Flags().StringVar(&id, "service-id", "", "the Fastly service to import (of --level)")
	cmd.Flags().StringVar(&name, "name", "", "the service name: services/NAME.yaml, vcl/NAME/")
	cmd.Flags().StringArrayVar(&levelIDs, "level-id", nil, "LEVEL=ID: the Fastly service of another level (repeatable)")
	cmd.Flags().BoolVar(&overwrite, "force", false, "overwrite existing files")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "list the files import would write; write nothing")
	return cmd
}

// opStrings names a publish's writes: the object writes on the draft, then
// the batch writes of ACL entries and dictionary items.
func opStrings(ops []fastlyplan.Operation, batches []fastlyplan.Batch) []string {
	out := []string{}
	for _, op := range ops {
		out = append(out, op.String())
	}
	for _, b := range batches {
		out = append(out, b.String())
	}
	return out
}
