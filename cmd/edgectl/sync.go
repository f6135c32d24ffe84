package main

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	gosync "sync"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/pipeline"
	"github.com/webplatform/edgectl/repofs"
	fsync "github.com/webplatform/edgectl/sync"
)

func init() {
	commandFactories = append(commandFactories, newDiffCmd, newPublishCmd, newRollbackCmd, newImportCmd, newMaintenanceCmd)
}

// Environment variables of the sync commands.
const (
	tokenEnv    = "FASTLY_API_TOKEN"
	tokenEnvAlt = "FASTLY_API_KEY" // go-fastly's own name
	apiURLEnv   = "FASTLY_API_URL"
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
	cmd.Flags().StringVar(&f.apiURL, "api-url", "", "Fastly API endpoint (default $"+apiURLEnv+", then "+fsync.DefaultURL+")")
	cmd.Flags().StringVarP(&f.level, "level", "l", defaultLevel, "deployment level")
	if private {
		cmd.Flags().StringVar(&f.privateDir, "private-dir", "", "directory holding <service>.vcl private includes, outside the repository (default $"+privateDirEnv+")")
	}
}

// syncSession is one command's access to Fastly with everything printed
// through a redactor: the token and private VCL never reach the output.
type syncSession struct {
	client *fsync.Client
	red    *fsync.Redactor
	stdout io.Writer
	stderr io.Writer
	color  bool
}

func (f *fastlyFlags) token() (string, error) {
	if f.tokenFile != "" {
		b, err := os.ReadFile(f.tokenFile)
		if err != nil {
			return "", fmt.Errorf("cannot read the token file: %v", err)
		}
		t := strings.TrimSpace(string(b))
		if t == "" {
			return "", fmt.Errorf("the token file %s is empty; put a Fastly API token in it", f.tokenFile)
		}
		return t, nil
	}
	for _, env := range []string{tokenEnv, tokenEnvAlt} {
		if t := strings.TrimSpace(os.Getenv(env)); t != "" {
			return t, nil
		}
	}
	return "", fmt.Errorf("no Fastly API token: set %s or pass --token-file FILE (a token from https://manage.fastly.com/account/personal/tokens)", tokenEnv)
}

func (f *fastlyFlags) privateDirectory() string {
	if f.privateDir != "" {
		return f.privateDir
	}
	return os.Getenv(privateDirEnv)
}

// open reads the credentials and returns a syncSession whose writers redact.
func (f *fastlyFlags) open(cmd *cobra.Command) (*syncSession, error) {
	tok, err := f.token()
	if err != nil {
		return nil, err
	}
	url := f.apiURL
	if url == "" {
		url = os.Getenv(apiURLEnv)
	}
	red := fsync.NewRedactor(tok)
	s := &syncSession{red: red, color: colorOutput(cmd.OutOrStdout())}
	s.stdout = red.Writer(cmd.OutOrStdout())
	s.stderr = &syncLockedWriter{w: red.Writer(cmd.ErrOrStderr())}
	s.client, err = fsync.NewClient(fsync.Options{
		Token:    tok,
		URL:      url,
		Progress: func(msg string) { fmt.Fprintln(s.stderr, msg) },
	})
	if err != nil {
		return nil, red.Error(err)
	}
	return s, nil
}

// syncLockedWriter serialises progress lines written from concurrent reads.
type syncLockedWriter struct {
	mu gosync.Mutex
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

// fail prints an error (redacted) and returns exit status 1.
func (s *syncSession) fail(err error) error {
	fmt.Fprintln(s.stderr, "edgectl:", s.red.Error(err))
	return &exitError{1}
}

// syncUnit is one compiled service at one level, as sync sees it.
type syncUnit struct {
	name    string
	level   string
	desired *fsync.Desired
}

// compileForSync builds services at one level in memory (with falco's
// checks, as edgectl build does) and returns what sync needs. Problems are
// printed to stderr.
func compileForSync(stderr io.Writer, g *globalFlags, f *fastlyFlags, services []string) ([]*syncUnit, error) {
	dir := f.privateDirectory()
	out, diags := pipeline.Run(pipeline.Options{Root: g.root, Levels: []string{f.level}, Services: services, PrivateDir: dir})
	if diags.HasErrors() {
		printDiags(stderr, diags)
		return nil, &exitError{1}
	}
	var units []*syncUnit
	for _, u := range out.Units {
		d := &fsync.Desired{Service: u.Result.Service, Files: map[string]string{}}
		for _, file := range u.Result.Files {
			if file.Upload {
				d.Files[file.Name+".vcl"] = file.Content
			}
		}
		if dir != "" && slices.ContainsFunc(d.Service.VCLs, func(v desired.VCL) bool { return v.Private }) {
			p, err := fsync.ReadPrivate(dir, u.Service)
			if err != nil {
				return nil, err
			}
			d.Private = &p
		}
		units = append(units, &syncUnit{name: u.Service, level: u.Level, desired: d})
	}
	sort.Slice(units, func(i, j int) bool { return units[i].name < units[j].name })
	return units, nil
}

// syncCompared is one service's remote state and plan.
type syncCompared struct {
	unit   *syncUnit
	remote *fsync.Remote
	target *fsync.Config
	plan   *fsync.Plan
	err    error
}

// syncPrefetch holds the active versions of the services' Fastly services,
// read (one GET each, all at once) while the caller compiles: the
// definitions name the IDs, so reading Fastly need not wait for falco.
type syncPrefetch struct {
	wg      gosync.WaitGroup
	remotes map[string]*syncFetched
}

type syncFetched struct {
	remote *fsync.Remote
	err    error
}

// prefetch starts reading the active versions of the named services (all
// when none is named) at a level.
func (s *syncSession) prefetch(g *globalFlags, level string, services []string) *syncPrefetch {
	p := &syncPrefetch{remotes: map[string]*syncFetched{}}
	site, diags := definition.Load(g.root)
	if diags.HasErrors() {
		return p // compile reports the errors
	}
	for _, svc := range site.Services {
		id := svc.ServiceIDs[level]
		if id == "" || (len(services) > 0 && !slices.Contains(services, svc.Name)) || p.remotes[id] != nil {
			continue
		}
		f := &syncFetched{}
		p.remotes[id] = f
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			f.remote, f.err = s.client.Details(id, 0)
		}()
	}
	return p
}

// compileAndCompare reads the named services' active versions (all when
// none is named) while it compiles them, then compares each with its build.
// Its error is the command's: compile problems are printed already.
func (s *syncSession) compileAndCompare(g *globalFlags, f *fastlyFlags, services []string) ([]*syncCompared, error) {
	pre := s.prefetch(g, f.level, services)
	units, err := compileForSync(s.stderr, g, f, services)
	if err != nil {
		pre.wg.Wait()
		return nil, syncExit(s, err)
	}
	return s.compare(units, pre), nil
}

// compare compares every unit with its prefetched remote state (reading
// what was not prefetched).
func (s *syncSession) compare(units []*syncUnit, pre *syncPrefetch) []*syncCompared {
	pre.wg.Wait()
	res := make([]*syncCompared, len(units))
	var wg gosync.WaitGroup
	for i, u := range units {
		res[i] = &syncCompared{unit: u}
		s.red.Add(u.desired.Secrets()...)
		wg.Add(1)
		go func(c *syncCompared) {
			defer wg.Done()
			c.target, c.err = c.unit.desired.Config()
			if c.err != nil {
				return
			}
			id := c.unit.desired.Service.ServiceID
			if f := pre.remotes[id]; f != nil {
				c.remote, c.err = f.remote, f.err
			} else {
				c.remote, c.err = s.client.Details(id, 0)
			}
			if c.err != nil {
				return
			}
			s.red.Add(c.remote.Secrets()...)
			c.plan = syncPlan(c.unit, c.remote, c.target)
		}(res[i])
	}
	wg.Wait()
	return res
}

func syncPlan(u *syncUnit, r *fsync.Remote, target *fsync.Config) *fsync.Plan {
	from := "no active version"
	if r.ActiveVersion > 0 {
		from = fmt.Sprintf("active version %d", r.ActiveVersion)
	} else if r.Version > 0 {
		from = fmt.Sprintf("version %d (none active)", r.Version)
	}
	p := fsync.Compare(r.Config, target, fsync.Labels{From: from, To: "local"})
	p.Service, p.Level, p.ServiceID, p.Version = u.name, u.level, r.ServiceID, r.ActiveVersion
	return p
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
"changed (content hidden)". Comments on objects are not syncCompared. Colour is
used on a terminal unless NO_COLOR is set. --output json prints the same
changes for tools.

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
			var plans []*fsync.Plan
			failed := false
			for _, c := range results {
				if c.err != nil {
					fmt.Fprintf(s.stderr, "edgectl: %s (%s): %v\n", c.unit.name, c.unit.level, s.red.Error(c.err))
					failed = true
					continue
				}
				plans = append(plans, c.plan)
			}
			if output == "json" {
				err = fsync.JSON(s.stdout, plans)
			} else {
				err = fsync.Text(s.stdout, plans, s.color)
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
	if yes {
		return nil
	}
	in, ok := cmd.InOrStdin().(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return s.fail(fmt.Errorf("not on a terminal: pass --yes to %s without asking", question))
	}
	fmt.Fprintf(s.stderr, "%s? [y/N] ", question)
	line, _ := bufio.NewReader(in).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		fmt.Fprintln(s.stderr, "nothing was done")
		return &exitError{1}
	}
	return nil
}

func newPublishCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
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
  - activates it (--stage: on Fastly's staging network only) and reads the
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
  edgectl publish blog --stage --yes        # activate on Fastly's staging network`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.open(cmd)
			if err != nil {
				return err
			}
			results, err := s.compileAndCompare(g, f, args)
			if err != nil {
				return err
			}
			c := results[0]
			if c.err != nil {
				return s.fail(c.err)
			}
			if err := fsync.Text(s.stdout, []*fsync.Plan{c.plan}, s.color); err != nil {
				return s.fail(err)
			}
			where := fmt.Sprintf("%s (%s)", c.unit.name, c.unit.level)
			if c.plan.Empty() {
				fmt.Fprintf(s.stdout, "%s is up to date on Fastly; nothing was written\n", where)
				return nil
			}
			ops, err := c.plan.Operations()
			if err != nil {
				return s.fail(err)
			}
			if dryRun {
				fmt.Fprintf(s.stdout, "dry run: publishing would make these %d writes on a draft of version %d (plus the clone, the comment and the activation), then validate; nothing was written:\n", len(ops), c.remote.ActiveVersion)
				for _, op := range ops {
					fmt.Fprintf(s.stdout, "  %s\n", op)
				}
				return nil
			}
			if err := confirmSync(cmd, s, yes, "publish these changes to "+where); err != nil {
				return err
			}
			res, err := fsync.Publish(s.client, c.remote.ServiceID, where, c.target, fsync.PublishOptions{
				Base:     c.remote.ActiveVersion,
				Force:    force,
				Stage:    stage,
				Comment:  versionComment(g.root, c.unit.desired.Service.Comment),
				Progress: func(msg string) { fmt.Fprintln(s.stderr, msg) },
			})
			if err != nil {
				return s.fail(err)
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
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "publish without asking")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show the diff and the writes publishing would make; write nothing")
	cmd.Flags().BoolVar(&stage, "stage", false, "activate on Fastly's staging network only")
	cmd.Flags().BoolVar(&force, "force", false, "publish even if the active version changed after the diff was computed")
	return cmd
}

// versionComment is the version comment: what produced the state, and the
// git commit of the source (with -dirty when the tree has changes).
func versionComment(root, comment string) string {
	commit := "unknown"
	if out, err := exec.Command("git", "-C", root, "rev-parse", "--short=12", "HEAD").Output(); err == nil {
		commit = strings.TrimSpace(string(out))
		if st, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
			commit += "-dirty"
		}
	}
	return fmt.Sprintf("%s; git %s", comment, commit)
}

// lookupServiceID looks a service's Fastly ID up in its definition.
func lookupServiceID(stderr io.Writer, g *globalFlags, name, level string) (*definition.Service, string, error) {
	site, diags := definition.Load(g.root)
	if diags.HasErrors() {
		printDiags(stderr, diags)
		return nil, "", &exitError{1}
	}
	svc := site.Service(name)
	if svc == nil {
		var names []string
		for _, s := range site.Services {
			names = append(names, s.Name)
		}
		return nil, "", fmt.Errorf("unknown service %q; services are: %s", name, strings.Join(names, ", "))
	}
	if site.Level(level) == nil {
		var names []string
		for _, l := range site.Levels {
			names = append(names, string(l.Name))
		}
		return nil, "", fmt.Errorf("unknown level %q; levels are: %s", level, strings.Join(names, ", "))
	}
	return svc, svc.ServiceIDs[level], nil
}

func newRollbackCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	var to int
	var yes, stage, force bool
	cmd := &cobra.Command{
		Use:   "rollback <service>",
		Short: "Activate the previous (or a given) version of a service",
		Long: `rollback activates the version that was active before the current one (the
newest locked version below it), or the version given with --to. It first
shows what that changes, comparing the two versions as diff does, and asks
for confirmation on a terminal (elsewhere it refuses without --yes). It makes
one write, the activation, and no new version. If another version became
active since the changes were shown, it aborts (--force overrides).

Exit status: 0 when rolled back, 1 on error, refusal or abort.`,
		Example: `  edgectl rollback www                  # production, previous version
  edgectl rollback www --to 41 --yes
  edgectl rollback docs --level staging --yes`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.open(cmd)
			if err != nil {
				return err
			}
			_, id, err := lookupServiceID(s.stderr, g, args[0], f.level)
			if err != nil {
				return syncExit(s, err)
			}
			cur, err := s.client.Details(id, 0)
			if err != nil {
				return s.fail(err)
			}
			s.red.Add(cur.Secrets()...)
			target, err := fsync.RollbackTarget(cur, to)
			if err != nil {
				return s.fail(err)
			}
			old, err := s.client.Details(id, target)
			if err != nil {
				return s.fail(err)
			}
			s.red.Add(old.Secrets()...)
			p := fsync.Compare(cur.Config, old.Config, fsync.Labels{From: fmt.Sprintf("active version %d", cur.ActiveVersion), To: fmt.Sprintf("version %d", target)})
			p.Service, p.Level, p.ServiceID, p.Version = args[0], f.level, id, cur.ActiveVersion
			if err := fsync.Text(s.stdout, []*fsync.Plan{p}, s.color); err != nil {
				return s.fail(err)
			}
			where := fmt.Sprintf("%s (%s)", args[0], f.level)
			if err := confirmSync(cmd, s, yes, fmt.Sprintf("activate version %d of %s", target, where)); err != nil {
				return err
			}
			if err := fsync.Rollback(s.client, id, target, fsync.RollbackOptions{Base: cur.ActiveVersion, Force: force, Stage: stage}); err != nil {
				return s.fail(err)
			}
			fmt.Fprintf(s.stdout, "rolled %s back: version %d is active (was %d)\n", where, target, cur.ActiveVersion)
			return nil
		},
	}
	f.register(cmd, false)
	cmd.Flags().IntVar(&to, "to", 0, "version to activate (default: the previously active one)")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "roll back without asking")
	cmd.Flags().BoolVar(&stage, "stage", false, "activate on Fastly's staging network only")
	cmd.Flags().BoolVar(&force, "force", false, "roll back even if the active version changed after the changes were shown")
	return cmd
}

func newMaintenanceCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	cmd := &cobra.Command{
		Use:   "maintenance on|off <service>",
		Short: "Flip a service's maintenance switch, without a new version",
		Long: `maintenance sets the item "maintenance" of the edge dictionary ` + compiler.SettingsTable + `
of the service's active version to on or off. With it on, all traffic of the
service gets the maintenance page. Dictionary items are not versioned: no
version is made, and the change reaches Fastly's edge within seconds. Only
services with a maintenance section have the switch; publish the service
once to create the dictionary. Nothing is written when the switch is already
in the requested position.

Exit status: 0 when the switch is in the requested position, 1 on error.`,
		Example: `  edgectl maintenance on www
  edgectl maintenance off www
  edgectl maintenance on talk --level staging`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			state, name := args[0], args[1]
			if state != "on" && state != "off" {
				return fmt.Errorf("the first argument is on or off, not %q", state)
			}
			s, err := f.open(cmd)
			if err != nil {
				return err
			}
			svc, id, err := lookupServiceID(s.stderr, g, name, f.level)
			if err != nil {
				return syncExit(s, err)
			}
			if svc.Maintenance == nil {
				return s.fail(fmt.Errorf("%s has no maintenance switch: add a maintenance section to %s and publish", name, svc.File))
			}
			old, changed, err := fsync.SetItem(s.client, id, compiler.SettingsTable, "maintenance", state)
			if err != nil {
				return s.fail(err)
			}
			where := fmt.Sprintf("%s (%s)", name, f.level)
			if !changed {
				fmt.Fprintf(s.stdout, "maintenance of %s is already %s; nothing was written\n", where, state)
				return nil
			}
			if old == "" {
				old = "unset"
			}
			fmt.Fprintf(s.stdout, "maintenance of %s: %s → %s\n", where, old, state)
			return nil
		},
	}
	f.register(cmd, false)
	return cmd
}

// serviceNameRE is a valid services/<name>.yaml name (see definition).
var serviceNameRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)

func newImportCmd(g *globalFlags) *cobra.Command {
	f := &fastlyFlags{}
	var id, name string
	var levelIDs []string
	var overwrite bool
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
			if !serviceNameRE.MatchString(name) {
				return fmt.Errorf("invalid name %q: a service name is lower-case letters, digits and -, starting with a letter (at most 31)", name)
			}
			s, err := f.open(cmd)
			if err != nil {
				return err
			}
			// Import needs the levels only: a broken service definition
			// (an earlier import, say) does not stop it.
			site, diags := definition.Load(g.root)
			var levelDiags diag.List
			for _, d := range diags.Errors() {
				if d.Pos.File == definition.LevelsFileName {
					levelDiags = append(levelDiags, d)
				}
			}
			if len(levelDiags) > 0 || len(site.Levels) == 0 {
				printDiags(s.stderr, levelDiags)
				return &exitError{1}
			}
			ids := map[string]string{f.level: id}
			for _, kv := range levelIDs {
				l, v, ok := strings.Cut(kv, "=")
				if !ok || l == "" || v == "" {
					return s.fail(fmt.Errorf("invalid --level-id %q: write LEVEL=ID", kv))
				}
				ids[l] = v
			}
			var missing []string
			for _, l := range site.Levels {
				if ids[string(l.Name)] == "" {
					missing = append(missing, string(l.Name))
				}
			}
			for l := range ids {
				if site.Level(l) == nil {
					return s.fail(fmt.Errorf("unknown level %q in --level/--level-id", l))
				}
			}
			if len(missing) > 0 {
				return s.fail(fmt.Errorf("a definition needs a Fastly service ID for every level; add --level-id %s=ID for each of: %s", missing[0], strings.Join(missing, ", ")))
			}
			r, err := s.client.Details(id, 0)
			if err != nil {
				return s.fail(err)
			}
			s.red.Add(r.Secrets()...)
			imp, err := fsync.Import(r, fsync.ImportOptions{Name: name, ServiceIDs: ids})
			if err != nil {
				return s.fail(err)
			}
			paths := slices.Sorted(maps.Keys(imp.Files))
			if !overwrite {
				for _, p := range paths {
					if _, err := os.Stat(filepath.Join(g.root, p)); err == nil {
						return s.fail(fmt.Errorf("%s exists; pass --force to overwrite", p))
					}
				}
			}
			var private *string
			for _, v := range r.Config.VCLs {
				if v.Private {
					c := v.Content
					private = &c
				}
			}
			dir := f.privateDirectory()
			if private != nil && dir != "" {
				p := filepath.Join(dir, name+".vcl")
				if _, err := os.Stat(p); err == nil && !overwrite {
					return s.fail(fmt.Errorf("%s exists; pass --force to overwrite", p))
				}
				if err := os.MkdirAll(dir, 0o700); err != nil {
					return s.fail(err)
				}
				if err := os.WriteFile(p, []byte(*private), 0o600); err != nil {
					return s.fail(err)
				}
				fmt.Fprintf(s.stdout, "wrote the private include to %s (content not shown)\n", p)
			}
			for _, p := range paths {
				// Inside the repository only, never through a symbolic link.
				if err := repofs.WriteFile(g.root, p, []byte(imp.Files[p]), 0o644); err != nil {
					return s.fail(fmt.Errorf("%s: %w (%s)", p, err, repofs.Hint(err, "check the repository's permissions")))
				}
				fmt.Fprintf(s.stdout, "wrote %s\n", p)
			}
			for _, w := range imp.Warnings {
				fmt.Fprintf(s.stderr, "warning: %s\n", w)
			}
			if private != nil && dir == "" {
				fmt.Fprintf(s.stderr, "warning: the service has a private include; its content was not written anywhere: import again with --private-dir DIR to save it as DIR/%s.vcl\n", name)
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
	return cmd
}
