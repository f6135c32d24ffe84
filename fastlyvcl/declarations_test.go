package fastlyvcl

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/verify"
)

// loadService reads testdata/service.json.
func loadService(t *testing.T) *desired.Service {
	t.Helper()
	src, err := os.ReadFile("testdata/service.json")
	if err != nil {
		t.Fatal(err)
	}
	var svc desired.Service
	if err := json.Unmarshal(src, &svc); err != nil {
		t.Fatal(err)
	}
	return &svc
}

// TestDeclarations renders testdata/service.json and compares it with
// testdata/service.vcl, written by hand: a TLS backend with its probe, a
// backend whose name is not an identifier and whose weight is unset, a
// random and a hash director (no .retries), and a table whose items need
// quoting, keys sorted.
func TestDeclarations(t *testing.T) {
	want, err := os.ReadFile("testdata/service.vcl")
	if err != nil {
		t.Fatal(err)
	}
	if got := Declarations(loadService(t)); got != string(want) {
		t.Errorf("Declarations =\n%s\nwant (testdata/service.vcl)\n%s", got, want)
	}
}

// TestDeclarationsLint: what is rendered is VCL falco accepts without a
// finding, once something uses the objects.
func TestDeclarationsLint(t *testing.T) {
	main := "sub vcl_recv {\n#FASTLY recv\n  if (table.lookup(settings, \"a\") == \"on\") {\n    set req.backend = sticky;\n  } else {\n    set req.backend = pool;\n  }\n  return(lookup);\n}\n"
	files := verify.Files{"generated": Declarations(loadService(t)) + "\ninclude \"main\";\n", "main": main}
	findings, err := verify.Lint(files, "generated")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if f.Severity == verify.SeverityError || f.Severity == verify.SeverityWarning {
			t.Error(f)
		}
	}
}

// TestLinesFrom: every line names the object it comes from, the probe its
// health check, and the blank line before a declaration that declaration's
// object.
func TestLinesFrom(t *testing.T) {
	want := map[string]Ref{
		"backend F_web_1 {":        {KindBackend, "web-1"},
		"  .probe = {":             {KindHealthcheck, "web"},
		"    .initial = 3;":        {KindHealthcheck, "web"},
		"  .ssl = true;":           {KindBackend, "web-1"},
		"director sticky hash {":   {KindDirector, "sticky"},
		"  \"z\": \"last\",":       {KindDictionary, "settings"},
		"table settings STRING {":  {KindDictionary, "settings"},
		"  .max_connections = 50;": {KindBackend, "web_2"},
		"director pool random {":   {KindDirector, "pool"},
		"  .retries = 2;":          {KindDirector, "pool"},
		"  .host = \"192.0.2.2\";": {KindBackend, "web_2"},
	}
	lines := Lines(loadService(t))
	seen := 0
	for i, l := range lines {
		if strings.Contains(l.Text, "\n") {
			t.Errorf("line %d %q holds a newline", i, l.Text)
		}
		if l.Text == "" && (i+1 >= len(lines) || lines[i+1].From != l.From) {
			t.Errorf("blank line %d is from %v, not from the declaration after it", i, l.From)
		}
		if ref, ok := want[l.Text]; ok {
			seen++
			if l.From != ref {
				t.Errorf("%q is from %v, want %v", l.Text, l.From, ref)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("found %d of the %d lines checked", seen, len(want))
	}
}

// TestACLEntriesSorted: an ACL's entries are declared in one order,
// whatever order the API lists them in (Fastly's IDs order its lists).
func TestACLEntriesSorted(t *testing.T) {
	svc := &desired.Service{ACLs: []desired.ACL{{Name: "internal", Entries: []desired.ACLEntry{
		{IP: "203.0.113.18"}, {IP: "2001:db8::", Subnet: 32}, {IP: "198.51.100.9", Negated: true},
		{IP: "198.51.100.0", Subnet: 24}, {IP: "203.0.113.2"},
	}}}}
	want := "\nacl internal {\n" +
		"  \"198.51.100.0\"/24;\n" +
		"  !\"198.51.100.9\";\n" +
		"  \"203.0.113.2\";\n" +
		"  \"203.0.113.18\";\n" +
		"  \"2001:db8::\"/32;\n" +
		"}\n"
	if got := Declarations(svc); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
