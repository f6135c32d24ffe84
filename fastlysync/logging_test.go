package fastlysync

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/fastlytest"
	"github.com/webplatform/edgectl/internal/testtool"
)

// The credentials of the logging tests: recognisable, so that the tests
// can assert that none is in any output, request log or state file.
const (
	syslogToken   = "SYSLOG-TOKEN-7c1d"
	httpsHeader   = "Bearer HTTPS-HEADER-52aa"
	s3AccessKey   = "S3-ACCESS-KEY-0b9e"
	s3SecretKey   = "S3-SECRET-KEY-e4f1"
	rotatedSyslog = "SYSLOG-TOKEN-ROTATED-91c2"
)

var allLogging = []desired.Kind{desired.KindSyslog, desired.KindHTTPS, desired.KindS3}

// withLogging is the demo target with one endpoint of each kind, as the
// compiler writes them (Fastly's defaults filled in) and their credentials.
func withLogging(t *testing.T) *fastlyplan.Config {
	_, target := fastlytest.Demo(t, true)
	common := func(name string) desired.Logging {
		return desired.Logging{Name: name, Format: `%{req.method}V %{req.url}V`, FormatVersion: 2}
	}
	target.Logging = fastlyplan.Logging{
		Syslogs: []desired.Syslog{{Logging: common("salt"), Address: "203.0.113.10", Port: 49111, MessageType: "classic", Token: &desired.Secret{File: "salt-token"}}},
		HTTPS:   []desired.HTTPS{{Logging: common("collector"), URL: "https://logs.example.net/fastly", Method: "POST", JSONFormat: "0", HeaderName: "Authorization", HeaderValue: &desired.Secret{File: "collector-header"}}},
		S3s: []desired.S3{{Logging: common("dreamobjects"), BucketName: "wpd-logs", Domain: "objects.dreamhost.com", Period: 3600, TimestampFormat: "%Y-%m-%dT%H:%M:%S.000",
			AccessKey: &desired.Secret{File: "do-access"}, SecretKey: &desired.Secret{File: "do-secret"}}},
		Secrets: map[fastlyplan.SecretRef]string{
			{Kind: desired.KindSyslog, Name: "salt", Field: "token"}:            syslogToken,
			{Kind: desired.KindHTTPS, Name: "collector", Field: "header_value"}: httpsHeader,
			{Kind: desired.KindS3, Name: "dreamobjects", Field: "access_key"}:   s3AccessKey,
			{Kind: desired.KindS3, Name: "dreamobjects", Field: "secret_key"}:   s3SecretKey,
		},
		Read: allLogging,
	}
	return target
}

// loggingReads counts the list requests per logging kind.
func loggingReads(sb *fastlyfake.Server) map[string]int {
	return map[string]int{
		"syslog": sb.Count("GET", fastlyfake.ListRoute(fastlyfake.KindSyslog)),
		"https":  sb.Count("GET", fastlyfake.ListRoute(fastlyfake.KindHTTPS)),
		"s3":     sb.Count("GET", fastlyfake.ListRoute(fastlyfake.KindS3)),
	}
}

// TestPublishLogging publishes one endpoint of each logging kind to the
// sandbox, then one changed field, then a rotated credential: one write
// per change, the kinds read one list each per read of the service, and
// no credential in any output, in the request log or in the state file.
func TestPublishLogging(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	sb, url := fastlyfake.NewTest(t, fastlyfake.Options{Token: fastlytest.Token, StateFile: state}, fastlytest.DemoSeed)
	c := fastlytest.NewClient(t, url)
	c.ListLogging(fastlytest.DemoID, allLogging...)
	target := withLogging(t)
	var progress bytes.Buffer
	say := func(s string) { progress.WriteString(s + "\n") }
	run := func(cfg *fastlyplan.Config, base int) *PublishResult {
		t.Helper()
		res, err := Publish(c, fastlytest.DemoID, "demo (production)", cfg, PublishOptions{Base: base, Comment: "edgectl/1: test", Progress: say})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	plan := fastlyplan.Compare(mustRead(t, c).Config, target, fastlyplan.Labels{})
	var text, js bytes.Buffer
	if err := fastlyplan.Text(&text, []*fastlyplan.Plan{plan}, false); err != nil {
		t.Fatal(err)
	}
	if err := fastlyplan.JSON(&js, []*fastlyplan.Plan{plan}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "token (content hidden)") {
		t.Errorf("the new syslog endpoint's token is not shown hidden:\n%s", text.String())
	}

	sb.ResetRequests()
	run(target, 1)
	reads := loggingReads(sb)
	t.Logf("first publish: logging reads per kind %v; writes %q", reads, fastlytest.Writes(sb))
	// Reads of the service during a publish: the active version, the
	// draft after the writes, the live version after activating.
	for kind, n := range reads {
		if n != 3 {
			t.Errorf("%d lists of %s endpoints during a publish, want 3 (one per read of the service)", n, kind)
		}
	}
	for _, k := range []string{fastlyfake.KindSyslog, fastlyfake.KindHTTPS, fastlyfake.KindS3} {
		if n := sb.Count("POST", fastlyfake.ListRoute(k)); n != 1 {
			t.Errorf("%d creates of %s, want 1", n, k)
		}
	}
	mustHold(t, c, target)

	// One changed field: one update.
	changed := withLogging(t)
	changed.Logging.Syslogs[0].Port = 6514
	sb.ResetRequests()
	run(changed, 2)
	want := []string{"PUT /clone", "PUT ", "PUT /logging/syslog/{name}", "PUT /activate"}
	if got := fastlytest.Writes(sb); !slices.Equal(got, want) {
		t.Errorf("writes for a changed port %q, want %q", got, want)
	}
	mustHold(t, c, changed)

	// A rotated credential: shown hidden, one update.
	rotated := withLogging(t)
	rotated.Logging.Syslogs[0].Port = 6514
	rotated.Logging.Secrets[fastlyplan.SecretRef{Kind: desired.KindSyslog, Name: "salt", Field: "token"}] = rotatedSyslog
	p := fastlyplan.Compare(mustRead(t, c).Config, rotated, fastlyplan.Labels{})
	if got := fastlytest.Summary(p); !slices.Equal(got, []string{"update logging_syslog salt token=(content hidden)->(content hidden)"}) {
		t.Errorf("plan of a rotated token %q", got)
	}
	if err := fastlyplan.Text(&text, []*fastlyplan.Plan{p}, false); err != nil {
		t.Fatal(err)
	}
	if err := fastlyplan.JSON(&js, []*fastlyplan.Plan{p}); err != nil {
		t.Fatal(err)
	}
	sb.ResetRequests()
	run(rotated, 3)
	if got := fastlytest.Writes(sb); !slices.Equal(got, want) {
		t.Errorf("writes for a rotated token %q, want %q", got, want)
	}
	mustHold(t, c, rotated)

	// Without the credentials' values (no private directory), a change of
	// another field is written without them: Fastly keeps its own.
	blind := withLogging(t)
	blind.Logging.Syslogs[0].Port = 514
	blind.Logging.Secrets = map[fastlyplan.SecretRef]string{}
	run(blind, 4)
	blind.Logging.Secrets = rotated.Logging.Secrets
	mustHold(t, c, blind)

	sb.Flush()
	stateFile := testtool.ReadFile(t, state)
	var logged strings.Builder
	for _, r := range sb.Requests() {
		logged.WriteString(r.Method + " " + r.Path + "?" + r.Query + "\n")
	}
	for what, out := range map[string]string{"diff text": text.String(), "diff JSON": js.String(), "progress": progress.String(), "request log": logged.String(), "state file": stateFile} {
		for _, s := range []string{syslogToken, httpsHeader, s3AccessKey, s3SecretKey, rotatedSyslog} {
			if strings.Contains(out, s) {
				t.Errorf("the %s holds a credential", what)
			}
		}
	}
}
