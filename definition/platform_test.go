package definition

import (
	"strings"
	"testing"
)

// genHead is a generated (not raw) service up to its cache section.
const genHead = "description: d\nservice_ids: {production: A1, staging: B1, workbench: C1}\ndomains: [legacy]\ntls: {force: true}\ncookies: {strip: true}\n"

// TestPassCookieNotKept: with a keep list the filter runs on passed requests
// too, so a pass rule on a cookie the list drops passes the request without
// the cookie the origin needed: a warning at the rule.
func TestPassCookieNotKept(t *testing.T) {
	head := "description: d\nservice_ids: {production: A1, staging: B1, workbench: C1}\ndomains: [legacy]\ntls: {force: true}\nbackends: [{name: origin, address: origin.example.net, port: 80}]\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"kept by a wildcard", head + "pass: [{cookie: wordpress_logged_in_*}]\ncookies: {keep: [wordpress_*]}\n", ""},
		{"kept exactly", head + "pass: [{cookie: sid}]\ncookies: {keep: [sid]}\n", ""},
		{"not kept", head + "pass: [{cookie: PHPSESSID}]\ncookies: {keep: [sid, wp*]}\n", "services/legacy.yaml:6:17: warning: pass rule cookie \"PHPSESSID\" is not in cookies.keep"},
		{"cookieless", head + "pass: [{cookie: PHPSESSID}]\ncookies: {strip: true}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Load(writeRoot(t, map[string]string{"services/legacy.yaml": tt.yaml}))
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			got := ""
			for _, d := range diags.Warnings() {
				got += d.String() + "\n"
			}
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("warnings:\n%s\nwant %q", got, tt.want)
			}
		})
	}
}

// TestBetweenBytesCapped: past 60 s Fastly's own hop between cluster nodes
// gives up first, so a longer between_bytes_timeout is a warning.
func TestBetweenBytesCapped(t *testing.T) {
	yml := genHead + "backends:\n  - name: origin\n    address: origin.example.net\n    port: 80\n    between_bytes_timeout: 2m\n"
	_, diags := Load(writeRoot(t, map[string]string{"services/legacy.yaml": yml}))
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	want := "services/legacy.yaml:10:28: warning: backend \"origin\": between_bytes_timeout 2m is more than the 60s Fastly waits between cluster nodes"
	if got := diags.Warnings(); len(got) != 1 || !strings.Contains(got[0].String(), want) {
		t.Errorf("warnings %v, want %q", got, want)
	}
}

// TestPlatformLimits: settings Fastly deprecates, or that break its limits,
// are refused at their own line and column, with a hint.
func TestPlatformLimits(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // "file:line:col: error: text" substrings; none means valid
		hint       string   // a substring of the first error's hint
	}{
		{"grace is gone",
			genHead + "backends: [{name: origin, address: origin.example.net, port: 80}]\ncache:\n  default_ttl: 1h\n  grace: 6h\n",
			[]string{"services/legacy.yaml:9:10: error: cache.grace is no longer supported"}, "stale_if_error: 6h"},
		{"stale_while_revalidate",
			genHead + "backends: [{name: origin, address: origin.example.net, port: 80}]\ncache: {stale_while_revalidate: 30s, stale_if_error: 1d}\n",
			nil, ""},
		{"grace beside stale_if_error",
			genHead + "backends: [{name: origin, address: origin.example.net, port: 80}]\ncache: {grace: 1d, stale_if_error: 1d}\n",
			[]string{"services/legacy.yaml:7:16: error: cache.grace is no longer supported"}, "remove it"},
		{"stale_while_revalidate with raw_vcl",
			rawHead + "raw_vcl: {main: vcl/legacy/main.vcl}\ncache: {stale_while_revalidate: 1m}\n",
			[]string{"services/legacy.yaml:7:33: error: cache.stale_while_revalidate cannot be combined with raw_vcl"}, "raw_vcl"},
		{"strip_set_cookie with a keep list",
			"description: d\nservice_ids: {production: A1, staging: B1, workbench: C1}\ndomains: [legacy]\ntls: {force: true}\nbackends: [{name: origin, address: origin.example.net, port: 80}]\ncookies: {keep: [sid], strip_set_cookie: true}\n",
			nil, ""},
		{"strip_set_cookie on a cookieless service",
			"description: d\nservice_ids: {production: A1, staging: B1, workbench: C1}\ndomains: [legacy]\ntls: {force: true}\nbackends: [{name: origin, address: origin.example.net, port: 80}]\ncookies: {strip: true, strip_set_cookie: true}\n",
			[]string{"services/legacy.yaml:6:42: error: strip_set_cookie is implied by strip: true"}, "remove it"},
		{"timeouts beyond the cluster hop",
			genHead + "backends:\n  - name: origin\n    address: origin.example.net\n    port: 80\n    connect_timeout: 15s\n    first_byte_timeout: 50s\n",
			[]string{"services/legacy.yaml:11:25: error: backend \"origin\": connect_timeout 15s + first_byte_timeout 50s = 65s exceeds Fastly's 60s between cluster nodes"}, "connect_timeout of 1s to 3s"},
		{"default connect timeout counts",
			genHead + "backends:\n  - name: origin\n    address: origin.example.net\n    port: 80\n    first_byte_timeout: 1m\n",
			[]string{"services/legacy.yaml:10:25: error: backend \"origin\": connect_timeout 1s + first_byte_timeout 1m = 61s exceeds"}, "first_byte_timeout"},
		{"retries beyond the cluster hop",
			genHead + "backends:\n  - name: app\n    role: app\n    port: 80\n    connect_timeout: 6s\n    first_byte_timeout: 30s\n    director: {type: random, retries: 5}\n",
			[]string{"services/legacy.yaml:12:39: error: backend \"app\": (5 retries + 1) × connect_timeout 6s + first_byte_timeout 30s = 66s exceeds"}, "retries"},
		{"retries within the cluster hop",
			genHead + "backends:\n  - name: app\n    role: app\n    port: 80\n    connect_timeout: 3s\n    first_byte_timeout: 30s\n    director: {type: random, retries: 2, quorum: 50}\n",
			nil, ""},
		{"quorum zero",
			genHead + "backends:\n  - name: app\n    role: app\n    port: 80\n    director: {type: random, quorum: 0}\n",
			[]string{"services/legacy.yaml:10:38: error: quorum 0% never makes the director unhealthy"}, "at least one healthy"},
		{"negative retries",
			genHead + "backends:\n  - name: app\n    role: app\n    port: 80\n    director: {type: random, retries: -1}\n",
			[]string{"services/legacy.yaml:10:39: error: retries -1 is negative"}, "0 or more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Load(writeRoot(t, map[string]string{"services/legacy.yaml": tt.yaml, "vcl/legacy/main.vcl": "sub vcl_recv {\n}\n"}))
			if !expectErrorText(t, diags, tt.want) {
				return
			}
			if errs := diags.Errors(); len(errs) > 0 && !strings.Contains(errs[0].Hint, tt.hint) {
				t.Errorf("hint %q lacks %q", errs[0].Hint, tt.hint)
			}
		})
	}
}
