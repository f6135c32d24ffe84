package compiler

// local.vcl: the declarations Fastly generates from the service objects.

import (
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fastlyvcl"
)

// localVCL writes what Fastly generates from the service objects
// (fastlyvcl, the one rendering of it, which the Fastly fake's validation
// uses too), followed by the main VCL, so that falco can lint and test the
// service as Fastly would compile it.
func (c *compilation) localVCL(svc *desired.Service) *File {
	e := &emitter{}
	e.from(c.Service.Meta.Pos)
	e.line("# %s: %s, for local tools only (falco lint, falco test); never uploaded.", c.Service.Name, c.Level.Name)
	e.line("# The declarations Fastly generates from service.json, then the main VCL.")
	e.line("# falco lint -I <this directory> local.vcl")
	for _, l := range fastlyvcl.Lines(svc) {
		e.from(c.objectPos(l.From))
		e.text(l.Text)
	}
	e.from(c.Service.Meta.Pos)
	e.blank()
	e.line("include %s;", Str(c.mainName()))
	return &File{Name: LocalName, Content: e.String(), Source: e.src}
}

// objectPos is the definition position a service object came from: a
// backend, its health check or its director from the definition's backend
// (a role backend's VMs and director from the role backend), the settings
// table from the maintenance section, an ACL or a declared dictionary from
// its section.
func (c *compilation) objectPos(ref fastlyvcl.Ref) diag.Pos {
	for _, p := range c.pools {
		switch ref.Kind {
		case fastlyvcl.KindHealthcheck:
			if p.healthcheck != nil && p.healthcheck.Name == ref.Name {
				return p.def.Healthcheck.Meta.Pos
			}
		case fastlyvcl.KindDirector:
			if p.director != nil && p.director.Name == ref.Name {
				return p.def.Meta.Pos
			}
		case fastlyvcl.KindBackend:
			for _, m := range p.members {
				if m.Name == ref.Name {
					return p.def.Meta.Pos
				}
			}
		}
	}
	if ref.Kind == fastlyvcl.KindDictionary && ref.Name == SettingsTable && c.Service.Maintenance != nil {
		return c.Service.Maintenance.Meta.Pos
	}
	if ref.Kind == fastlyvcl.KindDictionary && ref.Name == SettingsTable && c.Service.HasMaintenanceSwitch() {
		return c.Service.RawVCL.Meta.At("maintenance_switch")
	}
	for _, a := range c.Service.ACLs {
		if ref.Kind == fastlyvcl.KindACL && string(a.Name) == ref.Name {
			return a.Meta.Pos
		}
	}
	for _, d := range c.Service.Dictionaries {
		if ref.Kind == fastlyvcl.KindDictionary && string(d.Name) == ref.Name {
			return d.Meta.Pos
		}
	}
	return c.Service.Meta.Pos
}

// directorTypeAPI is the Fastly API number of a definition's director type
// (fastlyvcl.Policies, the one mapping); validation refused any other name,
// and an unknown one is random, Fastly's default.
func directorTypeAPI(name string) int {
	if api, ok := fastlyvcl.PolicyAPI(name); ok {
		return api
	}
	return desired.DirectorRandom
}
