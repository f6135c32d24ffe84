// Package ci holds the CI recipe of the repository (edgectl-ci.sh,
// docs/ci.md) and its end-to-end test.
package ci

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/siteseed"
	"github.com/webplatform/edgectl/internal/testtool"
)

const (
	repoRoot = ".."
	token    = "CI-TOKEN-7d3e-never-print"
)

// activations records, in order, the services whose versions the sandbox
// was asked to activate.
type activations struct {
	mu  sync.Mutex
	ids []string
	// latest is the version last activated, by service ID.
	latest map[string]string
}

func (a *activations) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if parts := strings.Split(r.URL.Path, "/"); r.Method == http.MethodPut && len(parts) == 6 && parts[5] == "activate" {
			a.mu.Lock()
			a.ids = append(a.ids, parts[2])
			a.latest[parts[2]] = parts[4]
			a.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	})
}

// edge plays Fastly's edge for service id: under Fastly-Debug it names
// the version last activated, as the compiled vcl_deliver does (req.vcl).
func (a *activations) edge(id string, asked *atomic.Int32) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Fastly-Debug") != "" {
			asked.Add(1)
			a.mu.Lock()
			w.Header().Set("Edgectl-VCL", id+"."+a.latest[id]+"_0-0123abcd")
			a.mu.Unlock()
		}
	})
}

func (a *activations) list() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.ids...)
}

// TestRecipeEndToEnd runs ci/edgectl-ci.sh with dash (POSIX sh) and a
// freshly built edgectl against the sandbox: the pull request's plan, a
// merge whose staging publish fails (production untouched), the merge
// again (staging entirely before production), and the plan after it.
func TestRecipeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds edgectl and runs the whole recipe")
	}
	sh, err := exec.LookPath("dash")
	if err != nil {
		sh = "/bin/sh"
	}
	bin := filepath.Join(t.TempDir(), "edgectl")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/webplatform/edgectl/cmd/edgectl").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site, diags := definition.Load(repoRoot)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	ids := map[string]string{} // service ID → level
	var seeds []fastlyfake.ServiceSeed
	for _, level := range []string{"staging", "production"} {
		s, err := siteseed.SiteSeeds(site, level)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, s...)
		for _, svc := range site.Services {
			ids[svc.ServiceIDs[level]] = level
		}
	}
	sb, err := fastlyfake.New(fastlyfake.Options{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sb.Seed(seeds...); err != nil {
		t.Fatal(err)
	}
	acts := &activations{latest: map[string]string{}}
	api := httptest.NewServer(acts.wrap(sb))
	defer api.Close()
	docsStaging := site.Service("docs").ServiceIDs["staging"]
	var edgeAsked atomic.Int32
	edge := httptest.NewServer(acts.edge(docsStaging, &edgeAsked))
	defer edge.Close()

	private := t.TempDir()
	if err := os.WriteFile(filepath.Join(private, "www.vcl"), []byte("sub private_recv {\n}\n\nsub private_miss {\n}\n\nsub private_pass {\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "artefact")
	recipe := func(args ...string) (int, string) {
		cmd := exec.Command(sh, append([]string{"edgectl-ci.sh"}, args...)...)
		cmd.Env = append(os.Environ(), "EDGECTL="+bin, "EDGECTL_ROOT="+repoRoot, "FASTLY_API_URL="+api.URL,
			"FASTLY_API_TOKEN="+token, "FASTLY_API_KEY=", "EDGECTL_PRIVATE_DIR="+private, "NO_COLOR=1",
			"EDGECTL_VERIFY=workbench:docs=http://127.0.0.1:1/ production:doc=http://127.0.0.1:1/ staging:docs="+edge.URL+"/wiki/Main_Page")
		b, err := cmd.CombinedOutput()
		if strings.Contains(string(b), token) {
			t.Errorf("the recipe printed the token:\n%s", b)
		}
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, string(b)
	}

	// The pull request: every service differs from what the web UI left.
	code, log := recipe("plan", out)
	if code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, log)
	}
	plan := testtool.ReadFile(t, filepath.Join(out, "plan.md"))
	for _, want := range []string{"# edgectl plan", "## docs (staging): ", "## docs (production): ", "## www (production): ", "| + | backend app", "<details><summary>VCL main</summary>"} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan.md lacks %q:\n%s", want, plan)
		}
	}
	for _, f := range []string{"diff-staging.json", "diff-production.json"} {
		testtool.ReadFile(t, filepath.Join(out, f))
	}
	// This edgectl has the test command: its JUnit report is in the artefact.
	if !strings.Contains(log, "+ edgectl test --junit") || !strings.Contains(testtool.ReadFile(t, filepath.Join(out, "test-report.xml")), "<testsuite") {
		t.Errorf("edgectl test did not run or wrote no JUnit report:\n%s", log)
	}

	// A merge whose first staging activation fails: nothing reaches production.
	sb.SetFaults(fastlyfake.Faults{Fail: []fastlyfake.Fault{{Method: "PUT", Route: fastlyfake.RouteActivate, Nth: 1, Status: 503}}})
	if code, log = recipe("publish"); code == 0 {
		t.Fatalf("publish with a failing activation: exit 0\n%s", log)
	}
	sb.SetFaults(fastlyfake.Faults{})
	for _, id := range acts.list() {
		if ids[id] != "staging" {
			t.Fatalf("a failed staging publish went on to %s (%s)", id, ids[id])
		}
	}

	// The merge again: staging entirely, then production.
	before := len(acts.list())
	if code, log = recipe("publish"); code != 0 {
		t.Fatalf("publish: exit %d\n%s", code, log)
	}
	if edgeAsked.Load() == 0 || !strings.Contains(log, "verified: the edge serves version") {
		t.Errorf("publish did not verify docs (staging) through EDGECTL_VERIFY:\n%s", log)
	}
	order := acts.list()[before:]
	if len(order) != len(site.Services)*2 {
		t.Fatalf("%d activations, want %d (every service at both levels): %v", len(order), len(site.Services)*2, order)
	}
	for i, id := range order {
		want := "staging"
		if i >= len(site.Services) {
			want = "production"
		}
		if ids[id] != want {
			t.Errorf("activation %d is of %s (%s), want a %s service", i+1, id, ids[id], want)
		}
	}

	// After the merge, the plan has nothing to do.
	if code, log = recipe("plan", out); code != 0 {
		t.Fatalf("plan after publish: exit %d\n%s", code, log)
	}
	if plan := testtool.ReadFile(t, filepath.Join(out, "plan.md")); !strings.Contains(plan, "**No changes") {
		t.Errorf("plan.md after publish:\n%s", plan)
	}
}
