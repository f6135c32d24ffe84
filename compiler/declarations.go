package compiler

// local.vcl: the declarations Fastly generates from the service objects.

import (
	"fmt"

	"github.com/webplatform/edgectl/desired"
)

// localVCL writes what Fastly generates from the service objects, followed
// by the main VCL, so that falco can lint and test the service as Fastly
// would compile it.
func (c *compilation) localVCL() *File {
	e := &emitter{}
	svc := c.Service
	e.from(svc.Meta.Pos)
	e.line("# %s: %s, for local tools only (falco lint, falco test); never uploaded.", svc.Name, c.Level.Name)
	e.line("# The declarations Fastly generates from service.json, then the main VCL.")
	e.line("# falco lint -I <this directory> local.vcl")
	for _, p := range c.pools {
		for _, m := range p.members {
			e.from(p.def.Meta.Pos)
			e.blank()
			c.backendDecl(e, p, m)
		}
	}
	for _, p := range c.pools {
		if p.director == nil {
			continue
		}
		e.from(p.def.Meta.Pos)
		e.blank()
		directorDecl(e, p.director)
	}
	if svc.Maintenance != nil {
		e.from(svc.Maintenance.Meta.Pos)
		e.blank()
		e.block(fmt.Sprintf("table %s STRING", SettingsTable), func() {
			e.line(`"maintenance": "off",`)
		})
	}
	for i, a := range c.acls() {
		e.from(svc.ACLs[i].Meta.Pos)
		e.blank()
		aclDecl(e, a)
	}
	for i, d := range c.dictionaries() {
		e.from(svc.Dictionaries[i].Meta.Pos)
		e.blank()
		tableDecl(e, d)
	}
	e.from(svc.Meta.Pos)
	e.blank()
	e.line("include %s;", Str(c.mainName()))
	return &File{Name: LocalName, Content: e.String(), Source: e.src}
}

// backendDecl declares one Fastly backend of a pool
// (https://www.fastly.com/documentation/reference/vcl/declarations/backend/).
func (c *compilation) backendDecl(e *emitter, p *pool, m desired.Backend) {
	e.block("backend F_"+m.Name, func() {
		e.line(".host = %s;", Str(m.Address))
		e.line(".port = %s;", Str(fmt.Sprint(m.Port)))
		if m.OverrideHost != "" {
			e.line(".host_header = %s;", Str(m.OverrideHost))
			e.line(".always_use_host_header = true;")
		}
		e.line(".connect_timeout = %dms;", m.ConnectTimeout)
		e.line(".first_byte_timeout = %dms;", m.FirstByteTimeout)
		e.line(".between_bytes_timeout = %dms;", m.BetweenBytesTimeout)
		e.line(".max_connections = %d;", m.MaxConn)
		if m.UseSSL {
			e.line(".ssl = true;")
			e.line(".ssl_cert_hostname = %s;", Str(m.SSLCertHostname))
			e.line(".ssl_sni_hostname = %s;", Str(m.SSLSNIHostname))
		}
		if hc := p.healthcheck; hc != nil {
			e.from(p.def.Healthcheck.Meta.Pos)
			e.block(".probe =", func() {
				e.line(".request = %s %s %s;", Str(hc.Method+" "+hc.Path+" HTTP/1.1"), Str("Host: "+hc.Host), Str("Connection: close"))
				e.line(".expected_response = %d;", hc.ExpectedResponse)
				e.line(".interval = %dms;", hc.CheckInterval)
				e.line(".timeout = %dms;", hc.Timeout)
				e.line(".window = %d;", hc.Window)
				e.line(".threshold = %d;", hc.Threshold)
				e.line(".initial = %d;", hc.Initial)
			})
		}
		e.from(p.def.Meta.Pos)
	})
}

// directorDecl declares a role pool's director
// (https://www.fastly.com/documentation/reference/vcl/declarations/director/).
func directorDecl(e *emitter, d *desired.Director) {
	e.block(fmt.Sprintf("director %s %s", d.Name, directorType(d.Type)), func() {
		e.line(".quorum = %d%%;", d.Quorum)
		// .retries belongs to the random director only (Fastly: director,
		// "Random" policy variant).
		if d.Type == desired.DirectorRandom {
			e.line(".retries = %d;", d.Retries)
		}
		for _, b := range d.Backends {
			e.line("{ .backend = F_%s; .weight = 1; }", b)
		}
	})
}

// directorTypes is the one mapping between the director types a definition
// names (definition.DirectorTypes), the policy names of a VCL director
// declaration and the numbers of the Fastly API's director object
// (desired.DirectorRandom, ...). Fastly's director declaration
// (https://www.fastly.com/documentation/reference/vcl/declarations/director/)
// names the policies random, hash and client; the API numbers them 1, 3 and 4.
var directorTypes = []struct {
	name string
	api  int
}{
	{"random", desired.DirectorRandom},
	{"hash", desired.DirectorHash},
	{"client", desired.DirectorClient},
}

// directorTypeAPI is the Fastly API number of a definition's director type;
// validation refused any other name, and an unknown one is random, Fastly's
// default.
func directorTypeAPI(name string) int {
	for _, t := range directorTypes {
		if t.name == name {
			return t.api
		}
	}
	return desired.DirectorRandom
}

// directorType is the VCL policy name of a Fastly API director type.
func directorType(api int) string {
	for _, t := range directorTypes {
		if t.api == api {
			return t.name
		}
	}
	return "random"
}
