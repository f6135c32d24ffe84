package openstackfake

import (
	"testing"

	"github.com/webplatform/edgectl/inventory"
)

// TestSeedInventory: the servers of an inventory are there, ACTIVE, with
// their flavors and addresses, and new floating IPs come from their range.
func TestSeedInventory(t *testing.T) {
	vms := []inventory.VM{
		{Name: "db1", PrivateIP: "10.1.0.5"},
		{Name: "app1", PrivateIP: "10.1.0.6", PublicIP: "198.51.100.7"},
	}
	flavors := map[string]string{"app1": "lightspeed", "db1": "subsonic"}
	c := SeedInventory(Options{}, vms, func(name string) string { return flavors[name] })
	got := c.Servers()
	want := []ServerInfo{
		{Name: "app1", Status: "ACTIVE", Flavor: "lightspeed", PrivateIP: "10.1.0.6", PublicIP: "198.51.100.7"},
		{Name: "db1", Status: "ACTIVE", Flavor: "subsonic", PrivateIP: "10.1.0.5"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d servers, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.Name || g.Status != w.Status || g.Flavor != w.Flavor || g.PrivateIP != w.PrivateIP || g.PublicIP != w.PublicIP {
			t.Errorf("server %d = %+v, want %+v", i, g, w)
		}
	}
	if c.opts.FloatingPrefix != "198.51.100." {
		t.Errorf("floating prefix %q, want the seeded range 198.51.100.", c.opts.FloatingPrefix)
	}
	if c := SeedInventory(Options{FloatingPrefix: "192.0.2."}, vms, func(string) string { return "" }); c.opts.FloatingPrefix != "192.0.2." {
		t.Errorf("a given floating prefix became %q", c.opts.FloatingPrefix)
	}
}
