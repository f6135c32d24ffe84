package sandboxcmd

import (
	"context"
	"fmt"
	"io"
	"net"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/siteseed"
)

// Token is the token the Fastly sandbox suggests; it accepts any non-empty
// one, so this is no secret.
const Token = "sandbox"

// Fastly is what `edgectl sandbox` is given: its flags and where it
// reports.
type Fastly struct {
	// Root is the repository whose services seed the fake.
	Root string
	// Listen is the address to serve on (port 0 picks a free one).
	Listen string
	// StateFile keeps the state across runs ("" for memory only).
	StateFile string
	// Level is the level whose services to create, or "all".
	Level string
	// RateLimit is the writes allowed per hour.
	RateLimit int
	// Out is for people, Err for the request log and problems.
	Out, Err io.Writer
	// Diags prints diagnostics in the command's format.
	Diags func(diag.List)
}

// Run serves the Fastly fake, seeded with the services of Level, until
// ctx ends, then prints the requests it answered per endpoint (what a
// client cost: edgectl counts its requests). A broken definition is
// diag.ErrReported, already printed.
func (o Fastly) Run(ctx context.Context) error {
	site, diags := definition.Load(o.Root)
	if len(diags.Errors()) > 0 {
		o.Diags(diags)
		return diag.ErrReported
	}
	seeds, err := siteseed.SiteSeeds(site, o.Level)
	if err != nil {
		return err
	}
	srv, err := fastlyfake.New(fastlyfake.Options{StateFile: o.StateFile, RateLimit: o.RateLimit, Log: o.Err})
	if err != nil {
		return err
	}
	// The state file is written debounced: write what is pending however
	// the command ends.
	defer srv.Flush()
	added, err := srv.Seed(seeds...)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", o.Listen, err)
	}
	o.greet(ln.Addr().(*net.TCPAddr), len(seeds), added)
	if err := serve(ctx, ln, srv); err != nil {
		return err
	}
	fmt.Fprintln(o.Out, "sandbox stopped; requests per endpoint:")
	for _, l := range fastlyfake.CountLines(srv.Counts()) {
		fmt.Fprintln(o.Out, "  "+l)
	}
	return nil
}

// greet says where the sandbox is, what it holds and how to point edgectl
// at it, and warns when other machines can reach it.
func (o Fastly) greet(addr *net.TCPAddr, services, added int) {
	fmt.Fprintf(o.Out, "Fastly API sandbox at http://%s\n", addr)
	fmt.Fprintf(o.Out, "  %d services of level %s (%d new)", services, o.Level, added)
	if o.StateFile != "" {
		fmt.Fprintf(o.Out, ", state in %s", o.StateFile)
	}
	fmt.Fprintln(o.Out)
	fmt.Fprintf(o.Out, "  token: any non-empty one, e.g. FASTLY_API_TOKEN=%s\n", Token)
	fmt.Fprintf(o.Out, "  export FASTLY_API_URL=http://%s FASTLY_API_TOKEN=%s\n", addr, Token)
	if !addr.IP.IsLoopback() {
		fmt.Fprintf(o.Err, "warning: %s is reachable from other machines, and the sandbox accepts any token\n", addr)
	}
}
