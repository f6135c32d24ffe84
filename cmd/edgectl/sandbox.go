package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/siteseed"
)

func init() { commandFactories = append(commandFactories, newSandboxCmd) }

// sandboxContext returns the context the sandbox serves until: canceled on
// an interrupt or SIGTERM. Tests replace it to stop the command.
var sandboxContext = func(parent context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
}

// sandboxToken is the token the sandbox suggests; it accepts any non-empty
// one, so this is no secret.
const sandboxToken = "sandbox"

func newSandboxCmd(g *globalFlags) *cobra.Command {
	var listen, stateFile, level string
	var rateLimit int
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve a local Fastly API holding the services of services/",
		Long: `sandbox serves a local Fastly API (package internal/fastlyfake) until interrupted, to
try diff, publish, rollback, import and maintenance without a Fastly account.

It creates the services of services/ for --level with their Fastly IDs, named
<service>-<level>, each with an active, locked version 1 as a service set up by
hand in Fastly's web UI would have: one backend (the primary origin), one
domain (the service's first) and Fastly's boilerplate VCL as main. With
--level all it creates the services of every level.

It answers the endpoints edgectl uses with Fastly's semantics: version
numbering, clones, locked versions, validation with falco, activation, edge
dictionary items, Fastly's error bodies and its rate limit of --rate-limit
writes an hour (Fastly-RateLimit-* headers, then 429).

It accepts any non-empty API token and never prints one. Every request is
logged to stderr (method, path, status, time), never its headers or body; on
exit it prints how many requests each endpoint received.

With --state FILE, the whole state is saved to FILE (sorted JSON) after every
change and loaded from it at start; the services of services/ it lacks are
added. The file holds every uploaded VCL, the private include too: keep it
out of the repository.`,
		Example: `  edgectl sandbox                                  # production services on 127.0.0.1:8080
  edgectl sandbox --listen 127.0.0.1:9000 --state /tmp/fastly.json --level all

  # in another shell:
  export FASTLY_API_URL=http://127.0.0.1:8080 FASTLY_API_TOKEN=sandbox
  edgectl diff www`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
			site, diags := definition.Load(g.root)
			if len(diags.Errors()) > 0 {
				printDiags(stderr, diags)
				return &exitError{1}
			}
			seeds, err := siteseed.SiteSeeds(site, level)
			if err != nil {
				return err
			}
			srv, err := fastlyfake.New(fastlyfake.Options{StateFile: stateFile, RateLimit: rateLimit, Log: stderr})
			if err != nil {
				return err
			}
			// The state file is written debounced: write what is pending
			// however the command ends.
			defer srv.Flush()
			added, err := srv.Seed(seeds...)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return fmt.Errorf("cannot listen on %s: %w", listen, err)
			}
			ctx, stop := sandboxContext(cmd.Context())
			defer stop()

			addr := ln.Addr().(*net.TCPAddr)
			fmt.Fprintf(stdout, "Fastly API sandbox at http://%s\n", addr)
			fmt.Fprintf(stdout, "  %d services of level %s (%d new)", len(seeds), level, added)
			if stateFile != "" {
				fmt.Fprintf(stdout, ", state in %s", stateFile)
			}
			fmt.Fprintln(stdout)
			fmt.Fprintf(stdout, "  token: any non-empty one, e.g. FASTLY_API_TOKEN=%s\n", sandboxToken)
			fmt.Fprintf(stdout, "  export FASTLY_API_URL=http://%s FASTLY_API_TOKEN=%s\n", addr, sandboxToken)
			if !addr.IP.IsLoopback() {
				fmt.Fprintf(stderr, "warning: %s is reachable from other machines, and the sandbox accepts any token\n", addr)
			}

			hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
			served := make(chan error, 1)
			go func() { served <- hs.Serve(ln) }()
			select {
			case err := <-served:
				return fmt.Errorf("sandbox stopped: %w", err)
			case <-ctx.Done():
			}
			shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			// What a client cost, per endpoint: edgectl counts its requests.
			fmt.Fprintln(stdout, "sandbox stopped; requests per endpoint:")
			for _, l := range fastlyfake.CountLines(srv.Counts()) {
				fmt.Fprintln(stdout, "  "+l)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8080", "address to serve on (host:port; port 0 picks a free one)")
	cmd.Flags().StringVar(&stateFile, "state", "", "JSON file to keep the state in across runs (default: memory only)")
	cmd.Flags().StringVar(&level, "level", "production", "level whose services to create, or \"all\"")
	cmd.Flags().IntVar(&rateLimit, "rate-limit", fastlyfake.DefaultRateLimit, "writes allowed per hour, as Fastly's rate limit")
	return cmd
}
