package compiler

// vcl_recv: classify the request (TLS, maintenance, redirects, routes, pass
// rules, cookies, ESI) and choose the backend.

import (
	"fmt"
	"strings"

	"github.com/webplatform/edgectl/definition"
)

func (c *compilation) recv(e *emitter) {
	svc := c.Service
	c.fastlySub(e, "recv", func() {
		e.when(eq("req.restarts", "0"), func() {
			e.line("call %s;", subReset)
			e.line("call %s;", subTLS)
			e.line("call %s;", subESI)
		})
		c.recvACLs(e)
		e.line("# Restarted by vcl_deliver to replace an origin error with our page.")
		e.when(is(reqHeader(hdrOriginError)), func() {
			e.line("error %d %s;", codeOriginError, Str("Origin error"))
		})
		c.recvForceTLS(e)
		c.recvMaintenanceSwitch(e)
		for _, r := range svc.Redirects {
			c.redirect(e, r)
		}
		c.recvBackend(e)
		c.recvMaintenance(e)
		for _, p := range svc.Pass {
			e.from(p.Meta.Pos)
			e.when(c.passCondition(p), func() {
				e.line("set req.http.%s = %s;", hdrPass, Str("1"))
			})
		}
		c.recvCookies(e)
		if svc.ESI != nil {
			e.from(svc.ESI.Meta.Pos)
			e.when(orPaths("req.url.path", svc.ESI.Paths), func() {
				e.line("set req.http.%s = %s;", hdrESI, Str("1"))
			})
		}
		if svc.PrivateInclude {
			e.from(svc.Meta.At("private_include"))
			e.line("call private_recv;")
		}
		c.hook(e, "recv")
		c.recvDecide(e)
	})
}

// reqHeader is the VCL variable of a request header.
func reqHeader(name string) string { return "req.http." + name }

// recvForceTLS sends plain HTTP to vcl_error, which redirects it to https;
// an ESI fragment is part of a page that was redirected already.
func (c *compilation) recvForceTLS(e *emitter) {
	if !c.Service.TLS.Force {
		return
	}
	e.from(c.Service.TLS.Meta.At("force"))
	e.when(and(not(is(reqHeader(hdrTLS))), not(is(reqHeader(hdrFragment)))), func() {
		e.line("error %d %s;", codeForceTLS, Str("Force TLS"))
	})
}

// recvMaintenanceSwitch reads the switch of the settings dictionary.
func (c *compilation) recvMaintenanceSwitch(e *emitter) {
	c.whenMaintenance(e, func(mt *definition.Maintenance) {
		e.when(eq(fmt.Sprintf("table.lookup(%s, %s, %s)", SettingsTable, Str("maintenance"), Str("off")), Str("on")), func() {
			e.line("set req.http.%s = %s;", hdrMaintenance, Str("switch"))
		})
	})
}

// recvBackend chooses the primary origin, then routes to secondary backends.
func (c *compilation) recvBackend(e *emitter) {
	if len(c.pools) > 0 {
		e.from(c.pools[0].def.Meta.Pos)
		e.line("set req.backend = %s;", c.pools[0].ref())
	}
	for i, r := range c.Service.Routes {
		c.route(e, i+1, r)
	}
}

// recvMaintenance sends a request marked for maintenance to the maintenance
// backend's page.
func (c *compilation) recvMaintenance(e *emitter) {
	c.whenMaintenance(e, func(mt *definition.Maintenance) {
		p := c.pool(mt.Backend)
		e.line("# Maintenance: switched on, or the primary origin failed (see vcl_error).")
		e.when(is(reqHeader(hdrMaintenance)), func() {
			e.line("set req.backend = %s;", p.ref())
			if p.def.HostHeader == "" {
				e.line("set req.http.Host = %s;", Str(c.maintenanceHost(p)))
			}
			e.line("set req.url = %s;", Str(string(mt.Path)))
			e.line("return(pass);")
		})
	})
}

// recvDecide passes what a pass rule, a cookie or the method marked, and
// looks up the rest.
func (c *compilation) recvDecide(e *emitter) {
	e.from(c.Service.Meta.Pos)
	e.when(is(reqHeader(hdrPass)), func() {
		e.line("return(pass);")
	})
	e.when(and(ne("req.method", Str("HEAD")), ne("req.method", Str("GET")), ne("req.method", Str("FASTLYPURGE"))), func() {
		e.line("return(pass);")
	})
	e.line("return(lookup);")
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
	var conds []cond
	if r.Host != "" {
		conds = append(conds, eq("std.tolower(req.http.host)", Str(c.fqdn(r.Host))))
	}
	if r.Path != "" {
		conds = append(conds, eq("req.url.path", Str(string(r.Path))))
	}
	if len(conds) == 0 {
		conds = append(conds, is("true"))
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
	e.when(and(conds...), func() {
		e.line("set req.http.%s = %s;", hdrLocation, target)
		e.line("error %d %s;", codeRedirect, Str(fmt.Sprint(r.Status)))
	})
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
	e.when(matches("req.url.path", r.Path.Source), func() {
		e.line("set req.backend = %s;", p.ref())
		e.line("set req.http.%s = %s;", hdrRoute, Str(fmt.Sprint(n)))
	})
}

func (c *compilation) passCondition(p definition.PassRule) cond {
	var conds []cond
	if !p.Path.IsZero() {
		conds = append(conds, matches("req.url.path", p.Path.Source))
	}
	if !p.URL.IsZero() {
		conds = append(conds, matches("req.url", p.URL.Source))
	}
	if len(p.Methods) > 0 {
		methods := make([]string, len(p.Methods))
		for i, m := range p.Methods {
			methods[i] = Str(string(m))
		}
		// Several methods are grouped even when they are the only test.
		conds = append(conds, group(anyOf("req.method", methods...)))
	}
	if p.Cookie != "" {
		conds = append(conds, matches("req.http.Cookie", `(^|;\s*)`+p.Cookie.Regexp()+"="))
	}
	return and(conds...)
}

// orPaths holds when the subject matches one of the regular expressions.
func orPaths(subject string, paths []definition.Regexp) cond {
	cs := make([]cond, len(paths))
	for i, p := range paths {
		cs[i] = matches(subject, p.Source)
	}
	return or(cs...)
}

func (c *compilation) recvCookies(e *emitter) {
	ck := c.Service.Cookies
	e.from(ck.Meta.Pos)
	if ck.Strip {
		e.when(not(is(reqHeader(hdrPass))), func() {
			e.line("unset req.http.Cookie;")
		})
		return
	}
	if len(ck.Keep) == 0 {
		return
	}
	// The allow-list holds on every request, passed ones too (a pass rule
	// must not hand the origin a visitor's tracking cookies), except on the
	// untouched paths. The cache key has no cookies, so a request that
	// still carries one after filtering is the application's (a session, a
	// login) and must not be answered from, or stored in, the cache: it
	// passes.
	e.line("# Keep only: %s, on every request. A request left with cookies passes.", joinCookieNames(ck.Keep))
	e.when(is("req.http.Cookie"), func() {
		if len(ck.UntouchedPaths) == 0 {
			c.filterCookies(e)
			return
		}
		e.from(ck.Meta.At("untouched_paths"))
		e.choose(
			then(orPaths("req.url.path", ck.UntouchedPaths), func() {
				e.line("set req.http.%s = %s;", hdrPass, Str("1"))
			}),
			otherwise(func() {
				e.from(ck.Meta.Pos)
				c.filterCookies(e)
			}),
		)
	})
}

// filterCookies is the classic filter: mark kept cookies with "; ", drop
// every cookie not so marked, then tidy the separators.
func (c *compilation) filterCookies(e *emitter) {
	var names []string
	for _, k := range c.Service.Cookies.Keep {
		names = append(names, k.Regexp())
	}
	e.line(`set req.http.Cookie = ";" req.http.Cookie;`)
	e.line(`set req.http.Cookie = regsuball(req.http.Cookie, "; +", ";");`)
	e.line(`set req.http.Cookie = regsuball(req.http.Cookie, %s, "; \1=");`, Str(";("+strings.Join(names, "|")+")="))
	e.line(`set req.http.Cookie = regsuball(req.http.Cookie, ";[^ ][^;]*", "");`)
	e.line(`set req.http.Cookie = regsuball(req.http.Cookie, "^[; ]+|[; ]+$", "");`)
	e.choose(
		then(eq("req.http.Cookie", `""`), func() { e.line("unset req.http.Cookie;") }),
		otherwise(func() { e.line("set req.http.%s = %s;", hdrPass, Str("1")) }),
	)
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
