package fastlyfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"
)

// credentials are the secret values webUIObjects sets.
var credentials = []string{"syslog-tls-key-secret", "syslog-token-secret", "https-header-secret", "s3-access-secret", "s3-secret-secret"}

// TestCredentialsNeverWrittenInClear: logging credentials are answered as
// set (Fastly answers them), but the state file holds only their digests,
// and neither the request log nor the log lines hold them. After a restart
// from the state file the endpoints answer the digests.
func TestCredentialsNeverWrittenInClear(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	var logLines bytes.Buffer
	opts := deterministic(file)
	opts.Log = &logLines
	s, u := NewTest(t, opts, testSeed)
	c := newClient(t, u)
	sid := testSeed.ID
	if _, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1}); err != nil {
		t.Fatal(err)
	}
	webUIObjects(t, c, sid, 2)

	sl, err := c.GetSyslog(&fastly.GetSyslogInput{ServiceID: sid, ServiceVersion: 2, Name: "salt"})
	if err != nil || fastly.ToValue(sl.Token) != "syslog-token-secret" || fastly.ToValue(sl.TLSClientKey) != testKey {
		t.Fatalf("syslog answered %v (%v), want its credentials as set", sl, err)
	}
	s.Flush()
	state, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	for _, r := range s.Requests() {
		fmt.Fprintf(&logged, "%s %s?%s %v\n", r.Method, r.Path, r.Query, r.Header)
	}
	for _, secret := range credentials {
		for where, text := range map[string]string{"state file": string(state), "request log": logged.String(), "log lines": logLines.String()} {
			if strings.Contains(text, secret) {
				t.Errorf("the %s holds the credential %q", where, secret)
			}
		}
	}
	if n := strings.Count(string(state), sealedPrefix); n != len(credentials) {
		t.Errorf("the state file holds %d sealed values, want %d", n, len(credentials))
	}

	// A restart answers the digest, which differs from the credential.
	_, u2 := NewTest(t, deterministic(file))
	s3, err := newClient(t, u2).GetS3(&fastly.GetS3Input{ServiceID: sid, ServiceVersion: 2, Name: "dreamobjects"})
	if err != nil {
		t.Fatal(err)
	}
	if key := fastly.ToValue(s3.SecretKey); !strings.HasPrefix(key, sealedPrefix) {
		t.Errorf("after a restart the S3 secret key is %q, want its digest", key)
	}
}

// TestCredentialInQueryNotLogged: the API takes parameters from the query
// too, so a credential sent there must not reach the request log.
func TestCredentialInQueryNotLogged(t *testing.T) {
	s, u := NewTest(t, Options{}, testSeed)
	sid := testSeed.ID
	if r := do(t, u, "PUT", "/service/"+sid+"/version/1/clone", nil); r.status != 200 {
		t.Fatalf("clone: %d %s", r.status, r.body)
	}
	path := "/service/" + sid + "/version/2/logging/s3?name=q&bucket_name=b&access_key=query-access-secret&secret_key=query-secret-secret"
	if r := do(t, u, "POST", path, nil); r.status != 200 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	for _, r := range s.Requests() {
		if strings.Contains(r.Query, "query-") || strings.Contains(r.Path, "query-") {
			t.Errorf("request log holds a credential: %s?%s", r.Path, r.Query)
		}
		if r.Route == ListRoute(KindS3) && !strings.Contains(r.Query, "bucket_name=b") {
			t.Errorf("request log lost the query's other parameters: %q", r.Query)
		}
	}
}

// TestVersionlessStateSurvivesRestart: ACL entries and dynamic snippet
// content are in the state file and come back after a restart; null
// entries in a hand-edited file are dropped, not a panic.
func TestVersionlessStateSurvivesRestart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	s, u := NewTest(t, deterministic(file), testSeed)
	c := newClient(t, u)
	sid := testSeed.ID
	if _, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1}); err != nil {
		t.Fatal(err)
	}
	acl, dyn := webUIObjects(t, c, sid, 2)
	if _, err := c.CreateACLEntry(&fastly.CreateACLEntryInput{ServiceID: sid, ACLID: *acl.ACLID, IP: fastly.ToPointer("10.0.0.0"), Subnet: fastly.ToPointer(8)}); err != nil {
		t.Fatal(err)
	}
	data := flushedState(t, s, file)
	// A null entry and a null content, as a hand edit could leave them.
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	lists := raw["acl_entries"].(map[string]any)[sid].(map[string]any)
	lists[*acl.ACLID] = append(lists[*acl.ACLID].([]any), nil)
	raw["dynamic_snippets"].(map[string]any)[sid].(map[string]any)["gone"] = nil
	edited, _ := json.Marshal(raw)
	if err := os.WriteFile(file, edited, 0o600); err != nil {
		t.Fatal(err)
	}
	_, u2 := NewTest(t, deterministic(file))
	c2 := newClient(t, u2)
	entries, err := c2.ListACLEntries(&fastly.ListACLEntriesInput{ServiceID: sid, ACLID: *acl.ACLID})
	if err != nil || len(entries) != 1 || *entries[0].IP != "10.0.0.0" || *entries[0].Subnet != 8 {
		t.Errorf("entries after a restart: %v (%v)", entries, err)
	}
	ds, err := c2.GetDynamicSnippet(&fastly.GetDynamicSnippetInput{ServiceID: sid, SnippetID: *dyn.SnippetID})
	if err != nil || *ds.Content != "# dynamic v1" {
		t.Errorf("dynamic snippet after a restart: %v (%v)", ds, err)
	}
}
