package definition

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/internal/testtool"
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
	want := []wantError{
		{"services/bad.yaml:4:12", `invalid service ID "bad-id!" for level "staging"`},
		{"services/bad.yaml:6:3", `service_ids names unknown level "workbnch"`},
		{"services/bad.yaml:7:28", `domain "www" is listed twice`},
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
		{"services/bad.yaml:32:13", `invalid cookie name pattern "bad cookie"`},
		{"services/bad.yaml:33:15", `invalid HTTP method "get"`},
		{"services/bad.yaml:35:3", "cookie policy both strips and keeps cookies"},
		{"services/bad.yaml:38:16", `duration "3600" has no unit`},
		{"services/bad.yaml:40:7", "ttl rule has 2 matchers"},
		{"services/bad.yaml:40:20", `invalid file extension ".css"`},
		{"services/bad.yaml:46:13", "header X-Fine: header value contains a control character"},
		{"services/bad.yaml:45:5", `invalid header name "X Bad"`},
		{"services/bad.yaml:48:12", `maintenance backend "app" is the primary origin`},
		{"services/bad.yaml:51:9", "hook recv: cannot read vcl/bad/missing.vcl"},
		{"services/bad.yaml:52:3", `unknown hook point "pipe"`},
		{"services/bad.yaml:54:19", `unknown replace_origin "always"`},
		{"services/bad.yaml:55:16", "invalid regular expression: missing closing )"},
		{"services/bad.yaml:57:11", `unknown object kind "snipets" in ownership`},
		{"services/bad.yaml:57:20", `ownership cannot name "gzips"`},
		{"services/bad.yaml:59:19", `invalid name pattern "[x" to keep in dictionaries`},
		{"services/bad.yaml:60:5", `ownership cannot name "backends"`},
		{"services/bad.yaml:63:7", `missing required field "port" in syslog endpoint`},
		{"services/bad.yaml:66:16", "a log address needs exactly one of role and host"},
		{"services/bad.yaml:68:14", "a credential is written inline: credentials never go into the repository"},
		{"services/bad.yaml:69:18", `unknown log placement "vcl_log"`},
		{"services/bad.yaml:70:7", `syslog endpoint "tls" has TLS settings but use_tls is false`},
		{"services/bad.yaml:73:20", "tls_ca_cert: cannot read fleet/missing-ca.pem"},
		{"services/bad.yaml:76:12", `invalid logging URL "http://logs.example.net/"`},
		{"services/bad.yaml:78:21", `invalid private file name "../escape"`},
		{"services/bad.yaml:80:7", `missing required field "secret_key" in s3 endpoint`},
		{"services/bad.yaml:83:28", `unknown type "request"`},
		{"services/bad.yaml:85:79", `response_condition "is-apii" is not a condition of fastly_objects.conditions`},
		{"services/bad.yaml:87:23", `unknown type "rcv"`},
		{"services/bad.yaml:87:7", `snippet "s" needs exactly one of content and file`},
		{"services/indent.yaml:7:3", `invalid YAML: did not find expected '-' indicator`},
	}
	expectErrors(t, diags, want)
	errs := diags.Errors()
	for _, h := range []struct{ pos, hint string }{
		{"services/bad.yaml:6:3", `did you mean "workbench"?`},
		{"services/bad.yaml:57:11", `did you mean "snippets"?`},
	} {
		if !hasHint(errs, h.pos, h.hint) {
			t.Errorf("no hint %q at %s", h.hint, h.pos)
		}
	}
	for _, d := range errs {
		if strings.Contains(d.Message+d.Hint, "inline-token-value") {
			t.Errorf("%s repeats the credential written inline", d)
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

func hasHint(l diag.List, pos, hint string) bool {
	for _, d := range l {
		if d.Pos.String() == pos && strings.Contains(d.Hint, hint) {
			return true
		}
	}
	return false
}

// writeRoot makes a repository root with the real levels.yaml and files.
func writeRoot(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	testtool.CopyFiles(t, root, "..", "levels.yaml")
	testtool.WriteFiles(t, root, files)
	return root
}

const rawHead = "description: imported\nservice_ids: {production: A1, staging: B1, workbench: C1}\ndomains: [legacy]\nbackends:\n  - {name: origin, address: origin.example.net, port: 80}\n"

func TestRawVCL(t *testing.T) {
	tests := []struct {
		name, yaml string
		files      map[string]string
		want       []string // substrings of errors; none means valid
	}{
		{"valid", rawHead + "raw_vcl: {main: vcl/legacy/main.vcl, includes: [vcl/legacy/extra.vcl]}\n",
			map[string]string{"vcl/legacy/main.vcl": "sub vcl_recv {\n}\n", "vcl/legacy/extra.vcl": "# x\n"}, nil},
		{"generated sections", rawHead + "raw_vcl: {main: vcl/legacy/main.vcl}\ntls: {force: true}\ncookies: {strip: true}\ncache: {restart_on_error: true, default_ttl: 1h}\n",
			map[string]string{"vcl/legacy/main.vcl": "sub vcl_recv {\n}\n"},
			[]string{"services/legacy.yaml:7:6: error: tls cannot be combined with raw_vcl", "services/legacy.yaml:8:10: error: cookies cannot be combined with raw_vcl", "services/legacy.yaml:9:27: error: cache.restart_on_error cannot be combined with raw_vcl"}},
		{"bad paths", rawHead + "raw_vcl: {main: vcl/other/main.vcl, includes: [vcl/legacy/local.vcl, vcl/legacy/missing.vcl]}\n",
			map[string]string{"vcl/legacy/local.vcl": "#\n"},
			[]string{`invalid raw VCL path "vcl/other/main.vcl"`, `services/legacy.yaml:6:48: error: VCL name "local" is reserved`, "services/legacy.yaml:6:70: error: cannot read raw VCL vcl/legacy/missing.vcl"}},
		{"neither raw nor generated", rawHead, nil,
			[]string{`services/legacy.yaml:1:1: error: missing required field "tls" in service`, `missing required field "cookies" in service`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"services/legacy.yaml": tt.yaml}
			for k, v := range tt.files {
				files[k] = v
			}
			site, diags := Load(writeRoot(t, files))
			if expectErrorText(t, diags, tt.want) {
				return
			}
			raw := site.Service("legacy").RawVCL
			if len(raw.Sources) != 2 || raw.Sources[0].Name != "main" || raw.Sources[1].Name != "extra" || raw.Sources[1].Content != "# x\n" {
				t.Errorf("sources = %+v", raw.Sources)
			}
		})
	}
}

func TestEmptyESIPaths(t *testing.T) {
	yml := rawHead + "tls: {force: true}\ncookies: {strip: true}\nesi: {paths: []}\n"
	_, diags := Load(writeRoot(t, map[string]string{"services/legacy.yaml": yml}))
	if !hasDiag(diags.Errors(), "services/legacy.yaml:8:14", "esi has no paths") {
		t.Errorf("got %v", diags)
	}
}

// TestPassRuleMatchesNothing: a pass rule whose only matcher failed to
// decode has one error, the matcher's own, not also "matches nothing".
func TestPassRuleMatchesNothing(t *testing.T) {
	tests := []struct {
		name, rule string
		want       []string
	}{
		{"bad regexp", `{path: "^/(x"}`, []string{"services/legacy.yaml:8:15: error: invalid regular expression"}},
		{"methods not a list", `{methods: {get: 1}}`, []string{"services/legacy.yaml:8:18: error: expected a list"}},
		{"bad cookie pattern", `{cookie: "a b"}`, []string{`services/legacy.yaml:8:17: error: invalid cookie name pattern "a b"`}},
		{"empty rule", `{}`, []string{"services/legacy.yaml:8:8: error: pass rule matches nothing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yml := rawHead + "tls: {force: true}\ncookies: {strip: true}\npass: [" + tt.rule + "]\n"
			_, diags := Load(writeRoot(t, map[string]string{"services/legacy.yaml": yml}))
			errs := diags.Errors()
			var got []string
			for _, d := range errs {
				got = append(got, d.String())
			}
			if len(errs) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(errs), len(tt.want), strings.Join(got, "\n"))
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("error %d = %q, want prefix %q", i, got[i], w)
				}
			}
		})
	}
}

const hookHead = "description: hooks\nservice_ids: {production: A1, staging: B1, workbench: C1}\ndomains: [www]\ntls: {force: true}\n" +
	"backends:\n  - {name: origin, address: origin.example.net, port: 443, tls: true}\ncookies: {strip: true}\n"

// TestVCLTextCannotHide: hook and raw VCL text cannot switch falco off with
// its ignore comments, nor hide statements behind a carriage return without
// a line feed (an editor or diff shows "a;\rb;" as one line, or only "b;").
func TestVCLTextCannotHide(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string // whole diagnostics' first lines, or substrings
	}{
		{"clean", "set req.http.X = \"1\";\r\nset req.http.Y = \"2\";\n", nil},
		{"ignore this line", "set req.http.X = \"1\";\nunset req.http.Y; # falco-ignore\n", []string{"vcl/www/recv.vcl:2:21: error: falco-ignore comment: hook and raw VCL text cannot switch falco's checks off"}},
		{"ignore start", "  // falco-ignore-start\nset req.http.X = \"1\";\n", []string{"vcl/www/recv.vcl:1:6: error: falco-ignore comment"}},
		{"ignore next line", "/* falco-ignore-next-line */ set req.http.X = \"1\";\n", []string{"vcl/www/recv.vcl:1:4: error: falco-ignore comment"}},
		{"lone CR", "set req.http.X = \"1\";\rset req.http.Y = \"2\";\n", []string{"vcl/www/recv.vcl:1:22: error: carriage return without a line feed"}},
		{"lone CR after CRLF", "a;\r\nb;\r\rc;\n", []string{"vcl/www/recv.vcl:2:3: error: carriage return without a line feed"}},
		{"not UTF-8", "set req.http.X = \"\xff\";\n", []string{"vcl/www/recv.vcl: error: ", " is not UTF-8 text"}},
		{"NUL byte", "set req.http.X = \"\x00\";\n", []string{"vcl/www/recv.vcl: error: ", " is not UTF-8 text"}},
	}
	for _, tt := range tests {
		for _, raw := range []bool{false, true} {
			name := tt.name + "/hook"
			yaml := hookHead + "hooks: {recv: vcl/www/recv.vcl}\n"
			if raw {
				name = tt.name + "/raw"
				yaml = rawHead + "raw_vcl: {main: vcl/www/recv.vcl}\n"
			}
			t.Run(name, func(t *testing.T) {
				file := "services/www.yaml"
				_, diags := Load(writeRoot(t, map[string]string{file: yaml, "vcl/www/recv.vcl": tt.content}))
				var got []string
				for _, d := range diags.Errors() {
					got = append(got, d.String())
				}
				all := strings.Join(got, "\n")
				if len(tt.want) == 0 && len(got) > 0 {
					t.Fatalf("errors:\n%s", all)
				}
				for _, w := range tt.want {
					if !strings.Contains(all, w) {
						t.Errorf("missing %q in:\n%s", w, all)
					}
				}
				for _, d := range diags.Errors() {
					if d.Hint == "" {
						t.Errorf("no hint: %s", d)
					}
				}
			})
		}
	}
}

// TestLevelValues: values given for one level replace the service's own at
// that level only, and mistakes in them are reported at their key.
func TestLevelValues(t *testing.T) {
	good := rawHead + "tls: {force: true}\ncookies: {strip: true}\nlevels:\n  staging:\n    domains: [legacy-test.example.net]\n    backends:\n      origin: {address: 192.0.2.30, port: 8080}\n    cache: {default_ttl: 1m, stale_if_error: 0s}\n"
	site, diags := Load(writeRoot(t, map[string]string{"services/legacy.yaml": good}))
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	svc := site.Service("legacy")
	st, prod := svc.ForLevel("staging"), svc.ForLevel("production")
	if len(st.Domains) != 1 || st.Domains[0] != "legacy-test.example.net" || st.Backends[0].Address != "192.0.2.30" || st.Backends[0].Port != 8080 || st.Cache.DefaultTTL.Std().Seconds() != 60 {
		t.Errorf("staging = %+v %+v %+v", st.Domains, st.Backends, st.Cache)
	}
	if prod.Domains[0] != "legacy" || prod.Backends[0].Address != "origin.example.net" || svc.Backends[0].Port != 80 {
		t.Errorf("production or the service changed: %+v %+v", prod.Domains, prod.Backends)
	}

	bad := rawHead + "tls: {force: true}\ncookies: {strip: true}\nlevels:\n  stagng:\n    domains: [x]\n  staging:\n    backends:\n      orign: {port: 81}\n"
	_, diags = Load(writeRoot(t, map[string]string{"services/legacy.yaml": bad}))
	errs := diags.Errors()
	for _, w := range []struct{ pos, text, hint string }{
		{"services/legacy.yaml:9:3", `levels names unknown level "stagng"`, `did you mean "staging"?`},
		{"services/legacy.yaml:13:7", `level staging gives values for backend "orign", which is not defined`, `did you mean "origin"?`},
	} {
		if !hasDiag(errs, w.pos, w.text) || !hasHint(errs, w.pos, w.hint) {
			t.Errorf("missing %s: %s (%s) in\n%v", w.pos, w.text, w.hint, diags.Err())
		}
	}
}
