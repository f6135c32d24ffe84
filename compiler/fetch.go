package compiler

// vcl_fetch: what is cached, for how long, and how it is compressed.

import (
	"regexp"
	"strings"

	"github.com/webplatform/edgectl/definition"
)

func (c *compilation) fetch(e *emitter) {
	svc := c.Service
	c.fastlySub(e, "fetch", func() {
		e.line("# Internal response headers come from this VCL only, never from an origin.")
		for _, h := range internalResponseHeaders {
			e.line("unset beresp.http.%s;", h)
		}
		c.fetchMaintenance(e)
		if svc.Cache.RestartOnError {
			c.retryMark(e)
		}
		c.staleLife(e)
		c.surrogateKeys(e)
		c.cacheErrors(e)
		c.compression(e)
		c.varyRemove(e)
		c.fetchCookies(e)
		c.ttlRules(e)
		c.hook(e, "fetch")
		e.from(svc.Meta.Pos)
		// No Fastly-Cachetype: "unused and considered deprecated"
		// (https://www.fastly.com/documentation/reference/http/http-headers/Fastly-Cachetype/).
		e.when(is("beresp.http.Set-Cookie"), func() {
			e.line("return(pass);")
		})
		e.when(matches("beresp.http.Cache-Control", "private"), func() {
			e.line("return(pass);")
		})
		e.line("return(deliver);")
	})
}

// fetchMaintenance accepts from the maintenance backend its page and
// nothing else, uncached.
func (c *compilation) fetchMaintenance(e *emitter) {
	c.whenMaintenance(e, func(mt *definition.Maintenance) {
		e.line("# Anything but the page itself: serve the built-in page instead.")
		e.when(is(reqHeader(hdrMaintenance)), func() {
			e.when(ne("beresp.status", "200"), func() {
				e.line("error %d %s;", codeMaintenance, Str("Maintenance"))
			})
			e.line("return(pass);")
		})
	})
}

// staleLife sets how long a stale copy may be served. beresp.grace is
// deprecated; stale_if_error is Fastly's "parallel implementation" of it,
// and stale_while_revalidate serves stale while refetching
// (https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-stale-while-revalidate/).
func (c *compilation) staleLife(e *emitter) {
	cc := c.Service.Cache
	if cc.StaleWhileRevalidate > 0 {
		e.from(cc.Meta.At("stale_while_revalidate"))
		e.line("set beresp.stale_while_revalidate = %s;", rtime(cc.StaleWhileRevalidate))
	}
	if cc.StaleIfError > 0 {
		e.from(cc.Meta.At("stale_if_error"))
		e.line("set beresp.stale_if_error = %s;", rtime(cc.StaleIfError))
	}
}

// cacheErrors serves a stale copy for an origin's 5xx, or caches the error
// for error_ttl.
func (c *compilation) cacheErrors(e *emitter) {
	cc := c.Service.Cache
	e.from(cc.Meta.Pos)
	e.when(and(atom("beresp.status >= 500"), atom("beresp.status < 600")), func() {
		staleOrElse(e)
		e.line("# Never cache an error that is personal.")
		e.when(or(is("beresp.http.Set-Cookie"), matches("beresp.http.Cache-Control", "private")), func() {
			e.line("return(pass);")
		})
		e.from(cc.Meta.At("error_ttl"))
		// https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-cacheable/
		// and .../beresp-stale-while-revalidate/ ("same as beresp.stale_if_error
		// except ... stale while revalidate"); vcl_hit: "a stale object may also
		// trigger a hit if the backend is considered sick".
		e.line("# Cache it for error_ttl to spare the origin. A 5xx starts uncacheable")
		e.line("# (Fastly: beresp.cacheable), so the TTL alone would cache nothing. The")
		e.line("# cached error gets no stale life of its own: it must never be served")
		e.line("# as the stale copy of the page (Fastly: vcl_hit, beresp.stale_if_error).")
		e.line("set beresp.cacheable = true;")
		e.line("set beresp.ttl = %s;", rtime(cc.ErrorTTL))
		e.line("set beresp.stale_if_error = 0s;")
		e.line("set beresp.stale_while_revalidate = 0s;")
		e.line("return(deliver);")
	})
}

// varyRemove drops the definition's vary_remove tokens from Vary.
func (c *compilation) varyRemove(e *emitter) {
	h := c.Service.Headers
	if len(h.VaryRemove) == 0 {
		return
	}
	e.from(h.Meta.At("vary_remove"))
	// regsuball "continues from the end of the replaced buffer"
	// (https://www.fastly.com/documentation/reference/vcl/functions/strings/regsuball):
	// a pattern that consumed the comma after a token would leave the
	// next token unmatched ("Cookie,Cookie" keeps one). So every token
	// first gets a comma of its own on each side, removing ",token,"
	// takes only its own commas, and the list is joined again after.
	e.when(is("beresp.http.Vary"), func() {
		e.line(`set beresp.http.Vary = "," beresp.http.Vary ",";`)
		e.line(`set beresp.http.Vary = regsuball(beresp.http.Vary, "\s*,\s*", ",,");`)
		for _, name := range h.VaryRemove {
			e.line(`set beresp.http.Vary = regsuball(beresp.http.Vary, %s, "");`, Str(`(?i),`+regexp.QuoteMeta(string(name))+`,`))
		}
		e.line(`set beresp.http.Vary = regsuball(beresp.http.Vary, ",+", ", ");`)
		e.line(`set beresp.http.Vary = regsuball(beresp.http.Vary, "^[\s,]+|[\s,]+$", "");`)
		e.when(eq("beresp.http.Vary", `""`), func() {
			e.line("unset beresp.http.Vary;")
		})
	})
}

// fetchCookies strips Set-Cookie where the definition says so.
func (c *compilation) fetchCookies(e *emitter) {
	ck := c.Service.Cookies
	if ck.Strip {
		e.from(ck.Meta.At("strip"))
		e.when(not(is(reqHeader(hdrPass))), func() {
			e.line("unset beresp.http.Set-Cookie;")
		})
	}
	if ck.StripSetCookie {
		// The Set-Cookie check at the end of vcl_fetch would make a
		// hit-for-pass object of an anonymous page a plugin sets a cookie
		// on; only what is passed (login, admin) or written (POST) needs
		// its cookies.
		e.from(ck.Meta.At("strip_set_cookie"))
		e.line("# Cacheable requests lose Set-Cookie; passed ones and other methods keep it.")
		e.when(and(not(is(reqHeader(hdrPass))), getOrHead), func() {
			e.line("unset beresp.http.Set-Cookie;")
		})
	}
}

// ttlRules sets the default TTL where the origin sends no caching headers,
// then the definition's TTL rules.
func (c *compilation) ttlRules(e *emitter) {
	cc := c.Service.Cache
	e.from(cc.Meta.Pos)
	originTTL := or(is("beresp.http.Expires"), matches("beresp.http.Surrogate-Control", "max-age"), matches("beresp.http.Cache-Control", "(s-maxage|max-age)"))
	e.when(not(originTTL), func() {
		e.from(cc.Meta.At("default_ttl"))
		e.line("set beresp.ttl = %s;", rtime(cc.DefaultTTL))
	})
	for _, r := range cc.TTL {
		e.from(r.Meta.Pos)
		e.when(ttlCondition(r), func() {
			e.line("set beresp.ttl = %s;", rtime(r.TTL))
		})
	}
}

// retryMark decides the restart_on_error retry in vcl_fetch and leaves the
// restart to vcl_deliver: Fastly (restart statement,
// https://www.fastly.com/documentation/reference/vcl/statements/restart/) warns that "if a restart is
// performed in vcl_hit, vcl_fetch, or vcl_error, modifications made to req
// may not survive a restart due to the effects of clustering". The response
// is passed with no TTL, so neither the retry nor the next visitor finds it
// in the cache.
func (c *compilation) retryMark(e *emitter) {
	cc := c.Service.Cache
	e.from(cc.Meta.At("restart_on_error"))
	e.line("# restart_on_error: try once more from vcl_deliver (see X-Edgectl-Retry).")
	e.when(and(anyOf("beresp.status", "500", "503"), eq("req.restarts", "0"), getOrHead, not(is(reqHeader(hdrFragment)))), func() {
		e.line("set beresp.http.%s = %s;", hdrRespRetry, Str("1"))
		e.line("set beresp.ttl = 0s;")
		e.line("return(pass);")
	})
}

func ttlCondition(r definition.TTLRule) cond {
	switch {
	case len(r.Extensions) > 0:
		return extCondition(r.Extensions)
	case len(r.ContentTypes) > 0:
		return typeCondition(r.ContentTypes)
	}
	return matches("req.url.path", r.Path.Source)
}

func extCondition[T ~string](exts []T) cond {
	s := make([]string, len(exts))
	for i, x := range exts {
		s[i] = regexp.QuoteMeta(string(x))
	}
	return matches("req.url.ext", "(?i)^("+strings.Join(s, "|")+")$")
}

// typeCondition matches media types exactly (parameters allowed) and
// prefixes ending in "/" or without a subtype as prefixes.
func typeCondition[T ~string](types []T) cond {
	s := make([]string, len(types))
	for i, t := range types {
		q := regexp.QuoteMeta(string(t))
		if strings.HasSuffix(string(t), "/") {
			s[i] = q
		} else if !strings.Contains(string(t), "/") {
			s[i] = q + "/"
		} else {
			s[i] = q + `\s*($|;)`
		}
	}
	return matches("beresp.http.Content-Type", "^("+strings.Join(s, "|")+")")
}

// compression decides ESI and gzip, never both: an ESI response is
// assembled, then compressed by Fastly (X-Compress-Hint).
func (c *compilation) compression(e *emitter) {
	svc := c.Service
	var branches []branch
	if svc.ESI != nil {
		e.from(svc.ESI.Meta.Pos)
		e.line("# ESI responses are not gzipped in VCL: Fastly compresses them after assembly.")
		branches = append(branches, then(and(is(reqHeader(hdrESI)), matches("beresp.http.Content-Type", "^text/html")), func() {
			e.line("set beresp.do_esi = true;")
			e.line("# A fragment is part of another response: that one gets the hint.")
			e.when(not(is(reqHeader(hdrFragment))), func() {
				e.line(`set beresp.http.X-Compress-Hint = "on";`)
			})
		}))
	}
	if g := svc.Gzip; g != nil {
		gzip := and(anyOf("beresp.status", "200", "404"), not(is("beresp.http.Content-Encoding")), or(typeCondition(g.ContentTypes), extCondition(g.Extensions)))
		branches = append(branches, branch{cond: gzip, at: g.Meta.Pos, body: c.gzipBody(e)})
	}
	if len(branches) > 0 {
		e.choose(branches...)
	}
}

// gzipBody is Fastly's generated gzip logic: always vary on
// Accept-Encoding, compress only for clients that accept gzip (Fastly
// normalises the header to "gzip" or nothing).
func (c *compilation) gzipBody(e *emitter) func() {
	return func() {
		e.when(notMatches("beresp.http.Vary", "Accept-Encoding"), func() {
			e.choose(
				then(is("beresp.http.Vary"), func() {
					e.line(`set beresp.http.Vary = beresp.http.Vary ", Accept-Encoding";`)
				}),
				otherwise(func() {
					e.line(`set beresp.http.Vary = "Accept-Encoding";`)
				}),
			)
		})
		e.when(eq("req.http.Accept-Encoding", Str("gzip")), func() {
			e.line("set beresp.gzip = true;")
		})
	}
}
