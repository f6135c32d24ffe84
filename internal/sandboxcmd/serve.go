// Package sandboxcmd runs the local API fakes as edgectl's sandbox
// commands: `edgectl sandbox` serves internal/fastlyfake seeded with the
// services of services/, `edgectl fleet sandbox` serves
// internal/openstackfake seeded with a level's inventory. Each listens,
// says how to point edgectl at it, and serves until its context ends.
// The fakes themselves stay free of the definition: the seeds are made
// here.
package sandboxcmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

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
