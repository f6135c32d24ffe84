package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/session"
)

// TestDiffNotManaged: a snippet added in the web UI to a published
// service, a kind its definition does not declare, is listed as not
// managed by diff, in text and JSON, and is no change: exit 0.
func TestDiffNotManaged(t *testing.T) {
	syncEnv(t, "production")
	if code, stdout, stderr := syncCLI(t, "publish", "docs", "--yes", "--root", repoRoot); code != 0 {
		t.Fatalf("publish: exit %d\n%s%s", code, stdout, stderr)
	}
	site, diags := definition.Load(repoRoot)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	sid := site.Service("docs").ServiceIDs["production"]
	fc, err := fastly.NewClientForEndpoint(syncToken, os.Getenv(session.APIURLEnv))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := fc.GetServiceDetails(&fastly.GetServiceInput{ServiceID: sid})
	if err != nil {
		t.Fatal(err)
	}
	v, err := fc.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: *svc.ActiveVersion.Number})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fc.CreateSnippet(&fastly.CreateSnippetInput{ServiceID: sid, ServiceVersion: *v.Number, Name: fastly.ToPointer("ngwaf_recv"),
		Type: fastly.ToPointer(fastly.SnippetTypeRecv), Content: fastly.ToPointer("# waf\n")}); err != nil {
		t.Fatal(err)
	}
	if _, err := fc.ActivateVersion(&fastly.ActivateVersionInput{ServiceID: sid, ServiceVersion: *v.Number}); err != nil {
		t.Fatal(err)
	}

	code, text, stderr := syncCLI(t, "diff", "docs", "--root", repoRoot)
	if code != 0 || !strings.Contains(text, "= snippet ngwaf_recv: not managed, left alone (to have publish remove it, add snippets to ownership.adopt)") {
		t.Errorf("diff: exit %d, want 0 and the snippet listed as not managed\n%s%s", code, text, stderr)
	}
	code, js, _ := syncCLI(t, "diff", "docs", "--root", repoRoot, "--output", "json")
	var doc struct {
		Changes  int `json:"changes"`
		Services []struct {
			NotManaged []struct{ Kind, Name string } `json:"not_managed"`
		} `json:"services"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	if code != 0 || doc.Changes != 0 || len(doc.Services) != 1 || len(doc.Services[0].NotManaged) != 1 || doc.Services[0].NotManaged[0].Name != "ngwaf_recv" {
		t.Errorf("diff --output json: exit %d\n%s", code, js)
	}
}
