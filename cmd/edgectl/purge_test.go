package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/internal/fastlyfake"
)

// TestPurgeCommand purges through the sandbox as an operator would, and
// checks what the sandbox saw and what was printed; no output holds the
// token (syncCLI).
func TestPurgeCommand(t *testing.T) {
	sb := syncEnv(t, "staging")
	root := []string{"--root", repoRoot, "--level", "staging"}
	docsStaging := "RzxgQroW8hY3qGfjLMxC81" // services/docs.yaml

	code, stdout, stderr := syncCLI(t, append([]string{"purge", "docs", "--url", "https://docs.webplatformstaging.org/wiki/CSS", "--soft"}, root...)...)
	if code != 0 || !strings.Contains(stdout, "soft purge of https://docs.webplatformstaging.org/wiki/CSS (docs, staging)") {
		t.Fatalf("purge --url: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = syncCLI(t, append([]string{"purge", "docs", "--key", "wiki-CSS", "--key", "wiki-HTML", "--output", "json"}, root...)...)
	var doc struct {
		Kind      string
		ServiceID string `json:"service_id"`
		Keys      []string
		IDs       map[string]string
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &doc) != nil || len(doc.IDs) != 2 || doc.Kind != "key" || doc.ServiceID != docsStaging {
		t.Fatalf("purge --key --output json: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	// Off a terminal, --all is refused without --yes, and nothing is sent.
	code, _, stderr = syncCLI(t, append([]string{"purge", "docs", "--all"}, root...)...)
	if code != 1 || !strings.Contains(stderr, "pass --yes") {
		t.Fatalf("purge --all without --yes: exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, stderr = syncCLI(t, append([]string{"purge", "docs", "--all", "--dry-run"}, root...)...); code != 0 {
		t.Fatalf("purge --all --dry-run: exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, stderr = syncCLI(t, append([]string{"purge", "docs", "--all", "--yes"}, root...)...); code != 0 {
		t.Fatalf("purge --all --yes: exit %d, stderr:\n%s", code, stderr)
	}
	want := []fastlyfake.Purge{
		{Kind: fastlyfake.PurgeURL, URL: "docs.webplatformstaging.org/wiki/CSS", Soft: true},
		{Kind: fastlyfake.PurgeKey, ServiceID: docsStaging, Keys: []string{"wiki-CSS", "wiki-HTML"}},
		{Kind: fastlyfake.PurgeAll, ServiceID: docsStaging},
	}
	got := sb.Purges()
	if len(got) != len(want) {
		t.Fatalf("the sandbox saw %+v, want %+v", got, want)
	}
	for i, w := range want {
		if g := got[i]; !g.Same(w) {
			t.Errorf("purge %d: %+v, want %+v", i, g, w)
		}
	}
}

// TestPurgeMistakes: each mistake exits 1 with a message saying what to
// do, and sends nothing.
func TestPurgeMistakes(t *testing.T) {
	sb := syncEnv(t, "production")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"purge", "docs"}, "give one of --url URL, --key KEY or --all"},
		{[]string{"purge", "docs", "--url", "https://www.webplatform.org/"}, "www.webplatform.org is not a domain of docs (production)"},
		{[]string{"purge", "docs", "--all", "--soft", "--yes"}, "--all cannot be soft"},
		{[]string{"purge", "dcos", "--all", "--yes"}, `unknown service "dcos"`},
		{[]string{"purge"}, "accepts 1 arg"},
	}
	for _, tt := range tests {
		code, _, stderr := syncCLI(t, append(tt.args, "--root", repoRoot)...)
		if code != 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("edgectl %s: exit %d, stderr:\n%s\nwant %q", strings.Join(tt.args, " "), code, stderr, tt.want)
		}
	}
	if n := len(sb.Purges()); n != 0 {
		t.Errorf("%d purges sent by refused commands", n)
	}
}
