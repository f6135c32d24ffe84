package compiler

// vcl_error: synthetic responses (redirects, stale copies, the error pages of errors.vcl).

import (
	"fmt"
	"net/http"

	"github.com/webplatform/edgectl/definition"
)

func (c *compilation) errorSub(e *emitter) {
	svc := c.Service
	c.fastlySub(e, "error", func() {
		c.hook(e, "error")
		if svc.TLS.Force {
			c.forceTLSError(e)
		}
		c.redirectError(e)
		c.unavailableError(e)
		c.maintenanceErrors(e)
		e.from(svc.Meta.Pos)
		e.when(eq("obj.status", fmt.Sprint(codeOriginError)), func() {
			e.line("set obj.status = std.atoi(req.http.%s);", hdrOriginError)
			c.errorPage(e, subOriginPage, "")
		})
		e.when(eq("obj.status", "503"), func() {
			if svc.Maintenance != nil {
				e.line("# The fallback failed too: the page of the origin's own failure. The")
				e.line("# cause is on req, set in vcl_deliver before the restart.")
				e.when(is(reqHeader(hdrCause)), func() {
					e.line("set obj.response = req.http.%s;", hdrCause)
				})
			}
			c.errorPage(e, subCausePage, "")
		})
		e.line("return(deliver);")
	})
}

// redirectError answers the redirects vcl_recv found: the status travels in
// obj.response, the target in a request header.
func (c *compilation) redirectError(e *emitter) {
	svc := c.Service
	if len(svc.Redirects) == 0 {
		return
	}
	e.from(svc.Meta.At("redirects"))
	e.when(eq("obj.status", fmt.Sprint(codeRedirect)), func() {
		e.line("set obj.status = std.atoi(obj.response);")
		statuses := map[int]bool{}
		for _, r := range svc.Redirects {
			statuses[r.Status] = true
		}
		for _, st := range []int{301, 302, 303, 307, 308} {
			if statuses[st] {
				e.when(eq("obj.status", fmt.Sprint(st)), func() {
					e.line("set obj.response = %s;", Str(http.StatusText(st)))
				})
			}
		}
		e.line("set obj.http.Location = req.http.%s;", hdrLocation)
		e.line(`set obj.http.Cache-Control = "max-age=3600";`)
		e.line(`synthetic "";`)
		e.line("return(deliver);")
	})
}

// unavailableError handles Fastly's own 503 (no answer from the origin): a
// stale copy, an empty include for an ESI fragment, or the fallback to the
// maintenance backend, which vcl_deliver makes.
func (c *compilation) unavailableError(e *emitter) {
	svc := c.Service
	e.from(svc.Meta.Pos)
	e.line("# Fastly could not get an answer: obj.response names the cause (Backend is")
	e.line("# unhealthy, first byte timeout, ...). Serve a stale copy if there is one.")
	e.when(and(eq("obj.status", "503"), not(is(reqHeader(hdrMaintenance)))), func() {
		staleOrElse(e)
		e.line("# An ESI fragment is part of a page: an empty include, not a whole page.")
		e.when(is(reqHeader(hdrFragment)), func() {
			e.line("set obj.http.Cache-Control = %s;", Str("no-store"))
			e.line(`synthetic "";`)
			e.line("return(deliver);")
		})
		if mt := svc.Maintenance; mt != nil {
			e.from(mt.Meta.Pos)
			e.line("# Else fall back to the maintenance backend. This may run on the fetch")
			e.line("# node, where req changes are lost (Fastly: restart, clustering): the")
			e.line("# cause travels on the response, and vcl_deliver restarts.")
			e.line("set obj.http.%s = obj.response;", hdrRespCause)
			e.line(`synthetic "";`)
			e.line("return(deliver);")
		}
	})
}

// maintenanceErrors turns a failed maintenance backend into a 503 and
// serves the maintenance page while the switch is on.
func (c *compilation) maintenanceErrors(e *emitter) {
	c.whenMaintenance(e, func(mt *definition.Maintenance) {
		e.line("# The maintenance backend failed or answered anything but its page.")
		e.when(eq("obj.status", fmt.Sprint(codeMaintenance)), func() {
			e.line("set obj.status = 503;")
			e.line("set obj.response = %s;", Str("Maintenance backend failed"))
		})
		e.line("# Switched on: the site is closed on purpose; show the maintenance page.")
		e.when(and(eq("obj.status", "503"), eq(reqHeader(hdrMaintenance), Str("switch"))), func() {
			c.errorPage(e, subMaintenancePage, "503")
		})
	})
}

// forceTLSError answers the force-TLS error with a permanent redirect to
// https. GET and HEAD get 301; any other method gets 308, which keeps the
// method and body (RFC 7538), where a 301 lets a client turn a POST into a
// GET (RFC 9110, 15.4.2).
func (c *compilation) forceTLSError(e *emitter) {
	e.from(c.Service.TLS.Meta.At("force"))
	e.when(eq("obj.status", fmt.Sprint(codeForceTLS)), func() {
		e.choose(
			then(getOrHead, func() {
				e.line("set obj.status = 301;")
				e.line(`set obj.response = "Moved Permanently";`)
			}),
			otherwise(func() {
				e.line("set obj.status = 308;")
				e.line(`set obj.response = "Permanent Redirect";`)
			}),
		)
		e.line(`set obj.http.Location = "https://" req.http.host req.url;`)
		e.line(`set obj.http.Cache-Control = "max-age=3600";`)
		e.line(`synthetic "";`)
		e.line("return(deliver);")
	})
}

// errorPage serves one of the pages of errors.vcl with the common headers.
// The page's own subroutine sets Retry-After and the body. The page is
// marked on obj, which reaches vcl_deliver as resp even when vcl_error ran
// on the fetch node; a mark on req would not.
func (c *compilation) errorPage(e *emitter, sub, status string) {
	if status != "" {
		e.line("set obj.status = %s;", status)
	}
	e.line("set obj.http.Content-Type = %s;", Str("text/html; charset=utf-8"))
	e.line("set obj.http.Cache-Control = %s;", Str("no-store"))
	e.line("set obj.http.%s = %s;", hdrRespPage, Str("1"))
	e.line("call %s;", sub)
	e.line("return(deliver);")
}

func (c *compilation) retryAfter(mt *definition.Maintenance) int {
	return int(mt.RetryAfter.Std().Seconds())
}

func (c *compilation) statusURL() string { return StatusURL(c.Level) }

// StatusURL is the status page of a level, which every error page links to.
func StatusURL(l *definition.Level) string {
	h := l.StatusPage
	if h == "" {
		h = definition.DefaultStatusPage
	}
	return "https://" + FQDN(h, string(l.TLD)) + "/"
}
