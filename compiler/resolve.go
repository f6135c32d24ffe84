package compiler

import (
	"slices"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/inventory"
)

// resolve is the compiler's first stage: a copy of the service with every
// default of the definition's table (definition/defaults.go) filled in, so
// that the stages after it render resolved values only and no renderer
// knows a default. The loaded definition is shared by every level and is
// left as it is; what resolve changes, it copies first.
//
// A role backend's director is resolved with the inventory (its retries
// depend on how many VMs have the role): every role backend comes out with
// a Director whose type, quorum and retries are final. Defaults that need
// the level's TLD (a health check's Host, the certificate name of a TLS
// backend) are resolved with it, in healthcheck and tlsNames.
func resolve(svc *definition.Service, inv *inventory.Inventory) *definition.Service {
	r := *svc
	r.Backends = slices.Clone(svc.Backends)
	for i := range r.Backends {
		b := &r.Backends[i]
		resolveBackend(b)
		if b.Healthcheck != nil && b.Healthcheck.Host == "" {
			// resolveBackend copied the health check.
			b.Healthcheck.Host = probeHost(b, svc.Domains)
		}
		if b.Address == "" {
			vms := 0
			if inv != nil {
				vms = len(inv.WithRole(string(b.Role)))
			}
			resolveDirector(b, vms)
		}
	}
	r.Redirects = slices.Clone(svc.Redirects)
	for i := range r.Redirects {
		orDefault(&r.Redirects[i].Status, definition.DefaultRedirectStatus)
	}
	orDefault(&r.Cache.DefaultTTL, definition.DefaultTTL)
	orDefault(&r.Cache.ErrorTTL, definition.DefaultErrorTTL)
	if svc.Maintenance != nil {
		mt := *svc.Maintenance
		orDefault(&mt.RetryAfter, definition.DefaultRetryAfter)
		r.Maintenance = &mt
	}
	if svc.Gzip != nil {
		g := *svc.Gzip
		if len(g.ContentTypes) == 0 {
			g.ContentTypes = definition.DefaultGzipContentTypes
		}
		if len(g.Extensions) == 0 {
			g.Extensions = definition.DefaultGzipExtensions
		}
		r.Gzip = &g
	}
	if len(r.Headers.Debug) == 0 {
		r.Headers.Debug = definition.DefaultDebugHeaders
	}
	return &r
}

func resolveBackend(b *definition.Backend) {
	b.ConnectTimeout, b.FirstByte = b.Timeouts()
	orDefault(&b.BetweenBytes, definition.DefaultBetweenBytesTimeout)
	orDefault(&b.MaxConn, definition.DefaultMaxConn)
	if b.Healthcheck != nil {
		h := *b.Healthcheck
		orDefault(&h.Method, definition.DefaultHealthcheckMethod)
		orDefault(&h.Expected, definition.DefaultHealthcheckExpected)
		orDefault(&h.Interval, definition.DefaultHealthcheckInterval)
		orDefault(&h.Timeout, definition.DefaultHealthcheckTimeout)
		orDefault(&h.Window, definition.DefaultHealthcheckWindow)
		orDefault(&h.Threshold, min(definition.DefaultHealthcheckThreshold, h.Window))
		// initial: 0 is a value a definition may give (start sick).
		if h.Initial == nil {
			initial := h.Threshold
			h.Initial = &initial
		}
		b.Healthcheck = &h
	}
}

// probeHost is the Host of a health check that gives none: the backend's
// host_header, or else the service's first domain (or none).
func probeHost(b *definition.Backend, domains []definition.Hostname) definition.Hostname {
	if b.HostHeader != "" || len(domains) == 0 {
		return b.HostHeader
	}
	return domains[0]
}

// resolveDirector fills in the director of a role backend with vms VMs:
// random by default (Fastly's director object's default type), quorum
// definition.DefaultQuorum, and retries the definition's or by default one
// per VM (what Fastly's VCL director does when .retries is not given,
// https://www.fastly.com/documentation/reference/vcl/declarations/director/);
// never more than the VMs (retrying beyond them retries a dead one), and by
// default no more than fit in the cluster hop (definition.WorstFirstByte; an
// explicit value that does not fit was refused by validation). The
// backend's timeouts are resolved already.
func resolveDirector(b *definition.Backend, vms int) {
	d := definition.Director{}
	if b.Director != nil {
		d = *b.Director
	}
	orDefault(&d.Type, definition.DefaultDirectorType)
	// quorum and retries: 0 is a value a definition may give.
	if !d.Meta.Has("quorum") {
		d.Quorum = definition.DefaultQuorum
	}
	if !d.Meta.Has("retries") {
		d.Retries = max(definition.MaxRetries(b.ConnectTimeout, b.FirstByte), 0)
	}
	d.Retries = min(d.Retries, vms)
	b.Director = &d
}

// orDefault sets *v to def when the definition left it out (zero).
func orDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}
