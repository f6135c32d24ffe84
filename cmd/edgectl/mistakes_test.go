package main

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/webplatform/edgectl/internal/openstackfake"
	"github.com/webplatform/edgectl/inventory"
)

// helperEnv makes the test binary run edgectl's main instead of the tests
// (see TestMain): some mistakes act before main, at package initialisation,
// so they can only be seen from a fresh process.
const helperEnv = "EDGECTL_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// runProcess runs edgectl in a new process with extra environment
// variables and returns its exit code and output.
func runProcess(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), helperEnv+"=1"), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), o.String(), e.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, o.String(), e.String()
}

// TestBadAPIURL: a Fastly API URL that is not an http(s) URL with a host, a
// numeric port and no path is a clear error with exit 1, whether it comes
// from $FASTLY_API_URL or --api-url, and commands that do not talk to Fastly
// are not affected. go-fastly parses $FASTLY_API_URL (and $FASTLY_RTS_URL)
// when its package initialises and panics (exit 2) on a value url.Parse
// rejects.
func TestBadAPIURL(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  []string
		args []string
		code int
		want string
	}{
		{"scheme-less env", []string{"FASTLY_API_URL=127.0.0.1:8080"}, []string{"diff", "www"}, 1, `invalid Fastly API URL "127.0.0.1:8080" ($FASTLY_API_URL)`},
		{"scheme-less env, no Fastly command", []string{"FASTLY_API_URL=127.0.0.1:8080"}, []string{"version"}, 0, "edgectl "},
		{"bad port env", []string{"FASTLY_API_URL=http://127.0.0.1:80x"}, []string{"diff", "www"}, 1, "port"},
		{"unclosed bracket env", []string{"FASTLY_API_URL=http://[::1"}, []string{"publish", "www", "--yes"}, 1, "invalid Fastly API URL"},
		{"leading space env", []string{"FASTLY_API_URL= http://x"}, []string{"maintenance", "on", "www", "--yes"}, 1, "invalid Fastly API URL"},
		{"realtime stats env", []string{"FASTLY_RTS_URL=127.0.0.1:1"}, []string{"version"}, 0, "edgectl "},
		{"path flag", nil, []string{"diff", "www", "--api-url", "http://127.0.0.1:8080/v1"}, 1, "no path"},
		{"port out of range flag", nil, []string{"diff", "www", "--api-url", "http://127.0.0.1:99999"}, 1, "port 99999"},
		{"garbage flag", nil, []string{"diff", "www", "--api-url", "garbage"}, 1, "give an http(s) URL such as https://api.fastly.com"},
		{"ftp flag", nil, []string{"rollback", "www", "--api-url", "ftp://example.com"}, 1, "http or https"},
		{"flag wins over a bad env", []string{"FASTLY_API_URL=127.0.0.1:8080"}, []string{"diff", "www", "--api-url", "http://127.0.0.1:1/x"}, 1, `"http://127.0.0.1:1/x" (--api-url)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := append([]string{"FASTLY_API_TOKEN=t0ken"}, tc.env...)
			code, stdout, stderr := runProcess(t, env, append(tc.args, "--root", repoRoot)...)
			if code != tc.code || !strings.Contains(stdout+stderr, tc.want) || strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("exit %d (want %d), want %q:\n%s%s", code, tc.code, tc.want, stdout, stderr)
			}
		})
	}
}

// snapshot reads every file under dir, so that a test can say that a
// refused command left them as they were.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			files[p] = string(b)
		}
		return nil
	})
	return files
}

func assertUnchanged(t *testing.T, before map[string]string, dir string) {
	t.Helper()
	if after := snapshot(t, dir); !maps.Equal(before, after) {
		t.Errorf("files under %s changed", dir)
	}
}

// TestConfirmMaintenance: the maintenance switch changes what every visitor
// sees, so off a terminal it refuses without --yes, like publish; --dry-run
// says what it would do; status reads it.
func TestConfirmMaintenance(t *testing.T) {
	sb := syncEnv(t, "production")
	if code, stdout, stderr := syncCLI(t, "publish", "talk", "--yes", "--root", repoRoot); code != 0 {
		t.Fatalf("publish: %s%s", stdout, stderr)
	}
	for _, tc := range []struct {
		args   []string
		code   int
		want   string
		writes int
	}{
		{[]string{"maintenance", "on", "talk"}, 1, "not on a terminal: pass --yes to turn maintenance on for talk (production)", 0},
		{[]string{"maintenance", "on", "talk", "--dry-run"}, 0, "dry run: maintenance of talk (production) would go off → on; nothing was written", 0},
		{[]string{"maintenance", "status", "talk"}, 0, "talk (production): off", 0},
		{[]string{"maintenance", "on", "talk", "--yes"}, 0, "maintenance of talk (production): off → on", 1},
		{[]string{"maintenance", "status"}, 0, "talk (production): on", 0},
		{[]string{"maintenance", "off", "talk"}, 1, "pass --yes to turn maintenance off for talk (production)", 0},
		{[]string{"maintenance", "on", "talk"}, 0, "is already on; nothing was written", 0},
		{[]string{"maintenance", "status", "static"}, 1, "static has no maintenance switch", 0},
		{[]string{"maintenance", "maybe", "talk"}, 1, `unknown command "maybe"`, 0},
		{[]string{"rollback", "talk", "--dry-run"}, 0, "dry run: rolling back would activate version 1 of talk (production) (was 2); nothing was written", 0},
		{[]string{"rollback", "talk"}, 1, "pass --yes to activate version 1 of talk (production)", 0},
	} {
		sb.ResetRequests()
		code, stdout, stderr := syncCLI(t, append(tc.args, "--root", repoRoot)...)
		if code != tc.code || !strings.Contains(stdout+stderr, tc.want) || syncWrites(sb) != tc.writes {
			t.Errorf("edgectl %s: exit %d (want %d), %d writes (want %d), want %q:\n%s%s", strings.Join(tc.args, " "), code, tc.code, syncWrites(sb), tc.writes, tc.want, stdout, stderr)
		}
	}
}

// TestConfirmFleetApply: apply that would delete or replace servers refuses
// off a terminal without --yes and changes nothing; apply that only creates
// does not ask.
func TestConfirmFleetApply(t *testing.T) {
	root := fleetRoot(t)
	o := sandboxEnv(t, openstackfake.Options{BuildPolls: -1})
	o.Seed("bots", "subsonic", "", "", nil) // not in the workbench definition
	inv := snapshot(t, filepath.Join(root, "fleet"))
	code, stdout, stderr := runCLI(t, "fleet", "apply", "--level", "workbench", "--root", root, "--poll", "1ms")
	if code != 1 || !strings.Contains(stderr, "not on a terminal: pass --yes to apply this plan, which deletes 1 server (bots) in workbench") || len(o.Servers()) != 1 {
		t.Errorf("apply deleting without --yes: exit %d, %d servers\n%s%s", code, len(o.Servers()), stdout, stderr)
	}
	assertUnchanged(t, inv, filepath.Join(root, "fleet"))
	code, stdout, stderr = runCLI(t, "fleet", "apply", "--level", "workbench", "--root", root, "--poll", "1ms", "--yes")
	if code != 0 || slices.ContainsFunc(o.Servers(), func(s openstackfake.ServerInfo) bool { return s.Name == "bots" }) {
		t.Errorf("apply --yes: exit %d\n%s%s", code, stdout, stderr)
	}

	// Creations only: no question.
	root = fleetRoot(t)
	sandboxEnv(t, openstackfake.Options{BuildPolls: -1})
	code, stdout, stderr = runCLI(t, "fleet", "apply", "--level", "workbench", "--root", root, "--poll", "1ms")
	if code != 0 || !strings.Contains(stdout, "Wrote fleet/inventory/workbench.json") {
		t.Errorf("apply creating only: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestDryRun: every command that writes files has --dry-run, which writes
// nothing.
func TestDryRun(t *testing.T) {
	root := fleetRoot(t)
	sandboxEnv(t, openstackfake.Options{BuildPolls: -1})
	out := filepath.Join(t.TempDir(), "out")
	before := snapshot(t, root)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"build", "--dry-run", "--out", out, "www"}, "dry run: would write " + out + "/www/production/main.vcl"},
		{[]string{"errors", "build", "--dry-run", "--out", out}, "dry run: would write " + out + "/apache-errors.conf"},
		{[]string{"fleet", "refresh", "--level", "workbench", "--dry-run"}, "dry run: would write fleet/inventory/workbench.json: 0 VMs"},
	} {
		code, stdout, stderr := runCLI(t, append(tc.args, "--root", root)...)
		if code != 0 || !strings.Contains(stdout, tc.want) {
			t.Errorf("edgectl %s: exit %d, want %q:\n%s%s", strings.Join(tc.args, " "), code, tc.want, stdout, stderr)
		}
	}
	assertUnchanged(t, before, root)
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a dry run created %s", out)
	}
}

// TestTypos: unknown subcommands and flags exit 1 and suggest the name
// meant, at every level of the command tree; --version is version.
func TestTypos(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"buidl"}, 1, "Did you mean this?\n\tbuild"},
		{[]string{"fleet", "plna"}, 1, "unknown command \"plna\" for \"edgectl fleet\"\n\nDid you mean this?\n\tplan"},
		{[]string{"errors", "lsit"}, 1, "Did you mean this?\n\tlist"},
		{[]string{"maintenance", "stauts"}, 1, "Did you mean this?\n\tstatus"},
		{[]string{"completion", "bsh"}, 1, "Did you mean this?\n\tbash"},
		{[]string{"fleet", "nothing-like-it"}, 1, `unknown command "nothing-like-it" for "edgectl fleet"`},
		{[]string{"build", "--levle", "staging"}, 1, "unknown flag: --levle\n\nDid you mean this?\n\t--level"},
		{[]string{"diff", "--dryrun"}, 1, "unknown flag: --dryrun"},
		{[]string{"publish", "www", "--dryrun"}, 1, "Did you mean this?\n\t--dry-run"},
		{[]string{"fleet", "plan", "-x"}, 1, "unknown shorthand flag: 'x' in -x"},
		{[]string{"fleet"}, 0, "Available Commands:"},
		{[]string{"--version"}, 0, "falco v1.13.0"},
	} {
		code, stdout, stderr := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(stdout+stderr, tc.want) {
			t.Errorf("edgectl %s: exit %d (want %d), want %q:\n%s%s", strings.Join(tc.args, " "), code, tc.code, tc.want, stdout, stderr)
		}
	}
	_, version, _ := runCLI(t, "version")
	if _, got, _ := runCLI(t, "--version"); got != version {
		t.Errorf("--version printed %q, version %q", got, version)
	}
}

// TestBadAuthURL: an OpenStack auth URL that is not an http(s) URL is named
// as such, with where it came from, before gophercloud reads it.
func TestBadAuthURL(t *testing.T) {
	sandboxEnv(t, openstackfake.Options{})
	for _, raw := range []string{"127.0.0.1:5000", "keystone.example/v3", "http://127.0.0.1:50x/v3", "http://[::1"} {
		t.Setenv("OS_AUTH_URL", raw)
		code, _, stderr := runCLI(t, "fleet", "plan", "--level", "staging", "--root", repoRoot)
		if want := `invalid OpenStack auth URL "` + raw + `" ($OS_AUTH_URL)`; code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("OS_AUTH_URL=%s: exit %d, want %q:\n%s", raw, code, want, stderr)
		}
	}
}

// TestFleetPlanExitCodes: plan exits like diff: 0 nothing to do, 2 changes,
// 1 error; --detailed-exitcode is accepted and changes nothing.
func TestFleetPlanExitCodes(t *testing.T) {
	root := fleetRoot(t)
	o := sandboxEnv(t, openstackfake.Options{BuildPolls: -1})
	// The project is empty: so is the inventory that matches it.
	if err := inventory.Write(root, "workbench", nil); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{}, {"--detailed-exitcode"}} {
		code, _, stderr := runCLI(t, append([]string{"fleet", "plan", "--level", "workbench", "--root", root}, args...)...)
		if code != 2 {
			t.Errorf("plan %v with servers to create: exit %d, want 2\n%s", args, code, stderr)
		}
	}
	if code, stdout, stderr := runCLI(t, "fleet", "apply", "--level", "workbench", "--root", root, "--poll", "1ms"); code != 0 {
		t.Fatalf("apply: %s%s", stdout, stderr)
	}
	for _, args := range [][]string{{}, {"--detailed-exitcode"}} {
		code, _, stderr := runCLI(t, append([]string{"fleet", "plan", "--level", "workbench", "--root", root}, args...)...)
		if code != 0 {
			t.Errorf("plan %v after apply: exit %d, want 0\n%s", args, code, stderr)
		}
	}
	o.Seed("app1", "lightspeed", "", "", nil) // two servers named app1
	if code, _, stderr := runCLI(t, "fleet", "plan", "--level", "workbench", "--root", root); code != 1 || !strings.Contains(stderr, "apply refuses to run") {
		t.Errorf("plan with a conflict: exit %d, want 1\n%s", code, stderr)
	}
}

// TestOutNotIntoSources: build --out and errors build --out refuse a
// directory that is, contains or lies inside a source directory or the
// repository, symlinks included, and leave every file as it was.
func TestOutNotIntoSources(t *testing.T) {
	t.Setenv(privateDirEnv, "")
	root := fleetRoot(t)
	os.MkdirAll(filepath.Join(root, "cmd/edgectl"), 0o755)
	os.WriteFile(filepath.Join(root, "cmd/edgectl/main.go"), []byte("package main\n"), 0o644)
	os.MkdirAll(filepath.Join(root, "golden/www/production"), 0o755)
	os.WriteFile(filepath.Join(root, "golden/www/production/main.vcl"), []byte("pinned\n"), 0o644)
	elsewhere := t.TempDir()
	os.Symlink(filepath.Join(root, "vcl"), filepath.Join(elsewhere, "hooks"))
	before := snapshot(t, root)
	for _, tc := range []struct {
		out  string
		want string
	}{
		{"vcl", "it is the source directory vcl/"},
		{"services", "the source directory services/"},
		{"errors", "the source directory errors/"},
		{"fleet", "the source directory fleet/"},
		{"fleet/inventory", "lies inside the source directory fleet/"},
		{"vcl/www", "lies inside the source directory vcl/"},
		{"golden", "the source directory golden/"},
		{"cmd", "the source directory cmd/"},
		{".", "is the repository"},
		{"..", "contains the repository"},
		{filepath.Join(elsewhere, "hooks"), "the source directory vcl/"},
		{filepath.Join(elsewhere, "hooks", "www"), "lies inside the source directory vcl/"},
	} {
		out := tc.out
		if !filepath.IsAbs(out) {
			out = filepath.Join(root, out)
		}
		for _, args := range [][]string{{"build", "--out", out}, {"errors", "build", "--out", out}} {
			code, stdout, stderr := runCLI(t, append(args, "--root", root)...)
			if code != 1 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "build into") {
				t.Errorf("edgectl %s: exit %d, want %q:\n%s%s", strings.Join(args, " "), code, tc.want, stdout, stderr)
			}
		}
	}
	assertUnchanged(t, before, root)

	// build/ (the default) and directories outside the repository are fine.
	if code, _, stderr := runCLI(t, "build", "--root", root, "www"); code != 0 {
		t.Errorf("build into the default: %s", stderr)
	} else if _, err := os.Stat(filepath.Join(root, "build/www/production/main.vcl")); err != nil {
		t.Errorf("the default output is not <root>/build: %v", err)
	}
	if code, _, stderr := runCLI(t, "errors", "build", "--root", root, "--out", filepath.Join(elsewhere, "errors")); code != 0 {
		t.Errorf("errors build outside the repository: %s", stderr)
	}
}

// TestBuildClashes: names Fastly keeps unique per service — backends
// (where a role backend becomes one backend per VM, named after the VM),
// directors, dictionaries — clash at build time, not mid-publish, each at
// file:line:col with a hint; domains and service IDs shared between
// services are definition errors (definition.TestLoadClashes).
func TestBuildClashes(t *testing.T) {
	t.Setenv(privateDirEnv, "")
	root := fleetRoot(t)
	os.WriteFile(filepath.Join(root, "services/zeta.yaml"), []byte(`description: backend names that clash
service_ids: {production: ZZZZZZZZZZZZZZZZZZZZZ1, staging: ZZZZZZZZZZZZZZZZZZZZZ2, workbench: ZZZZZZZZZZZZZZZZZZZZZ3}
domains: [zeta]
tls: {force: true}
max_backends: 20
backends:
  - name: app
    role: app
    port: 80
  - name: app1
    address: origin.example.net
    port: 80
  - name: more
    role: app
    port: 8080
cookies: {strip: true}
`), 0o644)
	code, _, stderr := runCLI(t, "build", "--dry-run", "--root", root, "--level", "production", "zeta")
	for _, want := range []string{
		`services/zeta.yaml:10:11: error: Fastly object name "app1" of backend app1 is already used by VM app1 (role app of backend app)`,
		"hint: a role backend has one backend per VM, named after the VM: rename the other backend",
		`services/zeta.yaml:14:11: error: Fastly object name "app2" of VM app2 (role app of backend more) is already used by VM app2 (role app of backend app)`,
		"hint: two backends have the same role, so its VMs would be backends twice: keep one backend per role",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code != 1 {
		t.Errorf("exit %d", code)
	}

	// The one dictionary edgectl makes, declared again by hand-written VCL
	// (here the private include): falco's duplicate declaration, at build
	// time.
	private := t.TempDir()
	os.WriteFile(filepath.Join(private, "www.vcl"), []byte("table edgectl_settings STRING {\n  \"maintenance\": \"on\",\n}\n"+
		"sub private_recv {\n}\nsub private_miss {\n}\nsub private_pass {\n}\n"), 0o600)
	code, _, stderr = runCLI(t, "build", "--dry-run", "--root", root, "--level", "production", "www", "--private-dir", private)
	if code != 1 || !strings.Contains(stderr, "falco reports an error in the private include of www/production at line 1, column 7") {
		t.Errorf("a second edgectl_settings table: exit %d\n%s", code, stderr)
	}
}

// TestLevelFlags: a command that acts on one level refuses --level given
// twice (the last one used to win silently); --stage, easily read as the
// staging level, is --fastly-staging now and still accepted.
func TestLevelFlags(t *testing.T) {
	sb := syncEnv(t, "production")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"diff", "www", "--level", "staging", "--level", "production"}, 1, "--level is given twice (staging, production): this command acts on one level"},
		{[]string{"publish", "www", "-l", "production", "-l", "staging", "--yes"}, 1, "--level is given twice (production, staging)"},
		{[]string{"maintenance", "on", "talk", "--level", "staging", "--level", "production", "--yes"}, 1, "--level is given twice"},
		{[]string{"rollback", "www", "--level", "staging,production"}, 1, `invalid argument "staging,production" for "-l, --level" flag: one level, not a list`},
		{[]string{"fleet", "monit", "app1", "--level", "production", "--level", "staging"}, 1, "--level is given twice"},
		{[]string{"errors", "build", "--out", t.TempDir(), "--level", "production", "--level", "staging"}, 1, "--level is given twice"},
		{[]string{"fleet", "apply", "--level", "production", "--level", "staging"}, 1, "apply changes one level at a time: give --level once"},
		{[]string{"publish", "www", "--stage", "--dry-run"}, 0, "--stage is deprecated: use --fastly-staging (Fastly's staging network, not the staging level)"},
		{[]string{"publish", "www", "--fastly-staging", "--dry-run"}, 0, "dry run"},
	} {
		sb.ResetRequests()
		code, stdout, stderr := syncCLI(t, append(tc.args, "--root", repoRoot)...)
		if code != tc.code || !strings.Contains(stdout+stderr, tc.want) || syncWrites(sb) != 0 {
			t.Errorf("edgectl %s: exit %d (want %d), %d writes, want %q:\n%s%s", strings.Join(tc.args, " "), code, tc.code, syncWrites(sb), tc.want, stdout, stderr)
		}
	}
	for _, cmd := range []string{"build", "lint", "services", "fleet plan"} {
		_, stdout, _ := runCLI(t, append(strings.Fields(cmd), "--help")...)
		if !strings.Contains(stdout, "repeat --level for several levels") {
			t.Errorf("%s --help does not say that --level repeats:\n%s", cmd, stdout)
		}
	}
	_, stdout, _ := runCLI(t, "publish", "--help")
	if !strings.Contains(stdout, "--fastly-staging") || strings.Contains(stdout, "--stage ") {
		t.Errorf("publish --help:\n%s", stdout)
	}
}

// TestFindRoot: without --root, edgectl finds the repository by walking up
// from the working directory to levels.yaml, as git finds .git; outside
// any repository it says how to fix it.
func TestFindRoot(t *testing.T) {
	t.Setenv(privateDirEnv, "")
	root := fleetRoot(t)
	for _, tc := range []struct {
		dir  string
		args []string
		code int
		want string
	}{
		{"services", []string{"build", "--dry-run", "www", "--level", "staging"}, 0, "dry run: would write ../build/www/staging/main.vcl"},
		{"vcl", []string{"services", "--level", "production"}, 0, "www.webplatform.org"},
		{"fleet/inventory", []string{"fleet", "check", "--level", "staging"}, 0, "inventory fleet/inventory/staging.json matches"},
		{".", []string{"lint", "static", "--level", "staging"}, 0, "static/staging: falco: 0 errors"},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			t.Chdir(filepath.Join(root, tc.dir))
			code, stdout, stderr := runCLI(t, tc.args...)
			if code != tc.code || !strings.Contains(stdout, tc.want) {
				t.Errorf("edgectl %s in %s: exit %d, want %q:\n%s%s", strings.Join(tc.args, " "), tc.dir, code, tc.want, stdout, stderr)
			}
		})
	}
	t.Chdir(t.TempDir())
	code, _, stderr := runCLI(t, "build", "--dry-run")
	if code != 1 || !strings.Contains(stderr, "looks for levels.yaml in the working directory and every directory above") || !strings.Contains(stderr, "--root") {
		t.Errorf("outside a repository: exit %d\n%s", code, stderr)
	}
}

// TestCompletion: edgectl completion writes the shell scripts, and the
// scripts' callback (__complete) offers the repository's services, levels
// and VM names (whose parts are the roles).
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		code, stdout, stderr := runCLI(t, "completion", shell)
		if code != 0 || !strings.Contains(stdout, "edgectl") || len(stdout) < 1000 {
			t.Errorf("completion %s: exit %d\n%s", shell, code, stderr)
		}
	}
	for _, tc := range []struct {
		args    []string
		want    []string
		wantNot []string
	}{
		{[]string{"build", ""}, []string{"www", "docs", "static"}, nil},
		{[]string{"build", "www", ""}, []string{"docs"}, []string{"www\n"}},
		{[]string{"diff", "d"}, []string{"docs"}, []string{"www"}},
		{[]string{"publish", "www", ""}, nil, []string{"docs"}}, // one service only
		{[]string{"maintenance", "on", ""}, []string{"www", "talk"}, []string{"static"}},
		{[]string{"maintenance", "status", ""}, []string{"www"}, []string{"static"}},
		{[]string{"build", "--level", ""}, []string{"production", "staging", "workbench"}, nil},
		{[]string{"diff", "-l", "st"}, []string{"staging"}, []string{"production"}},
		{[]string{"fleet", "plan", "--level", ""}, []string{"workbench"}, nil},
		{[]string{"fleet", "monit", ""}, []string{"app1", "db1-masterdb", "salt"}, nil},
		{[]string{"fleet", "userdata", "--level", "workbench", ""}, []string{"memcache-alpha1"}, []string{"accounts"}},
		{[]string{"fleet", "roles", "memc"}, []string{"memcache-alpha1"}, []string{"app1"}},
	} {
		args := append([]string{"__complete", "--root", repoRoot}, tc.args...)
		code, stdout, stderr := runCLI(t, args...)
		for _, w := range tc.want {
			if !strings.Contains(stdout, w+"\n") && !strings.Contains(stdout, w+"\t") {
				t.Errorf("edgectl %s offers no %q:\n%s%s", strings.Join(args, " "), w, stdout, stderr)
			}
		}
		for _, w := range tc.wantNot {
			if strings.Contains(stdout, w) {
				t.Errorf("edgectl %s offers %q:\n%s", strings.Join(args, " "), w, stdout)
			}
		}
		if code != 0 || !strings.Contains(stdout, ":4\n") { // ShellCompDirectiveNoFileComp
			t.Errorf("edgectl %s: exit %d, output %q", strings.Join(args, " "), code, stdout)
		}
	}
}

// TestImportDryRun: import --dry-run lists what it would write and writes
// nothing, neither the definition nor the private include.
func TestImportDryRun(t *testing.T) {
	syncEnv(t, "production")
	if code, stdout, stderr := syncCLI(t, "publish", "www", "--yes", "--root", repoRoot); code != 0 { // with its private include
		t.Fatalf("publish: %s%s", stdout, stderr)
	}
	root, privDir := syncRoot(t), t.TempDir()
	// www's service ID belongs to services/www.yaml: import it into a
	// repository without it, as the service of every level.
	if err := os.Remove(filepath.Join(root, "services/www.yaml")); err != nil {
		t.Fatal(err)
	}
	productionEverywhere(t, root)
	before := snapshot(t, root)
	code, stdout, stderr := syncCLI(t, "import", "--service-id", "RoJyf1fPv92sIaPevOOtxj", "--name", "www2", "--root", root,
		"--level-id", "staging=RoJyf1fPv92sIaPevOOtxj", "--level-id", "workbench=RoJyf1fPv92sIaPevOOtxj", "--private-dir", privDir, "--dry-run")
	for _, want := range []string{"dry run: would write services/www2.yaml", "dry run: would write the private include to " + filepath.Join(privDir, "www2.vcl"), "nothing was written"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if code != 0 {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	assertUnchanged(t, before, root)
	if entries, _ := os.ReadDir(privDir); len(entries) != 0 {
		t.Errorf("the dry run wrote into the private directory: %v", entries)
	}
}

// TestTokenFileNotAFile: --token-file naming a FIFO, a directory or a huge
// file is a clear error at once, never a hang or a huge read.
func TestTokenFileNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, want string }{
		{fifo, "not a regular file"},
		{dir, "not a regular file"},
		{big, "larger than"},
	} {
		done := make(chan struct{})
		var code int
		var stderr string
		go func() {
			defer close(done)
			code, _, stderr = runCLI(t, "diff", "www", "--token-file", tc.file, "--api-url", "http://127.0.0.1:1", "--root", repoRoot)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("--token-file %s: still reading after 10s", tc.file)
		}
		if code != 1 || !strings.Contains(stderr, "token file") || !strings.Contains(stderr, tc.want) {
			t.Errorf("--token-file %s: exit %d, want 1 and %q:\n%s", tc.file, code, tc.want, stderr)
		}
	}
}
