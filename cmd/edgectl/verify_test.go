package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestPublishVerify publishes docs to the sandbox with --verify pointing
// at a local server playing Fastly's edge, which serves the old version
// for the first requests (propagation) or for ever.
func TestPublishVerify(t *testing.T) {
	old := verifyOptions
	verifyOptions.Sleep = func(time.Duration) {}
	t.Cleanup(func() { verifyOptions = old })
	const docsStaging = "RzxgQroW8hY3qGfjLMxC81"
	tests := []struct {
		name      string
		oldFor    int32 // requests answered with version 1
		wantCode  int
		wantInErr string
	}{
		{"propagates", 2, 0, "verified: the edge serves version 2"},
		{"never", 1 << 20, 1, "version 2 of docs (staging) is active, but verify"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			syncEnv(t, "staging")
			var n atomic.Int32
			edge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				v := 2
				if n.Add(1) <= tt.oldFor {
					v = 1
				}
				if r.Header.Get("Fastly-Debug") != "" {
					w.Header().Set("Edgectl-VCL", fmt.Sprintf("%s.%d_0-0123abcd", docsStaging, v))
				}
			}))
			defer edge.Close()
			code, _, stderr := syncCLI(t, "publish", "docs", "--root", repoRoot, "--level", "staging", "--yes", "--verify", edge.URL+"/wiki/Main_Page")
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantInErr) {
				t.Fatalf("exit %d, want %d; stderr:\n%s\nwant %q", code, tt.wantCode, stderr, tt.wantInErr)
			}
		})
	}
}

// TestPublishVerifyRefusals: --verify cannot check Fastly's staging
// network, which public DNS does not lead to.
func TestPublishVerifyRefusals(t *testing.T) {
	sb := syncEnv(t, "staging")
	code, _, stderr := syncCLI(t, "publish", "docs", "--root", repoRoot, "--level", "staging", "--yes", "--fastly-staging", "--verify", "http://127.0.0.1:1/")
	if code != 1 || !strings.Contains(stderr, "--verify cannot check Fastly's staging network") {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if w := syncWrites(sb); w != 0 {
		t.Errorf("%d writes after a refusal", w)
	}
}

// TestPublishVerifyUpToDate: with nothing to publish, --verify checks the
// active version.
func TestPublishVerifyUpToDate(t *testing.T) {
	old := verifyOptions
	verifyOptions.Sleep = func(time.Duration) {}
	t.Cleanup(func() { verifyOptions = old })
	syncEnv(t, "staging")
	var version atomic.Int32
	version.Store(1)
	edge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Edgectl-VCL", fmt.Sprintf("RzxgQroW8hY3qGfjLMxC81.%d_0-0123abcd", version.Load()))
	}))
	defer edge.Close()
	args := []string{"publish", "docs", "--root", repoRoot, "--level", "staging", "--yes"}
	if code, _, stderr := syncCLI(t, args...); code != 0 {
		t.Fatalf("publish: exit %d\n%s", code, stderr)
	}
	version.Store(2)
	code, stdout, stderr := syncCLI(t, append(args, "--verify", edge.URL+"/")...)
	if code != 0 || !strings.Contains(stdout, "up to date") || !strings.Contains(stderr, "verified: the edge serves version 2") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}
