package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/internal/openstackfake"
	"github.com/webplatform/edgectl/pipeline"
	"github.com/webplatform/edgectl/session"
)

// decodeStrict decodes one JSON document into v, refusing fields the
// documented struct lacks, so that the shape cannot drift from the README.
func decodeStrict(t *testing.T, stdout string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("stdout is not the documented JSON (%v):\n%s", err, stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON document:\n%s", stdout)
	}
}

// TestOutputJSONLocal: every command that reports without a remote API
// prints, with --output json, one document of its documented shape.
func TestOutputJSONLocal(t *testing.T) {
	out := filepath.Join(t.TempDir(), "build")
	tests := []struct {
		name  string
		args  []string
		code  int
		doc   func() any
		check func(t *testing.T, doc any)
	}{
		{"build", []string{"build", "www", "--level", "staging", "--out", out}, 0, func() any { return &pipeline.BuildReport{} }, func(t *testing.T, d any) {
			b := d.(*pipeline.BuildReport)
			if !b.OK || b.Out != out || len(b.Units) != 1 || b.Units[0] != (pipeline.UnitReport{Service: "www", Level: "staging", Dir: "www/staging"}) {
				t.Errorf("%+v", b)
			}
		}},
		{"build fails", []string{"build", "--level", "prod", "--out", out}, 1, func() any { return &pipeline.BuildReport{} }, func(t *testing.T, d any) {
			b := d.(*pipeline.BuildReport)
			if b.OK || len(b.Units) != 0 || len(b.Diagnostics) != 1 || b.Diagnostics[0].Severity != "error" || !strings.Contains(b.Diagnostics[0].Hint, `did you mean "production"?`) {
				t.Errorf("%+v", b)
			}
		}},
		{"lint", []string{"lint", "docs", "--level", "production"}, 0, func() any { return &pipeline.LintReport{} }, func(t *testing.T, d any) {
			l := d.(*pipeline.LintReport)
			if !l.OK || len(l.Units) != 1 || l.Units[0].Service != "docs" || l.Units[0].Level != "production" || l.Units[0].Findings == nil {
				t.Errorf("%+v", l)
			}
		}},
		{"services", []string{"services", "--level", "staging"}, 0, func() any { return &[]pipeline.ServiceRow{} }, func(t *testing.T, d any) {
			rows := *d.(*[]pipeline.ServiceRow)
			if len(rows) != 8 || rows[0].Service != "blog" || rows[0].Level != "staging" || len(rows[0].Domains) == 0 {
				t.Errorf("%+v", rows)
			}
		}},
		{"errors list", []string{"errors", "list"}, 0, func() any { return &[]errorpage.Listed{} }, func(t *testing.T, d any) {
			rows := *d.(*[]errorpage.Listed)
			if len(rows) < 20 || rows[0].Cause == "" || rows[0].Status == 0 {
				t.Errorf("%+v", rows)
			}
		}},
		{"version", []string{"version"}, 0, func() any { return &pipeline.Version{} }, func(t *testing.T, d any) {
			v := d.(*pipeline.Version)
			if v.Edgectl == "" || !strings.HasPrefix(v.Format, "edgectl/") || v.Falco == "" {
				t.Errorf("%+v", v)
			}
		}},
		{"fleet list", []string{"fleet", "list", "--level", "production"}, 0, func() any { return &[]fleet.ListedVM{} }, func(t *testing.T, d any) {
			vms := *d.(*[]fleet.ListedVM)
			if len(vms) == 0 || vms[0].Level != "production" || vms[0].Name == "" || vms[0].Roles == nil {
				t.Errorf("%+v", vms)
			}
		}},
		{"fleet check", []string{"fleet", "check"}, 0, func() any { return &fleet.CheckReport{} }, func(t *testing.T, d any) {
			c := d.(*fleet.CheckReport)
			if !c.OK || len(c.Levels) != 3 || c.Levels[0].Level != "production" || c.Levels[0].VMs == 0 || c.Levels[0].Inventory != "fleet/inventory/production.json" {
				t.Errorf("%+v", c)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(tt.args, "--root", repoRoot, "--output", "json")
			code, stdout, stderr := runCLI(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.code, stdout, stderr)
			}
			doc := tt.doc()
			decodeStrict(t, stdout, doc)
			tt.check(t, doc)
		})
	}
}

// syncJSON runs a command that talks to Fastly with --output json, fails
// the test unless it exits with code, and decodes its stdout strictly into
// doc.
func syncJSON(t *testing.T, doc any, code int, args ...string) {
	t.Helper()
	got, stdout, stderr := syncCLI(t, append(args, "--root", repoRoot, "--output", "json")...)
	if got != code {
		t.Fatalf("edgectl %s: exit %d, want %d\n%s%s", strings.Join(args, " "), got, code, stdout, stderr)
	}
	decodeStrict(t, stdout, doc)
}

// TestOutputJSONSync: the commands that talk to Fastly print, with --output
// json, one document of their documented shape and nothing else on stdout.
func TestOutputJSONSync(t *testing.T) {
	syncEnv(t, "production")

	var diff diffJSON
	syncJSON(t, &diff, 2, "diff", "docs", "www")
	if len(diff.Services) != 2 || diff.Services[0].Service != "docs" || diff.Services[1].Service != "www" || diff.Changes == 0 ||
		diff.Services[0].Summary.Add+diff.Services[0].Summary.Change+diff.Services[0].Summary.Destroy != len(diff.Services[0].Changes)+len(diff.Services[0].VCLs) {
		t.Errorf("diff %+v", diff)
	}

	var dry session.PublishReport
	syncJSON(t, &dry, 0, "publish", "docs", "--dry-run")
	if !dry.DryRun || dry.Published || dry.Service != "docs" || dry.Level != "production" || len(dry.Operations) == 0 || dry.Plan == nil || dry.Summary.Add == 0 {
		t.Errorf("dry run %+v", dry)
	}

	var pub session.PublishReport
	syncJSON(t, &pub, 0, "publish", "docs", "--yes")
	if !pub.Published || pub.Version != 2 || len(pub.Operations) != len(dry.Operations) {
		t.Errorf("publish %+v", pub)
	}

	var rb session.RollbackReport
	syncJSON(t, &rb, 0, "rollback", "docs", "--yes")
	if rb.From != 2 || rb.To != 1 || rb.Service != "docs" || rb.Plan == nil || rb.Summary.Destroy == 0 {
		t.Errorf("rollback %+v", rb)
	}

	syncCLI(t, "publish", "www", "--yes", "--root", repoRoot)
	for _, want := range []session.MaintenanceReport{
		{Service: "www", Level: "production", ServiceID: "RoJyf1fPv92sIaPevOOtxj", Old: "off", State: "on", Changed: true},
		{Service: "www", Level: "production", ServiceID: "RoJyf1fPv92sIaPevOOtxj", Old: "on", State: "on", Changed: false},
	} {
		var m session.MaintenanceReport
		syncJSON(t, &m, 0, "maintenance", "on", "www", "--yes")
		if m != want {
			t.Errorf("maintenance %+v, want %+v", m, want)
		}
	}
}

// TestOutputJSONFleetPlan: fleet plan --output json against the local
// OpenStack API.
func TestOutputJSONFleetPlan(t *testing.T) {
	root := fleetRoot(t)
	o := sandboxEnv(t, openstackfake.Options{BuildPolls: -1})
	o.Seed("bots", "subsonic", "", "", nil)
	code, stdout, stderr := runCLI(t, "fleet", "plan", "--level", "workbench", "--root", root, "--output", "json")
	if code != 1 { // the repository's inventory lists VMs the empty project lacks
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	var p fleet.PlanReport
	decodeStrict(t, stdout, &p)
	if p.OK || len(p.Levels) != 1 || p.Levels[0].Level != "workbench" || p.Levels[0].Converged || p.Levels[0].Servers != 1 || len(p.Diagnostics) == 0 {
		t.Fatalf("%+v", p)
	}
	actions := map[string]int{}
	for _, c := range p.Levels[0].Changes {
		actions[c.Action]++
	}
	if actions["create"] != 8 || actions["delete"] != 1 {
		t.Errorf("actions %v", actions)
	}
}

// TestOutputFlagRefusesOtherFormats: a format other than text or json is
// an error, exit 1, on every command that takes --output.
func TestOutputFlagRefusesOtherFormats(t *testing.T) {
	syncEnv(t, "production")
	for _, args := range [][]string{{"build"}, {"lint"}, {"version"}, {"fleet", "list"}, {"fleet", "check"},
		{"diff"}, {"publish", "www"}, {"rollback", "www"}, {"maintenance", "status"}, {"maintenance", "on", "www"}} {
		var o, e bytes.Buffer
		code := run(append(args, "--root", repoRoot, "--output", "yaml"), &o, &e)
		// One wording for one mistake, whichever command made it.
		if code != 1 || !strings.Contains(e.String(), `unknown --output "yaml": write text or json`) {
			t.Errorf("%v: exit %d\n%s", args, code, e.String())
		}
	}
}

// TestColorFlag: --color always paints even off a terminal and with
// NO_COLOR set (an explicit flag wins over the environment), never and
// auto (off a terminal) do not.
func TestColorFlag(t *testing.T) {
	syncEnv(t, "production")
	for _, tt := range []struct {
		color, noColor string
		painted        bool
	}{
		{"always", "", true},
		{"always", "1", true},
		{"never", "", false},
		{"auto", "", false},
	} {
		t.Setenv("NO_COLOR", tt.noColor)
		code, stdout, stderr := syncCLI(t, "diff", "docs", "--root", repoRoot, "--color", tt.color)
		if code != 2 || strings.Contains(stdout, "\x1b[") != tt.painted {
			t.Errorf("--color %s, NO_COLOR=%q: exit %d, painted %v, want %v\n%s", tt.color, tt.noColor, code, strings.Contains(stdout, "\x1b["), tt.painted, stderr)
		}
	}
	code, _, stderr := syncCLI(t, "diff", "docs", "--root", repoRoot, "--color", "sometimes")
	if code != 1 || !strings.Contains(stderr, `unknown --color "sometimes": write auto, always or never`) {
		t.Errorf("bad --color: exit %d\n%s", code, stderr)
	}
}

// TestQuietFlag: --quiet prints errors only: nothing on stdout, no
// warnings, the same exit status.
func TestQuietFlag(t *testing.T) {
	out := filepath.Join(t.TempDir(), "build")
	// www has a private include: without --private-dir the build warns.
	t.Setenv("EDGECTL_PRIVATE_DIR", "")
	code, stdout, stderr := runCLI(t, "build", "www", "--level", "production", "--out", out, "--root", repoRoot)
	if code != 0 || stdout == "" || !strings.Contains(stderr, "warning:") {
		t.Fatalf("without --quiet: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "build", "www", "--level", "production", "--out", out, "--root", repoRoot, "--quiet")
	if code != 0 || stdout != "" || stderr != "" {
		t.Errorf("--quiet: exit %d\nstdout: %q\nstderr: %q", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "build", "--level", "prod", "--out", out, "--root", repoRoot, "-q")
	if code != 1 || stdout != "" || !strings.Contains(stderr, `error: unknown level "prod"`) {
		t.Errorf("--quiet with an error: exit %d\nstdout: %q\nstderr: %q", code, stdout, stderr)
	}
}

// TestDidYouMean: a misspelt service or level on the command line is
// answered with the name meant.
func TestDidYouMean(t *testing.T) {
	syncEnv(t, "production")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"rollback", "wwww", "--yes"}, `unknown service "wwww"; did you mean "www"?`},
		{[]string{"maintenance", "on", "www", "--level", "stagin"}, `unknown level "stagin"; did you mean "staging"?`},
		{[]string{"fleet", "list", "--level", "prod"}, `unknown level "prod"; did you mean "production"?`},
		{[]string{"lint", "--level", "wrokbench"}, `did you mean "workbench"?`},
	} {
		code, _, stderr := runCLI(t, append(tt.args, "--root", repoRoot)...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, want %q in\n%s", tt.args, code, tt.want, stderr)
		}
	}
}

// diffJSON is diff --output json, as fastlyplan.JSON writes it (the
// shape the README documents, decoded strictly): the number of
// changes, and each service's plan with its summary.
type diffJSON struct {
	Changes  int               `json:"changes"`
	Services []diffServiceJSON `json:"services"`
}

type diffServiceJSON struct {
	fastlyplan.Plan
	Summary fastlyplan.Tally `json:"summary"`
}

// TestOutputJSONDryRun: a dry run with --output json prints one JSON
// document too, saying it was a dry run, and writes nothing.
func TestOutputJSONDryRun(t *testing.T) {
	sb := syncEnv(t, "production")
	syncCLI(t, "publish", "talk", "--yes", "--root", repoRoot)
	sb.ResetRequests()
	var rb session.RollbackReport
	syncJSON(t, &rb, 0, "rollback", "talk", "--dry-run")
	if !rb.DryRun || rb.From != 2 || rb.To != 1 || rb.Plan == nil {
		t.Errorf("rollback dry run %+v", rb)
	}
	var m session.MaintenanceReport
	syncJSON(t, &m, 0, "maintenance", "on", "talk", "--dry-run")
	want := session.MaintenanceReport{Service: "talk", Level: "production", ServiceID: "MlDExXk3HS6KZF1RttviLH", Old: "off", State: "on", DryRun: true}
	if m != want {
		t.Errorf("maintenance dry run %+v, want %+v", m, want)
	}
	if n := syncWrites(sb); n != 0 {
		t.Errorf("the dry runs made %d writes", n)
	}
}
