package fastlyfake

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"
)

// TestSeedErrors: bad seeds are errors.
func TestSeedErrors(t *testing.T) {
	tests := []struct {
		name string
		seed ServiceSeed
	}{
		{"no ID", ServiceSeed{Name: "x"}},
		{"bad dictionary name", ServiceSeed{ID: "A", Config: &SeedConfig{Dictionaries: []SeedDictionary{{Name: "1bad"}}}}},
		{"item key too long", ServiceSeed{ID: "B", Config: &SeedConfig{Dictionaries: []SeedDictionary{{Name: "d", Items: map[string]string{strings.Repeat("k", 300): "v"}}}}}},
		{"bad ACL name", ServiceSeed{ID: "C", Config: &SeedConfig{ACLs: []SeedACL{{Name: "private-network"}}}}},
		{"ACL entry not an address", ServiceSeed{ID: "D", Config: &SeedConfig{ACLs: []SeedACL{{Name: "a", Entries: []string{"10.0.0.300/8"}}}}}},
		{"ACL subnet out of range", ServiceSeed{ID: "E", Config: &SeedConfig{ACLs: []SeedACL{{Name: "a", Entries: []string{"10.0.0.0/33"}}}}}},
		{"too many ACL entries", ServiceSeed{ID: "F", Config: &SeedConfig{ACLs: []SeedACL{{Name: "a", Entries: manyEntries(maxACLEntries + 1)}}}}},
	}
	for _, tt := range tests {
		s, err := New(Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Seed(tt.seed); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}

func manyEntries(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)
	}
	return out
}

// TestSeedACL: a seeded ACL is in the active version and its entries are
// listed as go-fastly reads them, negation and subnets included.
func TestSeedACL(t *testing.T) {
	seed := ServiceSeed{ID: "ACLSEED", Config: &SeedConfig{ACLs: []SeedACL{{Name: "private_network", Entries: []string{"10.0.0.0/8", "!10.66.0.0/16", "192.0.2.1"}}}}}
	_, u := NewTest(t, Options{}, seed)
	c := newClient(t, u)
	acls, err := c.ListACLs(&fastly.ListACLsInput{ServiceID: seed.ID, ServiceVersion: 1})
	if err != nil || len(acls) != 1 {
		t.Fatalf("ACLs %v (%v)", acls, err)
	}
	entries, err := c.ListACLEntries(&fastly.ListACLEntriesInput{ServiceID: seed.ID, ACLID: *acls[0].ACLID, Sort: fastly.ToPointer("ip")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, fmt.Sprintf("%s/%d negated=%v", *e.IP, fastly.ToValue(e.Subnet), bool(fastly.ToValue(e.Negated))))
	}
	want := []string{"10.0.0.0/8 negated=false", "10.66.0.0/16 negated=true", "192.0.2.1/0 negated=false"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("entries %v, want %v", got, want)
	}
}
