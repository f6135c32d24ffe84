package siteseed

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/internal/fastlyfake"
)

// repoRoot is the repository, whose definitions are seeded.
const repoRoot = "../.."

func loadSite(t *testing.T) *definition.Site {
	t.Helper()
	site, diags := definition.Load(repoRoot)
	if len(diags.Errors()) > 0 {
		t.Fatal(diags)
	}
	return site
}

// TestSiteSeeds seeds the services of the repository and checks each as a
// web-UI service: its ID, version 1 active and locked with one backend,
// one domain and the boilerplate as main, valid.
func TestSiteSeeds(t *testing.T) {
	site := loadSite(t)
	tests := []struct {
		level string
		n     int
	}{
		{"production", len(site.Services)},
		{"staging", len(site.Services)},
		{AllLevels, len(site.Services) * len(site.Levels)},
	}
	for _, tt := range tests {
		t.Run(tt.level, func(t *testing.T) {
			seeds, err := SiteSeeds(site, tt.level)
			if err != nil {
				t.Fatal(err)
			}
			if len(seeds) != tt.n {
				t.Fatalf("%d seeds, want %d", len(seeds), tt.n)
			}
			_, u := fastlyfake.NewTest(t, fastlyfake.Options{}, seeds...)
			c := newClient(t, u)
			for _, sd := range seeds {
				name, level, _ := strings.Cut(sd.Name, "-")
				svc := site.Service(name)
				if svc == nil || svc.ServiceIDs[level] != sd.ID {
					t.Errorf("seed %s %s does not match services/%s.yaml", sd.ID, sd.Name, name)
					continue
				}
				d := details(t, u, sd.ID)
				a, ok := d["active_version"].(map[string]any)
				if !ok || a["number"] != 1.0 || a["locked"] != true {
					t.Errorf("%s: active version %v", sd.Name, d["active_version"])
					continue
				}
				backends, domains, vcls := list(a, "backends"), list(a, "domains"), list(a, "vcls")
				if len(backends) != 1 || len(domains) != 1 || len(vcls) != 1 || vcls[0]["name"] != "main" {
					t.Errorf("%s: backends %v domains %v vcls %v", sd.Name, backends, domains, vcls)
				}
				if vcl := a["vcls"].([]any)[0].(map[string]any); vcl["content"] != fastlyfake.Boilerplate || vcl["main"] != true {
					t.Errorf("%s: main VCL is not the boilerplate", sd.Name)
				}
				ok, msg, err := c.ValidateVersion(&fastly.ValidateVersionInput{ServiceID: sd.ID, ServiceVersion: 1})
				if err != nil || !ok {
					t.Errorf("%s: seeded version does not validate: %v %s", sd.Name, err, msg)
				}
			}
		})
	}
	if _, err := SiteSeeds(site, "nowhere"); err == nil {
		t.Error("unknown level accepted")
	}
}

// TestSeedPrimaryOrigin pins which address the seeded backend gets: the
// primary origin's address, or the first VM of its role.
func TestSeedPrimaryOrigin(t *testing.T) {
	site := loadSite(t)
	seeds, err := SiteSeeds(site, "production")
	if err != nil {
		t.Fatal(err)
	}
	for _, sd := range seeds {
		svc := site.Service(strings.TrimSuffix(sd.Name, "-production"))
		b := svc.Backends[0]
		got := sd.Config.Backend
		if got.Name != string(b.Name) || got.Port != b.Port || got.Address == "" {
			t.Errorf("%s: backend %+v from %s", sd.Name, got, b.Name)
		}
		if b.Address != "" && got.Address != b.Address {
			t.Errorf("%s: address %s, want %s", sd.Name, got.Address, b.Address)
		}
		if !strings.HasSuffix(sd.Config.Domain, "webplatform.org") {
			t.Errorf("%s: domain %s", sd.Name, sd.Config.Domain)
		}
	}
}

func newClient(t *testing.T, srvURL string) *fastly.Client {
	t.Helper()
	c, err := fastly.NewClientForEndpoint(fastlyfake.TestToken, srvURL)
	if err != nil {
		t.Fatal(err)
	}
	c.HTTPClient.Timeout = 10 * time.Second
	return c
}

// details is the fake's GET /service/{id}/details, decoded.
func details(t *testing.T, srvURL, id string) map[string]any {
	t.Helper()
	req, err := http.NewRequest("GET", srvURL+"/service/"+id+"/details", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Fastly-Key", fastlyfake.TestToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var d map[string]any
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("details: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
		t.Fatal(err)
	}
	return d
}

// list returns the objects of one kind in a details version.
func list(v map[string]any, plural string) []map[string]any {
	var out []map[string]any
	l, _ := v[plural].([]any)
	for _, o := range l {
		m, _ := o.(map[string]any)
		out = append(out, m)
	}
	return out
}
