package definition

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/diag"
)

// TestLoadRealSite checks that the repository's own definitions load clean.
func TestLoadRealSite(t *testing.T) {
	site, diags := Load("..")
	if diags.HasErrors() {
		t.Fatalf("the real definitions have errors:\n%v", diags.Err())
	}
	want := []string{"blog", "code", "docs", "project", "static", "stats", "talk", "www"}
	var got []string
	for _, s := range site.Services {
		got = append(got, s.Name)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("services = %v, want %v", got, want)
	}
	if len(site.Levels) != 3 || site.Level("staging") == nil || site.Level("staging").TLD != "webplatformstaging.org" {
		t.Errorf("levels = %+v", site.Levels)
	}
	if h := site.Service("stats").HookSources["recv"]; h.File != "vcl/stats/recv.vcl" || !strings.Contains(h.Content, "client.geo.country_code") {
		t.Errorf("stats recv hook = %+v", h)
	}
}

// TestLoadBroken loads a definition with one mistake per line and expects
// every mistake reported, at its line and column, in one run.
func TestLoadBroken(t *testing.T) {
	_, diags := Load("../testdata/broken")
	want := []struct {
		pos  string
		text string
	}{
		{"services/bad.yaml:3:3", `invalid service ID "bad-id!" for level "staging"`},
		{"services/bad.yaml:3:3", `service_ids names unknown level "qa"`},
		{"services/bad.yaml:7:10", `domain "www" is listed twice`},
		{"services/bad.yaml:7:16", `hostname "Bad_Host" has upper-case letters`},
		{"services/bad.yaml:8:1", `unknown field "colour"`},
		{"services/bad.yaml:10:10", `expected true or false, found "yes"`},
		{"services/bad.yaml:11:17", `invalid unit " years" in duration "10 years"`},
		{"services/bad.yaml:15:11", "port 80800 is out of range"},
		{"services/bad.yaml:17:13", `invalid path "server-status"`},
		{"services/bad.yaml:19:16", "healthcheck timeout 10s is not shorter than its interval 5s"},
		{"services/bad.yaml:20:5", `backend "app" needs exactly one of address and role`},
		{"services/bad.yaml:20:11", `duplicate backend name "app"`},
		{"services/bad.yaml:25:11", "invalid regular expression: missing closing )"},
		{"services/bad.yaml:26:14", `route backend "nowhere" is not defined`},
		{"services/bad.yaml:28:11", `redirect host "docs" is not one of the service's domains`},
		{"services/bad.yaml:30:13", "redirect status 200 is not a redirect"},
		{"services/bad.yaml:32:5", "pass rule matches nothing"},
		{"services/bad.yaml:32:13", `invalid cookie name pattern "bad cookie"`},
		{"services/bad.yaml:33:15", `invalid HTTP method "get"`},
		{"services/bad.yaml:35:3", "cookie policy both strips and keeps cookies"},
		{"services/bad.yaml:38:16", `duration "3600" has no unit`},
		{"services/bad.yaml:40:7", "ttl rule has 2 matchers"},
		{"services/bad.yaml:40:20", `invalid file extension ".css"`},
		{"services/bad.yaml:45:5", "header X-Fine: header value contains a control character"},
		{"services/bad.yaml:45:5", `invalid header name "X Bad"`},
		{"services/bad.yaml:48:12", `maintenance backend "app" is the primary origin`},
		{"services/bad.yaml:51:3", "hook recv: cannot read vcl/bad/missing.vcl"},
		{"services/bad.yaml:51:3", `unknown hook point "pipe"`},
	}
	errs := diags.Errors()
	for _, w := range want {
		if !hasDiag(errs, w.pos, w.text) {
			t.Errorf("missing error %s: %s", w.pos, w.text)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("got %d errors, want %d:\n%v", len(errs), len(want), diags.Err())
	}
	for _, d := range errs {
		if d.Hint == "" {
			t.Errorf("%s has no hint: a user needs to know how to fix it", d)
		}
	}
}

func hasDiag(l diag.List, pos, text string) bool {
	for _, d := range l {
		if d.Pos.String() == pos && strings.Contains(d.Message, text) {
			return true
		}
	}
	return false
}
