package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/internal/fastlyfake"
)

// syncLogToken is the syslog token of www in TestSyncLoggingCredentials.
const syncLogToken = "SYSLOG-TOKEN-6a4e-never-print"

// TestSyncLoggingCredentials: www's syslog endpoint with a token from the
// private directory is published, then diff is clean; a rotated token shows
// as changed (content hidden) and is one write; without the private
// directory diff says the token was not compared. No output, file of the
// repository or build holds the token.
func TestSyncLoggingCredentials(t *testing.T) {
	sb := syncEnv(t, "production")
	root := syncRoot(t)
	www := filepath.Join(root, "services", "www.yaml")
	src, err := os.ReadFile(www)
	if err != nil {
		t.Fatal(err)
	}
	withToken := strings.Replace(string(src), "      port: 49111\n", "      port: 49111\n      token: {private: salt-token}\n", 1)
	if withToken == string(src) {
		t.Fatal("www.yaml has no syslog endpoint on port 49111")
	}
	if err := os.WriteFile(www, []byte(withToken), 0o644); err != nil {
		t.Fatal(err)
	}
	private := os.Getenv(privateDirEnv)
	writeToken := func(v string) {
		if err := os.WriteFile(filepath.Join(private, "salt-token"), []byte(v+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeToken(syncLogToken)
	run := func(args ...string) (int, string) {
		t.Helper()
		code, stdout, stderr := syncCLI(t, append(args, "--root", root)...)
		for _, s := range []string{syncLogToken, "ROTATED-7f"} {
			if strings.Contains(stdout+stderr, s) {
				t.Errorf("edgectl %s printed the syslog token:\n%s%s", strings.Join(args, " "), stdout, stderr)
			}
		}
		return code, stdout + stderr
	}
	if code, out := run("diff", "www"); code != 2 || !strings.Contains(out, "+ logging_syslog salt: new") || !strings.Contains(out, "token (content hidden)") {
		t.Fatalf("diff before publish: exit %d\n%s", code, out)
	}
	if code, out := run("publish", "www", "--yes"); code != 0 {
		t.Fatalf("publish: exit %d\n%s", code, out)
	}
	if code, out := run("diff", "www"); code != 0 {
		t.Fatalf("diff after publish: exit %d\n%s", code, out)
	}
	writeToken("SYSLOG-TOKEN-ROTATED-7f")
	code, out := run("diff", "www", "--output", "json")
	if code != 2 || !strings.Contains(out, `"name": "token"`) || !strings.Contains(out, `"(content hidden)"`) {
		t.Fatalf("diff of a rotated token: exit %d\n%s", code, out)
	}
	if code, out := run("diff", "www"); !strings.Contains(out, "~ logging_syslog salt: token changed (content hidden)") {
		t.Errorf("diff of a rotated token: exit %d\n%s", code, out)
	}
	sb.ResetRequests()
	if code, out := run("publish", "www", "--yes"); code != 0 {
		t.Fatalf("publish of a rotated token: exit %d\n%s", code, out)
	}
	t.Logf("publish of a rotated token: %d requests, %d writes: %v", len(sb.Requests()), syncWrites(sb), fastlyfake.CountLines(sb.Counts()))
	if n := sb.Count("PUT", fastlyfake.ObjectRoute(fastlyfake.KindSyslog)); n != 1 {
		t.Errorf("%d syslog updates for a rotated token, want 1", n)
	}
	t.Setenv(privateDirEnv, "")
	if code, out := run("diff", "www"); code != 0 || !strings.Contains(out, "the credential token of logging_syslog salt was not compared") {
		t.Errorf("diff without the private directory: exit %d\n%s", code, out)
	}
	out = t.TempDir()
	if code, o := run("build", "www", "--out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, o)
	}
	for _, dir := range []string{root, out} {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if b, _ := os.ReadFile(p); !d.IsDir() && strings.Contains(string(b), "SYSLOG-TOKEN") {
				t.Errorf("%s holds the syslog token", p)
			}
			return nil
		})
	}
}
