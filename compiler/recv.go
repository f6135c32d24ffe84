package compiler

// vcl_recv: classify the request (TLS, maintenance, redirects, routes, pass rules, cookies, ESI) and choose the backend.

import (
	"fmt"
	"strings"

	"github.com/webplatform/edgectl/definition"
)

func (c *compilation) recv(e *emitter) {
	svc := c.Service
	e.from(svc.Meta.Pos)
	e.open("sub vcl_recv {")
	e.line("#FASTLY recv")
	e.open("if (req.restarts == 0) {")
	e.line("call %s;", subReset)
	e.line("call %s;", subTLS)
	e.line("call %s;", subESI)
	e.close()
	e.line("# Restarted by vcl_deliver to replace an origin error with our page.")
	e.open("if (req.http.%s) {", hdrOriginError)
	e.line("error %d %s;", codeOriginError, Str("Origin error"))
	e.close()

	if svc.TLS.Force {
		e.from(svc.TLS.Meta.At("force"))
		e.open("if (!req.http.%s && !req.http.%s) {", hdrTLS, hdrFragment)
		e.line("error %d %s;", codeForceTLS, Str("Force TLS"))
		e.close()
	}

	if mt := svc.Maintenance; mt != nil {
		e.from(mt.Meta.Pos)
		e.open("if (table.lookup(%s, %s, %s) == %s) {", SettingsTable, Str("maintenance"), Str("off"), Str("on"))
		e.line("set req.http.%s = %s;", hdrMaintenance, Str("switch"))
		e.close()
	}

	for _, r := range svc.Redirects {
		c.redirect(e, r)
	}

	// The primary origin, then routes to secondary backends.
	if len(c.pools) > 0 {
		e.from(c.pools[0].def.Meta.Pos)
		e.line("set req.backend = %s;", c.pools[0].ref())
	}
	for i, r := range svc.Routes {
		c.route(e, i+1, r)
	}

	if mt := svc.Maintenance; mt != nil {
		p := c.pool(mt.Backend)
		e.from(mt.Meta.Pos)
		e.line("# Maintenance: switched on, or the primary origin failed (see vcl_error).")
		e.open("if (req.http.%s) {", hdrMaintenance)
		e.line("set req.backend = %s;", p.ref())
		if p.def.HostHeader == "" {
			e.line("set req.http.Host = %s;", Str(c.maintenanceHost(p)))
		}
		e.line("set req.url = %s;", Str(string(mt.Path)))
		e.line("return(pass);")
		e.close()
	}

	for _, p := range svc.Pass {
		e.from(p.Meta.Pos)
		e.open("if (%s) {", c.passCondition(p))
		e.line("set req.http.%s = %s;", hdrPass, Str("1"))
		e.close()
	}

	c.recvCookies(e)

	if svc.ESI != nil {
		e.from(svc.ESI.Meta.Pos)
		e.open("if (%s) {", orPaths("req.url.path", svc.ESI.Paths))
		e.line("set req.http.%s = %s;", hdrESI, Str("1"))
		e.close()
	}

	if svc.PrivateInclude {
		e.from(svc.Meta.At("private_include"))
		e.line("call private_recv;")
	}
	c.hook(e, "recv")

	e.from(svc.Meta.Pos)
	e.open("if (req.http.%s) {", hdrPass)
	e.line("return(pass);")
	e.close()
	e.open(`if (req.method != "HEAD" && req.method != "GET" && req.method != "FASTLYPURGE") {`)
	e.line("return(pass);")
	e.close()
	e.line("return(lookup);")
	e.close()
}

// maintenanceHost is the Host sent to the maintenance backend when the
// definition gives none: its address, or the level's salt master name.
func (c *compilation) maintenanceHost(p *pool) string {
	if p.def.Address != "" {
		return p.def.Address
	}
	return string(p.def.Role) + "." + string(c.Level.Zone)
}

func (c *compilation) redirect(e *emitter, r definition.Redirect) {
	e.from(r.Meta.Pos)
	var conds []string
	if r.Host != "" {
		conds = append(conds, fmt.Sprintf("std.tolower(req.http.host) == %s", Str(c.fqdn(r.Host))))
	}
	if r.Path != "" {
		conds = append(conds, fmt.Sprintf("req.url.path == %s", Str(string(r.Path))))
	}
	if len(conds) == 0 {
		conds = append(conds, "true")
	}
	var target string
	switch {
	case r.ToHost != "" && r.ToPath != "":
		target = Str("https://" + c.fqdn(r.ToHost) + string(r.ToPath))
	case r.ToHost != "":
		target = Str("https://"+c.fqdn(r.ToHost)) + " req.url"
	default:
		target = `"https://" req.http.host ` + Str(string(r.ToPath))
	}
	status := r.Status
	if status == 0 {
		status = 301
	}
	e.open("if (%s) {", strings.Join(conds, " && "))
	e.line("set req.http.%s = %s;", hdrLocation, target)
	e.line("error %d %s;", codeRedirect, Str(fmt.Sprint(status)))
	e.close()
}

// route chooses the backend of matching paths in vcl_recv. The request
// itself is left as it is, so that a restart routes it again the same way
// and the cache key stays the visitor's URL; routeOrigin rewrites what is
// sent to the origin.
func (c *compilation) route(e *emitter, n int, r definition.Route) {
	p := c.pool(r.Backend)
	if p == nil {
		return
	}
	e.from(r.Meta.Pos)
	e.open("if (req.url.path ~ %s) {", Str(r.Path.Source))
	e.line("set req.backend = %s;", p.ref())
	e.line("set req.http.%s = %s;", hdrRoute, Str(fmt.Sprint(n)))
	e.close()
}

func (c *compilation) passCondition(p definition.PassRule) string {
	var conds []string
	if !p.Path.IsZero() {
		conds = append(conds, fmt.Sprintf("req.url.path ~ %s", Str(p.Path.Source)))
	}
	if !p.URL.IsZero() {
		conds = append(conds, fmt.Sprintf("req.url ~ %s", Str(p.URL.Source)))
	}
	if len(p.Methods) > 0 {
		var ms []string
		for _, m := range p.Methods {
			ms = append(ms, fmt.Sprintf("req.method == %s", Str(string(m))))
		}
		if len(ms) == 1 {
			conds = append(conds, ms[0])
		} else {
			conds = append(conds, "("+strings.Join(ms, " || ")+")")
		}
	}
	if p.Cookie != "" {
		conds = append(conds, fmt.Sprintf("req.http.Cookie ~ %s", Str(`(^|;\s*)`+p.Cookie.Regexp()+"=")))
	}
	return strings.Join(conds, " && ")
}

func (c *compilation) recvCookies(e *emitter) {
	ck := c.Service.Cookies
	e.from(ck.Meta.Pos)
	if ck.Strip {
		e.open("if (!req.http.%s) {", hdrPass)
		e.line("unset req.http.Cookie;")
		e.close()
		return
	}
	if len(ck.Keep) == 0 {
		return
	}
	var names []string
	for _, k := range ck.Keep {
		names = append(names, k.Regexp())
	}
	// The allow-list holds on every request, passed ones too (a pass rule
	// must not hand the origin a visitor's tracking cookies), except on the
	// untouched paths. The cache key has no cookies, so a request that
	// still carries one after filtering is the application's (a session, a
	// login) and must not be answered from, or stored in, the cache: it
	// passes.
	e.line("# Keep only: %s, on every request. A request left with cookies passes.", joinCookieNames(ck.Keep))
	e.open("if (req.http.Cookie) {")
	if len(ck.UntouchedPaths) > 0 {
		e.from(ck.Meta.At("untouched_paths"))
		e.open("if (%s) {", orPaths("req.url.path", ck.UntouchedPaths))
		e.line("set req.http.%s = %s;", hdrPass, Str("1"))
		e.indent--
		e.open("} else {")
		e.from(ck.Meta.Pos)
	}
	// The classic filter: mark kept cookies with "; ", drop every cookie
	// not so marked, then tidy the separators.
	e.line(`set req.http.Cookie = ";" req.http.Cookie;`)
	e.line(`set req.http.Cookie = regsuball(req.http.Cookie, "; +", ";");`)
	e.line(`set req.http.Cookie = regsuball(req.http.Cookie, %s, "; \1=");`, Str(";("+strings.Join(names, "|")+")="))
	e.line(`set req.http.Cookie = regsuball(req.http.Cookie, ";[^ ][^;]*", "");`)
	e.line(`set req.http.Cookie = regsuball(req.http.Cookie, "^[; ]+|[; ]+$", "");`)
	e.open(`if (req.http.Cookie == "") {`)
	e.line("unset req.http.Cookie;")
	e.indent--
	e.open("} else {")
	e.line("set req.http.%s = %s;", hdrPass, Str("1"))
	e.close()
	if len(ck.UntouchedPaths) > 0 {
		e.close()
	}
	e.close()
}

func joinCookieNames(ps []definition.CookiePattern) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	// A pattern is made of cookie-name characters only, so it is safe in a
	// comment line.
	return strings.Join(s, " ")
}
