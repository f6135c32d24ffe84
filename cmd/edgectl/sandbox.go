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

// interruptContext returns the context a long command (a sandbox, fleet
// apply) runs in: canceled on an interrupt or SIGTERM, so that it stops
// cleanly and says what it did. Tests replace it to stop the command.
var interruptContext = func(parent context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
}

// sandboxToken is the token the sandbox suggests; it accepts any non-empty
// one, so this is no secret.
const sandboxToken = "sandbox"

func newSandboxCmd(g *globalFlags) *cobra.Command {
	var listen, stateFile, level string
	var rateLimit int
	cmd := &cobra.Command{
		Use:     "sandbox",
		Short:   "Serve a local Fastly API holding the services of services/",
		Long:    help("sandbox"),
		Example: examples("sandbox"),
		Args:    cobra.NoArgs,
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
			ctx, stop := interruptContext(cmd.Context())
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

			if err := serve(ctx, ln, srv); err != nil {
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

// serve serves h on ln until ctx ends, then shuts the server down, waiting
// at most 5 s for the requests in flight.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
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
	return nil
}
