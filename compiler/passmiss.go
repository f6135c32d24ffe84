package compiler

// vcl_miss and vcl_pass: the request as it leaves for the origin.

import (
	"fmt"

	"github.com/webplatform/edgectl/definition"
)

// backendSub writes vcl_miss or vcl_pass: the request is about to leave for
// the origin.
func (c *compilation) backendSub(e *emitter, name, ret string) {
	svc := c.Service
	c.fastlySub(e, name, func() {
		if svc.ESI != nil {
			e.from(svc.ESI.Meta.Pos)
			e.line("# ESI needs the HTML uncompressed; Fastly compresses the assembled page.")
			e.when(is(reqHeader(hdrESI)), func() {
				e.line("unset bereq.http.Accept-Encoding;")
			})
		}
		c.routeOrigin(e)
		e.from(svc.Meta.Pos)
		for _, h := range internalHeaders {
			e.line("unset bereq.http.%s;", h)
		}
		if svc.PrivateInclude {
			e.from(svc.Meta.At("private_include"))
			e.line("call private_%s;", name)
		}
		if name == "pass" {
			c.cleanMaintenanceRequest(e)
		}
		c.hook(e, name)
		e.line("return(%s);", ret)
	})
}

// maintenanceStrippedHeaders are the visitor's headers the salt master never
// gets: credentials and cookies are none of its business, and a conditional
// or range request could turn its page into a 304 or 206, which vcl_fetch
// would then replace with the built-in page.
var maintenanceStrippedHeaders = []string{"Cookie", "Authorization", "If-None-Match", "If-Modified-Since", "If-Range", "If-Match", "If-Unmodified-Since", "Range"}

// cleanMaintenanceRequest sends the request to the maintenance backend as a
// plain GET of its page. It works on bereq in vcl_pass (every maintenance
// request passes), so the visitor's request itself stays as it came.
// bereq.method is "HTTP method sent to the backend", settable in pass, miss
// and fetch (https://www.fastly.com/documentation/reference/vcl/variables/backend-request/bereq-method/).
func (c *compilation) cleanMaintenanceRequest(e *emitter) {
	c.whenMaintenance(e, func(mt *definition.Maintenance) {
		e.line("# The maintenance page is one static file: ask for it and nothing else.")
		e.when(is(reqHeader(hdrMaintenance)), func() {
			e.line("set bereq.method = %s;", Str("GET"))
			for _, h := range maintenanceStrippedHeaders {
				e.line("unset bereq.http.%s;", h)
			}
		})
	})
}

// routeOrigin writes, in vcl_miss and vcl_pass, the Host and URL rewrites
// of the route that chose the backend.
func (c *compilation) routeOrigin(e *emitter) {
	for i, r := range c.Service.Routes {
		if r.HostHeader == "" && r.Rewrite == nil {
			continue
		}
		e.from(r.Meta.Pos)
		e.when(eq(reqHeader(hdrRoute), Str(fmt.Sprint(i+1))), func() {
			if r.HostHeader != "" {
				e.line("set bereq.http.Host = %s;", Str(c.fqdn(r.HostHeader)))
			}
			if rw := r.Rewrite; rw != nil {
				e.from(rw.Meta.Pos)
				e.line("set bereq.url = regsub(bereq.url, %s, %s);", Str(rw.Match.Source), Str(rw.Replace))
			}
		})
	}
}
