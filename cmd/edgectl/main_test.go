package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// TestBrokenBuildWritesNothing: a broken definition fails with
// file:line:col messages, and the previous output stays as it was.
func TestBrokenBuildWritesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "build")
	if code, _, stderr := runCLI(t, "build", "--root", repoRoot, "--out", out, "--level", "staging", "talk"); code != 0 {
		t.Fatalf("first build failed: %s", stderr)
	}
	before, _ := os.ReadFile(filepath.Join(out, "talk/staging/main.vcl"))

	code, stdout, stderr := runCLI(t, "build", "--root", "../../testdata/broken", "--out", out)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	for _, want := range []string{
		`services/bad.yaml:8:1: error: unknown field "colour"`,
		"services/bad.yaml:15:11: error: port 80800 is out of range",
		`services/bad.yaml:26:14: error: route backend "nowhere" is not defined`,
		"hint: ",
		"47 errors",
		"nothing was written",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if stdout != "" {
		t.Errorf("stdout of a failed build: %q", stdout)
	}
	after, _ := os.ReadFile(filepath.Join(out, "talk/staging/main.vcl"))
	if len(before) == 0 || !bytes.Equal(before, after) {
		t.Error("the failed build changed the previous output")
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != "talk" {
		t.Errorf("output directory now holds %v", entries)
	}
}

func TestServicesJSON(t *testing.T) {
	code, stdout, stderr := runCLI(t, "services", "--root", repoRoot, "--output", "json", "--level", "production")
	if code != 0 {
		t.Fatal(stderr)
	}
	var rows []struct {
		Service   string   `json:"service"`
		Level     string   `json:"level"`
		ServiceID string   `json:"service_id"`
		Domains   []string `json:"domains"`
	}
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 8 {
		t.Fatalf("%d rows, want 8 services", len(rows))
	}
	byName := map[string][]string{}
	for _, r := range rows {
		if r.Level != "production" || r.ServiceID == "" {
			t.Errorf("row %+v", r)
		}
		byName[r.Service] = r.Domains
	}
	if got := strings.Join(byName["www"], " "); got != "www.webplatform.org webplatform.org" {
		t.Errorf("www domains = %s", got)
	}
	if got := strings.Join(byName["code"], " "); got != "code.webplatform.org preview.webplatform.org result.webplatform.org" {
		t.Errorf("code domains = %s", got)
	}
}

func TestLintCommand(t *testing.T) {
	code, stdout, stderr := runCLI(t, "lint", "--root", repoRoot, "docs", "--level", "staging", "-v")
	if code != 0 {
		t.Fatalf("lint exited %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "docs/staging: falco: 0 errors") {
		t.Errorf("stdout:\n%s", stdout)
	}
	hookerr := t.TempDir()
	os.CopyFS(hookerr, os.DirFS("../../testdata/hookerr"))
	os.CopyFS(filepath.Join(hookerr, "errors"), os.DirFS("../../errors"))
	code, _, stderr = runCLI(t, "lint", "--root", hookerr, "--level", "production")
	if code != 1 || !strings.Contains(stderr, "vcl/www/deliver.vcl:3:5: error: compiled VCL does not pass falco") {
		t.Errorf("lint of a broken hook: exit %d\n%s", code, stderr)
	}
}

func TestUnknownServiceAndLevel(t *testing.T) {
	code, _, stderr := runCLI(t, "build", "--root", repoRoot, "--out", t.TempDir()+"/b", "--level", "prod", "wwww")
	if code != 1 || !strings.Contains(stderr, `unknown level "prod"`) || !strings.Contains(stderr, `unknown service "wwww"`) ||
		!strings.Contains(stderr, `did you mean "production"?`) || !strings.Contains(stderr, `did you mean "www"?`) {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}

func TestHelpHasExamples(t *testing.T) {
	for _, cmd := range []string{"build", "lint", "services", "version", "errors", "errors list", "errors build"} {
		code, stdout, _ := runCLI(t, append(strings.Fields(cmd), "--help")...)
		if code != 0 || !strings.Contains(stdout, "Examples:") || !strings.Contains(stdout, "edgectl "+cmd) {
			t.Errorf("%s --help lacks examples:\n%s", cmd, stdout)
		}
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "edgectl ") || !strings.Contains(stdout, "falco v1.13.0") {
		t.Errorf("version printed %q", stdout)
	}
}

func TestErrorsListJSON(t *testing.T) {
	code, stdout, stderr := runCLI(t, "errors", "list", "--root", repoRoot, "--output", "json")
	if code != 0 {
		t.Fatal(stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatal(err)
	}
	causes, kinds := 0, map[string]bool{}
	for _, r := range rows {
		for _, f := range []string{"cause", "match", "status", "title", "file"} {
			if _, ok := r[f]; !ok {
				t.Errorf("row %v lacks %s", r, f)
			}
		}
		if len(r) != 5 {
			t.Errorf("row %v has fields beyond cause, match, status, title, file", r)
		}
		if r["match"] != "" {
			causes++
		}
		kinds[r["cause"].(string)] = true
	}
	if causes < 15 || !kinds["generic"] || !kinds["maintenance"] {
		t.Errorf("%d cause pages, generic %v, maintenance %v", causes, kinds["generic"], kinds["maintenance"])
	}
}

func TestErrorsBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "errors")
	code, stdout, stderr := runCLI(t, "errors", "build", "--root", repoRoot, "--out", out, "--level", "staging")
	if code != 0 {
		t.Fatal(stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "backend-read-error.html"))
	if err != nil || !strings.Contains(string(page), "https://status.webplatformstaging.org/") {
		t.Errorf("staging page does not link the staging status page: %v", err)
	}
	apache, _ := os.ReadFile(filepath.Join(out, "apache-errors.conf"))
	if !strings.Contains(string(apache), "ErrorDocument 404 /errors/not-found.html") {
		t.Errorf("apache snippet:\n%s", apache)
	}
	if !strings.Contains(stdout, out+"/nginx-errors.conf") {
		t.Errorf("stdout does not list the files:\n%s", stdout)
	}
	notOurs := t.TempDir()
	os.WriteFile(filepath.Join(notOurs, "go.mod"), []byte("module x\n"), 0o644)
	os.Mkdir(filepath.Join(notOurs, "cmd"), 0o755)
	if code, _, stderr := runCLI(t, "errors", "build", "--root", repoRoot, "--out", notOurs); code == 0 || !strings.Contains(stderr, "refusing to replace it") {
		t.Errorf("errors build over a source tree: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(notOurs, "go.mod")); err != nil {
		t.Error("the refused directory changed")
	}
}

// TestUnknownLevelOneWording: every command that names one or more levels
// says the same about a misspelt one (definition.UnknownLevel).
func TestUnknownLevelOneWording(t *testing.T) {
	const want = `edgectl: unknown level "prod"; did you mean "production"? levels: production, staging, workbench`
	out := filepath.Join(t.TempDir(), "errors")
	for _, args := range [][]string{
		{"errors", "build", "--out", out, "--level", "prod"},
		{"fleet", "list", "--level", "prod"},
		{"fleet", "monit", "app1", "--level", "prod"},
	} {
		code, _, stderr := runCLI(t, append(args, "--root", repoRoot)...)
		if first, _, _ := strings.Cut(stderr, "\n"); code != 1 || first != want {
			t.Errorf("%v: exit %d, first line of stderr\n%s\nwant\n%s", args, code, first, want)
		}
	}
}
