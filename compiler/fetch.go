package compiler

// vcl_fetch: what is cached, for how long, and how it is compressed.

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/webplatform/edgectl/definition"
)

// Default gzip policy: Fastly's own defaults for its gzip objects.
var (
	defaultGzipTypes = []string{"text/html", "application/x-javascript", "text/css", "application/javascript", "text/javascript", "application/json", "application/vnd.ms-fontobject", "application/x-font-opentype", "application/x-font-truetype", "application/x-font-ttf", "application/xml", "font/eot", "font/opentype", "font/otf", "image/svg+xml", "image/vnd.microsoft.icon", "text/plain", "text/xml"}
	defaultGzipExts  = []string{"css", "js", "html", "eot", "ico", "otf", "ttf", "json", "svg"}
)

func (c *compilation) fetch(e *emitter) {
	svc := c.Service
	cc := svc.Cache
	e.from(svc.Meta.Pos)
	e.open("sub vcl_fetch {")
	e.line("#FASTLY fetch")
	e.line("# Internal response headers come from this VCL only, never from an origin.")
	for _, h := range internalResponseHeaders {
		e.line("unset beresp.http.%s;", h)
	}
	if svc.Maintenance != nil {
		e.from(svc.Maintenance.Meta.Pos)
		e.line("# Anything but the page itself: serve the built-in page instead.")
		e.open("if (req.http.%s) {", hdrMaintenance)
		e.open("if (beresp.status != 200) {")
		e.line("error %d %s;", codeMaintenance, Str("Maintenance"))
		e.close()
		e.line("return(pass);")
		e.close()
	}
	if cc.RestartOnError {
		c.retryMark(e)
	}
	// beresp.grace is deprecated; stale_if_error is Fastly's "parallel
	// implementation" of it, and stale_while_revalidate serves stale while
	// refetching
	// (https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-stale-while-revalidate/).
	if cc.StaleWhileRevalidate > 0 {
		e.from(cc.Meta.At("stale_while_revalidate"))
		e.line("set beresp.stale_while_revalidate = %s;", rtime(cc.StaleWhileRevalidate))
	}
	if cc.StaleIfError > 0 {
		e.from(cc.Meta.At("stale_if_error"))
		e.line("set beresp.stale_if_error = %s;", rtime(cc.StaleIfError))
	}
	e.from(cc.Meta.Pos)
	e.open("if (beresp.status >= 500 && beresp.status < 600) {")
	staleOrElse(e)
	e.line("# Never cache an error that is personal.")
	e.open(`if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private") {`)
	e.line("return(pass);")
	e.close()
	errTTL := cc.ErrorTTL
	if errTTL == 0 {
		errTTL = definition.Duration(1e9)
	}
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
	e.line("set beresp.ttl = %s;", rtime(errTTL))
	e.line("set beresp.stale_if_error = 0s;")
	e.line("set beresp.stale_while_revalidate = 0s;")
	e.line("return(deliver);")
	e.close()

	c.compression(e)

	if vr := svc.Headers.VaryRemove; len(vr) > 0 {
		e.from(svc.Headers.Meta.At("vary_remove"))
		// regsuball "continues from the end of the replaced buffer"
		// (https://www.fastly.com/documentation/reference/vcl/functions/strings/regsuball):
		// a pattern that consumed the comma after a token would leave the
		// next token unmatched ("Cookie,Cookie" keeps one). So every token
		// first gets a comma of its own on each side, removing ",token,"
		// takes only its own commas, and the list is joined again after.
		e.open("if (beresp.http.Vary) {")
		e.line(`set beresp.http.Vary = "," beresp.http.Vary ",";`)
		e.line(`set beresp.http.Vary = regsuball(beresp.http.Vary, "\s*,\s*", ",,");`)
		for _, h := range vr {
			e.line(`set beresp.http.Vary = regsuball(beresp.http.Vary, %s, "");`, Str(`(?i),`+regexp.QuoteMeta(string(h))+`,`))
		}
		e.line(`set beresp.http.Vary = regsuball(beresp.http.Vary, ",+", ", ");`)
		e.line(`set beresp.http.Vary = regsuball(beresp.http.Vary, "^[\s,]+|[\s,]+$", "");`)
		e.open(`if (beresp.http.Vary == "") {`)
		e.line("unset beresp.http.Vary;")
		e.close()
		e.close()
	}

	if svc.Cookies.Strip {
		e.from(svc.Cookies.Meta.At("strip"))
		e.open("if (!req.http.%s) {", hdrPass)
		e.line("unset beresp.http.Set-Cookie;")
		e.close()
	}
	if svc.Cookies.StripSetCookie {
		// The Set-Cookie check below would make a hit-for-pass object of
		// an anonymous page a plugin sets a cookie on; only what is
		// passed (login, admin) or written (POST) needs its cookies.
		e.from(svc.Cookies.Meta.At("strip_set_cookie"))
		e.line("# Cacheable requests lose Set-Cookie; passed ones and other methods keep it.")
		e.open(`if (!req.http.%s && (req.method == "GET" || req.method == "HEAD")) {`, hdrPass)
		e.line("unset beresp.http.Set-Cookie;")
		e.close()
	}

	e.from(cc.Meta.Pos)
	e.open(`if (!(beresp.http.Expires || beresp.http.Surrogate-Control ~ "max-age" || beresp.http.Cache-Control ~ "(s-maxage|max-age)")) {`)
	def := cc.DefaultTTL
	if def == 0 {
		def = definition.Duration(3600e9)
	}
	e.from(cc.Meta.At("default_ttl"))
	e.line("set beresp.ttl = %s;", rtime(def))
	e.close()
	for _, r := range cc.TTL {
		e.from(r.Meta.Pos)
		e.open("if (%s) {", ttlCondition(r))
		e.line("set beresp.ttl = %s;", rtime(r.TTL))
		e.close()
	}

	c.hook(e, "fetch")
	e.from(svc.Meta.Pos)
	// No Fastly-Cachetype: "unused and considered deprecated"
	// (https://www.fastly.com/documentation/reference/http/http-headers/Fastly-Cachetype/).
	e.open("if (beresp.http.Set-Cookie) {")
	e.line("return(pass);")
	e.close()
	e.open(`if (beresp.http.Cache-Control ~ "private") {`)
	e.line("return(pass);")
	e.close()
	e.line("return(deliver);")
	e.close()
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
	e.open(`if ((beresp.status == 500 || beresp.status == 503) && req.restarts == 0 && (req.method == "GET" || req.method == "HEAD") && !req.http.%s) {`, hdrFragment)
	e.line("set beresp.http.%s = %s;", hdrRespRetry, Str("1"))
	e.line("set beresp.ttl = 0s;")
	e.line("return(pass);")
	e.close()
}

func ttlCondition(r definition.TTLRule) string {
	switch {
	case len(r.Extensions) > 0:
		return extCondition(r.Extensions)
	case len(r.ContentTypes) > 0:
		return typeCondition(r.ContentTypes)
	}
	return fmt.Sprintf("req.url.path ~ %s", Str(r.Path.Source))
}

func extCondition[T ~string](exts []T) string {
	s := make([]string, len(exts))
	for i, x := range exts {
		s[i] = regexp.QuoteMeta(string(x))
	}
	return fmt.Sprintf("req.url.ext ~ %s", Str("(?i)^("+strings.Join(s, "|")+")$"))
}

// typeCondition matches media types exactly (parameters allowed) and
// prefixes ending in "/" or without a subtype as prefixes.
func typeCondition[T ~string](types []T) string {
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
	return fmt.Sprintf("beresp.http.Content-Type ~ %s", Str("^("+strings.Join(s, "|")+")"))
}

func (c *compilation) compression(e *emitter) {
	svc := c.Service
	gzipCond := ""
	if g := svc.Gzip; g != nil {
		types, exts := defaultGzipTypes, defaultGzipExts
		if len(g.ContentTypes) > 0 {
			types = toStrings(g.ContentTypes)
		}
		if len(g.Extensions) > 0 {
			exts = toStrings(g.Extensions)
		}
		gzipCond = fmt.Sprintf("(beresp.status == 200 || beresp.status == 404) && !beresp.http.Content-Encoding && (%s || %s)", typeCondition(types), extCondition(exts))
	}
	if svc.ESI != nil {
		e.from(svc.ESI.Meta.Pos)
		e.line("# ESI responses are not gzipped in VCL: Fastly compresses them after assembly.")
		e.open(`if (req.http.%s && beresp.http.Content-Type ~ "^text/html") {`, hdrESI)
		e.line("set beresp.do_esi = true;")
		e.line("# A fragment is part of another response: that one gets the hint.")
		e.open("if (!req.http.%s) {", hdrFragment)
		e.line(`set beresp.http.X-Compress-Hint = "on";`)
		e.close()
		if gzipCond != "" {
			e.from(svc.Gzip.Meta.Pos)
			e.indent--
			e.open("} else if (%s) {", gzipCond)
			c.gzipBody(e)
		}
		e.close()
		return
	}
	if gzipCond != "" {
		e.from(svc.Gzip.Meta.Pos)
		e.open("if (%s) {", gzipCond)
		c.gzipBody(e)
		e.close()
	}
}

// gzipBody is Fastly's generated gzip logic: always vary on
// Accept-Encoding, compress only for clients that accept gzip (Fastly
// normalises the header to "gzip" or nothing).
func (c *compilation) gzipBody(e *emitter) {
	e.open(`if (beresp.http.Vary !~ "Accept-Encoding") {`)
	e.open("if (beresp.http.Vary) {")
	e.line(`set beresp.http.Vary = beresp.http.Vary ", Accept-Encoding";`)
	e.indent--
	e.open("} else {")
	e.line(`set beresp.http.Vary = "Accept-Encoding";`)
	e.close()
	e.close()
	e.open(`if (req.http.Accept-Encoding == "gzip") {`)
	e.line("set beresp.gzip = true;")
	e.close()
}
