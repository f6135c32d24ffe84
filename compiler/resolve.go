package compiler

import (
	"slices"

	"github.com/webplatform/edgectl/definition"
)

// resolve is the compiler's first stage: a copy of the service with every
// default of the definition's table (definition/defaults.go) filled in, so
// that the stages after it render resolved values only and no renderer
// knows a default. The loaded definition is shared by every level and is
// left as it is; what resolve changes, it copies first.
//
// Defaults that need the inventory or the level (a director's retries, a
// health check's Host, the certificate name of a TLS backend) are resolved
// with them, in resolveBackends and healthcheck.
func resolve(svc *definition.Service) *definition.Service {
	r := *svc
	r.Backends = slices.Clone(svc.Backends)
	for i := range r.Backends {
		resolveBackend(&r.Backends[i])
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
		if !h.Meta.Has("initial") {
			h.Initial = h.Threshold
		}
		b.Healthcheck = &h
	}
}

// orDefault sets *v to def when the definition left it out (zero).
func orDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}
