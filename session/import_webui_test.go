package session

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

// addWebUIObjects makes, as the web UI does, a new version of service sid
// with one object of each kind a definition need not declare, and
// activates it.
func addWebUIObjects(t *testing.T, c *fastly.Client, sid string) {
	t.Helper()
	p := fastly.ToPointer[string]
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	v, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1})
	must("clone", err)
	n := fastly.ToValue(v.Number)
	_, err = c.CreateCondition(&fastly.CreateConditionInput{ServiceID: sid, ServiceVersion: n, Name: p("is_admin"), Type: p("REQUEST"), Statement: p(`req.url ~ "^/admin/"`)})
	must("condition", err)
	_, err = c.CreateHeader(&fastly.CreateHeaderInput{ServiceID: sid, ServiceVersion: n, Name: p("owner"), Action: fastly.ToPointer(fastly.HeaderActionSet),
		Type: fastly.ToPointer(fastly.HeaderTypeResponse), Destination: p("http.X-Owner"), Source: p(`"wiki team"`)})
	must("header", err)
	_, err = c.CreateResponseObject(&fastly.CreateResponseObjectInput{ServiceID: sid, ServiceVersion: n, Name: p("closed"), Status: fastly.ToPointer(403),
		Response: p("Forbidden"), RequestCondition: p("is_admin")})
	must("response object", err)
	_, err = c.CreateCacheSetting(&fastly.CreateCacheSettingInput{ServiceID: sid, ServiceVersion: n, Name: p("admin_pass"),
		Action: fastly.ToPointer(fastly.CacheSettingActionPass), TTL: fastly.ToPointer(60)})
	must("cache settings", err)
	_, err = c.CreateRequestSetting(&fastly.CreateRequestSettingInput{ServiceID: sid, ServiceVersion: n, Name: p("admin_miss"),
		ForceMiss: fastly.ToPointer(fastly.Compatibool(true)), RequestCondition: p("is_admin")})
	must("request settings", err)
	_, err = c.CreateSnippet(&fastly.CreateSnippetInput{ServiceID: sid, ServiceVersion: n, Name: p("ngwaf_recv"), Type: fastly.ToPointer(fastly.SnippetTypeRecv),
		Content: p("set req.http.X-Waf = \"1\";\n")})
	must("snippet", err)
	_, err = c.CreateSyslog(&fastly.CreateSyslogInput{ServiceID: sid, ServiceVersion: n, Name: p("salt"), Address: p("192.0.2.10"), Port: fastly.ToPointer(49111)})
	must("syslog", err)
	_, err = c.ActivateVersion(&fastly.ActivateVersionInput{ServiceID: sid, ServiceVersion: n})
	must("activate", err)
}

// legacyIDs are the Fastly services of the web-UI service "legacy" at
// production, staging and workbench.
var legacyIDs = []string{"LegacyP", "LegacyS", "LegacyW"}

// legacySandbox is a session and a go-fastly client (as the web UI) on a
// local Fastly API holding legacyIDs, each set up as webUI; the session's
// problems go to stderr.
func legacySandbox(t *testing.T, webUI *fastlyfake.SeedConfig, stderr *bytes.Buffer) (*Session, *fastly.Client) {
	t.Helper()
	var seeds []fastlyfake.ServiceSeed
	for _, id := range legacyIDs {
		seeds = append(seeds, fastlyfake.ServiceSeed{ID: id, Config: webUI})
	}
	_, url := fastlyfake.NewTest(t, fastlyfake.Options{}, seeds...)
	t.Setenv(TokenEnv, "sandbox")
	s, err := Open(Options{APIURL: url, Stderr: stderr})
	if err != nil {
		t.Fatal(err)
	}
	c, err := fastly.NewClientForEndpoint("sandbox", url)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

// TestImportWebUIObjectsThenDiff: a service set up in the web UI at every
// level with an ACL, a dictionary, a condition, a header, a response
// object, request and cache settings, a snippet and a logging endpoint imports, and
// diff right after shows no changes at any level: the web UI's objects are
// declared in fastly_objects (and so compared), the ACL and the dictionary
// are not managed, which is not a change.
func TestImportWebUIObjectsThenDiff(t *testing.T) {

	webUI := &fastlyfake.SeedConfig{Domain: "legacy.webplatform.org", Backend: fastlyfake.SeedBackend{Name: "origin", Address: "198.51.100.7"},
		ACLs:         []fastlyfake.SeedACL{{Name: "office", Entries: []string{"192.0.2.0/24"}}},
		Dictionaries: []fastlyfake.SeedDictionary{{Name: "redirects", Items: map[string]string{"/old": "/new"}}}}
	ids := legacyIDs
	s, c := legacySandbox(t, webUI, &bytes.Buffer{})
	for _, id := range ids {
		addWebUIObjects(t, c, id)
	}
	root := emptyRepository(t)
	r, err := s.ImportService(ImportRequest{Root: root, Name: "legacy", Level: "production", ServiceID: ids[0], LevelIDs: []string{"staging=" + ids[1], "workbench=" + ids[2]}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("warnings: %q", r.Warnings)
	// The web UI's objects are declared again, so that the diff compares
	// them; ACLs and dictionaries stay not managed.
	site, diags := definition.Load(root)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	f := site.Service("legacy").FastlyObjects
	if f == nil || len(f.Conditions) != 1 || len(f.Headers) != 1 || len(f.ResponseObjects) != 1 || len(f.CacheSettings) != 1 || len(f.Snippets) != 1 || len(f.RequestSettings) != 1 ||
		f.Snippets[0].Source != "set req.http.X-Waf = \"1\";\n" || f.ResponseObjects[0].RequestCondition != "is_admin" {
		t.Errorf("fastly_objects %+v", f)
	}
	for _, level := range []string{"production", "staging", "workbench"} {
		d, err := s.Diff(Build{Root: root, Level: level, Services: []string{"legacy"}})
		if err != nil {
			yaml, _ := os.ReadFile(filepath.Join(root, "services/legacy.yaml"))
			t.Fatalf("diff at %s: %v\n%s", level, err, yaml)
		}
		if len(d.Failures) > 0 || d.Changes() {
			t.Errorf("diff at %s after import: failures %v, changes %v", level, d.Failures, fastlytest.Summary(d.Plans[0]))
		}
	}
}

// The credentials of the web UI's logging endpoints in
// TestImportLoggingCredentials.
var webUICredentials = map[string]string{
	"legacy-salt-token":             "syslog-token-value-1f2e",
	"legacy-collector-header_value": "Bearer https-header-value-3d4c",
	"legacy-archive-access_key":     "s3-access-value-5b6a",
	"legacy-archive-secret_key":     "s3-secret-value-7980",
}

// TestImportLoggingCredentials: logging endpoints set up in the web UI with
// credentials import as references to files of the private directory,
// each named in a warning; no value is written anywhere or printed. With
// the values put there, diff shows no changes at any level.
func TestImportLoggingCredentials(t *testing.T) {
	webUI := &fastlyfake.SeedConfig{Domain: "legacy.webplatform.org", Backend: fastlyfake.SeedBackend{Name: "origin", Address: "198.51.100.7"}}
	ids := legacyIDs
	var stderr bytes.Buffer
	s, c := legacySandbox(t, webUI, &stderr)
	p := fastly.ToPointer[string]
	for _, sid := range ids {
		v, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1})
		if err != nil {
			t.Fatal(err)
		}
		n := fastly.ToValue(v.Number)
		for what, err := range map[string]error{
			"syslog": second(c.CreateSyslog(&fastly.CreateSyslogInput{ServiceID: sid, ServiceVersion: n, Name: p("salt"), Address: p("192.0.2.10"),
				Port: fastly.ToPointer(49111), Token: p(webUICredentials["legacy-salt-token"])})),
			"https": second(c.CreateHTTPS(&fastly.CreateHTTPSInput{ServiceID: sid, ServiceVersion: n, Name: p("collector"), URL: p("https://logs.example.org/" + sid),
				HeaderName: p("Authorization"), HeaderValue: p(webUICredentials["legacy-collector-header_value"])})),
			"s3": second(c.CreateS3(&fastly.CreateS3Input{ServiceID: sid, ServiceVersion: n, Name: p("archive"), BucketName: p("logs"), Domain: p("objects.dreamhost.com"),
				AccessKey: p(webUICredentials["legacy-archive-access_key"]), SecretKey: p(webUICredentials["legacy-archive-secret_key"])})),
		} {
			if err != nil {
				t.Fatalf("create %s: %v", what, err)
			}
		}
		if _, err := c.ActivateVersion(&fastly.ActivateVersionInput{ServiceID: sid, ServiceVersion: n}); err != nil {
			t.Fatal(err)
		}
	}
	root, private := emptyRepository(t), t.TempDir()
	r, err := s.ImportService(ImportRequest{Root: root, Name: "legacy", Level: "production", ServiceID: ids[0], LevelIDs: []string{"staging=" + ids[1], "workbench=" + ids[2]}, PrivateDir: private})
	if err != nil {
		t.Fatal(err)
	}
	written := strings.Join(r.Warnings, "\n") + stderr.String()
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		b, _ := os.ReadFile(path)
		written += string(b)
		return nil
	})
	for file, value := range webUICredentials {
		if strings.Contains(written, value) || strings.Contains(written, strings.TrimPrefix(value, "Bearer ")) {
			t.Errorf("the value of %s was written or printed", file)
		}
		if !strings.Contains(strings.Join(r.Warnings, "\n"), "as the file "+file) {
			t.Errorf("no warning names %s: %q", file, r.Warnings)
		}
		if err := os.WriteFile(filepath.Join(private, file), []byte(value+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, level := range []string{"production", "staging", "workbench"} {
		d, err := s.Diff(Build{Root: root, Level: level, Services: []string{"legacy"}, PrivateDir: private})
		if err != nil {
			yaml, _ := os.ReadFile(filepath.Join(root, "services/legacy.yaml"))
			t.Fatalf("diff at %s: %v\n%s", level, err, yaml)
		}
		if len(d.Failures) > 0 || d.Changes() {
			t.Errorf("diff at %s after import: failures %v, changes %v", level, d.Failures, fastlytest.Summary(d.Plans[0]))
		}
	}
	// The credentials are compared: another token is a change.
	if err := os.WriteFile(filepath.Join(private, "legacy-salt-token"), []byte("another\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Diff(Build{Root: root, Level: "production", Services: []string{"legacy"}, PrivateDir: private}); err != nil || !d.Changes() {
		t.Errorf("diff with another token: %v, changes %v", err, d != nil && d.Changes())
	}
}

// second is the error of a call returning a value and an error.
func second[T any](_ T, err error) error { return err }
