package fastlyapi_test

import (
	"testing"

	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/internal/fastlyfake"
)

// TestPurge purges a URL, one key, several keys and everything against
// the sandbox, and expects the sandbox to have seen each as asked.
func TestPurge(t *testing.T) {
	const id = "purgeApiService0000001"
	sb, u := fastlyfake.NewTest(t, fastlyfake.Options{}, fastlyfake.ServiceSeed{ID: id, Name: "docs"})
	c, err := fastlyapi.NewClient(fastlyapi.Options{Token: fastlyfake.TestToken, URL: u})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		run  func() (map[string]string, error)
		want fastlyfake.Purge
	}{
		{"url", func() (map[string]string, error) { return c.PurgeURL("docs.webplatform.org/wiki/", true) },
			fastlyfake.Purge{Kind: fastlyfake.PurgeURL, URL: "docs.webplatform.org/wiki/", Soft: true}},
		{"one key", func() (map[string]string, error) { return c.PurgeKeys(id, []string{"wiki-CSS"}, false) },
			fastlyfake.Purge{Kind: fastlyfake.PurgeKey, ServiceID: id, Keys: []string{"wiki-CSS"}}},
		{"keys", func() (map[string]string, error) { return c.PurgeKeys(id, []string{"a", "b"}, true) },
			fastlyfake.Purge{Kind: fastlyfake.PurgeKey, ServiceID: id, Keys: []string{"a", "b"}, Soft: true}},
		{"all", func() (map[string]string, error) { return nil, c.PurgeAll(id) },
			fastlyfake.Purge{Kind: fastlyfake.PurgeAll, ServiceID: id}},
	}
	for i, s := range steps {
		ids, err := s.run()
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if s.want.Kind != fastlyfake.PurgeAll && len(ids) == 0 {
			t.Errorf("%s: no purge ID", s.name)
		}
		got := sb.Purges()
		if len(got) != i+1 {
			t.Fatalf("%s: %d purges recorded, want %d", s.name, len(got), i+1)
		}
		if g := got[i]; !g.Same(s.want) {
			t.Errorf("%s: recorded %+v, want %+v", s.name, g, s.want)
		}
	}
	if _, err := c.PurgeKeys("unknownService", []string{"x"}, false); err == nil {
		t.Error("purging an unknown service succeeded")
	}
}
