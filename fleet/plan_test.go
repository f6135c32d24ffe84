package fleet

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/inventory"
)

// activeServers are the servers of a level's inventory, ACTIVE.
func activeServers(t testing.TB, level string) []Server {
	t.Helper()
	inv, diags := inventory.Load(repoRoot, level)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	var out []Server
	for _, vm := range inv.VMs {
		out = append(out, Server{ID: "id-" + vm.Name, Name: vm.Name, Status: StatusActive, PrivateIP: vm.PrivateIP, PublicIP: vm.PublicIP, Level: level})
	}
	return out
}

func TestPlanConvergedOnTheRealInventory(t *testing.T) {
	f := loadReal(t)
	for _, l := range f.Levels {
		p, err := MakePlan(f, l, activeServers(t, l.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !p.Converged() || p.Count(Keep) != len(l.VMs) {
			var b bytes.Buffer
			p.Write(&b)
			t.Errorf("%s is not converged:\n%s", l.Name, b.String())
		}
	}
}

func TestPlanActions(t *testing.T) {
	f := loadReal(t)
	l := f.Level("workbench")
	servers := activeServers(t, "workbench")
	edit := func(name string, fn func(s *Server)) {
		for i := range servers {
			if servers[i].Name == name {
				fn(&servers[i])
			}
		}
	}
	edit("app1", func(s *Server) { s.Status, s.Fault = StatusError, "No valid host was found." })
	edit("blog", func(s *Server) { s.Status, s.PublicIP = StatusBuild, "" })
	edit("piwik", func(s *Server) { s.PublicIP = "" })
	edit("project", func(s *Server) { s.Flavor = "subsonic" })
	edit("db1-masterdb", func(s *Server) { s.Status = "SHUTOFF" })
	// memcache-alpha1 is missing; bots is extra; two sessions1; a hand-made box.
	var kept []Server
	for _, s := range servers {
		if s.Name != "memcache-alpha1" {
			kept = append(kept, s)
		}
	}
	servers = append(kept,
		Server{ID: "id-bots", Name: "bots", Status: StatusActive, PrivateIP: "10.10.10.99"},
		Server{ID: "id-sessions1-b", Name: "sessions1", Status: StatusActive},
		Server{ID: "id-scratch", Name: "Scratch_VM", Status: StatusActive},
		Server{ID: "id-gone", Name: "app9", Status: StatusDeleted},
	)
	p, err := MakePlan(f, l, servers)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	p.Write(&b)
	want := `Level workbench: 8 VMs in fleet/fleet.yaml, 10 servers in the cloud.
  ? Scratch_VM       ignore     not a fleet VM name: edgectl leaves it alone
-/+ app1             replace    ERROR: No valid host was found.
  ~ blog             wait       BUILD
  - bots             delete     not in fleet/fleet.yaml at level workbench
    db1-masterdb     keep       SHUTOFF: edgectl does not start, stop or reboot servers
  + memcache-alpha1  create     subsonic, Ubuntu-14.04-Trusty, private
  ~ piwik            attach-ip  public type without a floating IP
    project          keep       10.10.10.13 192.0.2.13; flavor subsonic in the cloud, supersonic in the definition: edgectl does not resize; delete the server to re-create it
    salt             keep       10.10.10.10 192.0.2.10
  ! sessions1        conflict   2 servers are called sessions1 (id-sessions1, id-sessions1-b): delete the extra ones by hand
Plan for workbench: 1 to create, 1 to replace, 1 to wait for, 1 to attach a floating IP to, 1 to delete, 3 to keep, 1 in conflict, 1 ignored.
`
	if b.String() != want {
		t.Errorf("plan:\n%s\nwant:\n%s", b.String(), want)
	}
	refs := p.Refs(f)
	if strings.Join(refs.Flavors, ",") != "lightspeed,subsonic" || strings.Join(refs.Images, ",") != "Ubuntu-14.04-Trusty" {
		t.Errorf("refs %+v", refs)
	}
}

func TestPlanRefusesAnotherLevelsServers(t *testing.T) {
	f := loadReal(t)
	servers := activeServers(t, "production")
	_, err := MakePlan(f, f.Level("staging"), servers)
	var fe *ForeignError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "created for another level than staging") || len(fe.Servers) != len(servers) {
		t.Errorf("err = %v", err)
	}
}
