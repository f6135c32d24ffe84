package desired

import "testing"

func TestOwns(t *testing.T) {
	plain := &Service{}
	withACL := &Service{ACLs: []ACL{{Name: "purgers"}}}
	adopting := &Service{Ownership: &Ownership{Adopt: []Kind{KindSnippet}}}
	withDict := &Service{Dictionaries: []Dictionary{{Name: "edgectl_settings"}}}
	for _, tc := range []struct {
		name string
		s    *Service
		kind Kind
		want bool
	}{
		{"backends always", plain, KindBackend, true},
		{"gzip always: compression is decided in VCL", plain, KindGzip, true},
		{"vcl always", plain, KindVCL, true},
		{"acl not declared", plain, KindACL, false},
		{"acl declared", withACL, KindACL, true},
		{"snippet not declared", withACL, KindSnippet, false},
		{"snippet adopted", adopting, KindSnippet, true},
		{"header not adopted", adopting, KindHeader, false},
		{"dictionary declared", withDict, KindDictionary, true},
		{"dictionary not declared", plain, KindDictionary, false},
		{"syslog not declared", plain, KindSyslog, false},
		{"unknown kind", plain, "waf", false},
	} {
		if got := tc.s.Owns(tc.kind); got != tc.want {
			t.Errorf("%s: Owns(%q) = %v, want %v", tc.name, tc.kind, got, tc.want)
		}
	}
}

func TestKeeps(t *testing.T) {
	s := &Service{Ownership: &Ownership{Keep: map[Kind][]string{KindSnippet: {"ngwaf_*"}, KindDictionary: {"Edge_Security"}}}}
	for _, tc := range []struct {
		kind Kind
		name string
		want bool
	}{
		{KindSnippet, "ngwaf_recv", true},
		{KindSnippet, "mine", false},
		{KindDictionary, "Edge_Security", true},
		{KindDictionary, "edge_security", false},
		{KindACL, "ngwaf_x", false},
	} {
		if got := s.Keeps(tc.kind, tc.name); got != tc.want {
			t.Errorf("Keeps(%q, %q) = %v, want %v", tc.kind, tc.name, got, tc.want)
		}
	}
	if (&Service{}).Keeps(KindSnippet, "x") {
		t.Error("a service without ownership keeps nothing")
	}
}
