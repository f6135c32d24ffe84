package fastlysync

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
)

// Imported is the definition written for an existing Fastly service.
type Imported struct {
	// Files maps a path relative to the repository root
	// (services/NAME.yaml, vcl/NAME/<vcl>.vcl) to its content.
	Files map[string]string
	// Warnings list what the definition format cannot express: the next
	// diff will show each of them as a change.
	Warnings []string
}

// importNameRE is what definition accepts as a backend name (an Ident).
var importNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// vclFileRE is a VCL name that can be a file name under vcl/NAME/.
var vclFileRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$`)

// The YAML written by Import, in the definition's field names and order.
type importService struct {
	Description    string            `yaml:"description"`
	ServiceIDs     map[string]string `yaml:"service_ids"`
	Domains        []string          `yaml:"domains"`
	MaxBackends    int               `yaml:"max_backends,omitempty"`
	PrivateInclude bool              `yaml:"private_include,omitempty"`
	Backends       []importBackend   `yaml:"backends"`
	Cache          *importCache      `yaml:"cache,omitempty"`
	RawVCL         importRawVCL      `yaml:"raw_vcl"`
	// Levels holds what differs at the other levels.
	Levels map[string]*importLevel `yaml:"levels,omitempty"`
}

type importBackend struct {
	Name           string             `yaml:"name"`
	Address        string             `yaml:"address"`
	Port           int                `yaml:"port"`
	TLS            bool               `yaml:"tls,omitempty"`
	CertHostname   string             `yaml:"cert_hostname,omitempty"`
	HostHeader     string             `yaml:"host_header,omitempty"`
	Healthcheck    *importHealthcheck `yaml:"healthcheck,omitempty"`
	ConnectTimeout string             `yaml:"connect_timeout,omitempty"`
	FirstByte      string             `yaml:"first_byte_timeout,omitempty"`
	BetweenBytes   string             `yaml:"between_bytes_timeout,omitempty"`
	MaxConn        int                `yaml:"max_conn,omitempty"`
	ErrorThreshold int                `yaml:"error_threshold,omitempty"`
}

type importHealthcheck struct {
	Method    string `yaml:"method,omitempty"`
	Path      string `yaml:"path"`
	Host      string `yaml:"host,omitempty"`
	Expected  int    `yaml:"expected_response,omitempty"`
	Interval  string `yaml:"interval,omitempty"`
	Timeout   string `yaml:"timeout,omitempty"`
	Window    int    `yaml:"window,omitempty"`
	Threshold int    `yaml:"threshold,omitempty"`
	Initial   int    `yaml:"initial,omitempty"`
}

type importCache struct {
	DefaultTTL   string `yaml:"default_ttl,omitempty"`
	StaleIfError string `yaml:"stale_if_error,omitempty"`
}

type importRawVCL struct {
	Main     string   `yaml:"main"`
	Includes []string `yaml:"includes,omitempty"`
}

// ImportOptions name what Import writes.
type ImportOptions struct {
	// Name is the service name: services/Name.yaml and vcl/Name/.
	Name string
	// ServiceIDs maps every level to its Fastly service ID (the definition
	// needs one per level).
	ServiceIDs map[string]string
	// Level is the level of the service passed to Import, and TLDs maps
	// every level to its TLD: with them, domains under the level's TLD are
	// written relative to it ("www"), as the definition places them.
	Level string
	TLDs  map[string]string
	// Others maps each other level to its service as read from Fastly:
	// whatever differs there (domains, backend addresses and ports,
	// default TTL, stale-if-error) is written under that level in levels:.
	Others map[string]*fastlyapi.Remote
}

// The per-level values written under levels: in the definition.
type importLevel struct {
	Domains  []string                        `yaml:"domains,omitempty"`
	Backends map[string]*importBackendValues `yaml:"backends,omitempty"`
	Cache    *importCache                    `yaml:"cache,omitempty"`
}

type importBackendValues struct {
	Address      string `yaml:"address,omitempty"`
	Port         int    `yaml:"port,omitempty"`
	HostHeader   string `yaml:"host_header,omitempty"`
	CertHostname string `yaml:"cert_hostname,omitempty"`
}

// clusterHopMs is Fastly's fixed timeout between the nodes of a cluster
// ("always 60s and is not configurable",
// https://www.fastly.com/documentation/reference/vcl/variables/backend-connection/bereq-first-byte-timeout/),
// which definition validation holds backend timeouts to (definition.ClusterHop).
const clusterHopMs = 60000

// Import writes a definition reproducing the version r describes: its
// domains, backends, health checks and settings, and its custom VCL as raw
// VCL files used as they are (definition field raw_vcl). The private
// include is never written: a VCL named "private" becomes
// private_include: true, its content to be put in the private directory.
// Whatever the definition format cannot express is listed in Warnings.
func Import(r *fastlyapi.Remote, opts ImportOptions) (*Imported, error) {
	c := r.Config
	out := &Imported{Files: map[string]string{}}
	// Warnings name objects read from Fastly: escaped for the terminal.
	warn := func(format string, args ...any) {
		out.Warnings = append(out.Warnings, diag.Printable(fmt.Sprintf(format, args...)))
	}
	svc := importService{
		Description: fmt.Sprintf("Imported from Fastly service %s (%s), version %d, by edgectl import.", r.ServiceID, r.Name, r.Version),
		ServiceIDs:  opts.ServiceIDs,
		Domains:     []string{},
	}
	domains, err := importDomains(c, opts.TLDs[opts.Level])
	if err != nil {
		return nil, err
	}
	svc.Domains = domains
	if svc.Backends, err = importBackends(r, warn); err != nil {
		return nil, err
	}
	if len(c.Backends) > 5 {
		svc.MaxBackends = len(c.Backends)
	}
	svc.Cache = importSettings(c.Settings, warn)
	if err := importLevels(&svc, r, opts, &out.Warnings); err != nil {
		return nil, err
	}

	mains := 0
	for _, v := range sortedBy(c.VCLs, func(v fastlyplan.VCL) string { return v.Name }) {
		if v.Private {
			svc.PrivateInclude = true
			if v.Main {
				return nil, fmt.Errorf("the main VCL is named %q, the name of the private include; rename it in Fastly and import again", v.Name)
			}
			continue
		}
		if !vclFileRE.MatchString(v.Name) {
			return nil, fmt.Errorf("vcl %q: the name cannot be a file name under vcl/%s/; rename it in Fastly (and the include statements naming it) and import again", v.Name, opts.Name)
		}
		path := fmt.Sprintf("vcl/%s/%s.vcl", opts.Name, v.Name)
		out.Files[path] = v.Content
		if v.Main {
			mains++
			svc.RawVCL.Main = path
		} else {
			svc.RawVCL.Includes = append(svc.RawVCL.Includes, path)
		}
	}
	if mains != 1 {
		return nil, fmt.Errorf("service %s version %d has %d main VCLs; a definition needs exactly one (mark one main in Fastly)", r.ServiceID, r.Version, mains)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Imported by edgectl import from Fastly service %s version %d.\n", r.ServiceID, r.Version)
	fmt.Fprintf(&b, "# The custom VCL is used as it is (raw_vcl); move it to edgectl's features over time.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(svc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	out.Files["services/"+opts.Name+".yaml"] = b.String()
	slices.Sort(out.Warnings)
	return out, nil
}

// importLevels reads the other levels' services and writes under levels:
// what differs from the base (domains, backend addresses, ports, host
// headers and certificate names, default TTL and stale-if-error), so that
// the definition compiles to each level's own service. What differs and
// the definition cannot hold (the backends themselves, health checks,
// timeouts, the VCL) is refused or warned about.
func importLevels(svc *importService, base *fastlyapi.Remote, opts ImportOptions, warnings *[]string) error {
	warn := func(format string, args ...any) { *warnings = append(*warnings, fmt.Sprintf(format, args...)) }
	baseWarnings := slices.Clone(*warnings)
	for _, level := range slices.Sorted(maps.Keys(opts.Others)) {
		other := opts.Others[level]
		lv := &importLevel{}
		domains, err := importDomains(other.Config, opts.TLDs[level])
		if err != nil {
			return fmt.Errorf("level %s (service %s): %w", level, other.ServiceID, err)
		}
		if !slices.Equal(domains, svc.Domains) {
			lv.Domains = domains
		}
		seen := map[string]bool{}
		quiet := func(format string, args ...any) {
			w := fmt.Sprintf(format, args...)
			if !seen[w] && !slices.Contains(baseWarnings, w) {
				seen[w] = true
				warn("at %s: %s", level, w)
			}
		}
		backends, err := importBackends(other, quiet)
		if err != nil {
			return fmt.Errorf("level %s (service %s): %w", level, other.ServiceID, err)
		}
		if lv.Backends, err = backendValues(svc.Backends, backends, level, warn); err != nil {
			return err
		}
		lv.Cache = settingsValues(importSettings(base.Config.Settings, func(string, ...any) {}), importSettings(other.Config.Settings, quiet))
		if !sameVCL(base.Config.VCLs, other.Config.VCLs) {
			warn("at %s: the custom VCL differs from %s's; the definition holds %s's, the diff at %s shows the difference", level, opts.Level, opts.Level, level)
		}
		if lv.Domains != nil || lv.Backends != nil || lv.Cache != nil {
			if svc.Levels == nil {
				svc.Levels = map[string]*importLevel{}
			}
			svc.Levels[level] = lv
		}
	}
	return nil
}

// backendValues returns the values of other's backends that differ from
// base's. The backends themselves must be the same: a definition has one
// list of backends for every level.
func backendValues(base, other []importBackend, level string, warn func(string, ...any)) (map[string]*importBackendValues, error) {
	names := func(l []importBackend) []string {
		var n []string
		for _, b := range l {
			n = append(n, b.Name)
		}
		return n
	}
	if !slices.Equal(names(base), names(other)) {
		return nil, fmt.Errorf("the backends at level %s (%s) are not those of the imported service (%s); a definition has the same backends at every level: rename them in Fastly to match and import again",
			level, strings.Join(names(other), ", "), strings.Join(names(base), ", "))
	}
	var out map[string]*importBackendValues
	for i, b := range base {
		o := other[i]
		v := &importBackendValues{}
		if o.Address != b.Address {
			v.Address = o.Address
		}
		if o.Port != b.Port {
			v.Port = o.Port
		}
		if o.HostHeader != b.HostHeader && o.HostHeader != "" {
			v.HostHeader = o.HostHeader
		}
		if o.CertHostname != b.CertHostname && o.CertHostname != "" {
			v.CertHostname = o.CertHostname
		}
		// Only the fields above can differ by level: the rest stays the
		// base's, and the diff at this level shows it.
		rest, orest := b, o
		rest.Address, rest.Port, rest.HostHeader, rest.CertHostname = "", 0, "", ""
		orest.Address, orest.Port, orest.HostHeader, orest.CertHostname = "", 0, "", ""
		if !reflect.DeepEqual(rest, orest) || (o.HostHeader == "" && b.HostHeader != "") || (o.CertHostname == "" && b.CertHostname != "") {
			warn("at %s: backend %s differs in more than its address, port, host header and certificate name; the definition holds the imported service's values", level, b.Name)
		}
		if *v != (importBackendValues{}) {
			if out == nil {
				out = map[string]*importBackendValues{}
			}
			out[b.Name] = v
		}
	}
	return out, nil
}

// settingsValues returns the settings of other that differ from base, or
// nil. Stale-if-error off is written as 0s.
func settingsValues(base, other *importCache) *importCache {
	if base == nil {
		base = &importCache{}
	}
	if other == nil {
		other = &importCache{}
	}
	out := &importCache{}
	if other.DefaultTTL != base.DefaultTTL {
		out.DefaultTTL = cmp.Or(other.DefaultTTL, "1h")
	}
	if other.StaleIfError != base.StaleIfError {
		out.StaleIfError = cmp.Or(other.StaleIfError, "0s")
	}
	if *out == (importCache{}) {
		return nil
	}
	return out
}

// sameVCL reports whether two services have the same custom VCL files.
func sameVCL(a, b []fastlyplan.VCL) bool {
	key := func(v fastlyplan.VCL) string { return v.Name }
	return slices.EqualFunc(sortedBy(a, key), sortedBy(b, key), func(x, y fastlyplan.VCL) bool {
		return x.Name == y.Name && x.Main == y.Main && x.Private == y.Private && x.Content == y.Content
	})
}

// importDomains lists the service's domains, relative to tld where they
// are under it ("www" for www.webplatform.org, "@" for the apex itself).
func importDomains(c *fastlyplan.Config, tld string) ([]string, error) {
	out := []string{}
	for _, d := range sortedBy(c.Domains, func(d desired.Domain) string { return d.Name }) {
		if !strings.Contains(d.Name, ".") {
			return nil, fmt.Errorf("domain %q has no dot; a definition would place it under the level's TLD", d.Name)
		}
		out = append(out, relativeHost(d.Name, tld))
	}
	return out, nil
}

// relativeHost writes name as the definition places it under tld: "@" for
// tld itself, the single label for a name one label under it; any other
// name as it is.
func relativeHost(name, tld string) string {
	label, under := strings.CutSuffix(name, "."+tld)
	switch {
	case tld == "":
		return name
	case name == tld:
		return "@"
	case under && label != "" && !strings.Contains(label, "."):
		return label
	}
	return name
}

// importBackends converts the service's backends and their health checks;
// what the definition cannot express goes to warn.
func importBackends(r *fastlyapi.Remote, warn func(string, ...any)) ([]importBackend, error) {
	c := r.Config
	var out []importBackend
	if len(c.Backends) == 0 {
		return nil, fmt.Errorf("service %s version %d has no backend; a definition needs at least one", r.ServiceID, r.Version)
	}
	checks := map[string]desired.Healthcheck{}
	for _, h := range c.Healthchecks {
		checks[h.Name] = h
	}
	used := map[string]bool{}
	for _, b := range c.Backends {
		if !importNameRE.MatchString(b.Name) {
			return nil, fmt.Errorf("backend %q: a definition backend name is lower-case letters, digits and _ (at most 32, starting with a letter); rename it in Fastly (and in the VCL that refers to F_%s) and import again", b.Name, b.Name)
		}
		ib := importBackend{
			Name:           b.Name,
			Address:        b.Address,
			Port:           b.Port,
			TLS:            b.UseSSL,
			HostHeader:     b.OverrideHost,
			ConnectTimeout: msDuration(b.ConnectTimeout),
			FirstByte:      msDuration(b.FirstByteTimeout),
			BetweenBytes:   msDuration(b.BetweenBytesTimeout),
			ErrorThreshold: b.ErrorThreshold,
		}
		if b.MaxConn != 200 {
			ib.MaxConn = b.MaxConn
		}
		if b.UseSSL {
			// The compiler sends the certificate name as SNI too.
			ib.CertHostname = b.SSLCertHostname
			if ib.CertHostname == "" {
				ib.CertHostname = b.SSLSNIHostname
			}
			if ib.CertHostname == "" {
				ib.CertHostname = b.Address
			}
			if b.SSLSNIHostname != ib.CertHostname || b.SSLCertHostname != ib.CertHostname {
				warn("backend %s: ssl_cert_hostname %q and ssl_sni_hostname %q become %q for both", b.Name, b.SSLCertHostname, b.SSLSNIHostname, ib.CertHostname)
			}
		} else if b.SSLCertHostname != "" || b.SSLSNIHostname != "" {
			warn("backend %s: certificate and SNI names without use_ssl are dropped", b.Name)
		}
		for _, z := range []struct {
			field string
			v     int
		}{{"connect_timeout", b.ConnectTimeout}, {"first_byte_timeout", b.FirstByteTimeout}, {"between_bytes_timeout", b.BetweenBytesTimeout}, {"max_conn", b.MaxConn}} {
			if z.v == 0 {
				warn("backend %s: %s 0 cannot be written (0 means the default)", b.Name, z.field)
			}
		}
		if b.ConnectTimeout+b.FirstByteTimeout > clusterHopMs {
			warn("backend %s: connect_timeout %d ms + first_byte_timeout %d ms exceed Fastly's %d s between cluster nodes; lower them in the definition before building (edgectl refuses them)", b.Name, b.ConnectTimeout, b.FirstByteTimeout, clusterHopMs/1000)
		}
		if b.Weight != 100 || b.AutoLoadbalance {
			warn("backend %s: weight %d and auto_loadbalance %v become 100 and false (edgectl balances with directors)", b.Name, b.Weight, b.AutoLoadbalance)
		}
		if b.Healthcheck != "" {
			h, ok := checks[b.Healthcheck]
			switch {
			case !ok:
				warn("backend %s refers to health check %q, which does not exist", b.Name, b.Healthcheck)
			default:
				if h.Name != b.Name {
					warn("health check %s of backend %s will be named %s (edgectl names a health check after its backend)", h.Name, b.Name, b.Name)
				}
				used[h.Name] = true
				ib.Healthcheck = &importHealthcheck{
					Method:    h.Method,
					Path:      h.Path,
					Host:      h.Host,
					Expected:  h.ExpectedResponse,
					Interval:  msDuration(h.CheckInterval),
					Timeout:   msDuration(h.Timeout),
					Window:    h.Window,
					Threshold: h.Threshold,
					Initial:   h.Initial,
				}
				if h.HTTPVersion != "1.1" {
					warn("health check %s: http_version %q becomes \"1.1\"", h.Name, h.HTTPVersion)
				}
			}
		}
		out = append(out, ib)
	}
	for _, h := range c.Healthchecks {
		if !used[h.Name] {
			warn("health check %s is used by no backend and is not imported", h.Name)
		}
	}
	for _, d := range c.Directors {
		warn("director %s is not imported: edgectl makes directors from fleet roles (backends with role:)", d.Name)
	}
	for _, d := range c.Dictionaries {
		warn("dictionary %s is not imported: edgectl manages only its own settings dictionary", d.Name)
	}
	for _, g := range c.Gzips {
		warn("gzip %s is not imported: edgectl compresses in VCL", g.Name)
	}
	for _, o := range append(c.WebUIObjects(), c.Unmanaged...) {
		warn("%s %s is not imported: edgectl manages no %s objects; move its logic into the VCL", strings.ReplaceAll(o.Kind, "_", " "), o.Name, strings.ReplaceAll(o.Kind, "_", " "))
	}
	return out, nil
}

// importSettings converts the service settings the definition holds (in
// cache:); nil when they are Fastly's defaults.
func importSettings(s desired.Settings, warn func(string, ...any)) *importCache {
	var cache *importCache
	if s.DefaultTTL != 3600 || s.StaleIfError {
		cache = &importCache{}
		if s.DefaultTTL != 3600 {
			if s.DefaultTTL == 0 {
				warn("settings: general.default_ttl 0 cannot be written (0 means the default, 1h)")
			} else {
				cache.DefaultTTL = msDuration(s.DefaultTTL * 1000)
			}
		}
		if s.StaleIfError {
			cache.StaleIfError = msDuration(s.StaleIfErrorTTL * 1000)
		}
	}
	if s.DefaultHost != "" {
		warn("settings: general.default_host %q is not imported: edgectl sets the Host per backend", s.DefaultHost)
	}

	return cache
}

// msDuration writes milliseconds in the definition's duration syntax, in the
// largest unit that divides it; "" for 0 (the compiler's default applies).
func msDuration(ms int) string {
	switch {
	case ms <= 0:
		return ""
	case ms%1000 != 0:
		return fmt.Sprintf("%dms", ms)
	}
	s := ms / 1000
	for _, u := range []struct {
		n    int
		unit string
	}{{604800, "w"}, {86400, "d"}, {3600, "h"}, {60, "m"}} {
		if s%u.n == 0 {
			return fmt.Sprintf("%d%s", s/u.n, u.unit)
		}
	}
	return fmt.Sprintf("%ds", s)
}

func sortedBy[T any](in []T, key func(T) string) []T {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b T) int { return strings.Compare(key(a), key(b)) })
	return out
}
