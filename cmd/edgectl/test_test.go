package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/webplatform/edgectl/internal/testtool"
)

// failingSuite is a user test with one failing assertion; its sub is at line 3.
const failingSuite = `// @scope: recv
// @suite: plain HTTP is not redirected (wrong: it is)
sub test_wrong {
  testing.call_subroutine("vcl_recv");
  assert.not_error();
}
`

func TestTestCommand(t *testing.T) {
	root := copyRoot(t, "services", "fleet", "errors", "vcl")
	args := []string{"test", "www", "--level", "production", "--root", root}
	var stdout, stderr bytes.Buffer
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("edgectl test on the repository's suites: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "www/production: 6 passed, 0 failed") {
		t.Errorf("stdout = %q", stdout.String())
	}
	if err := os.WriteFile(filepath.Join(root, "vcl", "www", "wrong.test.vcl"), []byte(failingSuite), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	junit := filepath.Join(t.TempDir(), "junit.xml")
	if code := run(append(args, "--output", "json", "--junit", junit), &stdout, &stderr); code != 1 {
		t.Fatalf("a failing test: exit %d, want 1\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "vcl/www/wrong.test.vcl:3: FAIL www/production [RECV] plain HTTP is not redirected") {
		t.Errorf("stderr does not name the failing test by file:line:\n%s", stderr.String())
	}
	var doc struct {
		OK             bool
		Passed, Failed int
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil || doc.OK || doc.Passed != 6 || doc.Failed != 1 {
		t.Errorf("JSON %+v (%v) from %s", doc, err, stdout.String())
	}
	if data, err := os.ReadFile(junit); err != nil || !bytes.Contains(data, []byte(`failures="1"`)) {
		t.Errorf("JUnit report: %v\n%s", err, data)
	}
}

// TestTestWatch: --watch runs the tests, runs them again after a change of
// vcl/, and stops when its context ends (SIGINT outside tests).
func TestTestWatch(t *testing.T) {
	root := copyRoot(t, "services", "fleet", "errors", "vcl")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	prev := watchContext
	watchContext = func(context.Context) (context.Context, context.CancelFunc) { return context.WithCancel(ctx) }
	t.Cleanup(func() { watchContext = prev })
	stdout, stderr := &testtool.SyncBuffer{}, &testtool.SyncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"test", "stats", "--level", "production", "--watch", "--root", root}, stdout, stderr)
	}()
	waitFor := func(s string, n int) {
		t.Helper()
		for strings.Count(stdout.String(), s) < n {
			select {
			case <-ctx.Done():
				t.Fatalf("no %d× %q in time; stdout:\n%s\nstderr:\n%s", n, s, stdout.String(), stderr.String())
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	waitFor("stats/production: 3 passed, 0 failed", 1)
	if err := os.WriteFile(filepath.Join(root, "vcl", "stats", "wrong.test.vcl"), []byte(failingSuite), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("stats/production: 3 passed, 1 failed", 1)
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("--watch ended with exit %d, want 0", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("--watch did not stop when its context ended")
	}
}
