package definition

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestTables loads ACLs and dictionaries written inline and in files
// (testdata/tables/services/good.yaml) and checks what each holds.
func TestTables(t *testing.T) {
	site, diags := Load("../testdata/tables")
	good := site.Service("good")
	if good == nil {
		t.Fatalf("good.yaml did not load: %v", diags.Err())
	}
	for _, d := range diags {
		if strings.HasPrefix(d.Pos.File, "services/good.yaml") {
			t.Errorf("good.yaml: %s", d)
		}
	}
	if len(good.ACLs) != 1 {
		t.Fatalf("ACLs = %+v", good.ACLs)
	}
	a := good.ACLs[0]
	var entries []string
	for _, e := range a.Listed {
		entries = append(entries, e.String()+"@"+e.Pos.String())
	}
	want := []string{
		"198.51.100.0/24@services/good.yaml:14:15",
		"!198.51.100.9@services/good.yaml:14:34",
		"2001:db8::/32@services/good.yaml:14:51",
		"192.0.2.77@data/office.yaml:3:5",
	}
	if !slices.Equal(entries, want) {
		t.Errorf("entries = %q, want %q", entries, want)
	}
	if !a.Fleet || !a.Purge || len(a.Paths) != 2 {
		t.Errorf("acl = %+v", a)
	}
	if len(good.Dictionaries) != 2 {
		t.Fatalf("dictionaries = %+v", good.Dictionaries)
	}
	if got, want := good.Dictionaries[0].All, map[string]string{"/old": "/new", "/a": "/b", "/c": "/d"}; !maps.Equal(got, want) {
		t.Errorf("redirects = %v, want %v", got, want)
	}
	if d := good.Dictionaries[1]; !d.WriteOnly || d.All["partner"] != "s3cr3t" {
		t.Errorf("keys = %+v", d)
	}
}

// TestTablesBroken expects every mistake of testdata/tables/services/bad.yaml
// at its file, line and column.
func TestTablesBroken(t *testing.T) {
	_, diags := Load("../testdata/tables")
	want := []struct{ pos, text string }{
		{"services/bad.yaml:13:15", `ACL entry "198.51.100.7/24" has bits set beyond /24`},
		{"services/bad.yaml:13:34", `invalid ACL entry "not-an-ip"`},
		{"services/bad.yaml:13:47", `ACL entry "10.0.0.0/33": /33 is not a prefix length of an IPv4 address`},
		{"services/bad.yaml:13:78", `ACL entry "198.51.100.1" is listed twice`},
		{"services/bad.yaml:14:19", `ACL internal entries_file: cannot read data/missing.yaml`},
		{"services/bad.yaml:15:13", `ACL internal: path "/status?auto" has a query`},
		{"services/bad.yaml:16:11", `ACL name "internal" is already the name of an ACL`},
		{"services/bad.yaml:18:5", `ACL "empty" has no entries`},
		{"services/bad.yaml:19:11", `ACL name "edgectl_x" is reserved`},
		{"services/bad.yaml:23:17", `dictionary redirects items_file: invalid path "../outside.yaml"`},
		{"data/bad-items.yaml:2:3", `dictionary item "k" is given twice`},
		{"data/bad-items.yaml:3:10", `expected`},
		{"services/bad.yaml:27:11", `dictionary name "internal" is already the name of an ACL`},
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.Pos.String()+": "+d.Message)
	}
	for _, w := range want {
		found := false
		for _, d := range diags {
			if d.Pos.String() == w.pos && strings.Contains(d.Message, w.text) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing %s: %s\ngot:\n%s", w.pos, w.text, strings.Join(got, "\n"))
		}
	}
	for _, d := range diags {
		if d.Hint == "" {
			t.Errorf("%s: %s has no hint", d.Pos, d.Message)
		}
	}
}

// TestTableFileOutsideRefused: a data file is read through repofs: a
// symbolic link leading out of the repository is an error naming it.
func TestTableFileOutsideRefused(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../testdata/tables")); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "office.yaml")
	if err := os.WriteFile(outside, []byte("entries: [192.0.2.1]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "data", "office.yaml")
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	_, diags := Load(root)
	for _, d := range diags {
		if d.Pos.String() == "services/good.yaml:15:19" && strings.Contains(d.Message, "data/office.yaml") {
			return
		}
	}
	t.Errorf("no error for the link leading outside:\n%v", diags.Err())
}
