package fastlysync

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/inventory"
)

// roleInventory has two VMs of role app and one VM with two roles.
var roleInventory = &inventory.Inventory{File: "fleet/inventory/production.json", VMs: []inventory.VM{
	{Name: "app1", Roles: []string{"app"}, PublicIP: "203.0.113.11"},
	{Name: "app2", Roles: []string{"app"}, PublicIP: "203.0.113.12"},
	{Name: "memcache-jobs1", Roles: []string{"memcache", "jobs"}, PublicIP: "203.0.113.30"},
}}

// memberBackend is a backend as edgectl publishes a VM of a role backend.
func memberBackend(name, address string) desired.Backend {
	return desired.Backend{Name: name, Address: address, Port: 80, OverrideHost: "talk.webplatform.org", ConnectTimeout: 1000, FirstByteTimeout: 15000,
		BetweenBytesTimeout: 10000, MaxConn: 200, Healthcheck: "talk", Weight: 100}
}

func withoutCheck(b desired.Backend) desired.Backend {
	b.Healthcheck = ""
	return b
}

// TestImportRoleBackends: a director whose members are exactly one role's
// VMs at their public addresses becomes that role backend, with its
// director's settings written only where they are not the compiler's
// defaults; any other director is named in a warning.
func TestImportRoleBackends(t *testing.T) {
	apps := []desired.Backend{memberBackend("app1", "203.0.113.11"), memberBackend("app2", "203.0.113.12")}
	check := desired.Healthcheck{Name: "talk", Method: "HEAD", Path: "/", Host: "talk.webplatform.org", HTTPVersion: "1.1", CheckInterval: 15000, Timeout: 5000}
	for _, tt := range []struct {
		name         string
		backends     []desired.Backend
		director     desired.Director
		inv          *inventory.Inventory
		want         []string // the backends written, name/role/address
		wantDirector string   // the director written for the first: "type quorum retries", "" for none
		warning      string
	}{
		{name: "role with default director", backends: apps, inv: roleInventory,
			director: desired.Director{Name: "talk", Type: desired.DirectorRandom, Quorum: 1, Retries: 2, Backends: []string{"app1", "app2"}},
			want:     []string{"talk/app/"}},
		{name: "client director, quorum and retries", backends: apps, inv: roleInventory,
			director: desired.Director{Name: "talk", Type: desired.DirectorClient, Quorum: 34, Retries: 1, Backends: []string{"app2", "app1"}},
			want:     []string{"talk/app/"}, wantDirector: "client 34 1"},
		{name: "a VM with two roles, the comment's", backends: []desired.Backend{withoutCheck(memberBackend("memcache_jobs1", "203.0.113.30"))}, inv: roleInventory,
			director: desired.Director{Name: "jobs", Type: desired.DirectorRandom, Quorum: 1, Retries: 1, Backends: []string{"memcache_jobs1"}, Comment: "VMs with role jobs"},
			want:     []string{"jobs/jobs/"}},
		{name: "a member moved", backends: []desired.Backend{apps[0], memberBackend("app2", "192.0.2.99")}, inv: roleInventory,
			director: desired.Director{Name: "talk", Type: desired.DirectorRandom, Quorum: 1, Retries: 2, Backends: []string{"app1", "app2"}},
			want:     []string{"app1//203.0.113.11", "app2//192.0.2.99"}, warning: "director talk is not imported: its backends (app1, app2) are not the VMs of one fleet role in fleet/inventory/production.json"},
		{name: "a VM missing", backends: apps[:1], inv: roleInventory,
			director: desired.Director{Name: "talk", Type: desired.DirectorRandom, Quorum: 1, Retries: 1, Backends: []string{"app1"}},
			want:     []string{"app1//203.0.113.11"}, warning: "director talk is not imported"},
		{name: "no inventory", backends: apps,
			director: desired.Director{Name: "talk", Type: desired.DirectorRandom, Quorum: 1, Retries: 2, Backends: []string{"app1", "app2"}},
			want:     []string{"app1//203.0.113.11", "app2//203.0.113.12"}, warning: "in the level's fleet inventory (there is none)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &fastlyplan.Config{Backends: tt.backends, Directors: []desired.Director{tt.director}}
			if tt.backends[0].Healthcheck != "" {
				c.Healthchecks = []desired.Healthcheck{check}
			}
			var warnings []string
			got, err := importBackends(&fastlyapi.Remote{ServiceID: "S", Config: c}, "webplatform.org", tt.inv, func(f string, a ...any) {
				warnings = append(warnings, fmt.Sprintf(f, a...))
			})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, b := range got {
				names = append(names, b.Name+"/"+b.Role+"/"+b.Address)
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("backends %v, want %v", names, tt.want)
			}
			var dir string
			if d := got[0].Director; d != nil {
				dir = fmt.Sprintf("%s %d %d", d.Type, d.Quorum, *d.Retries)
			}
			if dir != tt.wantDirector {
				t.Errorf("director %q, want %q", dir, tt.wantDirector)
			}
			if h := got[0].Healthcheck; got[0].Role != "" && c.Healthchecks != nil && (h == nil || h.Host != "talk") {
				t.Errorf("the shared health check is not the role backend's: %+v", h)
			}
			if tt.warning == "" && len(warnings) > 0 || tt.warning != "" && !slices.ContainsFunc(warnings, func(w string) bool { return strings.Contains(w, tt.warning) }) {
				t.Errorf("warnings %q, want %q", warnings, tt.warning)
			}
		})
	}
}
