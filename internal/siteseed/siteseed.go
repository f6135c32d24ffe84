// Package siteseed turns the repository's definitions into the services the
// Fastly fake (package fastlyfake) starts with, as they stood before edgectl
// ever published. It is apart from the fake so that the fake depends on
// none of the definitions, the inventory or the compiler: the fake must not
// share code with what it checks. Nothing here serves or changes state.
package siteseed

import (
	"cmp"
	"fmt"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/inventory"
)

// AllLevels is the level argument of SiteSeeds that seeds every level.
const AllLevels = "all"

// SiteSeeds returns the services of the definitions at a level (or at
// every level with AllLevels), as they would be before edgectl ever
// published: each with its Fastly ID, named "<service>-<level>", with an
// active version 1 holding one backend (the service's primary origin: its
// address, or the first VM of its role in the level's inventory, or
// "<role>.<zone>" without one), one domain (the service's first) and
// Fastly's boilerplate VCL as main.
func SiteSeeds(site *definition.Site, level string) ([]fastlyfake.ServiceSeed, error) {
	var levels []definition.Level
	for _, l := range site.Levels {
		if level == AllLevels || string(l.Name) == level {
			levels = append(levels, l)
		}
	}
	if len(levels) == 0 {
		return nil, fmt.Errorf("sandbox: no level %q in %s", level, definition.LevelsFileName)
	}
	var seeds []fastlyfake.ServiceSeed
	for _, l := range levels {
		inv, diags := inventory.Load(site.Root, string(l.Name))
		if len(diags.Errors()) > 0 {
			inv = nil
		}
		for _, svc := range site.Services {
			svc = svc.ForLevel(string(l.Name))
			id := svc.ServiceIDs[string(l.Name)]
			if id == "" {
				return nil, fmt.Errorf("sandbox: service %s has no ID for level %s", svc.Name, l.Name)
			}
			cfg := &fastlyfake.SeedConfig{}
			if len(svc.Domains) > 0 {
				cfg.Domain = compiler.FQDN(svc.Domains[0], string(l.TLD))
			}
			if len(svc.Backends) > 0 {
				b := svc.Backends[0]
				cfg.Backend = fastlyfake.SeedBackend{Name: string(b.Name), Address: b.Address, Port: b.Port, UseSSL: b.TLS}
				if b.Address == "" {
					cfg.Backend.Address = string(b.Role) + "." + string(l.Zone)
					if inv != nil {
						if vms := inv.WithRole(string(b.Role)); len(vms) > 0 {
							cfg.Backend.Address = cmp.Or(vms[0].PublicIP, vms[0].PrivateIP)
						}
					}
				}
			}
			seeds = append(seeds, fastlyfake.ServiceSeed{
				ID:      id,
				Name:    svc.Name + "-" + string(l.Name),
				Comment: "set up by hand in the web UI (edgectl sandbox seed)",
				Config:  cfg,
			})
		}
	}
	return seeds, nil
}
