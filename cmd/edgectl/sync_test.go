package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/siteseed"
	"github.com/webplatform/edgectl/session"
)

// Secrets every sync command runs with; no output may contain them.
const (
	syncToken         = "TOKEN-0e9c7a51f3b2-never-print"
	syncPrivateSecret = "PRIVATE-AWS-KEY-5d1f:PRIVATE-SIGNATURE-a0c3"
)

// syncPrivateInclude is www's private include as an operator keeps it.
var syncPrivateInclude = fmt.Sprintf(`sub private_recv {
  if (req.url.path ~ "^/(w|t)/") {
    set req.http.Authorization = "AWS %s";
  }
}

sub private_miss {
}

sub private_pass {
}
`, syncPrivateSecret)

// syncEnv starts a sandbox seeded with every service of the level as the
// web UI would have left it, and points the sync commands at it with the
// recognisable token and private include.
func syncEnv(t testing.TB, level string) *fastlyfake.Server {
	t.Helper()
	return syncEnvToken(t, level, syncToken)
}

// syncEnvToken is syncEnv with another API token.
func syncEnvToken(t testing.TB, level, token string) *fastlyfake.Server {
	t.Helper()
	site, diags := definition.Load(repoRoot)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	seeds, err := siteseed.SiteSeeds(site, level)
	if err != nil {
		t.Fatal(err)
	}
	sb, url := fastlyfake.NewTest(t, fastlyfake.Options{Token: token}, seeds...)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "www.vcl"), []byte(syncPrivateInclude), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(session.TokenEnv, token)
	t.Setenv(session.TokenEnvAlt, "")
	t.Setenv(session.APIURLEnv, url)
	t.Setenv(privateDirEnv, dir)
	t.Setenv("NO_COLOR", "")
	// go-fastly would print every request, VCL included.
	t.Setenv("FASTLY_DEBUG_MODE", "true")
	return sb
}

// syncCLI runs edgectl and fails the test if any output holds a secret.
func syncCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, args...)
	// The header name alone is no secret (the compiled VCL unsets it on
	// maintenance requests); the private include's line that sets it is.
	for _, secret := range []string{syncToken, syncPrivateSecret, "PRIVATE-AWS-KEY", "PRIVATE-SIGNATURE", `Authorization = "AWS`} {
		if strings.Contains(stdout, secret) || strings.Contains(stderr, secret) {
			t.Errorf("edgectl %s printed the secret %q:\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), secret, stdout, stderr)
		}
	}
	return code, stdout, stderr
}

// syncServiceNames lists the real services.
func syncServiceNames(t testing.TB) []string {
	site, diags := definition.Load(repoRoot)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var names []string
	for _, s := range site.Services {
		names = append(names, s.Name)
	}
	return names
}

// syncWrites counts the non-read requests a sandbox received since its
// last reset: all of them but the GETs (the counts hold what the bounded
// request log may have dropped).
func syncWrites(sb *fastlyfake.Server) int {
	return sb.Count("", "") - sb.Count(http.MethodGet, "")
}

// TestSyncEndToEnd, for every real service: diff shows changes (exit 2),
// publish --yes activates, diff is then clean (exit 0), rollback restores
// version 1, and diff shows the changes again.
func TestSyncEndToEnd(t *testing.T) {
	sb := syncEnv(t, "production")
	root := []string{"--root", repoRoot}
	for _, name := range syncServiceNames(t) {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := syncCLI(t, append([]string{"diff", name}, root...)...)
			if code != 2 || !strings.Contains(stdout, name+" (production), Fastly service ") || !strings.Contains(stdout, "active version 1 → local") {
				t.Fatalf("diff before publishing: exit %d\n%s%s", code, stdout, stderr)
			}
			code, stdout, stderr = syncCLI(t, append([]string{"publish", name, "--yes"}, root...)...)
			if code != 0 || !strings.Contains(stdout, "activated version 2 of "+name+" (production)") {
				t.Fatalf("publish: exit %d\n%s%s", code, stdout, stderr)
			}
			code, stdout, stderr = syncCLI(t, append([]string{"diff", name}, root...)...)
			if code != 0 || !strings.Contains(stdout, "active version 2 → local: no changes") {
				t.Fatalf("diff after publishing: exit %d\n%s%s", code, stdout, stderr)
			}
			sb.ResetRequests()
			code, stdout, stderr = syncCLI(t, append([]string{"publish", name, "--yes"}, root...)...)
			if code != 0 || !strings.Contains(stdout, "is up to date on Fastly; nothing was written") || syncWrites(sb) != 0 {
				t.Fatalf("publish without changes: exit %d, %d writes\n%s%s", code, syncWrites(sb), stdout, stderr)
			}
			code, stdout, stderr = syncCLI(t, append([]string{"rollback", name, "--yes"}, root...)...)
			if code != 0 || !strings.Contains(stdout, "version 1 is active (was 2)") || !strings.Contains(stdout, "active version 2 → version 1") {
				t.Fatalf("rollback: exit %d\n%s%s", code, stdout, stderr)
			}
			code, stdout, stderr = syncCLI(t, append([]string{"diff", name}, root...)...)
			if code != 2 || !strings.Contains(stdout, "active version 1 → local") {
				t.Fatalf("diff after the rollback: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
	// Publish everything again, then the whole site is clean, read with
	// one request per service, one per logging kind it owns (syslog: the
	// details hold no logging endpoint) and one per ACL (its entries: not
	// part of a version, so not in the details either).
	for _, name := range syncServiceNames(t) {
		if code, stdout, stderr := syncCLI(t, "publish", name, "--yes", "--root", repoRoot); code != 0 {
			t.Fatalf("publish %s: exit %d\n%s%s", name, code, stdout, stderr)
		}
	}
	sb.ResetRequests()
	code, stdout, stderr := syncCLI(t, "diff", "--root", repoRoot)
	if code != 0 || strings.Count(stdout, "→ local: no changes") != len(syncServiceNames(t)) {
		t.Fatalf("whole-site diff: exit %d\n%s%s", code, stdout, stderr)
	}
	services := len(syncServiceNames(t))
	if n, d, l, e := len(sb.Requests()), sb.Count("GET", fastlyfake.RouteDetails), sb.Count("GET", fastlyfake.RouteVersion+"/"+fastlyfake.KindSyslog), sb.Count("GET", fastlyfake.RouteACLEntries); n != 3*services || d != services || l != services || e != services {
		t.Errorf("whole-site diff made %d requests (%d details, %d syslog lists, %d ACL entry lists) for %d services: %v", n, d, l, e, services, fastlyfake.CountLines(sb.Counts()))
	}

}

// TestDiffOutput: JSON for tools, plain text off a terminal, stable bytes,
// the private include hidden, drift listed.
func TestDiffOutput(t *testing.T) {
	syncEnv(t, "production")
	code, stdout, stderr := syncCLI(t, "diff", "--root", repoRoot, "--output", "json")
	if code != 2 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc struct {
		Changes  int `json:"changes"`
		Services []struct {
			Service string `json:"service"`
			Level   string `json:"level"`
			Changes []struct {
				Kind   string `json:"kind"`
				Name   string `json:"name"`
				Action string `json:"action"`
				Drift  bool   `json:"drift"`
			} `json:"changes"`
			VCLs []struct {
				Name    string `json:"name"`
				Private bool   `json:"private"`
				Diff    string `json:"diff"`
			} `json:"vcls"`
		} `json:"services"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range doc.Services {
		names = append(names, s.Service)
		if s.Level != "production" || len(s.Changes) == 0 {
			t.Errorf("%s: level %s, %d changes", s.Service, s.Level, len(s.Changes))
		}
	}
	if !slices.IsSorted(names) || len(names) != len(syncServiceNames(t)) || doc.Changes == 0 {
		t.Errorf("services %v, %d changes", names, doc.Changes)
	}

	code, text, _ := syncCLI(t, "diff", "www", "--root", repoRoot)
	_, again, _ := syncCLI(t, "diff", "www", "--root", repoRoot)
	if code != 2 || text != again {
		t.Error("two diffs of the same state differ")
	}
	if strings.Contains(text, "\x1b[") {
		t.Error("colour off a terminal")
	}
	for _, want := range []string{
		"+ vcl private: new (content hidden)",
		"- backend app: on Fastly but not in the source; will be removed",
		"+++ main.vcl (local)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("diff of www lacks %q", want)
		}
	}
}

func TestPublishGuards(t *testing.T) {
	sb := syncEnv(t, "production")
	code, _, stderr := syncCLI(t, "publish", "docs", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "pass --yes") || syncWrites(sb) != 0 {
		t.Errorf("publish off a terminal without --yes: exit %d, %d writes\n%s", code, syncWrites(sb), stderr)
	}
	code, stdout, stderr := syncCLI(t, "publish", "docs", "--dry-run", "--root", repoRoot)
	if code != 0 || !strings.Contains(stdout, "writes on a draft of version 1 (plus the clone, the comment and the activation), then validate; nothing was written:") || !strings.Contains(stdout, "  upload vcl main") || syncWrites(sb) != 0 {
		t.Errorf("dry run: exit %d, %d writes\n%s%s", code, syncWrites(sb), stdout, stderr)
	}
	code, _, stderr = syncCLI(t, "publish", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "accepts 1 arg") {
		t.Errorf("publish without a service: exit %d\n%s", code, stderr)
	}
	// www's private include is not on Fastly; without it, nothing is written.
	t.Setenv(privateDirEnv, "")
	code, _, stderr = syncCLI(t, "publish", "www", "--yes", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "pass --private-dir or set EDGECTL_PRIVATE_DIR") || syncWrites(sb) != 0 {
		t.Errorf("publish without the private include: exit %d, %d writes\n%s", code, syncWrites(sb), stderr)
	}
}

// TestPublishStopsAndConverges: a publish failing halfway (the 6th write
// answers 503) names its draft and activates nothing; the next one
// continues from that draft.
func TestPublishStopsAndConverges(t *testing.T) {
	sb := syncEnv(t, "production")
	sb.SetFaults(fastlyfake.Faults{Fail: []fastlyfake.Fault{{Method: "POST", Nth: 3, Status: 503}}})
	code, stdout, stderr := syncCLI(t, "publish", "blog", "--yes", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "nothing was activated; draft version 2 holds the changes made so far") || !regexp.MustCompile(`stopped at "create \w+ [\w.]+": Fastly answered 503`).MatchString(stderr) {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	sb.SetFaults(fastlyfake.Faults{})
	code, stdout, stderr = syncCLI(t, "publish", "blog", "--yes", "--root", repoRoot)
	if code != 0 || !strings.Contains(stderr, "reusing draft version 2") || !strings.Contains(stdout, "activated version 2 of blog") {
		t.Fatalf("second publish: exit %d\n%s%s", code, stdout, stderr)
	}
	// The version comment (set by the first publish, kept by the second)
	// names the source and the git commit.
	head, err := exec.Command("git", "-C", repoRoot, "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		t.Skip("no git here:", err)
	}
	// The sandbox keeps no request bodies: read the comment back.
	site, _ := definition.Load(repoRoot)
	_, v := sandboxRequest(t, "GET", os.Getenv(session.APIURLEnv)+"/service/"+site.Service("blog").ServiceIDs["production"]+"/version/2", syncToken)
	comment, _ := v["comment"].(string)
	if !strings.HasPrefix(comment, "edgectl/1: services/blog.yaml for production; git "+strings.TrimSpace(string(head))) {
		t.Errorf("version comment %q", comment)
	}
}

func TestMaintenanceCommand(t *testing.T) {
	sb := syncEnv(t, "production")
	code, _, stderr := syncCLI(t, "maintenance", "on", "talk", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "no dictionary edgectl_settings; publish the service first") {
		t.Errorf("before publishing: exit %d\n%s", code, stderr)
	}
	if code, stdout, stderr := syncCLI(t, "publish", "talk", "--yes", "--root", repoRoot); code != 0 {
		t.Fatalf("publish: %s%s", stdout, stderr)
	}
	for _, step := range []struct {
		state, want string
		writes      int
	}{
		{"on", "maintenance of talk (production): off → on", 1},
		{"on", "maintenance of talk (production) is already on; nothing was written", 0},
		{"off", "maintenance of talk (production): on → off", 1},
	} {
		sb.ResetRequests()
		code, stdout, stderr := syncCLI(t, "maintenance", step.state, "talk", "--yes", "--root", repoRoot)
		if code != 0 || !strings.Contains(stdout, step.want) || syncWrites(sb) != step.writes || sb.Count("PUT", fastlyfake.RouteClone) != 0 {
			t.Errorf("maintenance %s: exit %d, %d writes\n%s%s", step.state, code, syncWrites(sb), stdout, stderr)
		}
	}
	code, _, stderr = syncCLI(t, "maintenance", "on", "static", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "static has no maintenance switch") {
		t.Errorf("service without the switch: exit %d\n%s", code, stderr)
	}
	code, _, stderr = syncCLI(t, "maintenance", "maybe", "talk", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, `unknown command "maybe" for "edgectl maintenance"`) {
		t.Errorf("bad state: exit %d\n%s", code, stderr)
	}
}

// syncRoot copies what the compiler reads into a temporary root, for
// commands that write definitions.
func syncRoot(t *testing.T) string {
	return copyRoot(t, "services", "vcl", "errors", "fleet/inventory")
}

// productionEverywhere gives every level of root production's inventory,
// for an import that reads production's service as every level's: its role
// backends are production's VMs, which import matches with each level's
// inventory.
func productionEverywhere(t *testing.T, root string) {
	t.Helper()
	inv, err := os.ReadFile(filepath.Join(root, "fleet/inventory/production.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"staging", "workbench"} {
		if err := os.WriteFile(filepath.Join(root, "fleet/inventory", l+".json"), inv, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// seedLegacy seeds a service set up in the web UI at every level (import
// reads each level's service) and returns its production ID; the others are
// L3gacyStag1ng and L3gacyW0rkbench.
func seedLegacy(t *testing.T, sb *fastlyfake.Server) string {
	t.Helper()
	const id = "L3gacyS3rv1ceFromWebUI"
	webUI := &fastlyfake.SeedConfig{
		Domain:  "legacy.webplatform.org",
		Backend: fastlyfake.SeedBackend{Name: "origin", Address: "198.51.100.7"},
	}
	if _, err := sb.Seed(fastlyfake.ServiceSeed{ID: id, Name: "legacy wiki", Config: webUI},
		fastlyfake.ServiceSeed{ID: "L3gacyStag1ng", Config: webUI}, fastlyfake.ServiceSeed{ID: "L3gacyW0rkbench", Config: webUI}); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestImportThenDiff imports a service made in the web UI; the diff right
// after must show no changes.
func TestImportThenDiff(t *testing.T) {
	id := seedLegacy(t, syncEnv(t, "production"))
	root := syncRoot(t)
	code, _, stderr := syncCLI(t, "import", "--service-id", id, "--name", "legacy", "--root", root)
	if code != 1 || !strings.Contains(stderr, "add --level-id staging=ID for each of: staging, workbench") {
		t.Errorf("import without the other levels' IDs: exit %d\n%s", code, stderr)
	}
	args := []string{"import", "--service-id", id, "--name", "legacy", "--root", root, "--level-id", "staging=L3gacyStag1ng", "--level-id", "workbench=L3gacyW0rkbench"}
	code, stdout, stderr := syncCLI(t, args...)
	if code != 0 || !strings.Contains(stdout, "wrote services/legacy.yaml\nwrote vcl/legacy/main.vcl\n") || stderr != "" {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
	}
	main, _ := os.ReadFile(filepath.Join(root, "vcl/legacy/main.vcl"))
	if string(main) != fastlyfake.Boilerplate {
		t.Error("vcl/legacy/main.vcl is not the service's VCL")
	}
	if code, _, stderr := syncCLI(t, args...); code != 1 || !strings.Contains(stderr, "services/legacy.yaml exists; pass --force") {
		t.Errorf("second import: exit %d\n%s", code, stderr)
	}

	code, stdout, stderr = syncCLI(t, "diff", "legacy", "--root", root)
	if code != 0 || !strings.Contains(stdout, "no changes") {
		t.Fatalf("diff after import: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestImportPublishedThenDiff: talk, published by edgectl at every level
// (role backends in directors, a shared health check, the settings
// dictionary), imported into a repository without services, prints no
// warning, and diff exits 0 at every level.
func TestImportPublishedThenDiff(t *testing.T) {
	syncEnv(t, "all")
	ids := map[string]string{"production": "MlDExXk3HS6KZF1RttviLH", "staging": "nadRCDSacZ5A31HoZsJY7F", "workbench": "hKwcTZvyZ8OX5FCijp8kh3"}
	for level := range ids {
		if code, stdout, stderr := syncCLI(t, "publish", "talk", "--yes", "--level", level, "--root", repoRoot); code != 0 {
			t.Fatalf("publish at %s: exit %d\n%s%s", level, code, stdout, stderr)
		}
	}
	root := copyRoot(t, "errors", "fleet/inventory")
	code, stdout, stderr := syncCLI(t, "import", "--service-id", ids["production"], "--name", "talk", "--root", root,
		"--level-id", "staging="+ids["staging"], "--level-id", "workbench="+ids["workbench"])
	if code != 0 || stderr != "" {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
	}
	for level := range ids {
		if code, stdout, stderr := syncCLI(t, "diff", "talk", "--level", level, "--root", root); code != 0 || !strings.Contains(stdout, "no changes") {
			t.Errorf("diff at %s after import: exit %d\n%s%s", level, code, stdout, stderr)
		}
	}
}

// TestSyncSecrets runs the commands on the paths where secrets could leak:
// errors with the token, the private include read back from Fastly by
// diff, rollback and import.
func TestSyncSecrets(t *testing.T) {
	sb := syncEnv(t, "production")
	for _, args := range [][]string{
		{"publish", "www", "--yes"},
		{"diff", "www"},
		{"diff", "www", "--output", "json"},
		{"publish", "www", "--dry-run"},
		{"maintenance", "on", "www", "--yes"},
		{"rollback", "www", "--yes"},
		{"diff", "www"},
		{"rollback", "www", "--to", "2", "--yes"},
	} {
		code, stdout, stderr := syncCLI(t, append(args, "--root", repoRoot)...)
		if code == 1 {
			t.Errorf("edgectl %s: exit 1\n%s%s", strings.Join(args, " "), stdout, stderr)
		}
	}
	// The private include changes: diff says so without showing it.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "www.vcl"), []byte(strings.Replace(syncPrivateInclude, "^/(w|t)/", "^/w/", 1)), 0o600)
	code, stdout, _ := syncCLI(t, "diff", "www", "--root", repoRoot, "--private-dir", dir)
	if code != 2 || !strings.Contains(stdout, "~ vcl private: changed (content hidden)") {
		t.Errorf("changed private include: exit %d\n%s", code, stdout)
	}
	// Import writes the private include only to the private directory.
	// The www service's ID belongs to services/www.yaml: import it into a
	// repository without it, as the service of every level.
	root, privDir := syncRoot(t), t.TempDir()
	if err := os.Remove(filepath.Join(root, "services/www.yaml")); err != nil {
		t.Fatal(err)
	}
	productionEverywhere(t, root)
	code, stdout, stderr := syncCLI(t, "import", "--service-id", "RoJyf1fPv92sIaPevOOtxj", "--name", "www2", "--root", root,
		"--level-id", "staging=RoJyf1fPv92sIaPevOOtxj", "--level-id", "workbench=RoJyf1fPv92sIaPevOOtxj", "--private-dir", privDir)
	if code != 0 || !strings.Contains(stdout, "wrote the private include to") {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(privDir, "www2.vcl")); string(b) != syncPrivateInclude {
		t.Error("the private include was not saved in the private directory")
	}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if b, _ := os.ReadFile(p); !d.IsDir() && strings.Contains(string(b), syncPrivateSecret) {
			t.Errorf("%s holds the private include", p)
		}
		return nil
	})
	// Errors: a token Fastly refuses, an unreachable API, a bad token file.
	t.Setenv(session.TokenEnv, syncToken+"-revoked")
	code, _, stderr = syncCLI(t, "diff", "docs", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "Fastly answered 401") || !strings.Contains(stderr, "check the API token") {
		t.Errorf("refused token: exit %d\n%s", code, stderr)
	}
	t.Setenv(session.TokenEnv, syncToken)
	code, _, stderr = syncCLI(t, "rollback", "docs", "--yes", "--root", repoRoot, "--api-url", "http://127.0.0.1:1")
	if code != 1 || !strings.Contains(stderr, "cannot reach the Fastly API") {
		t.Errorf("unreachable API: exit %d\n%s", code, stderr)
	}
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte(syncToken+"\nsecond line\n"), 0o600)
	code, _, stderr = syncCLI(t, "maintenance", "off", "www", "--root", repoRoot, "--token-file", tokenFile)
	if code != 1 || !strings.Contains(stderr, "line break") {
		t.Errorf("token file of two lines: exit %d\n%s", code, stderr)
	}
	if n := len(sb.Requests()); n == 0 {
		t.Error("no request reached the sandbox")
	}
}

func TestSyncCredentials(t *testing.T) {
	syncEnv(t, "production")
	t.Setenv(session.TokenEnv, "")
	code, _, stderr := syncCLI(t, "diff", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "no Fastly API token: set FASTLY_API_TOKEN or pass --token-file FILE") {
		t.Errorf("no token: exit %d\n%s", code, stderr)
	}
	t.Setenv(session.TokenEnvAlt, syncToken)
	if code, stdout, stderr := syncCLI(t, "diff", "docs", "--root", repoRoot); code != 2 {
		t.Errorf("FASTLY_API_KEY: exit %d\n%s%s", code, stdout, stderr)
	}
	t.Setenv(session.TokenEnvAlt, "")
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte(syncToken+"\n"), 0o600)
	if code, stdout, stderr := syncCLI(t, "diff", "docs", "--root", repoRoot, "--token-file", tokenFile); code != 2 {
		t.Errorf("--token-file: exit %d\n%s%s", code, stdout, stderr)
	}
	code, _, stderr = syncCLI(t, "diff", "docs", "--root", repoRoot, "--token-file", filepath.Join(t.TempDir(), "missing"))
	if code != 1 || !strings.Contains(stderr, "cannot read the token file") {
		t.Errorf("missing token file: exit %d\n%s", code, stderr)
	}
	code, _, stderr = syncCLI(t, "diff", "docs", "--root", repoRoot, "--level", "qa", "--token-file", tokenFile)
	if code != 1 || !strings.Contains(stderr, `unknown level "qa"`) {
		t.Errorf("unknown level: exit %d\n%s", code, stderr)
	}
}

func TestSyncHelp(t *testing.T) {
	for _, cmd := range []string{"diff", "publish", "rollback", "import", "maintenance"} {
		code, stdout, _ := runCLI(t, cmd, "--help")
		if code != 0 || !strings.Contains(stdout, "Examples:") || !strings.Contains(stdout, "edgectl "+cmd) || !strings.Contains(stdout, "Exit status: 0") {
			t.Errorf("%s --help lacks examples or exit codes:\n%s", cmd, stdout)
		}
	}
	_, stdout, _ := runCLI(t, "--help")
	for _, cmd := range []string{"diff", "publish", "rollback", "import", "maintenance"} {
		if !regexp.MustCompile(`(?m)^  ` + cmd + ` +\S`).MatchString(stdout) {
			t.Errorf("edgectl --help does not list %s with its summary", cmd)
		}
	}
}

// BenchmarkDiffCommand is edgectl diff of every real service (production)
// with 50 ms of latency per API request: compiling and linting (which runs
// while Fastly is read) and reading. Compare BenchmarkDiffSite in package
// sync for the reading alone.
// Run: go test ./cmd/edgectl -run XXX -bench DiffCommand -benchtime 5x
func BenchmarkDiffCommand(b *testing.B) {
	sb := syncEnv(b, "production")
	sb.SetFaults(fastlyfake.Faults{Latency: 50 * time.Millisecond})
	sb.ResetRequests()
	for i := 0; i < b.N; i++ {
		if code := run([]string{"diff", "--root", repoRoot}, io.Discard, io.Discard); code != 2 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(len(sb.Requests()))/float64(b.N), "requests/op")
}

// TestSyncLevels: each level is its own Fastly service.
func TestSyncLevels(t *testing.T) {
	sb := syncEnv(t, siteseed.AllLevels)
	code, stdout, stderr := syncCLI(t, "publish", "www", "--level", "staging", "--yes", "--root", repoRoot)
	if code != 0 || !strings.Contains(stdout, "www (staging), Fastly service bCOMNI734vFBffWj3CTce3: active version 1 → local") {
		t.Fatalf("publish staging: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, _ := syncCLI(t, "diff", "www", "--level", "staging", "--root", repoRoot); code != 0 {
		t.Errorf("diff staging after publishing it: exit %d\n%s", code, stdout)
	}
	if code, stdout, _ := syncCLI(t, "diff", "www", "--root", repoRoot); code != 2 || !strings.Contains(stdout, "RoJyf1fPv92sIaPevOOtxj: active version 1") {
		t.Errorf("production is untouched: exit %d\n%s", code, stdout)
	}
	if n := sb.Count("PUT", fastlyfake.RouteActivate); n != 1 {
		t.Errorf("%d activations", n)
	}
}

// TestImportEveryRealService: every real service as the sandbox seeds it
// (set up in the web UI: one backend, Fastly's boilerplate VCL, one
// domain) is imported into a repository without its definition (a service
// ID belongs to one definition), and diff right after shows no changes.
func TestImportEveryRealService(t *testing.T) {
	syncEnv(t, siteseed.AllLevels)
	site, diags := definition.Load(repoRoot)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	for _, name := range syncServiceNames(t) {
		ids := site.Service(name).ServiceIDs
		imported := "imported-" + name
		root2 := syncRoot(t)
		if err := os.RemoveAll(filepath.Join(root2, "services")); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := syncCLI(t, "import", "--service-id", ids["production"], "--name", imported, "--root", root2,
			"--level-id", "staging="+ids["staging"], "--level-id", "workbench="+ids["workbench"])
		if code != 0 {
			t.Errorf("import %s: exit %d\n%s%s", name, code, stdout, stderr)
			continue
		}
		for _, level := range []string{"production", "staging", "workbench"} {
			code, stdout, stderr = syncCLI(t, "diff", imported, "--level", level, "--root", root2)
			if code != 0 || !strings.Contains(stdout, "no changes") {
				t.Errorf("diff at %s right after importing %s: exit %d\n%s%s", level, name, code, stdout, stderr)
			}
		}
	}
}

// TestPublishStage: --stage puts the new version on Fastly's staging
// environment; production keeps serving the active version.
func TestPublishStage(t *testing.T) {
	sb := syncEnv(t, "production")
	code, stdout, stderr := syncCLI(t, "publish", "docs", "--yes", "--stage", "--root", repoRoot)
	if code != 0 {
		t.Fatalf("publish --stage: exit %d\n%s%s", code, stdout, stderr)
	}
	if sb.Count("PUT", fastlyfake.RouteActivateEnv) != 1 || sb.Count("PUT", fastlyfake.RouteActivate) != 0 {
		t.Errorf("activation requests: %v", fastlyfake.CountLines(sb.Counts()))
	}
	code, stdout, stderr = syncCLI(t, "diff", "docs", "--root", repoRoot)
	if code != 2 || !strings.Contains(stdout, "active version 1 → local") {
		t.Errorf("production changed by a staged publish: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestRollbackToDraft: a draft that a failed publish left was never
// active. rollback --to it is refused, activating nothing; with --force it
// is validated by Fastly first.
func TestRollbackToDraft(t *testing.T) {
	sb := syncEnv(t, "production")
	sb.SetFaults(fastlyfake.Faults{Fail: []fastlyfake.Fault{{Method: "POST", Nth: 3, Status: 503}}})
	if code, stdout, stderr := syncCLI(t, "publish", "blog", "--yes", "--root", repoRoot); code != 1 || !strings.Contains(stderr, "draft version 2") {
		t.Fatalf("publish: exit %d\n%s%s", code, stdout, stderr)
	}
	sb.SetFaults(fastlyfake.Faults{})
	sb.ResetRequests()
	code, stdout, stderr := syncCLI(t, "rollback", "blog", "--to", "2", "--yes", "--root", repoRoot)
	if code != 1 || !strings.Contains(stderr, "version 2 of service") || !strings.Contains(stderr, "was never active") || !strings.Contains(stderr, "nothing was activated") || !strings.Contains(stderr, "--force") {
		t.Errorf("rollback to a draft: exit %d\n%s%s", code, stdout, stderr)
	}
	if n := syncWrites(sb); n != 0 {
		t.Errorf("a refused rollback made %d writes", n)
	}
	code, stdout, stderr = syncCLI(t, "rollback", "blog", "--to", "2", "--force", "--yes", "--root", repoRoot)
	if code != 0 || !strings.Contains(stdout, "version 2 is active (was 1)") {
		t.Errorf("rollback --force to a draft: exit %d\n%s%s", code, stdout, stderr)
	}
	if sb.Count("GET", fastlyfake.RouteValidate) != 1 || sb.Count("PUT", fastlyfake.RouteActivate) != 1 {
		t.Errorf("requests: %v, want one validation and one activation", fastlyfake.CountLines(sb.Counts()))
	}
}

// TestPublishActivationUnknown: the activation's answer is lost (applied,
// then a 500) and every read after it fails: publish must not claim that
// nothing was activated, but say that the state is unknown and how to check.
func TestPublishActivationUnknown(t *testing.T) {
	sb := syncEnv(t, "production")
	// The command reads details three times before activating (the diff's
	// prefetch, the publish's start, the draft's read-back); the four
	// attempts of the fourth read fail.
	faults := []fastlyfake.Fault{{Method: "PUT", Route: fastlyfake.RouteActivate, Status: 500, AfterApply: true}}
	for n := 4; n <= 7; n++ {
		faults = append(faults, fastlyfake.Fault{Method: "GET", Route: fastlyfake.RouteDetails, Nth: n, Status: 503})
	}
	sb.SetFaults(fastlyfake.Faults{Fail: faults})
	code, stdout, stderr := syncCLI(t, "publish", "blog", "--yes", "--root", repoRoot)
	if code != 1 || strings.Contains(stderr, "nothing was activated") || !strings.Contains(stderr, "whether version 2 is active is unknown") || !strings.Contains(stderr, "run edgectl diff") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	sb.SetFaults(fastlyfake.Faults{})
	// The activation did happen: diff shows it.
	if code, stdout, stderr := syncCLI(t, "diff", "blog", "--root", repoRoot); code != 0 {
		t.Errorf("diff after the lost activation: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestSyncOneLetterToken runs every sync command with the token "e": the
// token is never put into output, so nothing is replaced in it ("edgectl"
// stays whole, JSON stays valid).
func TestSyncOneLetterToken(t *testing.T) {
	syncEnvToken(t, "production", "e")
	root := syncRoot(t)
	// Import www's service as another definition: not beside services/www.yaml.
	importRoot := syncRoot(t)
	if err := os.Remove(filepath.Join(importRoot, "services/www.yaml")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		code int
		// want is a part of stdout or stderr that holds the letter e.
		want string
		json bool
	}{
		{[]string{"diff", "www"}, 2, "--- main.vcl (active version 1)", false},
		{[]string{"diff", "www", "--output", "json"}, 2, "", true},
		{[]string{"publish", "www", "--dry-run"}, 0, "dry run: publishing would make these", false},
		{[]string{"publish", "www", "--yes"}, 0, "activated version 2 of www (production)", false},
		{[]string{"maintenance", "on", "www", "--yes"}, 0, "maintenance of www (production): off → on", false},
		{[]string{"maintenance", "on", "talk", "--yes"}, 1, "edgectl: ", false},
		{[]string{"rollback", "www", "--yes"}, 0, "rolled www (production) back: version 1 is active (was 2)", false},
		{[]string{"rollback", "www", "--to", "9", "--yes"}, 1, "edgectl: service ", false},
		{[]string{"import", "--service-id", "RoJyf1fPv92sIaPevOOtxj", "--name", "www3", "--level-id", "staging=RoJyf1fPv92sIaPevOOtxj", "--level-id", "workbench=RoJyf1fPv92sIaPevOOtxj", "--private-dir", t.TempDir()}, 0, "wrote services/www3.yaml", false},
	} {
		r := root
		if tt.args[0] == "import" {
			r = importRoot
		}
		code, stdout, stderr := runCLI(t, append(tt.args, "--root", r)...)
		out := stdout + stderr
		if code != tt.code || !strings.Contains(out, tt.want) || strings.Contains(out, "[hidden]") || strings.Contains(out, "hidden]") {
			t.Errorf("edgectl %s: exit %d (want %d), want %q and nothing hidden:\n%s%s", strings.Join(tt.args, " "), code, tt.code, tt.want, stdout, stderr)
		}
		if tt.json && !json.Valid([]byte(stdout)) {
			t.Errorf("edgectl %s: stdout is not JSON:\n%s", strings.Join(tt.args, " "), stdout)
		}
	}
}

// TestSyncPrivateInValidationWarnings: Fastly's (here falco's) warnings
// about the private include quote its names; publish shows them by
// location only.
func TestSyncPrivateInValidationWarnings(t *testing.T) {
	syncEnv(t, "production")
	dir := t.TempDir()
	private := `sub private_recv {
  declare local var.secret_bucket_zq STRING;
  set req.http.X-Amz = "AKIA-SECRET-ZQ";
}
sub private_miss {
}
sub private_pass {
}
sub private_sign_helper_zq {
  set req.http.X-Sig = "SIG-ZQ";
}
acl private_office_zq { "192.0.2.1"; }
`
	if err := os.WriteFile(filepath.Join(dir, "www.vcl"), []byte(private), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(privateDirEnv, dir)
	code, stdout, stderr := syncCLI(t, "publish", "www", "--yes", "--root", repoRoot)
	if code != 0 || !strings.Contains(stderr, "Fastly: warning: private:9:1:") || !strings.Contains(stderr, "private:12:1:") {
		t.Fatalf("exit %d, want the warnings by location:\n%s", code, stderr)
	}
	for _, secret := range []string{"secret_bucket_zq", "private_sign_helper_zq", "private_office_zq", "helper_zq", "AKIA-SECRET-ZQ", "SIG-ZQ", "192.0.2.1"} {
		if strings.Contains(stdout+stderr, secret) {
			t.Errorf("output holds %q from the private include:\n%s%s", secret, stdout, stderr)
		}
	}
}

// TestImportPerLevel: a service set up by hand at three levels, each level
// with its own domain, origin address, port and default TTL, is imported
// with the values of each level, so that diff right after is clean at
// every level.
func TestImportPerLevel(t *testing.T) {
	sb := syncEnv(t, "production")
	seeds := []fastlyfake.ServiceSeed{
		{ID: "L3gacyProduct10n", Name: "legacy", Config: &fastlyfake.SeedConfig{
			Domain: "legacy.webplatform.org", Backend: fastlyfake.SeedBackend{Name: "origin", Address: "203.0.113.10"}}},
		{ID: "L3gacyStag1ng", Name: "legacy staging", Config: &fastlyfake.SeedConfig{
			Domain: "legacy.webplatformstaging.org", Backend: fastlyfake.SeedBackend{Name: "origin", Address: "198.51.100.20"}, DefaultTTL: 600}},
		{ID: "L3gacyW0rkbench", Name: "legacy workbench", Config: &fastlyfake.SeedConfig{
			Domain: "legacy-test.example.net", Backend: fastlyfake.SeedBackend{Name: "origin", Address: "192.0.2.30", Port: 8080}, DefaultTTL: 60}},
	}
	if _, err := sb.Seed(seeds...); err != nil {
		t.Fatal(err)
	}
	root := syncRoot(t)
	code, stdout, stderr := syncCLI(t, "import", "--service-id", "L3gacyProduct10n", "--name", "legacy", "--root", root,
		"--level-id", "staging=L3gacyStag1ng", "--level-id", "workbench=L3gacyW0rkbench")
	if code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, level := range []string{"production", "staging", "workbench"} {
		code, stdout, stderr := syncCLI(t, "diff", "legacy", "--level", level, "--root", root)
		if code != 0 || !strings.Contains(stdout, "no changes") {
			yml, _ := os.ReadFile(filepath.Join(root, "services/legacy.yaml"))
			t.Errorf("diff at %s right after import: exit %d\n%s%s\nservices/legacy.yaml:\n%s", level, code, stdout, stderr, yml)
		}
	}
}

// TestImportRefusesAUsedServiceID: a service ID another definition holds is
// refused before anything is written.
func TestImportRefusesAUsedServiceID(t *testing.T) {
	syncEnv(t, "production")
	root := syncRoot(t)
	before := treeDigest(t, root)
	code, _, stderr := syncCLI(t, "import", "--service-id", "RoJyf1fPv92sIaPevOOtxj", "--name", "www2", "--root", root,
		"--level-id", "staging=Fr3shStag1ng", "--level-id", "workbench=Fr3shW0rkbench")
	if code != 1 || !strings.Contains(stderr, `service ID "RoJyf1fPv92sIaPevOOtxj" (production) is already used by services/www.yaml`) {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if treeDigest(t, root) != before {
		t.Error("the refused import wrote files")
	}
}

// treeDigest lists every file of root with its content's length and hash.
func treeDigest(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		fmt.Fprintf(&b, "%s %d %x\n", path, len(data), sha256.Sum256(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestImportDoesNotWriteThroughSymlinks: import writes services/NAME.yaml
// and vcl/NAME/ inside the repository only; a symbolic link in their place
// (even with --force) is refused, and what it points to stays untouched.
func TestImportDoesNotWriteThroughSymlinks(t *testing.T) {
	id := seedLegacy(t, syncEnv(t, "production"))
	outside := filepath.Join(t.TempDir(), "precious")
	os.WriteFile(outside, []byte("precious\n"), 0o644)
	for _, rel := range []string{"services/legacy.yaml", "vcl/legacy"} {
		t.Run(rel, func(t *testing.T) {
			root := syncRoot(t)
			target := outside
			if rel == "vcl/legacy" {
				target = filepath.Dir(outside)
			}
			os.MkdirAll(filepath.Dir(filepath.Join(root, rel)), 0o755)
			if err := os.Symlink(target, filepath.Join(root, rel)); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := syncCLI(t, "import", "--service-id", id, "--name", "legacy", "--root", root, "--force",
				"--level-id", "staging=L3gacyStag1ng", "--level-id", "workbench=L3gacyW0rkbench")
			if code != 1 || !strings.Contains(stderr, rel) || !strings.Contains(stderr, "outside the repository") && !strings.Contains(stderr, "symbolic link") {
				t.Errorf("import through a symbolic link: exit %d\n%s", code, stderr)
			}
			if got, _ := os.ReadFile(outside); string(got) != "precious\n" {
				t.Errorf("import wrote through the link: %q", got)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(outside), "main.vcl")); err == nil {
				t.Error("import wrote main.vcl outside the repository")
			}
		})
	}
}

// TestMaintenanceStatusUnknownLevelOnce: an unknown level is one mistake,
// reported once, not once per service with a switch.
func TestMaintenanceStatusUnknownLevelOnce(t *testing.T) {
	syncEnv(t, "production")
	code, stdout, stderr := syncCLI(t, "maintenance", "status", "--level", "stagign", "--root", repoRoot)
	const want = `edgectl: unknown level "stagign"; did you mean "staging"? levels: production, staging, workbench` + "\n"
	if code != 1 || stdout != "" || stderr != want {
		t.Errorf("exit %d\nstdout: %q\nstderr: %q\nwant stderr %q", code, stdout, stderr, want)
	}
}

// TestMaintenanceStatusBrokenDefinitionsOnce: definitions that do not load
// are reported once, however many services are named, and nothing is
// printed on stdout.
func TestMaintenanceStatusBrokenDefinitionsOnce(t *testing.T) {
	syncEnv(t, "production")
	code, stdout, stderr := syncCLI(t, "maintenance", "status", "www", "talk", "blog", "--root", "../../testdata/broken", "--output", "json")
	if code != 1 || stdout != "" || strings.Count(stderr, `services/bad.yaml:8:1: error: unknown field "colour"`) != 1 {
		t.Errorf("exit %d\nstdout: %q\nstderr:\n%s", code, stdout, stderr)
	}
}
