package compiler

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/inventory"
)

// tablesSite holds a service with an ACL (the level's VMs, inline entries
// and an entries file, restricting purge and two status paths) and two
// dictionaries (inline and file items; one write-only).
const tablesSite = "../testdata/tables"

func compileTables(t *testing.T) *Result {
	t.Helper()
	site, diags := definition.Load(tablesSite)
	svc := site.Service("good")
	if svc == nil {
		t.Fatal(diags.Err())
	}
	inv, ds := inventory.Load(tablesSite, "production")
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	res, ds := Compile(Input{Service: svc, Level: site.Level("production"), Inventory: inv, Pages: loadPages(t)})
	if ds.HasErrors() {
		t.Fatal(ds.Err())
	}
	return res
}

// TestACLFromInventory: the ACL holds the public address of every VM of
// the level that has one (what Fastly sees as client.ip), never a private
// one, then the definition's own entries.
func TestACLFromInventory(t *testing.T) {
	res := compileTables(t)
	if len(res.Service.ACLs) != 1 || res.Service.ACLs[0].Name != "internal" {
		t.Fatalf("ACLs = %+v", res.Service.ACLs)
	}
	var got []string
	for _, e := range res.Service.ACLs[0].Entries {
		got = append(got, e.String()+" "+e.Comment)
	}
	want := []string{
		"203.0.113.10 VM salt", "203.0.113.11 VM app1", "203.0.113.12 VM app2", "203.0.113.13 VM app3",
		"203.0.113.14 VM blog", "203.0.113.15 VM project", "203.0.113.16 VM piwik", "203.0.113.17 VM notes",
		"203.0.113.18 VM accounts",
		"198.51.100.0/24 services/good.yaml", "!198.51.100.9 services/good.yaml", "2001:db8::/32 services/good.yaml",
		"192.0.2.77 data/office.yaml",
	}
	if !slices.Equal(got, want) {
		t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, e := range res.Service.ACLs[0].Entries {
		if strings.HasPrefix(e.IP, "10.") {
			t.Errorf("private address %s in the ACL: Fastly never sees it", e.IP)
		}
	}
}

// TestDictionariesDeclared: declared dictionaries carry every item and are
// marked declared (their items are the definition's); the settings
// dictionary's items are operated, not declared.
func TestDictionariesDeclared(t *testing.T) {
	res := compileTables(t)
	byName := map[string]desired.Dictionary{}
	for _, d := range res.Service.Dictionaries {
		byName[d.Name] = d
	}
	r := byName["redirects"]
	if !r.Declared || r.WriteOnly || !maps.Equal(r.Items, map[string]string{"/old": "/new", "/a": "/b", "/c": "/d"}) {
		t.Errorf("redirects = %+v", r)
	}
	if k := byName["keys"]; !k.Declared || !k.WriteOnly {
		t.Errorf("keys = %+v", k)
	}
}

// TestTablesDeclaredInLocalVCL: local.vcl declares the ACL and the tables
// as Fastly generates them from the objects, so that falco can lint and
// run VCL that uses them.
func TestTablesDeclaredInLocalVCL(t *testing.T) {
	local := compileTables(t).File(LocalName).Content
	for _, want := range []string{
		"acl internal {\n  \"192.0.2.77\";\n  \"198.51.100.0\"/24;\n  !\"198.51.100.9\";\n  \"203.0.113.10\";\n",
		"  \"203.0.113.18\";\n  \"2001:db8::\"/32;\n}\n",
		"table redirects STRING {\n  \"/a\": \"/b\",\n  \"/c\": \"/d\",\n  \"/old\": \"/new\",\n}\n",
		"table keys STRING {\n",
	} {
		if !strings.Contains(local, want) {
			t.Errorf("local.vcl lacks\n%s\nin\n%s", want, local)
		}
	}
}

// TestRecvRestrictsByACL: vcl_recv refuses a purge and the status paths to
// clients outside the ACL, before anything else can pass or redirect them.
func TestRecvRestrictsByACL(t *testing.T) {
	main := compileTables(t).File(MainName).Content
	purge := `if (req.method == "FASTLYPURGE" && !(client.ip ~ internal)) {`
	paths := `std.tolower(regsuball(urldecode(req.url.path), "/{2,}", "/")) ~ "^(/server-status|/status)(/|$)"`
	for _, want := range []string{purge, paths, `error 403 "Forbidden";`} {
		if !strings.Contains(main, want) {
			t.Errorf("main.vcl lacks %s", want)
		}
	}
	if i, j := strings.Index(main, purge), strings.Index(main, "error 600"); i < 0 || j < 0 || i > j {
		t.Errorf("the purge check must come before the TLS redirect (purge at %d, redirect at %d)", i, j)
	}
}
