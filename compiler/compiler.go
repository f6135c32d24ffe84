// Package compiler turns one service definition, for one deployment level and
// that level's fleet inventory, into the desired state of a Fastly service:
// the service objects and the custom VCL files. It reads nothing from disk
// and writes nothing; the build package does I/O and runs falco on the result.
//
// The stages of one Compile call, and the files that hold them:
//
//   - resolve.go: fill in every default a definition leaves out, from the
//     table in definition/defaults.go, on a copy of the service, and give
//     every role backend its final director (type, quorum, and retries
//     from the number of VMs in the inventory); the stages after it render
//     resolved values only.
//   - compiler.go: resolve the backends against the inventory (one Fastly
//     backend per VM of a role, role directors, health checks) and build
//     the service objects (desired.Service).
//   - emit.go and cond.go: the line emitter. Every line it writes
//     remembers the definition position that produced it (File.Source), so
//     that a falco finding in compiled VCL is reported at the definition
//     line. Blocks (sub, when, choose: if / else if / else) and conditions
//     built from typed helpers (and, or, not, eq, matches) keep the
//     indentation and the parentheses out of the rendering code.
//   - vcl.go: main.vcl as a whole: its header, the internal headers and
//     error codes, the probe subroutines, vcl_hash, vcl_hit, vcl_log and
//     the hooks; then one file per subroutine of the request flow:
//     recv.go (vcl_recv), passmiss.go (vcl_miss, vcl_pass), fetch.go
//     (vcl_fetch), error.go (vcl_error) and deliver.go (vcl_deliver).
//   - errors.go: errors.vcl, the error pages of a level (errors/*.md).
//   - declarations.go: local.vcl, what Fastly generates from the service
//     objects (backends, directors, tables; rendered by package fastlyvcl,
//     which the Fastly fake's validation uses too), for local tools only.
package compiler

import (
	"fmt"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/inventory"
)

// Version is written into every generated file's header.
const Version = "edgectl/1"

// Names of the VCL files of the output contract.
const (
	MainName    = "main"
	PrivateName = "private"
	LocalName   = "local"
)

// SettingsTable is the edge dictionary holding switches an operator flips
// without a new version; "maintenance" set to "on" sends all traffic of the
// service to the maintenance page.
const SettingsTable = "edgectl_settings"

// File is one compiled VCL file with its source map.
type File struct {
	// Name is the include name; the file is Name + ".vcl".
	Name    string
	Content string
	// Source maps a line (index 0 = line 1) to the definition that produced it.
	Source []diag.Pos
	// Upload says whether sync uploads the file to Fastly (local.vcl is for
	// local tools only).
	Upload bool
}

// Origin maps a line of this file back to the definition.
func (f *File) Origin(line int) diag.Pos {
	if line >= 1 && line <= len(f.Source) {
		return f.Source[line-1]
	}
	return diag.Pos{}
}

// Result is one compiled service at one level.
type Result struct {
	Service *desired.Service
	// Files are main and errors (or, with raw_vcl, the raw files, main
	// first), private (the placeholder, when the service has a private
	// include) and local, in that order.
	Files []*File
}

// File returns the file with the given include name, or nil.
func (r *Result) File(name string) *File {
	for _, f := range r.Files {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Input is everything one compilation needs.
type Input struct {
	Service   *definition.Service
	Level     *definition.Level
	Inventory *inventory.Inventory
	// Pages are the error pages (errors/), the same for every service.
	Pages *errorpage.Set
	// Errors is ErrorsVCL(Pages), when the caller compiled it
	// already; nil compiles it here.
	Errors *File
	// MaintenancePage is MaintenancePageExpr(Pages), when the caller
	// rendered it already; empty renders it here (for services with a
	// maintenance section only).
	MaintenancePage string
}

// Compile compiles one service for one level. Problems that depend on the
// inventory (a role with no VMs, a VM without a public address) are reported
// here; the definition itself was validated when it was loaded.
func Compile(in Input) (*Result, diag.List) {
	if in.Service != nil {
		// The level's own values first (levels: in the definition), then
		// the defaults, once, so that rendering sees resolved values only.
		in.Service = resolve(in.Service.ForLevel(string(in.Level.Name)), in.Inventory)
	}
	c := &compilation{Input: in, tld: string(in.Level.TLD)}
	if in.Pages == nil {
		c.diags.Errorf(diag.Pos{File: in.Service.File}, "load the error pages (errorpage.Load) and pass them in Input.Pages", "no error pages to compile with")
		return nil, c.diags
	}
	c.resolveBackends()
	if c.diags.HasErrors() {
		return nil, c.diags
	}
	svc := c.serviceObjects()
	if c.diags.HasErrors() {
		return nil, c.diags
	}
	res := &Result{Service: svc}
	if raw := in.Service.RawVCL; raw != nil {
		// Hand-written VCL is uploaded as it is; it decides everything
		// the generated VCL would, error pages included.
		for _, src := range raw.Sources {
			res.Files = append(res.Files, rawFile(src))
		}
	} else {
		errs := in.Errors
		if errs == nil {
			var ds diag.List
			errs, ds = ErrorsVCL(in.Pages)
			c.diags.Add(ds...)
			if ds.HasErrors() {
				return nil, c.diags
			}
		}
		res.Files = append(res.Files, c.mainVCL(), errs)
	}
	if in.Service.PrivateInclude {
		res.Files = append(res.Files, &File{Name: PrivateName, Content: PrivatePlaceholder, Source: placeholderSource(in.Service)})
	}
	res.Files = append(res.Files, c.localVCL(svc))
	return res, c.diags
}

// compilation is the state of one Compile call.
type compilation struct {
	Input
	tld   string
	diags diag.List
	pools []*pool
}

// fqdn places a definition hostname under the level's TLD.
func (c *compilation) fqdn(h definition.Hostname) string { return FQDN(h, c.tld) }

// FQDN places a definition hostname under a level's TLD: "@" is the TLD
// itself, a single label goes under it, a name with dots stays as it is.
func FQDN(h definition.Hostname, tld string) string {
	return definition.FQDN(h, definition.Hostname(tld))
}

// pool is a definition backend resolved against the inventory.
type pool struct {
	def     *definition.Backend
	members []desired.Backend
	// director is set for role pools: VCL refers to the director, so adding
	// a VM changes the director's members and nothing else.
	director *desired.Director
	// healthcheck is the resolved health check (defaults filled in), when
	// the backend has one; service.json and local.vcl both render it.
	healthcheck *desired.Healthcheck
}

// ref is how VCL names the pool.
func (p *pool) ref() string {
	if p.director != nil {
		return p.director.Name
	}
	return "F_" + p.members[0].Name
}

func (c *compilation) pool(name definition.Ident) *pool {
	for _, p := range c.pools {
		if p.def.Name == name {
			return p
		}
	}
	return nil
}

// ms is a resolved duration in the milliseconds of Fastly's API.
func ms(d definition.Duration) int { return int(d.Std().Milliseconds()) }

func (c *compilation) resolveBackends() {
	svc := c.Service
	// A backend is addressed by its name within a service version
	// (DELETE /service/{id}/version/{v}/backend/{name}; Fastly CLI reference,
	// "fastly backend delete": --name is the key,
	// https://www.fastly.com/documentation/reference/cli/backend/delete),
	// so a second backend of one name fails mid-publish; a role backend
	// names one backend per VM after the VM, so the clash is only visible
	// with the inventory.
	names := map[string]string{}
	claim := func(name, what string, pos diag.Pos) {
		if prev, dup := names[name]; dup {
			hint := "rename the backend so that Fastly object names stay unique"
			if strings.HasPrefix(what, "VM ") && strings.HasPrefix(prev, "VM ") {
				hint = "two backends have the same role, so its VMs would be backends twice: keep one backend per role"
			} else if strings.HasPrefix(what, "VM ") || strings.HasPrefix(prev, "VM ") {
				hint = "a role backend has one backend per VM, named after the VM: rename the other backend"
			}
			c.diags.Errorf(pos, hint, "Fastly object name %q of %s is already used by %s", name, what, prev)
		}
		names[name] = what
	}
	for i := range svc.Backends {
		b := &svc.Backends[i]
		p := &pool{def: b}
		template := desired.Backend{
			Port:                b.Port,
			OverrideHost:        c.fqdn(b.HostHeader),
			UseSSL:              b.TLS,
			ConnectTimeout:      ms(b.ConnectTimeout),
			FirstByteTimeout:    ms(b.FirstByte),
			BetweenBytesTimeout: ms(b.BetweenBytes),
			MaxConn:             b.MaxConn,
			ErrorThreshold:      b.ErrorThreshold,
			Weight:              definition.DefaultBackendWeight,
			// Fastly checks the origin's certificate unless told not to
			// (ssl_check_cert, "Be strict on checking SSL certs", default
			// true: API reference, "Backend",
			// https://www.fastly.com/documentation/reference/api/services/backend).
			SSLCheckCert:  true,
			SSLCACert:     b.CACertPEM,
			MinTLSVersion: b.MinTLSVersion,
			MaxTLSVersion: b.MaxTLSVersion,
			Shield:        b.Shield,
		}
		if b.Healthcheck != nil {
			template.Healthcheck = string(b.Name)
		}
		if b.Address != "" {
			m := template
			m.Name = string(b.Name)
			m.Address = b.Address
			m.Comment = fmt.Sprintf("backend %s", b.Name)
			c.tlsNames(&m, b, b.Address)
			claim(m.Name, "backend "+string(b.Name), b.Meta.At("name"))
			p.members = append(p.members, m)
		} else {
			vms := c.Inventory.WithRole(string(b.Role))
			if len(vms) == 0 {
				c.diags.Errorf(b.Meta.At("role"), roleHint(string(b.Role), c.Inventory), "no VM with role %q in the %s inventory", b.Role, c.Level.Name)
				continue
			}
			// resolve filled in the director of every role backend.
			d := b.Director
			dir := &desired.Director{Name: string(b.Name), Type: directorTypeAPI(d.Type), Quorum: d.Quorum, Retries: d.Retries, Comment: fmt.Sprintf("VMs with role %s", b.Role)}
			claim(dir.Name, "director "+string(b.Name), b.Meta.At("name"))
			for _, vm := range vms {
				if vm.PublicIP == "" {
					c.diags.Errorf(b.Meta.At("role"), "give the VM a floating IP (public: true for its type in the fleet), or use another role", "VM %s (role %s) has no public_ip in %s: Fastly cannot reach it", vm.Name, b.Role, c.Inventory.File)
					continue
				}
				m := template
				m.Name = strings.ReplaceAll(vm.Name, "-", "_")
				m.Address = vm.PublicIP
				m.Comment = fmt.Sprintf("VM %s, role %s", vm.Name, b.Role)
				c.tlsNames(&m, b, "")
				claim(m.Name, fmt.Sprintf("VM %s (role %s of backend %s)", vm.Name, b.Role, b.Name), b.Meta.At("role"))
				p.members = append(p.members, m)
				dir.Backends = append(dir.Backends, m.Name)
			}
			p.director = dir
		}
		if len(p.members) > 0 {
			if b.Healthcheck != nil {
				hc := c.healthcheck(p)
				p.healthcheck = &hc
			}
			c.pools = append(c.pools, p)
		}
	}
}

// tlsNames fills the certificate and SNI names of a TLS backend.
func (c *compilation) tlsNames(m *desired.Backend, b *definition.Backend, address string) {
	if !b.TLS {
		return
	}
	name := c.fqdn(b.CertHostname)
	if name == "" {
		name = c.fqdn(b.HostHeader)
	}
	if name == "" {
		name = address
	}
	m.SSLCertHostname = name
	m.SSLSNIHostname = name
}

func (c *compilation) serviceObjects() *desired.Service {
	svc := c.Service
	out := &desired.Service{
		Service:      svc.Name,
		Level:        string(c.Level.Name),
		ServiceID:    svc.ServiceIDs[string(c.Level.Name)],
		Comment:      fmt.Sprintf("%s: %s for %s", Version, svc.File, c.Level.Name),
		Domains:      []desired.Domain{},
		Backends:     []desired.Backend{},
		Healthchecks: []desired.Healthcheck{},
		Directors:    []desired.Director{},
		Gzips:        []desired.Gzip{},
		Dictionaries: []desired.Dictionary{},
		VCLs:         c.uploadedVCLs(),
		Ownership:    svc.Ownership.Desired(),
	}
	svc.FastlyObjects.Desired(out)
	for _, d := range svc.Domains {
		out.Domains = append(out.Domains, desired.Domain{Name: c.fqdn(d), Comment: ""})
	}
	for _, p := range c.pools {
		out.Backends = append(out.Backends, p.members...)
		if p.director != nil {
			out.Directors = append(out.Directors, *p.director)
		}
		if p.healthcheck != nil {
			out.Healthchecks = append(out.Healthchecks, *p.healthcheck)
		}
	}
	cc := svc.Cache
	out.Settings = desired.Settings{
		DefaultTTL:      int(cc.DefaultTTL.Std().Seconds()),
		StaleIfError:    cc.StaleIfError > 0,
		StaleIfErrorTTL: int(cc.StaleIfError.Std().Seconds()),
	}
	if !out.Settings.StaleIfError {
		out.Settings.StaleIfErrorTTL = int(definition.DefaultStaleIfErrorTTL.Std().Seconds())
	}
	if svc.HasMaintenanceSwitch() {
		out.Dictionaries = append(out.Dictionaries, desired.Dictionary{Name: SettingsTable, Items: map[string]string{"maintenance": "off"}})
	}
	out.Dictionaries = append(out.Dictionaries, c.dictionaries()...)
	out.ACLs = c.acls()
	if svc.PrivateInclude {
		out.VCLs = append(out.VCLs, desired.VCL{Name: PrivateName, Private: true})
	}
	c.loggingObjects(out)
	return out
}

func (c *compilation) healthcheck(p *pool) desired.Healthcheck {
	h := p.def.Healthcheck
	hc := desired.Healthcheck{
		Name:             string(p.def.Name),
		Method:           string(h.Method),
		Host:             c.fqdn(h.Host),
		Path:             string(h.Path),
		HTTPVersion:      definition.DefaultHealthcheckHTTPVersion,
		Timeout:          ms(h.Timeout),
		CheckInterval:    ms(h.Interval),
		ExpectedResponse: h.Expected,
		Window:           h.Window,
		Threshold:        h.Threshold,
		Initial:          *h.Initial, // set by resolve
		Comment:          fmt.Sprintf("probes backend %s", p.def.Name),
	}
	return hc
}

// uploadedVCLs lists the VCL files sync uploads, main first.
func (c *compilation) uploadedVCLs() []desired.VCL {
	raw := c.Service.RawVCL
	if raw == nil {
		return []desired.VCL{{Name: MainName, Main: true, File: MainName + ".vcl"}, {Name: ErrorsName, File: ErrorsName + ".vcl"}}
	}
	var vcls []desired.VCL
	for i, src := range raw.Sources {
		vcls = append(vcls, desired.VCL{Name: src.Name, Main: i == 0, File: src.Name + ".vcl"})
	}
	return vcls
}

// mainName is the include name of the main VCL.
func (c *compilation) mainName() string {
	if raw := c.Service.RawVCL; raw != nil && len(raw.Sources) > 0 {
		return raw.Sources[0].Name
	}
	return MainName
}

// rawFile is a raw VCL file, each line mapped to itself.
func rawFile(src definition.RawSource) *File {
	n := strings.Count(src.Content, "\n")
	if !strings.HasSuffix(src.Content, "\n") {
		n++
	}
	lines := make([]diag.Pos, n)
	for i := range lines {
		lines[i] = diag.Pos{File: src.File, Line: i + 1}
	}
	return &File{Name: src.Name, Content: src.Content, Source: lines, Upload: true}
}

// roleHint says how to fix a role no VM of the inventory has: the role it
// probably meant, or how to add a VM with that role.
func roleHint(role string, inv *inventory.Inventory) string {
	var roles []string
	for _, vm := range inv.VMs {
		for _, r := range vm.Roles {
			if !slices.Contains(roles, r) {
				roles = append(roles, r)
			}
		}
	}
	slices.Sort(roles)
	if s := diag.Closest(role, roles); s != "" {
		return fmt.Sprintf("did you mean %q? roles in %s: %s", s, inv.File, strings.Join(roles, ", "))
	}
	return fmt.Sprintf("add a VM whose name carries the role (e.g. %s1) to %s, or fix the role", role, inv.File)
}

// Domains are the domains of a service at a level, fully qualified, in
// the order of its definition.
func Domains(svc *definition.Service, lvl *definition.Level) []string {
	var out []string
	for _, d := range svc.ForLevel(string(lvl.Name)).Domains {
		out = append(out, FQDN(d, string(lvl.TLD)))
	}
	return out
}
