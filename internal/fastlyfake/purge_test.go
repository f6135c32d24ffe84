package fastlyfake

import (
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"
)

// TestPurgesRecorded purges through go-fastly's client, as edgectl purge
// does, and expects each purge answered and recorded in order.
func TestPurgesRecorded(t *testing.T) {
	const id = "purgeService0000000001"
	s, c := purgeSandbox(t, id)
	if p, err := c.Purge(&fastly.PurgeInput{URL: "docs.webplatform.org/wiki/CSS?action=raw", Soft: true}); err != nil || fastly.ToValue(p.Status) != "ok" || fastly.ToValue(p.PurgeID) == "" {
		t.Fatalf("purge URL: %+v, %v", p, err)
	}
	if p, err := c.PurgeKey(&fastly.PurgeKeyInput{ServiceID: id, Key: "wiki-CSS"}); err != nil || fastly.ToValue(p.Status) != "ok" {
		t.Fatalf("purge key: %+v, %v", p, err)
	}
	m, err := c.PurgeKeys(&fastly.PurgeKeysInput{ServiceID: id, Keys: []string{"a", "b"}, Soft: true})
	if err != nil || len(m) != 2 || m["a"] == "" || m["b"] == "" {
		t.Fatalf("purge keys: %v, %v", m, err)
	}
	if p, err := c.PurgeAll(&fastly.PurgeAllInput{ServiceID: id}); err != nil || fastly.ToValue(p.Status) != "ok" {
		t.Fatalf("purge all: %+v, %v", p, err)
	}
	want := []Purge{
		{Kind: PurgeURL, URL: "docs.webplatform.org/wiki/CSS?action=raw", Soft: true},
		{Kind: PurgeKey, ServiceID: id, Keys: []string{"wiki-CSS"}},
		{Kind: PurgeKey, ServiceID: id, Keys: []string{"a", "b"}, Soft: true},
		{Kind: PurgeAll, ServiceID: id},
	}
	got := s.Purges()
	if len(got) != len(want) {
		t.Fatalf("purges %+v, want %+v", got, want)
	}
	for i := range want {
		g := got[i]
		if g.ID == "" && g.Kind != PurgeAll {
			t.Errorf("purge %d has no ID", i)
		}
		if !g.Same(want[i]) {
			t.Errorf("purge %d: %+v, want %+v", i, g, want[i])
		}
	}
}

// TestPurgeRefusals: an unknown service is Fastly's 400; a batch over
// Fastly's 256 keys and an empty key list are refused.
func TestPurgeRefusals(t *testing.T) {
	const id = "purgeService0000000002"
	s, c := purgeSandbox(t, id)
	if _, err := c.PurgeAll(&fastly.PurgeAllInput{ServiceID: "nosuchservice"}); err == nil {
		t.Error("purge all of an unknown service succeeded")
	}
	keys := make([]string, 257)
	for i := range keys {
		keys[i] = "k" + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	if _, err := c.PurgeKeys(&fastly.PurgeKeysInput{ServiceID: id, Keys: keys}); err == nil {
		t.Error("a batch of 257 keys was accepted")
	}
	if n := len(s.Purges()); n != 0 {
		t.Errorf("%d purges recorded after refusals", n)
	}
}

// purgeSandbox starts a sandbox holding service id and a go-fastly client of it.
func purgeSandbox(t *testing.T, id string) (*Server, *fastly.Client) {
	t.Helper()
	s, u := NewTest(t, Options{}, ServiceSeed{ID: id, Name: "purged"})
	c, err := fastly.NewClientForEndpoint(TestToken, u)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}
