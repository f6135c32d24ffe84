package cloud

import (
	"context"

	"github.com/webplatform/edgectl/fleet"
)

// ConnectLevel connects to a level's project with the credentials
// fleet.Credentials chooses; what names the project for people.
func ConnectLevel(ctx context.Context, f *fleet.Fleet, flagCloud string, level *fleet.Level, levels int) (c *Client, what string, err error) {
	entry, what, err := fleet.Credentials(flagCloud, level, levels)
	if err != nil {
		return nil, "", err
	}
	c, err = Connect(ctx, Options{Cloud: entry, Network: f.Network, FloatingNetwork: f.FloatingNetwork})
	return c, what, err
}

// PlanLevel connects to a level's project, lists its servers and plans
// the level, printing nothing; what names the project.
func PlanLevel(ctx context.Context, f *fleet.Fleet, flagCloud string, l *fleet.Level, levels int) (c *Client, what string, p *fleet.Plan, servers []fleet.Server, err error) {
	c, what, err = ConnectLevel(ctx, f, flagCloud, l, levels)
	if err != nil {
		return nil, "", nil, nil, err
	}
	if servers, err = c.Servers(ctx); err != nil {
		return nil, "", nil, nil, err
	}
	if p, err = fleet.MakePlan(f, l, servers); err != nil {
		return nil, "", nil, nil, err
	}
	return c, what, p, servers, nil
}
