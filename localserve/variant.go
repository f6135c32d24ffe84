package localserve

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/ysugimoto/falco/ast"
	"github.com/ysugimoto/falco/lexer"
	"github.com/ysugimoto/falco/parser"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/verify"
)

// Variant is the VCL that falco serves for a unit: the unit's files with
// local.vcl (the declarations Fastly generates, for local tools only)
// rewritten so that falco v1.13.0 can send every request. It is never
// written to the build output nor published.
//
// Two things change. falco's simulator cannot send a request through a
// director (its fetch reads the properties of a plain backend and finds
// none), so each director is declared instead as a backend of the same
// name, a copy of its first member. A random director "selects a backend
// randomly from its members, considering only those which are currently
// healthy" (https://www.fastly.com/documentation/reference/vcl/declarations/director/):
// the stand-in is what Fastly does when the other members are sick. Members
// that nothing but directors names are left out. And with an origin, every
// backend's .host, .port and .ssl point at it; the host header override
// (.host_header with .always_use_host_header, "Host header override" in
// https://www.fastly.com/documentation/reference/vcl/declarations/backend/)
// is dropped because falco would send .host, the origin's address, in its
// place: the origin gets the Host the VCL left on the request.
type Variant struct {
	// Files are the unit's VCL files, local.vcl replaced.
	Files verify.Files
	// StandIns says, for each director, the backend serving it.
	StandIns []StandIn
	// MaxBackends is the unit's limit plus one per director: falco counts
	// the stand-ins against Fastly's backend limit.
	MaxBackends int
	// Targets are the addresses the variant's backends send to.
	Targets []Target
}

// Target is where a backend of the variant sends.
type Target struct {
	Backend string
	// Address is host:port.
	Address string
}

// StandIn is a director served by one of its backends.
type StandIn struct {
	Director, Backend string
	Members           int
}

// String says what the stand-in means, for the startup message.
func (s StandIn) String() string {
	plural := "s"
	if s.Members == 1 {
		plural = ""
	}
	return fmt.Sprintf("director %s (%d backend%s) is served by %s alone: falco cannot send through a director", s.Director, s.Members, plural, s.Backend)
}

// Origin is where every backend of the variant sends: an http or https URL
// with a host and no path.
type Origin struct {
	Host string
	Port string
	TLS  bool
}

// ParseOrigin reads the value of --origin.
func ParseOrigin(raw string) (*Origin, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return nil, fmt.Errorf("--origin %q: want an http or https URL with a host, such as http://127.0.0.1:8000", raw)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.User != nil {
		return nil, fmt.Errorf("--origin %q: give only scheme, host and port (the request's path is kept)", raw)
	}
	o := &Origin{Host: u.Hostname(), Port: u.Port(), TLS: u.Scheme == "https"}
	if o.Port == "" {
		o.Port = map[bool]string{false: "80", true: "443"}[o.TLS]
	}
	return o, nil
}

// String is the origin as a URL.
func (o *Origin) String() string {
	scheme := map[bool]string{false: "http", true: "https"}[o.TLS]
	return scheme + "://" + net.JoinHostPort(o.Host, o.Port)
}

// originProperties are the backend properties an origin replaces.
var originProperties = map[string]bool{
	"host": true, "port": true, "ssl": true, "ssl_cert_hostname": true, "ssl_sni_hostname": true,
	"host_header": true, "always_use_host_header": true,
}

// The health check is left out: falco's simulator never probes (every
// backend is healthy), and its printing of a multi-line .request does not
// parse again.
const probeProperty = "probe"

// NewVariant rewrites the local.vcl of files (see Variant); origin may be
// nil, and the backends then keep their addresses.
func NewVariant(files verify.Files, maxBackends int, origin *Origin) (*Variant, error) {
	src, ok := files[compiler.LocalName]
	if !ok {
		return nil, fmt.Errorf("the unit has no %s.vcl", compiler.LocalName)
	}
	var vcl *ast.VCL
	var err error
	verify.Exclusive(func() {
		vcl, err = parser.New(lexer.NewFromString(src, lexer.WithFile(compiler.LocalName))).ParseVCL()
	})
	if err != nil {
		return nil, fmt.Errorf("falco cannot parse %s.vcl: %v", compiler.LocalName, err)
	}
	v := &Variant{Files: verify.Files{}}
	for name, content := range files {
		v.Files[name] = content
	}
	v.Files[compiler.LocalName] = ""
	backends := map[string]*ast.BackendDeclaration{}
	for _, stmt := range vcl.Statements {
		if d, ok := stmt.(*ast.BackendDeclaration); ok {
			backends[d.Name.Value] = d
		}
	}
	var out strings.Builder
	for _, stmt := range vcl.Statements {
		switch d := stmt.(type) {
		case *ast.BackendDeclaration:
			if directorOnly(d.Name.Value, vcl, v.Files) {
				continue
			}
			out.WriteString(backendText(d.Name.Value, d, origin))
			v.Targets = append(v.Targets, target(d.Name.Value, d, origin))
		case *ast.DirectorDeclaration:
			s, err := standIn(d, backends)
			if err != nil {
				return nil, err
			}
			v.StandIns = append(v.StandIns, s)
			out.WriteString(backendText(d.Name.Value, backends[s.Backend], origin))
			v.Targets = append(v.Targets, target(d.Name.Value, backends[s.Backend], origin))
		default:
			out.WriteString(stmt.String())
		}
		out.WriteString("\n")
	}
	v.Files[compiler.LocalName] = out.String()
	sort.Slice(v.StandIns, func(i, j int) bool { return v.StandIns[i].Director < v.StandIns[j].Director })
	v.MaxBackends = maxBackends + len(v.StandIns)
	return v, nil
}

// directorOnly says whether a backend is named by directors only: no
// other file mentions it. With its directors stood in for, nothing can
// send to it, and falco would warn that it is unused.
func directorOnly(name string, vcl *ast.VCL, files verify.Files) bool {
	word := regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`)
	for _, content := range files {
		if word.MatchString(content) {
			return false
		}
	}
	for _, stmt := range vcl.Statements {
		if d, ok := stmt.(*ast.DirectorDeclaration); ok && word.MatchString(d.String()) {
			return true
		}
	}
	return false
}

// standIn picks the first member of a director that is a declared backend.
func standIn(d *ast.DirectorDeclaration, backends map[string]*ast.BackendDeclaration) (StandIn, error) {
	s := StandIn{Director: d.Name.Value}
	for _, p := range d.Properties {
		obj, ok := p.(*ast.DirectorBackendObject)
		if !ok {
			continue
		}
		for _, kv := range obj.Values {
			id, ok := kv.Value.(*ast.Ident)
			if kv.Key.Value != "backend" || !ok || backends[id.Value] == nil {
				continue
			}
			s.Members++
			if s.Backend == "" {
				s.Backend = id.Value
			}
		}
	}
	if s.Backend == "" {
		return s, fmt.Errorf("director %s names no backend declared before it", s.Director)
	}
	return s, nil
}

// target is where backend name, declared as d, sends.
func target(name string, d *ast.BackendDeclaration, origin *Origin) Target {
	if origin != nil {
		return Target{Backend: name, Address: net.JoinHostPort(origin.Host, origin.Port)}
	}
	var host, port string
	for _, p := range d.Properties {
		if str, ok := p.Value.(*ast.String); ok && p.Key.Value == "host" {
			host = str.Value
		} else if ok && p.Key.Value == "port" {
			port = str.Value
		}
	}
	return Target{Backend: name, Address: net.JoinHostPort(host, port)}
}

// backendText declares backend name with the properties of d, pointed at
// origin when there is one.
func backendText(name string, d *ast.BackendDeclaration, origin *Origin) string {
	var b strings.Builder
	fmt.Fprintf(&b, "backend %s {\n", name)
	if origin != nil {
		fmt.Fprintf(&b, "  .host = %s;\n  .port = %s;\n", compiler.Str(origin.Host), compiler.Str(origin.Port))
		if origin.TLS {
			b.WriteString("  .ssl = true;\n")
		}
	}
	for _, p := range d.Properties {
		if p.Key.Value == probeProperty || (origin != nil && originProperties[p.Key.Value]) {
			continue
		}
		b.WriteString(p.String())
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return b.String()
}
