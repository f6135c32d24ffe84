package session

import (
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/internal/testtool"
)

// purgeSite is a site with docs at two levels under their TLDs.
func purgeSite() *definition.Site {
	return &definition.Site{
		Levels: []definition.Level{{Name: "production", TLD: "webplatform.org"}, {Name: "staging", TLD: "webplatformstaging.org"}},
		Services: []*definition.Service{{
			Name: "docs", File: "services/docs.yaml", Domains: []definition.Hostname{"docs"},
			ServiceIDs: map[string]string{"production": "DOCSPROD", "staging": "DOCSSTAGE"},
		}},
	}
}

func TestPlanPurge(t *testing.T) {
	tests := []struct {
		name    string
		req     PurgeRequest
		want    PurgePlan
		wantErr string
	}{
		{"url", PurgeRequest{Service: "docs", Level: "production", URL: "https://docs.webplatform.org/wiki/CSS"},
			PurgePlan{ServiceID: "DOCSPROD", Kind: "url", CachedURL: "docs.webplatform.org/wiki/CSS"}, ""},
		{"url at staging, soft, trailing slash", PurgeRequest{Service: "docs", Level: "staging", URL: "http://docs.webplatformstaging.org/wiki/", Soft: true},
			PurgePlan{ServiceID: "DOCSSTAGE", Kind: "url", CachedURL: "docs.webplatformstaging.org/wiki/", Soft: true}, ""},
		{"url with a sorted query", PurgeRequest{Service: "docs", Level: "production", URL: "https://docs.webplatform.org/w/index.php?action=raw&title=CSS"},
			PurgePlan{ServiceID: "DOCSPROD", Kind: "url", CachedURL: "docs.webplatform.org/w/index.php?action=raw&title=CSS"}, ""},
		{"keys", PurgeRequest{Service: "docs", Level: "production", Keys: []string{"wiki-CSS", "wiki-HTML"}},
			PurgePlan{ServiceID: "DOCSPROD", Kind: "key", Keys: []string{"wiki-CSS", "wiki-HTML"}}, ""},
		{"all", PurgeRequest{Service: "docs", Level: "production", All: true},
			PurgePlan{ServiceID: "DOCSPROD", Kind: "all"}, ""},

		{"nothing asked", PurgeRequest{Service: "docs", Level: "production"}, PurgePlan{}, "give one of --url URL, --key KEY or --all"},
		{"two asked", PurgeRequest{Service: "docs", Level: "production", All: true, Keys: []string{"a"}}, PurgePlan{}, "give only one of --url, --key or --all"},
		{"soft all", PurgeRequest{Service: "docs", Level: "production", All: true, Soft: true}, PurgePlan{}, "cannot be soft"},
		{"unknown service", PurgeRequest{Service: "dcos", Level: "production", All: true}, PurgePlan{}, `unknown service "dcos"`},
		{"unknown level", PurgeRequest{Service: "docs", Level: "prod", All: true}, PurgePlan{}, `unknown level "prod"`},
		{"host of another level", PurgeRequest{Service: "docs", Level: "production", URL: "https://docs.webplatformstaging.org/wiki/CSS"}, PurgePlan{}, "docs.webplatformstaging.org is not a domain of docs (production); its domains: docs.webplatform.org"},
		{"no scheme", PurgeRequest{Service: "docs", Level: "production", URL: "docs.webplatform.org/wiki/CSS"}, PurgePlan{}, "write an absolute http(s) URL"},
		{"fragment", PurgeRequest{Service: "docs", Level: "production", URL: "https://docs.webplatform.org/wiki/CSS#x"}, PurgePlan{}, "has a fragment"},
		{"unsorted query", PurgeRequest{Service: "docs", Level: "production", URL: "https://docs.webplatform.org/w/index.php?title=CSS&action=raw"}, PurgePlan{}, "action=raw&title=CSS"},
		{"key with a space", PurgeRequest{Service: "docs", Level: "production", Keys: []string{"wiki CSS"}}, PurgePlan{}, `surrogate key "wiki CSS" contains white space`},
		{"empty key", PurgeRequest{Service: "docs", Level: "production", Keys: []string{""}}, PurgePlan{}, "empty surrogate key"},
		{"too many keys", PurgeRequest{Service: "docs", Level: "production", Keys: manyKeys(257)}, PurgePlan{}, "257 surrogate keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PlanPurge(purgeSite(), tt.req)
			if testtool.WantError(t, err, tt.wantErr) {
				return
			}
			w := tt.want
			if got.ServiceID != w.ServiceID || got.Kind != w.Kind || got.CachedURL != w.CachedURL || got.Soft != w.Soft || !slices.Equal(got.Keys, w.Keys) {
				t.Errorf("got %+v, want %+v", *got, w)
			}
		})
	}
}

func manyKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = strings.Repeat("k", i+1)
	}
	return keys
}
