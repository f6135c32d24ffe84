package fastlyfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"
)

// webUIObjects creates one object of every kind issue 12 names on version
// v of service sid through go-fastly, as the web UI would, and returns the
// ACL and the dynamic snippet it made.
func webUIObjects(t *testing.T, c *fastly.Client, sid string, v int) (*fastly.ACL, *fastly.Snippet) {
	t.Helper()
	p := fastly.ToPointer[string]
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("create %s: %v", what, err)
		}
	}
	_, err := c.CreateSyslog(&fastly.CreateSyslogInput{ServiceID: sid, ServiceVersion: v, Name: p("salt"), Address: p("192.0.2.10"), Port: fastly.ToPointer(49111),
		UseTLS: fastly.ToPointer(fastly.Compatibool(true)), TLSClientKey: p(testKey), Token: p("syslog-token-secret")})
	must("syslog", err)
	_, err = c.CreateHTTPS(&fastly.CreateHTTPSInput{ServiceID: sid, ServiceVersion: v, Name: p("collector"), URL: p("https://logs.example.org/"), HeaderName: p("Authorization"), HeaderValue: p("Bearer https-header-secret")})
	must("https", err)
	_, err = c.CreateS3(&fastly.CreateS3Input{ServiceID: sid, ServiceVersion: v, Name: p("dreamobjects"), BucketName: p("logs"), Domain: p("objects.dreamhost.com"),
		AccessKey: p("s3-access-secret"), SecretKey: p("s3-secret-secret")})
	must("s3", err)
	acl, err := c.CreateACL(&fastly.CreateACLInput{ServiceID: sid, ServiceVersion: v, Name: p("private_network")})
	must("acl", err)
	_, err = c.CreateSnippet(&fastly.CreateSnippetInput{ServiceID: sid, ServiceVersion: v, Name: p("ngwaf_recv"), Type: fastly.ToPointer(fastly.SnippetTypeRecv), Content: p("# regular")})
	must("snippet", err)
	dyn, err := c.CreateSnippet(&fastly.CreateSnippetInput{ServiceID: sid, ServiceVersion: v, Name: p("blocklist"), Type: fastly.ToPointer(fastly.SnippetTypeRecv), Dynamic: fastly.ToPointer(1), Content: p("# dynamic v1")})
	must("dynamic snippet", err)
	_, err = c.CreateCondition(&fastly.CreateConditionInput{ServiceID: sid, ServiceVersion: v, Name: p("is_api"), Type: p("REQUEST"), Statement: p(`req.url ~ "^/api/"`)})
	must("condition", err)
	_, err = c.CreateHeader(&fastly.CreateHeaderInput{ServiceID: sid, ServiceVersion: v, Name: p("team"), Action: fastly.ToPointer(fastly.HeaderActionSet), Type: fastly.ToPointer(fastly.HeaderTypeResponse), Destination: p("http.X-Team"), Source: p(`"platform"`)})
	must("header", err)
	_, err = c.CreateResponseObject(&fastly.CreateResponseObjectInput{ServiceID: sid, ServiceVersion: v, Name: p("teapot"), Status: fastly.ToPointer(418), Response: p("I'm a teapot")})
	must("response object", err)
	_, err = c.CreateCacheSetting(&fastly.CreateCacheSettingInput{ServiceID: sid, ServiceVersion: v, Name: p("api_pass"), Action: fastly.ToPointer(fastly.CacheSettingActionPass), CacheCondition: p("is_api")})
	must("cache settings", err)
	return acl, dyn
}

// testKey stands for a TLS private key.
const testKey = "-----BEGIN PRIVATE KEY-----\nsyslog-tls-key-secret\n-----END PRIVATE KEY-----"

// listNames lists every kind through go-fastly and returns kind: names.
func listNames(t *testing.T, c *fastly.Client, sid string, v int) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	add := func(kind string, err error, names ...*string) {
		t.Helper()
		if err != nil {
			t.Fatalf("list %s: %v", kind, err)
		}
		for _, n := range names {
			out[kind] = append(out[kind], fastly.ToValue(n))
		}
	}
	syslogs, err := c.ListSyslogs(&fastly.ListSyslogsInput{ServiceID: sid, ServiceVersion: v})
	add("syslog", err, collect(syslogs, func(x *fastly.Syslog) *string { return x.Name })...)
	https, err := c.ListHTTPS(&fastly.ListHTTPSInput{ServiceID: sid, ServiceVersion: v})
	add("https", err, collect(https, func(x *fastly.HTTPS) *string { return x.Name })...)
	s3s, err := c.ListS3s(&fastly.ListS3sInput{ServiceID: sid, ServiceVersion: v})
	add("s3", err, collect(s3s, func(x *fastly.S3) *string { return x.Name })...)
	acls, err := c.ListACLs(&fastly.ListACLsInput{ServiceID: sid, ServiceVersion: v})
	add("acl", err, collect(acls, func(x *fastly.ACL) *string { return x.Name })...)
	snippets, err := c.ListSnippets(&fastly.ListSnippetsInput{ServiceID: sid, ServiceVersion: v})
	add("snippet", err, collect(snippets, func(x *fastly.Snippet) *string { return x.Name })...)
	conds, err := c.ListConditions(&fastly.ListConditionsInput{ServiceID: sid, ServiceVersion: v})
	add("condition", err, collect(conds, func(x *fastly.Condition) *string { return x.Name })...)
	headers, err := c.ListHeaders(&fastly.ListHeadersInput{ServiceID: sid, ServiceVersion: v})
	add("header", err, collect(headers, func(x *fastly.Header) *string { return x.Name })...)
	ros, err := c.ListResponseObjects(&fastly.ListResponseObjectsInput{ServiceID: sid, ServiceVersion: v})
	add("response_object", err, collect(ros, func(x *fastly.ResponseObject) *string { return x.Name })...)
	css, err := c.ListCacheSettings(&fastly.ListCacheSettingsInput{ServiceID: sid, ServiceVersion: v})
	add("cache_settings", err, collect(css, func(x *fastly.CacheSetting) *string { return x.Name })...)
	return out
}

func collect[T any](list []T, name func(T) *string) []*string {
	out := make([]*string, len(list))
	for i, x := range list {
		out[i] = name(x)
	}
	return out
}

// wantNames are the names webUIObjects creates, per kind, as listed.
var wantNames = map[string][]string{
	"syslog": {"salt"}, "https": {"collector"}, "s3": {"dreamobjects"}, "acl": {"private_network"},
	"snippet": {"blocklist", "ngwaf_recv"}, "condition": {"is_api"}, "header": {"team"},
	"response_object": {"teapot"}, "cache_settings": {"api_pass"},
}

// TestGoFastlyCreatesAndListsEveryKind: go-fastly's own client creates an
// object of every kind on a draft and lists it back; a clone holds them
// all; the details response holds the VCL kinds and no logging endpoint,
// as Fastly's (fixture services/details).
func TestGoFastlyCreatesAndListsEveryKind(t *testing.T) {
	_, u := NewTest(t, Options{}, testSeed)
	c := newClient(t, u)
	sid := testSeed.ID
	if _, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1}); err != nil {
		t.Fatal(err)
	}
	webUIObjects(t, c, sid, 2)
	got := listNames(t, c, sid, 2)
	for kind, want := range wantNames {
		if !slices.Equal(got[kind], want) {
			t.Errorf("%s listed %v, want %v", kind, got[kind], want)
		}
	}
	if _, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 2}); err != nil {
		t.Fatal(err)
	}
	if got3 := listNames(t, c, sid, 3); fmt.Sprint(got3) != fmt.Sprint(got) {
		t.Errorf("clone lists %v, want %v", got3, got)
	}
	v := do(t, u, "GET", "/service/"+sid+"/details?version=2", nil).obj(t)["version"].(map[string]any)
	for plural, want := range map[string][]string{"acls": {"private_network"}, "snippets": {"ngwaf_recv", "blocklist"}, "conditions": {"is_api"}, "headers": {"team"}, "response_objects": {"teapot"}, "cache_settings": {"api_pass"}} {
		if got := names(v, plural); !slices.Equal(got, want) {
			t.Errorf("details %s = %v, want %v", plural, got, want)
		}
	}
	for key := range v {
		if strings.Contains(key, "logging") || strings.Contains(key, "syslog") {
			t.Errorf("details holds %s; Fastly's holds no logging endpoint", key)
		}
	}
}

// TestVersionlessACLEntriesAndDynamicSnippets: entries and a dynamic
// snippet's content change on the active, locked version, with one write
// each and no new version; a batch holds at most 1,000 operations and is
// applied all or nothing.
func TestVersionlessACLEntriesAndDynamicSnippets(t *testing.T) {
	s, u := NewTest(t, Options{}, testSeed)
	c := newClient(t, u)
	sid := testSeed.ID
	if _, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1}); err != nil {
		t.Fatal(err)
	}
	acl, dyn := webUIObjects(t, c, sid, 2)
	if _, err := c.ActivateVersion(&fastly.ActivateVersionInput{ServiceID: sid, ServiceVersion: 2}); err != nil {
		t.Fatal(err)
	}
	s.ResetRequests()

	ops := make([]*fastly.BatchACLEntry, 1000)
	for i := range ops {
		ops[i] = &fastly.BatchACLEntry{Operation: fastly.ToPointer(fastly.CreateBatchOperation), IP: fastly.ToPointer(fmt.Sprintf("10.%d.%d.0", i/256, i%256)), Subnet: fastly.ToPointer(24)}
	}
	if err := c.BatchModifyACLEntries(&fastly.BatchModifyACLEntriesInput{ServiceID: sid, ACLID: *acl.ACLID, Entries: ops}); err != nil {
		t.Fatalf("batch of 1,000 creates: %v", err)
	}
	if n := s.Writes(); n != 1 {
		t.Errorf("%d writes for one batch, want 1", n)
	}
	entries, err := c.ListACLEntries(&fastly.ListACLEntriesInput{ServiceID: sid, ACLID: *acl.ACLID})
	if err != nil || len(entries) != 1000 {
		t.Fatalf("listed %d entries (%v), want 1000", len(entries), err)
	}
	// One more is over the ACL's limit; the whole batch is refused.
	over := []*fastly.BatchACLEntry{
		{Operation: fastly.ToPointer(fastly.DeleteBatchOperation), EntryID: entries[0].EntryID},
		{Operation: fastly.ToPointer(fastly.CreateBatchOperation), IP: fastly.ToPointer("192.0.2.1")},
		{Operation: fastly.ToPointer(fastly.CreateBatchOperation), IP: fastly.ToPointer("192.0.2.2")},
	}
	if err := c.BatchModifyACLEntries(&fastly.BatchModifyACLEntriesInput{ServiceID: sid, ACLID: *acl.ACLID, Entries: over}); httpError(t, err).StatusCode != 400 {
		t.Errorf("batch past the ACL's limit: %v, want a 400", err)
	}
	if again, _ := c.ListACLEntries(&fastly.ListACLEntriesInput{ServiceID: sid, ACLID: *acl.ACLID}); len(again) != 1000 || *again[0].EntryID != *entries[0].EntryID {
		t.Errorf("a refused batch changed the entries: %d, first %s", len(again), *again[0].EntryID)
	}
	// go-fastly refuses 1,001 operations itself; a plain client does not.
	// Each update is valid alone: only the count refuses the batch.
	updates := make([]map[string]any, 1001)
	for i := range updates {
		updates[i] = map[string]any{"op": "update", "id": *entries[0].EntryID, "comment": fmt.Sprint(i)}
	}
	body, _ := json.Marshal(map[string]any{"entries": updates})
	req, _ := http.NewRequest("PATCH", u+"/service/"+sid+"/acl/"+*acl.ACLID+"/entries", bytes.NewReader(body))
	req.Header.Set("Fastly-Key", TestToken)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 400 {
		t.Errorf("batch of 1,001 operations: %v %v, want a 400", resp, err)
	} else {
		resp.Body.Close()
	}

	ds, err := c.UpdateDynamicSnippet(&fastly.UpdateDynamicSnippetInput{ServiceID: sid, SnippetID: *dyn.SnippetID, Content: fastly.ToPointer("# dynamic v2")})
	if err != nil || *ds.Content != "# dynamic v2" {
		t.Fatalf("dynamic snippet update: %v %v", ds, err)
	}
	if got, err := c.GetDynamicSnippet(&fastly.GetDynamicSnippetInput{ServiceID: sid, SnippetID: *dyn.SnippetID}); err != nil || *got.Content != "# dynamic v2" {
		t.Errorf("dynamic snippet read back: %v %v", got, err)
	}
	if n := s.Count("", RouteVersions) + s.Count("", RouteClone); n != 0 {
		t.Errorf("%d version requests for versionless changes, want 0", n)
	}
	if n := s.Writes(); n != 4 {
		t.Errorf("%d writes, want 4: three batches (two refused) and one snippet update", n)
	}
	if vs, _ := c.ListVersions(&fastly.ListVersionsInput{ServiceID: sid}); len(vs) != 2 {
		t.Errorf("%d versions, want 2", len(vs))
	}
	// A clone sees the same entries and content: they belong to the IDs.
	if _, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 2}); err != nil {
		t.Fatal(err)
	}
	acls, _ := c.ListACLs(&fastly.ListACLsInput{ServiceID: sid, ServiceVersion: 3})
	if len(acls) != 1 || *acls[0].ACLID != *acl.ACLID {
		t.Errorf("clone's ACLs %v, want the ID %s kept", acls, *acl.ACLID)
	}
}

// TestSnippetMadeDynamicKeepsContent: a regular snippet turned dynamic by
// an update answers the content it had from the versionless store.
func TestSnippetMadeDynamicKeepsContent(t *testing.T) {
	_, u := NewTest(t, Options{}, testSeed)
	c := newClient(t, u)
	sid := testSeed.ID
	if _, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1}); err != nil {
		t.Fatal(err)
	}
	sn, err := c.CreateSnippet(&fastly.CreateSnippetInput{ServiceID: sid, ServiceVersion: 2, Name: fastly.ToPointer("s"), Type: fastly.ToPointer(fastly.SnippetTypeRecv), Content: fastly.ToPointer("# kept")})
	if err != nil {
		t.Fatal(err)
	}
	// go-fastly cannot send dynamic in an update; a form can (whether
	// Fastly accepts it is unrecorded).
	if r := do(t, u, "PUT", "/service/"+sid+"/version/2/snippet/s", url.Values{"dynamic": {"1"}}); r.status != 200 {
		t.Fatalf("update: %d %s", r.status, r.body)
	}
	ds, err := c.GetDynamicSnippet(&fastly.GetDynamicSnippetInput{ServiceID: sid, SnippetID: *sn.SnippetID})
	if err != nil || *ds.Content != "# kept" {
		t.Errorf("dynamic content %v (%v), want the content it had", ds, err)
	}
}
