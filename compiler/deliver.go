package compiler

// vcl_deliver: restarts on the delivery node, response headers.

import (
	"fmt"
	"maps"
	"slices"

	"github.com/webplatform/edgectl/definition"
)

func (c *compilation) deliver(e *emitter) {
	svc := c.Service
	c.fastlySub(e, "deliver", func() {
		e.line("# Restarts happen here, on the delivery node, where \"the state of the client")
		e.line("# request (req) is preserved\" (Fastly: restart); never in an ESI fragment.")
		c.deliverRestarts(e)
		c.maintenanceStatus(e)
		c.originErrorRestart(e)
		e.from(svc.Meta.Pos)
		for _, h := range internalResponseHeaders {
			e.line("unset resp.http.%s;", h)
		}
		c.deliverHeaders(e)
		c.hook(e, "deliver")
		e.from(svc.Meta.Pos)
		e.line("return(deliver);")
	})
}

// deliverRestarts makes the restarts vcl_error and vcl_fetch asked for on
// the response: the fallback to the maintenance backend and the
// restart_on_error retry. Fastly (restart,
// https://www.fastly.com/documentation/reference/vcl/statements/restart/):
// on the delivery node "the state of the client request (req) is
// preserved".
func (c *compilation) deliverRestarts(e *emitter) {
	svc := c.Service
	if mt := svc.Maintenance; mt != nil {
		e.from(mt.Meta.Pos)
		e.line("# vcl_error found the origin down with no stale copy: to the maintenance backend.")
		e.when(and(is("resp.http."+hdrRespCause), not(is(reqHeader(hdrMaintenance))), not(is(reqHeader(hdrFragment)))), func() {
			e.line("set req.http.%s = resp.http.%s;", hdrCause, hdrRespCause)
			e.line("set req.http.%s = %s;", hdrMaintenance, Str("fallback"))
			e.line("restart;")
		})
	}
	if svc.Cache.RestartOnError {
		e.from(svc.Cache.Meta.At("restart_on_error"))
		e.when(and(is("resp.http."+hdrRespRetry), eq("req.restarts", "0"), not(is(reqHeader(hdrFragment)))), func() {
			e.line("restart;")
		})
	}
}

// maintenanceStatus turns the maintenance backend's 200 into a 503.
func (c *compilation) maintenanceStatus(e *emitter) {
	c.whenMaintenance(e, func(mt *definition.Maintenance) {
		e.line("# The maintenance backend answers 200; visitors and crawlers must see 503.")
		e.when(and(is(reqHeader(hdrMaintenance)), eq("resp.status", "200")), func() {
			e.line("set resp.status = 503;")
			e.line(`set resp.response = "Service Unavailable";`)
			e.line(`set resp.http.Cache-Control = "no-store";`)
			e.line("set resp.http.Retry-After = %s;", Str(fmt.Sprint(c.retryAfter(mt))))
		})
	})
}

// deliverHeaders sends HSTS on TLS, sets and removes the definition's
// headers and removes debug headers unless the request asks for them.
func (c *compilation) deliverHeaders(e *emitter) {
	svc := c.Service
	if t := svc.TLS; t.HSTSMaxAge > 0 {
		e.from(t.Meta.At("hsts_max_age"))
		v := fmt.Sprintf("max-age=%d", int64(t.HSTSMaxAge.Std().Seconds()))
		if t.HSTSIncludeSubdomains {
			v += "; includeSubDomains"
		}
		e.when(is(reqHeader(hdrTLS)), func() {
			e.line("set resp.http.Strict-Transport-Security = %s;", Str(v))
		})
	}
	h := svc.Headers
	for _, name := range sortedKeys(h.Set) {
		e.from(h.Meta.At("set"))
		e.line("set resp.http.%s = %s;", name, Str(h.Set[name]))
	}
	for _, name := range h.Remove {
		e.from(h.Meta.At("remove"))
		e.line("unset resp.http.%s;", name)
	}
	e.from(h.Meta.At("debug"))
	e.when(not(is("req.http.Fastly-Debug")), func() {
		for _, name := range h.Debug {
			e.line("unset resp.http.%s;", name)
		}
	})
	e.from(svc.Meta.Pos)
	versionHeader(e)
}

// VersionHeader is the response header that, under Fastly-Debug, names the
// VCL serving the response: req.vcl, "{serviceID}.{version}_{generation}-{hash}"
// (Fastly: req.vcl,
// https://www.fastly.com/documentation/reference/vcl/variables/miscellaneous/req-vcl/).
// Fastly sends no header with the service version of its own;
// edgectl publish --verify reads this one.
const VersionHeader = "Edgectl-VCL"

func versionHeader(e *emitter) {
	e.when(is("req.http.Fastly-Debug"), func() {
		e.line("set resp.http.%s = req.vcl;", VersionHeader)
	})
}

// originErrorRestart replaces an origin's 500, 502, 503 or 504 (cached
// briefly in vcl_fetch to spare the origin, no stale copy) with our page for
// its status, by a restart into vcl_error; by default only on what a browser
// navigates to (see definition.ReplaceNavigations), so that API clients,
// form posts and trackers get the origin's own body. Requests without an
// Accept naming text/html keep the origin's body: browsers send it on every
// navigation, fetch() and trackers do not.
func (c *compilation) originErrorRestart(e *emitter) {
	ep := c.Service.ErrorPages
	if ep.ReplaceOrigin == definition.ReplaceNever {
		return
	}
	e.from(c.Service.Meta.Pos)
	if ep.Meta.Pos.File != "" {
		e.from(ep.Meta.Pos)
	}
	e.line("# A browser navigation answered 500, 502, 503 or 504 by the origin gets our")
	e.line("# page for that status: restart into vcl_error. Others keep the origin's body.")
	conds := []cond{
		anyOf("resp.status", "500", "502", "503", "504"),
		not(is("resp.http." + hdrRespPage)), not(is(reqHeader(hdrMaintenance))), not(is(reqHeader(hdrOriginError))), not(is(reqHeader(hdrFragment))),
		getOrHead,
		matches("req.http.Accept", "text/html"),
	}
	if len(ep.KeepPaths) > 0 {
		conds = append(conds, not(orPaths("req.url.path", ep.KeepPaths)))
	}
	e.when(and(conds...), func() {
		e.line("set req.http.%s = resp.status;", hdrOriginError)
		e.line("restart;")
	})
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
