package fastlysync

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

// diffNow reads the active version and its versionless data, as edgectl
// diff does, and compares it with target.
func diffNow(t *testing.T, c *fastlyapi.Client, target *fastlyplan.Config) *fastlyplan.Plan {
	t.Helper()
	r := mustRead(t, c)
	if err := c.ReadVersionless(fastlytest.DemoID, r, target); err != nil {
		t.Fatal(err)
	}
	return fastlyplan.Compare(r.Config, target, fastlyplan.Labels{})
}

// versions counts the demo service's versions.
func versions(t *testing.T, c *fastlyapi.Client) int {
	t.Helper()
	return len(mustRead(t, c).Versions)
}

// publishWithoutVersion publishes target, whose difference from the active
// version (base) is versionless data only, and checks that it made one
// batch write to route, no object write and no version, and that Fastly
// then holds target.
func publishWithoutVersion(t *testing.T, sb *fastlyfake.Server, c *fastlyapi.Client, target *fastlyplan.Config, base int, route string) {
	t.Helper()
	before := versions(t, c)
	sb.ResetRequests()
	res, err := publish(c, target, base, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Versionless || res.Version != base || len(res.Batches) != 1 || len(res.Operations) != 0 {
		t.Errorf("result %+v, want one batch and version %d still active", res, base)
	}
	if got := fastlytest.Writes(sb); !slices.Equal(got, []string{"PATCH " + route}) {
		t.Errorf("writes %q, want one batch write", got)
	}
	if after := versions(t, c); after != before {
		t.Errorf("%d versions after a versionless publish, %d before", after, before)
	}
	if p := diffNow(t, c, target); !p.Empty() {
		t.Errorf("after the versionless publish: %v", fastlytest.Summary(p))
	}
}

// TestPublishDictionaryItems: a declared dictionary is created in a new
// version with its items written before activation; an item added on
// Fastly is drift naming it, and the next publish removes it with one
// batch write and no new version.
func TestPublishDictionaryItems(t *testing.T) {
	sb, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	target.Dictionaries = append(target.Dictionaries, desired.Dictionary{Name: "redirects", Declared: true, Items: map[string]string{"/old": "/new", "/a": "/b"}})
	res, err := publish(c, target, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != 2 {
		t.Fatalf("result %+v", res)
	}
	if p := diffNow(t, c, target); !p.Empty() {
		t.Fatalf("after the publish: %v", fastlytest.Summary(p))
	}
	if got := sb.Count("PATCH", fastlyfake.RouteItems); got != 1 {
		t.Errorf("%d batch writes of items, want 1", got)
	}

	// Someone adds an item and changes another on Fastly.
	id := mustRead(t, c).DictionaryIDs["redirects"]
	for k, v := range map[string]string{"/by-hand": "/x", "/a": "/changed"} {
		if err := c.SetDictionaryItem(fastlytest.DemoID, id, k, v); err != nil {
			t.Fatal(err)
		}
	}
	p := diffNow(t, c, target)
	var got []string
	for _, ch := range p.Changes {
		got = append(got, string(ch.Action)+" "+ch.Kind+" "+ch.Name)
	}
	want := []string{`update dictionary_item redirects["/a"]`, `delete dictionary_item redirects["/by-hand"]`}
	if !slices.Equal(got, want) {
		t.Errorf("drift %q, want %q", got, want)
	}
	if p.Versioned() {
		t.Error("item drift is versioned")
	}

	publishWithoutVersion(t, sb, c, target, 2, fastlyfake.RouteItems)
}

// TestMaintenanceItemNotDiffed: the maintenance switch's item is operated,
// not declared: flipping it is no difference, and a publish leaves it.
func TestMaintenanceItemNotDiffed(t *testing.T) {
	_, c, target := publishedDemo(t)
	r := mustRead(t, c)
	if err := c.SetDictionaryItem(fastlytest.DemoID, r.DictionaryIDs["edgectl_settings"], "maintenance", "on"); err != nil {
		t.Fatal(err)
	}
	if p := diffNow(t, c, target); !p.Empty() {
		t.Errorf("the switch shows in the diff: %v", fastlytest.Summary(p))
	}
	res, err := publish(c, target, 2, nil)
	if err != nil || res.Version != 0 {
		t.Fatalf("publish: %+v, %v", res, err)
	}
	v, _, err := c.DictionaryItem(fastlytest.DemoID, r.DictionaryIDs["edgectl_settings"], "maintenance")
	if err != nil || !strings.EqualFold(v, "on") {
		t.Errorf("maintenance = %q, %v after a publish; want on", v, err)
	}
}

// TestPublishACLEntries: an ACL is created in a new version with its
// entries written before activation; an entry added on Fastly (through
// go-fastly, as the web UI would) is drift naming it, and publish removes
// it with one batch write and no new version.
func TestPublishACLEntries(t *testing.T) {
	sb, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	target.ACLs = []desired.ACL{{Name: "internal", Entries: []desired.ACLEntry{
		{IP: "203.0.113.10", Comment: "VM salt"}, {IP: "198.51.100.0", Subnet: 24}, {IP: "198.51.100.9", Negated: true},
	}}}
	res, err := publish(c, target, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != 2 || len(res.Batches) != 1 {
		t.Fatalf("result %+v", res)
	}
	if p := diffNow(t, c, target); !p.Empty() {
		t.Fatalf("after the publish: %v", fastlytest.Summary(p))
	}

	// Someone adds an entry on Fastly.
	fc := fastlytest.GoFastly(t, sb)
	if _, err := fc.CreateACLEntry(&fastly.CreateACLEntryInput{ServiceID: fastlytest.DemoID, ACLID: mustRead(t, c).DictionaryIDs[fastlyapi.ACLKey("internal")], IP: fastly.ToPointer("192.0.2.66"), Comment: fastly.ToPointer("by hand")}); err != nil {
		t.Fatal(err)
	}
	p := diffNow(t, c, target)
	var got []string
	for _, ch := range p.Changes {
		got = append(got, string(ch.Action)+" "+ch.Kind+" "+ch.Name)
	}
	if want := []string{"delete acl_entry internal 192.0.2.66"}; !slices.Equal(got, want) {
		t.Errorf("drift %q, want %q", got, want)
	}
	var text strings.Builder
	if err := fastlyplan.Text(&text, []*fastlyplan.Plan{p}, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "- acl_entry internal 192.0.2.66: on Fastly but not in the source; will be removed") {
		t.Errorf("the diff does not name the entry:\n%s", text.String())
	}

	publishWithoutVersion(t, sb, c, target, 2, fastlyfake.RouteACLEntries)
}

// TestPublishACLResumesDraft: a publish that stops after creating the ACL
// and writing its entries (validation fails) leaves a draft; the next
// publish reuses it, reads the draft's ACL entries, writes none again and
// activates it with every entry.
func TestPublishACLResumesDraft(t *testing.T) {
	sb, c := fastlytest.NewSandbox(t)
	_, target := fastlytest.Demo(t, true)
	target.ACLs = []desired.ACL{{Name: "internal", Entries: []desired.ACLEntry{{IP: "203.0.113.10"}, {IP: "198.51.100.0", Subnet: 24}}}}
	stop := func(step string) error {
		if step == "validate" {
			return errors.New("injected")
		}
		return nil
	}
	if _, err := publish(c, target, 1, stop); err == nil || !strings.Contains(err.Error(), "draft version 2") {
		t.Fatalf("first publish: %v", err)
	}
	sb.ResetRequests()
	res, err := publish(c, target, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != 2 || !res.Reused || len(res.Batches) != 0 {
		t.Errorf("result %+v, want draft 2 reused with no batch left to write", res)
	}
	if n := sb.Count("PATCH", fastlyfake.RouteACLEntries); n != 0 {
		t.Errorf("%d batch writes on resume, want 0", n)
	}
	if p := diffNow(t, c, target); !p.Empty() {
		t.Errorf("after the resumed publish: %v", fastlytest.Summary(p))
	}
}
