package fastlyvcl

import "testing"

// TestPolicies: the policy names of Fastly's director declaration
// (https://www.fastly.com/documentation/reference/vcl/declarations/director/)
// map to the type numbers of the API's director object (1 random, 3 hash,
// 4 client; go-fastly's DirectorTypeRandom, DirectorTypeHash and
// DirectorTypeClient), both ways; round-robin (2) and unknown names have
// no mapping.
func TestPolicies(t *testing.T) {
	tests := []struct {
		name string
		api  int
	}{{"random", 1}, {"hash", 3}, {"client", 4}}
	if len(Policies) != len(tests) {
		t.Fatalf("Policies = %v, want %d", Policies, len(tests))
	}
	for _, tt := range tests {
		if got, ok := PolicyAPI(tt.name); !ok || got != tt.api {
			t.Errorf("PolicyAPI(%q) = %d, %v; want %d", tt.name, got, ok, tt.api)
		}
		if got, ok := PolicyName(tt.api); !ok || got != tt.name {
			t.Errorf("PolicyName(%d) = %q, %v; want %q", tt.api, got, ok, tt.name)
		}
	}
	if _, ok := PolicyName(2); ok {
		t.Error("PolicyName(2) maps round-robin, which the director declaration does not have")
	}
	if _, ok := PolicyAPI("fallback"); ok {
		t.Error(`PolicyAPI("fallback") maps a policy the API has no type for`)
	}
}
