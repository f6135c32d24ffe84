package sandboxcmd

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net"
	"slices"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/internal/openstackfake"
	"github.com/webplatform/edgectl/inventory"
)

// OpenStack is what `edgectl fleet sandbox` is given: its flags and where
// it reports.
type OpenStack struct {
	// Root is the repository whose inventory may seed the fake.
	Root string
	// Listen is the address to serve on.
	Listen string
	// Seed is the level whose inventory's servers the fake starts with
	// ("" for none).
	Seed string
	// Fake is the fake's latency, build polls and quota.
	Fake openstackfake.Options
	// Out is for people, Err for problems.
	Out, Err io.Writer
	// Diags prints diagnostics in the command's format.
	Diags func(diag.List)
}

// Run serves the OpenStack fake until ctx ends. A broken inventory or an
// address it cannot listen on is diag.ErrReported, already printed.
func (o OpenStack) Run(ctx context.Context) error {
	var vms []inventory.VM
	flavorOf := func(string) string { return "" }
	if o.Seed != "" {
		inv, ds := inventory.Load(o.Root, o.Seed)
		if ds.HasErrors() {
			o.Diags(ds)
			return diag.ErrReported
		}
		vms = inv.VMs
		if f, _ := fleet.Load(o.Root, ""); f != nil {
			flavorOf = f.FlavorOf
		}
	}
	sb := openstackfake.SeedInventory(o.Fake, vms, flavorOf)
	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		fmt.Fprintf(o.Err, "edgectl: %v\n", err)
		return diag.ErrReported
	}
	fmt.Fprintf(o.Out, "Local OpenStack API on http://%s (Ctrl-C stops it). Point edgectl at it with:\n  unset OS_CLOUD\n", ln.Addr())
	env := openstackfake.EnvFor("http://"+ln.Addr().String()+"/v3/", o.Fake)
	for _, k := range slices.Sorted(maps.Keys(env)) {
		fmt.Fprintf(o.Out, "  export %s=%s\n", k, env[k])
	}
	return serve(ctx, ln, sb)
}
