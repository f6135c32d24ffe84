package fastlyplan_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
)

func acl(name string, entries ...desired.ACLEntry) desired.ACL {
	return desired.ACL{Name: name, Entries: entries}
}

func entry(ip string, subnet int, negated bool, comment string) desired.ACLEntry {
	return desired.ACLEntry{IP: ip, Subnet: subnet, Negated: negated, Comment: comment}
}

// changeStrings writes each change as "action kind name field=old->new ...".
func changeStrings(p *fastlyplan.Plan) []string {
	var out []string
	for _, c := range p.Changes {
		s := fmt.Sprintf("%s %s %s", c.Action, c.Kind, c.Name)
		for _, f := range c.Fields {
			s += fmt.Sprintf(" %s=%v->%v", f.Name, f.Old, f.New)
		}
		if c.Drift {
			s += " drift"
		}
		out = append(out, s)
	}
	return out
}

// TestCompareVersionless: ACL entries and the items of declared
// dictionaries are compared one by one, each change naming its entry or
// item; comments are not compared; the settings dictionary's items
// (operated by edgectl maintenance) and items not read are not compared;
// a write-only dictionary's items cannot be read: a note says so.
func TestCompareVersionless(t *testing.T) {
	redirects := func(items map[string]string) desired.Dictionary {
		return desired.Dictionary{Name: "redirects", Items: items, Declared: true}
	}
	for _, c := range []struct {
		name            string
		current, target fastlyplan.Config
		want            []string
		versioned       bool
		note            string
	}{
		{
			name:    "entries added and removed, comments ignored",
			current: fastlyplan.Config{ACLs: []desired.ACL{acl("internal", entry("203.0.113.10", 0, false, "by hand"), entry("192.0.2.66", 0, false, ""))}},
			target:  fastlyplan.Config{ACLs: []desired.ACL{acl("internal", entry("203.0.113.10", 0, false, "VM salt"), entry("198.51.100.0", 24, false, ""), entry("198.51.100.9", 0, true, ""))}},
			want: []string{
				"create acl_entry internal !198.51.100.9",
				"delete acl_entry internal 192.0.2.66 drift",
				"create acl_entry internal 198.51.100.0/24",
			},
		},
		{
			name:    "a negation changed is one entry removed, one added",
			current: fastlyplan.Config{ACLs: []desired.ACL{acl("internal", entry("198.51.100.9", 0, false, ""))}},
			target:  fastlyplan.Config{ACLs: []desired.ACL{acl("internal", entry("198.51.100.9", 0, true, ""))}},
			want:    []string{"create acl_entry internal !198.51.100.9", "delete acl_entry internal 198.51.100.9 drift"},
		},
		{
			name:      "a new ACL is a versioned object and its entries",
			target:    fastlyplan.Config{ACLs: []desired.ACL{acl("internal", entry("203.0.113.10", 0, false, ""))}},
			want:      []string{"create acl internal", "create acl_entry internal 203.0.113.10"},
			versioned: true,
		},
		{
			name:    "entries not read are not compared",
			current: fastlyplan.Config{ACLs: []desired.ACL{{Name: "internal"}}},
			target:  fastlyplan.Config{ACLs: []desired.ACL{acl("internal", entry("203.0.113.10", 0, false, ""))}},
		},
		{
			name:    "items added, changed and removed",
			current: fastlyplan.Config{Dictionaries: []desired.Dictionary{{Name: "redirects", Items: map[string]string{"/a": "/b", "/c": "/x", "/gone": "/y"}}}},
			target:  fastlyplan.Config{Dictionaries: []desired.Dictionary{redirects(map[string]string{"/a": "/b", "/c": "/d", "/new": "/e"})}},
			want: []string{
				`update dictionary_item redirects["/c"] value=/x->/d`,
				`delete dictionary_item redirects["/gone"] drift`,
				`create dictionary_item redirects["/new"] value=<nil>->/e`,
			},
		},
		{
			name:      "a new declared dictionary and its items",
			target:    fastlyplan.Config{Dictionaries: []desired.Dictionary{redirects(map[string]string{"/a": "/b"})}},
			want:      []string{"create dictionary redirects write_only=<nil>->false", `create dictionary_item redirects["/a"] value=<nil>->/b`},
			versioned: true,
		},
		{
			name:    "the settings dictionary's items are operated, not compared",
			current: fastlyplan.Config{Dictionaries: []desired.Dictionary{{Name: "edgectl_settings", Items: map[string]string{"maintenance": "on", "other": "x"}}}},
			target:  fastlyplan.Config{Dictionaries: []desired.Dictionary{{Name: "edgectl_settings", Items: map[string]string{"maintenance": "off"}}}},
		},
		{
			name:    "items not read are not compared",
			current: fastlyplan.Config{Dictionaries: []desired.Dictionary{{Name: "redirects"}}},
			target:  fastlyplan.Config{Dictionaries: []desired.Dictionary{redirects(map[string]string{"/a": "/b"})}},
		},
		{
			name:    "write-only items cannot be compared",
			current: fastlyplan.Config{Dictionaries: []desired.Dictionary{{Name: "keys", WriteOnly: true}}},
			target:  fastlyplan.Config{Dictionaries: []desired.Dictionary{{Name: "keys", WriteOnly: true, Declared: true, Items: map[string]string{"partner": "s3cr3t"}}}},
			note:    "dictionary keys is write-only",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := fastlyplan.Compare(&c.current, &c.target, fastlyplan.Labels{})
			if got := changeStrings(p); !slices.Equal(got, c.want) {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if got := p.Versioned(); got != c.versioned {
				t.Errorf("Versioned() = %v, want %v", got, c.versioned)
			}
			if c.note != "" && !slices.ContainsFunc(p.Notes, func(n string) bool { return strings.Contains(n, c.note) }) {
				t.Errorf("notes %q lack %q", p.Notes, c.note)
			}
			if c.note == "" && len(p.Notes) > 0 {
				t.Errorf("unexpected notes %q", p.Notes)
			}
		})
	}
}

// TestBatches: the versionless changes become batch writes, one per ACL
// or dictionary, at most 1,000 operations each (Fastly's batch limit), and
// none of them is a versioned operation.
func TestBatches(t *testing.T) {
	var cur, target []desired.ACLEntry
	for i := 0; i < 1001; i++ {
		target = append(target, entry(fmt.Sprintf("198.51.%d.%d", i/256, i%256), 0, false, ""))
	}
	gone := entry("192.0.2.66", 0, false, "")
	gone.ID = "e-gone"
	cur = append(cur, gone)
	p := fastlyplan.Compare(
		&fastlyplan.Config{ACLs: []desired.ACL{acl("internal", cur...)}, Dictionaries: []desired.Dictionary{{Name: "redirects", Items: map[string]string{"/x": "/y"}}}},
		&fastlyplan.Config{ACLs: []desired.ACL{acl("internal", target...)}, Dictionaries: []desired.Dictionary{{Name: "redirects", Declared: true, Items: map[string]string{"/a": "/b"}}}},
		fastlyplan.Labels{})
	ops, err := p.Operations()
	if err != nil || len(ops) != 0 {
		t.Fatalf("versioned operations %v, %v; want none", ops, err)
	}
	var got []string
	for _, b := range p.Batches() {
		got = append(got, fmt.Sprintf("%s %s %d", b.Kind, b.Table, len(b.Ops)))
	}
	want := []string{"dictionary_item redirects 2", "acl_entry internal 1000", "acl_entry internal 2"}
	if !slices.Equal(got, want) {
		t.Errorf("batches %q, want %q", got, want)
	}
	first := p.Batches()[1].Ops[0]
	if first.Op != "delete" || first.Entry.ID != "e-gone" {
		t.Errorf("first op = %+v, want the delete of e-gone (deletes first)", first)
	}
}
