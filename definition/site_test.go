package definition

import (
	"strings"
	"testing"
)

// TestLoadClashes: what Fastly would refuse in the middle of a publish —
// a domain claimed twice at one level, a Fastly service ID used twice —
// is reported when loading, every clash in one run, at file:line:col.
func TestLoadClashes(t *testing.T) {
	_, diags := Load("../testdata/clash")
	want := []wantError{
		{"services/alpha.yaml:4:3", `service ID "AAAAAAAAAAAAAAAAAAAAAA" is used for both production and workbench`},
		{"services/beta.yaml:4:15", `service ID "AAAAAAAAAAAAAAAAAAAAAA" for level "production" is also used by services/alpha.yaml`},
		{"services/beta.yaml:7:10", `domain docs.webplatform.org (production) is also claimed by services/alpha.yaml`},
		{"services/beta.yaml:7:10", `domain www.webplatform.org (production) is also claimed by services/alpha.yaml`},
		{"services/beta.yaml:7:10", `domain blog.webplatform.org (production) is listed twice (as "blog" and "blog.webplatform.org")`},
	}
	expectErrors(t, diags, want)
}

// TestLevelDomainClash: a domain that a level's own values give (levels:
// X: domains) clashes at that level like any other.
func TestLevelDomainClash(t *testing.T) {
	other := "description: other\nservice_ids: {production: A2, staging: B2, workbench: C2}\ndomains: [other]\n" +
		"backends:\n  - {name: origin, address: origin.example.net, port: 80}\ntls: {force: true}\ncookies: {strip: true}\n"
	legacy := rawHead + "tls: {force: true}\ncookies: {strip: true}\nlevels:\n  staging:\n    domains: [other]\n"
	_, diags := Load(writeRoot(t, map[string]string{"services/legacy.yaml": legacy, "services/other.yaml": other}))
	errs := diags.Errors()
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "domain other.webplatformstaging.org (staging) is also claimed by services/") {
		t.Errorf("want one clash at staging, got:\n%v", diags.Err())
	}
}
