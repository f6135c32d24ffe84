package main

import (
	"os"
	"strings"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/session"
)

// TestACLDriftCLI: after www is published, an entry added to its ACL on
// Fastly shows in edgectl diff naming it (exit 2); publish --dry-run says
// it makes one batch write and no version; publish removes the entry with
// that one write.
func TestACLDriftCLI(t *testing.T) {
	sb := syncEnv(t, "production")
	if code, stdout, stderr := syncCLI(t, "publish", "www", "--yes", "--root", repoRoot); code != 0 {
		t.Fatalf("publish: exit %d\n%s%s", code, stdout, stderr)
	}
	fc, err := fastly.NewClientForEndpoint(syncToken, os.Getenv(session.APIURLEnv))
	if err != nil {
		t.Fatal(err)
	}
	fc.DebugMode = false
	const id = "RoJyf1fPv92sIaPevOOtxj" // www at production
	acls, err := fc.ListACLs(&fastly.ListACLsInput{ServiceID: id, ServiceVersion: 2})
	if err != nil || len(acls) != 1 {
		t.Fatalf("ACLs %v, %v", acls, err)
	}
	if _, err := fc.CreateACLEntry(&fastly.CreateACLEntryInput{ServiceID: id, ACLID: *acls[0].ACLID, IP: fastly.ToPointer("192.0.2.66")}); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := syncCLI(t, "diff", "www", "--root", repoRoot)
	if code != 2 || !strings.Contains(stdout, "- acl_entry internal 192.0.2.66: on Fastly but not in the source; will be removed") {
		t.Fatalf("diff: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = syncCLI(t, "publish", "www", "--yes", "--dry-run", "--root", repoRoot)
	if code != 0 || !strings.Contains(stdout, "no new version") || !strings.Contains(stdout, "write 1 change to the entries of ACL internal (one batch)") {
		t.Fatalf("publish --dry-run: exit %d\n%s%s", code, stdout, stderr)
	}
	sb.ResetRequests()
	code, stdout, stderr = syncCLI(t, "publish", "www", "--yes", "--root", repoRoot)
	if code != 0 || !strings.Contains(stdout, "stays active") {
		t.Fatalf("publish: exit %d\n%s%s", code, stdout, stderr)
	}
	var writes []string
	for _, r := range sb.Requests() {
		if r.Method != "GET" {
			writes = append(writes, r.Method+" "+r.Route)
		}
	}
	if len(writes) != 1 || writes[0] != "PATCH "+fastlyfake.RouteACLEntries {
		t.Errorf("publish wrote %q (%v); want one batch write", writes, fastlyfake.CountLines(sb.Counts()))
	}
	if code, stdout, stderr := syncCLI(t, "diff", "www", "--root", repoRoot); code != 0 {
		t.Errorf("diff after the publish: exit %d\n%s%s", code, stdout, stderr)
	}
}
