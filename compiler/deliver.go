package compiler

// vcl_deliver: restarts on the delivery node, response headers.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/webplatform/edgectl/definition"
)

// defaultDebugHeaders are removed from responses unless Fastly-Debug is sent.
var defaultDebugHeaders = []string{"Fastly-Restarts", "Via", "X-Cache", "X-Cache-Hits", "X-Served-By", "X-Timer", "X-Varnish"}

func (c *compilation) deliver(e *emitter) {
	svc := c.Service
	e.from(svc.Meta.Pos)
	e.open("sub vcl_deliver {")
	e.line("#FASTLY deliver")
	e.line("# Restarts happen here, on the delivery node, where \"the state of the client")
	e.line("# request (req) is preserved\" (Fastly: restart); never in an ESI fragment.")
	if mt := svc.Maintenance; mt != nil {
		e.from(mt.Meta.Pos)
		e.line("# vcl_error found the origin down with no stale copy: to the maintenance backend.")
		e.open("if (resp.http.%s && !req.http.%s && !req.http.%s) {", hdrRespCause, hdrMaintenance, hdrFragment)
		e.line("set req.http.%s = resp.http.%s;", hdrCause, hdrRespCause)
		e.line("set req.http.%s = %s;", hdrMaintenance, Str("fallback"))
		e.line("restart;")
		e.close()
	}
	if svc.Cache.RestartOnError {
		e.from(svc.Cache.Meta.At("restart_on_error"))
		e.open("if (resp.http.%s && req.restarts == 0 && !req.http.%s) {", hdrRespRetry, hdrFragment)
		e.line("restart;")
		e.close()
	}
	if mt := svc.Maintenance; mt != nil {
		e.from(mt.Meta.Pos)
		e.line("# The maintenance backend answers 200; visitors and crawlers must see 503.")
		e.open("if (req.http.%s && resp.status == 200) {", hdrMaintenance)
		e.line("set resp.status = 503;")
		e.line(`set resp.response = "Service Unavailable";`)
		e.line(`set resp.http.Cache-Control = "no-store";`)
		e.line("set resp.http.Retry-After = %s;", Str(fmt.Sprint(c.retryAfter(mt))))
		e.close()
	}
	c.originErrorRestart(e)
	e.from(svc.Meta.Pos)
	for _, h := range internalResponseHeaders {
		e.line("unset resp.http.%s;", h)
	}
	if t := svc.TLS; t.HSTSMaxAge > 0 {
		e.from(t.Meta.At("hsts_max_age"))
		v := fmt.Sprintf("max-age=%d", int64(t.HSTSMaxAge.Std().Seconds()))
		if t.HSTSIncludeSubdomains {
			v += "; includeSubDomains"
		}
		e.open("if (req.http.%s) {", hdrTLS)
		e.line("set resp.http.Strict-Transport-Security = %s;", Str(v))
		e.close()
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
	debug := toStrings(h.Debug)
	e.from(h.Meta.At("debug"))
	if len(debug) == 0 {
		debug = defaultDebugHeaders
	}
	e.open("if (!req.http.Fastly-Debug) {")
	for _, name := range debug {
		e.line("unset resp.http.%s;", name)
	}
	e.close()
	c.hook(e, "deliver")
	e.from(svc.Meta.Pos)
	e.line("return(deliver);")
	e.close()
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
	conds := []string{
		"(resp.status == 500 || resp.status == 502 || resp.status == 503 || resp.status == 504)",
		fmt.Sprintf("!resp.http.%s && !req.http.%s && !req.http.%s && !req.http.%s", hdrRespPage, hdrMaintenance, hdrOriginError, hdrFragment),
		`(req.method == "GET" || req.method == "HEAD")`,
		`req.http.Accept ~ "text/html"`,
	}
	if len(ep.KeepPaths) > 0 {
		conds = append(conds, "!("+orPaths("req.url.path", ep.KeepPaths)+")")
	}
	e.open("if (%s) {", strings.Join(conds, " && "))
	e.line("set req.http.%s = resp.status;", hdrOriginError)
	e.line("restart;")
	e.close()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
