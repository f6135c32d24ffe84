package fastlyplan_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

// webUIObjects adds to a remote configuration what a service set up in the
// web UI, or by another team, carries beside edgectl's objects: a snippet,
// an ACL, a header, a condition and a dictionary Fastly manages.
func webUIObjects(cur *fastlyplan.Config) {
	cur.Snippets = append(cur.Snippets, desired.Snippet{Name: "ngwaf_recv", Type: "recv", Priority: 10, Content: "# waf\n"})
	cur.Unmanaged = append(cur.Unmanaged, fastlyplan.Object{Kind: "acl", Name: "office"})
	cur.Headers = append(cur.Headers, desired.Header{Name: "x-served-by", Action: "set", Type: "response", Dst: "http.X-Served-By", Src: "server.identity"})
	cur.Conditions = append(cur.Conditions, desired.Condition{Name: "is-api", Type: "REQUEST", Statement: `req.url ~ "^/api/"`})
	cur.Dictionaries = append(cur.Dictionaries, desired.Dictionary{Name: "Edge_Security"})
}

// TestCompareOwnership: publish changes only the kinds the target owns.
// Objects of other kinds on Fastly are never changes.
func TestCompareOwnership(t *testing.T) {
	for _, c := range []struct {
		name string
		// service changes the desired state before its configuration is made.
		service func(s *desired.Service)
		want    []string
		// notManaged and kept are the plan's lists, "kind name".
		notManaged, kept []string
	}{
		{"nothing declared: nothing deleted", func(s *desired.Service) { s.Dictionaries = nil }, nil,
			[]string{"dictionary Edge_Security", "condition is-api", "header x-served-by", "snippet ngwaf_recv", "acl office"}, nil},
		{"a declared dictionary owns the kind", func(s *desired.Service) {},
			[]string{"delete dictionary Edge_Security"},
			[]string{"condition is-api", "header x-served-by", "snippet ngwaf_recv", "acl office"}, nil},
		{"keep saves a Fastly-managed dictionary", func(s *desired.Service) {
			s.Ownership = &desired.Ownership{Keep: map[desired.Kind][]string{desired.KindDictionary: {"Edge_*"}}}
		}, nil,
			[]string{"condition is-api", "header x-served-by", "snippet ngwaf_recv", "acl office"}, []string{"dictionary Edge_Security"}},
		{"adopted kinds are cleared", func(s *desired.Service) {
			s.Dictionaries = nil
			s.Ownership = &desired.Ownership{Adopt: []desired.Kind{desired.KindCondition, desired.KindSnippet}}
		}, []string{"delete condition is-api", "delete snippet ngwaf_recv"},
			[]string{"dictionary Edge_Security", "header x-served-by", "acl office"}, nil},
		{"adopted, but kept by name", func(s *desired.Service) {
			s.Dictionaries = nil
			s.Ownership = &desired.Ownership{Adopt: []desired.Kind{desired.KindSnippet}, Keep: map[desired.Kind][]string{desired.KindSnippet: {"ngwaf_*"}}}
		}, nil,
			[]string{"dictionary Edge_Security", "condition is-api", "header x-served-by", "acl office"}, []string{"snippet ngwaf_recv"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, _ := fastlytest.Demo(t, true)
			c.service(d.Service)
			target, err := d.Config()
			if err != nil {
				t.Fatal(err)
			}
			cur := fastlytest.Clone(target)
			webUIObjects(cur)
			p := fastlyplan.Compare(cur, target, fastlyplan.Labels{})
			if got := fastlytest.Summary(p); !slices.Equal(got, c.want) {
				t.Errorf("plan\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
			if p.Empty() != (len(c.want) == 0) || p.Count() != len(c.want) {
				t.Errorf("Empty %v, Count %d for %d changes", p.Empty(), p.Count(), len(c.want))
			}
			if got := objectNames(p.NotManaged); !slices.Equal(got, c.notManaged) {
				t.Errorf("not managed %q, want %q", got, c.notManaged)
			}
			if got := objectNames(p.Kept); !slices.Equal(got, c.kept) {
				t.Errorf("kept %q, want %q", got, c.kept)
			}
		})
	}
}

func objectNames(objs []fastlyplan.Object) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.Kind+" "+o.Name)
	}
	return out
}

// TestCompareRollbackOwnsAll: a rollback target is a version of Fastly
// (no Owner): it owns every kind, so what the old version lacks goes.
func TestCompareRollbackOwnsAll(t *testing.T) {
	_, target := fastlytest.Demo(t, true)
	old := fastlytest.Clone(target)
	old.Owner = nil
	cur := fastlytest.Clone(target)
	webUIObjects(cur)
	p := fastlyplan.Compare(cur, old, fastlyplan.Labels{})
	want := []string{"delete dictionary Edge_Security", "delete condition is-api", "delete header x-served-by", "delete snippet ngwaf_recv", "delete acl office"}
	if got := fastlytest.Summary(p); !slices.Equal(got, want) || len(p.NotManaged)+len(p.Kept) != 0 {
		t.Errorf("plan %q (not managed %v, kept %v), want %q", got, p.NotManaged, p.Kept, want)
	}
}

// TestOwnershipName: the hints name the kinds as an ownership section
// spells them.
func TestOwnershipName(t *testing.T) {
	for name, kind := range definition.OwnershipKinds {
		if got := fastlyplan.OwnershipName(kind); got != name {
			t.Errorf("OwnershipName(%q) = %q, the ownership section says %q", kind, got, name)
		}
	}
}
