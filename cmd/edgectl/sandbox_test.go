package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/internal/testtool"
)

var sandboxURLRE = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// startSandbox runs edgectl sandbox with args until stop is called, and
// returns its URL.
func startSandbox(t *testing.T, args ...string) (url string, stdout, stderr *testtool.SyncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	prev := interruptContext
	interruptContext = func(parent context.Context) (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
	t.Cleanup(func() { interruptContext = prev; cancel() })

	stdout, stderr = &testtool.SyncBuffer{}, &testtool.SyncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(append([]string{"sandbox", "--root", repoRoot, "--listen", "127.0.0.1:0"}, args...), stdout, stderr)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for url == "" {
		select {
		case code := <-done:
			t.Fatalf("sandbox exited with %d: %s%s", code, stdout, stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("sandbox printed no URL: %s", stdout)
		}
		url = sandboxURLRE.FindString(stdout.String())
		time.Sleep(5 * time.Millisecond)
	}
	return url, stdout, stderr, func() int {
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(10 * time.Second):
			t.Fatal("sandbox did not stop")
			return -1
		}
	}
}

func sandboxRequest(t *testing.T, method, url, token string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	req.Header.Set("Fastly-Key", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

// TestSandboxCommand serves the staging services, takes a clone, stops,
// and starts again from the state file.
func TestSandboxCommand(t *testing.T) {
	site, diags := definition.Load(repoRoot)
	if len(diags.Errors()) > 0 {
		t.Fatal(diags)
	}
	id := site.Service("www").ServiceIDs["staging"]
	state := filepath.Join(t.TempDir(), "state.json")
	const secret = "my-very-secret-token"

	url, stdout, stderr, stop := startSandbox(t, "--level", "staging", "--state", state)
	if !strings.Contains(stdout.String(), "8 services of level staging (8 new)") {
		t.Errorf("stdout:\n%s", stdout)
	}
	code, d := sandboxRequest(t, "GET", url+"/service/"+id+"/details", secret)
	if code != 200 || d["name"] != "www-staging" {
		t.Fatalf("details: %d %v", code, d["name"])
	}
	if code, _ := sandboxRequest(t, "PUT", url+"/service/"+id+"/version/1/clone", secret); code != 200 {
		t.Fatalf("clone: %d", code)
	}
	if code, _ := sandboxRequest(t, "GET", url+"/service/"+id, ""); code != 401 {
		t.Errorf("without a token: %d, want 401", code)
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for name, out := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String()} {
		if strings.Contains(out, secret) {
			t.Errorf("%s shows the token", name)
		}
	}
	if !strings.Contains(stderr.String(), "PUT /service/"+id+"/version/1/clone 200") {
		t.Errorf("stderr lacks the request log:\n%s", stderr)
	}
	for _, want := range []string{"1 PUT /service/{service_id}/version/{version_id}/clone", "1 GET /service/{service_id}/details"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks the count %q:\n%s", want, stdout)
		}
	}
	data, err := os.ReadFile(state)
	if err != nil || !strings.Contains(string(data), `"number": 2`) || strings.Contains(string(data), secret) {
		t.Fatalf("state file: %v\n%.300s", err, data)
	}

	// Again, from the state file: nothing new, the clone is there.
	url, stdout, _, stop = startSandbox(t, "--level", "staging", "--state", state)
	if !strings.Contains(stdout.String(), "(0 new)") {
		t.Errorf("second start:\n%s", stdout)
	}
	if code, v := sandboxRequest(t, "GET", url+"/service/"+id+"/version/2", "x"); code != 200 || v["locked"] != false {
		t.Errorf("version 2 after restart: %d %v", code, v)
	}
	if code := stop(); code != 0 {
		t.Fatalf("exit %d", code)
	}
}

// TestSandboxCommandErrors: bad flags and inputs end with exit 1 and a
// clear message, without serving.
func TestSandboxCommandErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown level", []string{"--level", "nowhere"}, `no level "nowhere"`},
		{"bad listen address", []string{"--listen", "127.0.0.1:99999"}, "cannot listen on 127.0.0.1:99999"},
		{"invalid state file", []string{"--state", bad}, "invalid state file"},
		{"arguments", []string{"www"}, "unknown command"},
		{"broken definitions", []string{"--root", "../../testdata/broken"}, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, append([]string{"sandbox", "--root", repoRoot, "--listen", "127.0.0.1:0"}, tt.args...)...)
			if code != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, tt.want)
			}
			if strings.Contains(stdout, "http://") {
				t.Errorf("served: %s", stdout)
			}
		})
	}
}

// TestSandboxHelp: the command documents itself.
func TestSandboxHelp(t *testing.T) {
	code, stdout, _ := runCLI(t, "sandbox", "--help")
	for _, want := range []string{"local Fastly API", "--listen", "--state", "--level", "Examples:", "FASTLY_API_URL"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("help lacks %q (exit %d)", want, code)
		}
	}
}
