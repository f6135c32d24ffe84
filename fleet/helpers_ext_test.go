package fleet_test

import (
	"context"
	"testing"

	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/fleet/cloud"
	"github.com/webplatform/edgectl/internal/openstackfake"
)

// connect logs a gophercloud client in to the local OpenStack API o
// through the OS_* variables, as edgectl fleet does.
func connect(tb testing.TB, o *openstackfake.Cloud, network, floatingNetwork string) *cloud.Client {
	tb.Helper()
	tb.Setenv("OS_CLOUD", "")
	for k, v := range o.Env() {
		tb.Setenv(k, v)
	}
	c, err := cloud.Connect(context.Background(), cloud.Options{Network: network, FloatingNetwork: floatingNetwork})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// planFromCloud lists the servers of c and plans level of f against them,
// as edgectl fleet plan does.
func planFromCloud(tb testing.TB, c *cloud.Client, f *fleet.Fleet, level *fleet.Level) *fleet.Plan {
	tb.Helper()
	servers, err := c.Servers(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	p, err := fleet.MakePlan(f, level, servers)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}
