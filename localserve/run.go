package localserve

import (
	"context"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/webplatform/edgectl/diag"

	"github.com/webplatform/edgectl/pipeline"
)

// Settings are the flags of edgectl serve.
type Settings struct {
	Unit *pipeline.Unit
	// Origin is --origin ("": backends keep their inventory addresses).
	Origin            string
	Listen, TLSListen string
	// Log gets the startup message and the request log (stderr).
	Log io.Writer
}

// Run serves s.Unit until ctx is done; ready, when not nil, gets the
// listeners once they accept connections.
func Run(ctx context.Context, s Settings, ready func(*Servers)) error {
	if s.Listen == "" && s.TLSListen == "" {
		return fmt.Errorf("--listen and --tls-listen are both empty: give at least one address to serve on")
	}
	var origin *Origin
	if s.Origin != "" {
		var err error
		if origin, err = ParseOrigin(s.Origin); err != nil {
			return err
		}
	}
	h, v, err := ForUnit(s.Unit, origin, s.Log)
	if err != nil {
		return err
	}
	srv, err := Start(Config{Listen: s.Listen, TLSListen: s.TLSListen, Handler: h, Names: Domains(s.Unit)})
	if err != nil {
		return err
	}
	banner(s.Log, s.Unit, srv, origin, v)
	if ready != nil {
		ready(srv)
	}
	return srv.Wait(ctx)
}

// reachTimeout is how long serve tries each backend's address at start.
const reachTimeout = time.Second

// warnUnreachable says which backends will not answer from here.
func warnUnreachable(w io.Writer, origin *Origin, targets []Target) {
	down := Unreachable(targets, reachTimeout)
	if origin != nil && len(down) > 0 {
		fmt.Fprintf(w, "  warning: the origin %s does not accept connections (yet): requests get a local 502 until it does\n", origin)
		return
	}
	for _, t := range down {
		fmt.Fprintf(w, "  warning: backend %s (%s) does not answer from here: its requests wait for its first_byte_timeout, then get a local 502; --origin URL sends every backend to one that does\n", t.Backend, diag.Printable(t.Address))
	}
}

// banner says what is served where, and what falco changes about it.
func banner(w io.Writer, u *pipeline.Unit, srv *Servers, origin *Origin, v *Variant) {
	fmt.Fprintf(w, "edgectl serve: %s (%s) through falco's simulator: a local try-out, not Fastly\n", u.Service, u.Level)
	if srv.Plain != nil {
		fmt.Fprintf(w, "  http://%s   plain\n", srv.Plain)
	}
	if srv.TLS != nil {
		fmt.Fprintf(w, "  https://%s  TLS, with a self-signed certificate made for this run (curl -k)\n", srv.TLS)
	}
	if origin != nil {
		fmt.Fprintf(w, "  every backend sends to %s (their host_header overrides dropped)\n", origin)
	} else {
		fmt.Fprintf(w, "  backends send to their inventory addresses (--origin URL sends them all to one)\n")
	}
	for _, s := range v.StandIns {
		fmt.Fprintf(w, "  %s\n", s)
	}
	if domains := Domains(u); len(domains) > 0 && srv.TLS != nil {
		_, port, _ := net.SplitHostPort(srv.TLS.String())
		fmt.Fprintf(w, "  try: curl -k --resolve %s:%s:127.0.0.1 https://%s:%s/\n", domains[0], port, domains[0], port)
	}
	warnUnreachable(w, origin, v.Targets)
	fmt.Fprintf(w, "  requests below: method, URL, backends fetched, status, restarts; Ctrl-C stops\n")
}
