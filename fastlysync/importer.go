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
	"time"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/inventory"
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
// serviceModeline is the first line of every services/*.yaml: it points
// yaml-language-server at the schema that package schema writes to
// docs/schema/ (schema.Dir, schema.FileName), relative to services/.
// Written here rather than imported so that fastlysync stays free of the
// definition packages.
const serviceModeline = "# yaml-language-server: $schema=../docs/schema/service.schema.json"

var vclFileRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$`)

// importService is services/NAME.yaml as Import writes it, section by
// section in the order import writes them (definition.Service orders its
// fields as the schema lists them). Each section is the definition's own
// type but the backends and the cache (importBackend, importCache).
type importService struct {
	Description    string                    `yaml:"description"`
	ServiceIDs     map[string]string         `yaml:"service_ids"`
	Domains        []string                  `yaml:"domains"`
	MaxBackends    int                       `yaml:"max_backends,omitempty"`
	PrivateInclude bool                      `yaml:"private_include,omitempty"`
	Backends       []importBackend           `yaml:"backends"`
	Cache          *importCache              `yaml:"cache,omitempty"`
	RawVCL         definition.RawVCL         `yaml:"raw_vcl"`
	Logging        *definition.Logging       `yaml:"logging,omitempty"`
	FastlyObjects  *definition.FastlyObjects `yaml:"fastly_objects,omitempty"`
	ACLs           []definition.ACL          `yaml:"acls,omitempty"`
	Dictionaries   []definition.Dictionary   `yaml:"dictionaries,omitempty"`
	// Levels holds what differs at the other levels.
	Levels map[string]*importLevel `yaml:"levels,omitempty"`
}

// importBackend is a backend as Import writes it (definition.Backend), its
// durations in the definition's syntax (msDuration). It is not that type
// because of its director (importDirector).
type importBackend struct {
	Name           string                  `yaml:"name"`
	Address        string                  `yaml:"address,omitempty"`
	Role           string                  `yaml:"role,omitempty"`
	Port           int                     `yaml:"port"`
	TLS            bool                    `yaml:"tls,omitempty"`
	CertHostname   string                  `yaml:"cert_hostname,omitempty"`
	HostHeader     string                  `yaml:"host_header,omitempty"`
	Healthcheck    *definition.Healthcheck `yaml:"healthcheck,omitempty"`
	ConnectTimeout string                  `yaml:"connect_timeout,omitempty"`
	FirstByte      string                  `yaml:"first_byte_timeout,omitempty"`
	BetweenBytes   string                  `yaml:"between_bytes_timeout,omitempty"`
	MaxConn        int                     `yaml:"max_conn,omitempty"`
	ErrorThreshold int                     `yaml:"error_threshold,omitempty"`
	Director       *importDirector         `yaml:"director,omitempty"`
	Shield         string                  `yaml:"shield,omitempty"`
	MinTLSVersion  string                  `yaml:"min_tls_version,omitempty"`
	MaxTLSVersion  string                  `yaml:"max_tls_version,omitempty"`
}

// importCache is the cache: section as Import writes it: the service
// settings a definition holds (definition.Cache's default_ttl and
// stale_if_error; definition.LevelCache at a level). It is not LevelCache:
// at a level, "0s" turning stale-if-error off must be written, and a
// definition tells a zero given from one left out only by where it was
// read (yamldec.Meta), which yaml.v3 does not write.
type importCache struct {
	DefaultTTL   string `yaml:"default_ttl,omitempty"`
	StaleIfError string `yaml:"stale_if_error,omitempty"`
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
	// Inventories maps a level to its fleet inventory (nil for none): a
	// director whose members are exactly the VMs of one role there is
	// imported as that role backend, as edgectl publishes one.
	Inventories map[string]*inventory.Inventory
}

// importLevel is what differs at one level as Import writes it under
// levels: (definition.LevelValues), its cache as importCache.
type importLevel struct {
	Domains  []string                             `yaml:"domains,omitempty"`
	Backends map[string]*definition.BackendValues `yaml:"backends,omitempty"`
	Cache    *importCache                         `yaml:"cache,omitempty"`
	RawVCL   *definition.RawVCL                   `yaml:"raw_vcl,omitempty"`
	Logging  map[string]*definition.LoggingValues `yaml:"logging,omitempty"`
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
	if svc.Backends, err = importBackends(r, opts.TLDs[opts.Level], opts.Inventories[opts.Level], warn); err != nil {
		return nil, err
	}
	if len(c.Backends) > 5 {
		svc.MaxBackends = len(c.Backends)
	}
	svc.Cache = importSettings(c.Settings, warn)
	svc.FastlyObjects = importFastlyObjects(c)
	svc.ACLs = importACLs(r, opts, warn)
	svc.Dictionaries = importDictionaries(r, opts, warn)
	svc.Logging = importLoggingSection(opts.Name, opts.TLDs[opts.Level], c.Logging, opts.Inventories[opts.Level], warn)
	// edgectl's own settings dictionary (the maintenance switch its VCL
	// reads) is declared again by the raw VCL's maintenance_switch: the
	// raw VCL needs it, since "the content of the dictionary is transformed
	// into a table declaration and prepended to your service's VCL"
	// (Fastly, VCL reference "Table",
	// https://www.fastly.com/documentation/reference/vcl/functions/table/).
	svc.RawVCL.MaintenanceSwitch = slices.ContainsFunc(c.Dictionaries, func(d desired.Dictionary) bool {
		return d.Name == compiler.SettingsTable && !d.WriteOnly
	})

	raw, err := importVCLs(r, opts.Name, out.Files, func(v fastlyplan.VCL) string {
		return fmt.Sprintf("vcl/%s/%s.vcl", opts.Name, v.Name)
	})
	if err != nil {
		return nil, err
	}
	svc.RawVCL.Main, svc.RawVCL.Includes = raw.Main, raw.Includes
	svc.PrivateInclude = hasPrivate(c.VCLs)
	if err := importLevels(&svc, r, opts, out.Files, &out.Warnings); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintln(&b, serviceModeline)
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

// importVCLs adds the custom VCL of r to files, each at pathOf(v) unless
// it is there already, and returns them as raw VCL; the private include is
// never written.
func importVCLs(r *fastlyapi.Remote, name string, files map[string]string, pathOf func(fastlyplan.VCL) string) (definition.RawVCL, error) {
	var raw definition.RawVCL
	mains, custom := 0, 0
	for _, v := range sortedBy(r.Config.VCLs, func(v fastlyplan.VCL) string { return v.Name }) {
		if v.Private {
			if v.Main {
				return raw, fmt.Errorf("the main VCL is named %q, the name of the private include; rename it in Fastly and import again", v.Name)
			}
			continue
		}
		if !vclFileRE.MatchString(v.Name) {
			return raw, fmt.Errorf("vcl %q: the name cannot be a file name under vcl/%s/; rename it in Fastly (and the include statements naming it) and import again", v.Name, name)
		}
		path := pathOf(v)
		files[path] = v.Content
		custom++
		if v.Main {
			mains++
			raw.Main = path
		} else {
			raw.Includes = append(raw.Includes, path)
		}
	}
	// Every Fastly service runs on VCL Fastly generates from its objects
	// until a custom VCL is uploaded ("About Fastly VCL",
	// https://fastly.com/documentation/guides/full-site-delivery/fastly-vcl/about-fastly-vcl;
	// "Working with custom VCL", which starts from the boilerplate:
	// https://www.fastly.com/documentation/guides/full-site-delivery/custom-vcl/uploading-custom-vcl).
	// raw_vcl needs a file, and the generated VCL is not one to import.
	if custom == 0 {
		return raw, fmt.Errorf("service %s version %d has no custom VCL (it runs on the VCL Fastly generates); a definition needs one: upload a custom VCL marked main in Fastly (Fastly's boilerplate with the #FASTLY macros will do) and import again", r.ServiceID, r.Version)
	}
	if mains != 1 {
		return raw, fmt.Errorf("service %s version %d has %d main VCLs; a definition needs exactly one (mark one main in Fastly)", r.ServiceID, r.Version, mains)
	}
	return raw, nil
}

// hasPrivate reports whether the VCLs hold the private include.
func hasPrivate(vcls []fastlyplan.VCL) bool {
	return slices.ContainsFunc(vcls, func(v fastlyplan.VCL) bool { return v.Private })
}

// levelVCLs returns the raw VCL of level's service when it differs from the
// base's (nil when it does not): its files that the base has too under the
// base's path, the others under vcl/NAME/LEVEL/.
func levelVCLs(base, other *fastlyapi.Remote, name, level string, files map[string]string) (*definition.RawVCL, error) {
	if sameVCL(base.Config.VCLs, other.Config.VCLs) {
		return nil, nil
	}
	baseContent := map[string]string{}
	for _, v := range base.Config.VCLs {
		baseContent[v.Name] = v.Content
	}
	raw, err := importVCLs(other, name, files, func(v fastlyplan.VCL) string {
		if c, ok := baseContent[v.Name]; ok && c == v.Content {
			return fmt.Sprintf("vcl/%s/%s.vcl", name, v.Name)
		}
		return fmt.Sprintf("vcl/%s/%s/%s.vcl", name, level, v.Name)
	})
	return &raw, err
}

// importLevels reads the other levels' services and writes under levels:
// what differs from the base (domains, backend addresses, ports, host
// headers and certificate names, default TTL and stale-if-error), so that
// the definition compiles to each level's own service. What differs and
// the definition cannot hold (the backends themselves, health checks,
// timeouts, the VCL) is refused or warned about.
func importLevels(svc *importService, base *fastlyapi.Remote, opts ImportOptions, files map[string]string, warnings *[]string) error {
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
		backends, err := importBackends(other, opts.TLDs[level], opts.Inventories[level], quiet)
		if err != nil {
			return fmt.Errorf("level %s (service %s): %w", level, other.ServiceID, err)
		}
		if lv.Backends, err = backendValues(svc.Backends, backends, level, warn); err != nil {
			return err
		}
		otherLogging := importLoggingSection(opts.Name, opts.TLDs[level], other.Config.Logging, opts.Inventories[level], quiet)
		if lv.Logging, err = loggingValues(svc.Logging, otherLogging, level, warn); err != nil {
			return fmt.Errorf("level %s (service %s): %w", level, other.ServiceID, err)
		}
		lv.Cache = settingsValues(importSettings(base.Config.Settings, func(string, ...any) {}), importSettings(other.Config.Settings, quiet))
		if !reflect.DeepEqual(importFastlyObjects(other.Config), svc.FastlyObjects) {
			warn("at %s: the web UI objects (conditions, headers, response objects, request and cache settings, snippets) differ from %s's; the definition holds %s's, the diff at %s shows the difference", level, opts.Level, opts.Level, level)
		}
		if hasPrivate(base.Config.VCLs) != hasPrivate(other.Config.VCLs) {
			warn("at %s: the private include is there at one of %s and %s only; the definition holds %s's, the diff at %s shows the difference", level, opts.Level, level, opts.Level, level)
		}
		if lv.RawVCL, err = levelVCLs(base, other, opts.Name, level, files); err != nil {
			return fmt.Errorf("level %s (service %s): %w", level, other.ServiceID, err)
		}
		if lv.Domains != nil || lv.Backends != nil || lv.Cache != nil || lv.RawVCL != nil || lv.Logging != nil {
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
func backendValues(base, other []importBackend, level string, warn func(string, ...any)) (map[string]*definition.BackendValues, error) {
	names := func(l []importBackend) []string {
		var n []string
		for _, b := range l {
			n = append(n, b.Name)
		}
		return n
	}
	if !slices.Equal(names(base), names(other)) {
		return nil, fmt.Errorf("the backends at level %s (%s) are not those of the imported service (%s); a definition has the same backends at every level (a role backend's VMs are those of the level's fleet inventory): rename them in Fastly to match and import again",
			level, strings.Join(names(other), ", "), strings.Join(names(base), ", "))
	}
	var out map[string]*definition.BackendValues
	for i, b := range base {
		o := other[i]
		v := &definition.BackendValues{}
		if o.Address != b.Address {
			v.Address = o.Address
		}
		if o.Port != b.Port {
			v.Port = o.Port
		}
		if o.HostHeader != b.HostHeader && o.HostHeader != "" {
			v.HostHeader = definition.Hostname(o.HostHeader)
		}
		if o.CertHostname != b.CertHostname && o.CertHostname != "" {
			v.CertHostname = definition.Hostname(o.CertHostname)
		}
		// Only the fields above can differ by level: the rest stays the
		// base's, and the diff at this level shows it.
		rest, orest := b, o
		rest.Address, rest.Port, rest.HostHeader, rest.CertHostname = "", 0, "", ""
		orest.Address, orest.Port, orest.HostHeader, orest.CertHostname = "", 0, "", ""
		if !reflect.DeepEqual(rest, orest) || (o.HostHeader == "" && b.HostHeader != "") || (o.CertHostname == "" && b.CertHostname != "") {
			warn("at %s: backend %s differs in more than its address, port, host header and certificate name; the definition holds the imported service's values", level, b.Name)
		}
		if !reflect.DeepEqual(*v, definition.BackendValues{}) {
			if out == nil {
				out = map[string]*definition.BackendValues{}
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

// importBackends converts the service's backends and their health checks,
// a role group's VMs (roleGroups) into its one role backend, host names
// relative to tld; what the definition cannot express goes to warn.
func importBackends(r *fastlyapi.Remote, tld string, inv *inventory.Inventory, warn func(string, ...any)) ([]importBackend, error) {
	c := r.Config
	var out []importBackend
	if len(c.Backends) == 0 {
		return nil, fmt.Errorf("service %s version %d has no backend; a definition needs at least one", r.ServiceID, r.Version)
	}
	checks := map[string]desired.Healthcheck{}
	for _, h := range c.Healthchecks {
		checks[h.Name] = h
	}
	groups := roleGroups(c, inv, warn)
	firsts := map[*roleGroup]desired.Backend{}
	used := map[string]bool{}
	for _, b := range c.Backends {
		if !importNameRE.MatchString(b.Name) {
			return nil, fmt.Errorf("backend %q: a definition backend name is lower-case letters, digits and _ (at most 32, starting with a letter); rename it in Fastly (and in the VCL that refers to F_%s) and import again", b.Name, b.Name)
		}
		g := groups[b.Name]
		if first, seen := firsts[g]; g != nil && seen {
			if !sameMember(first, b) {
				warn("backend %s differs from %s, another VM of %s; a role backend gives all its VMs the same values: the definition holds %s's", b.Name, first.Name, roleMembers(g), first.Name)
			}
			continue
		}
		ib := importBackendFields(b, tld, warn)
		if b.Healthcheck != "" {
			if h, ok := checks[b.Healthcheck]; ok {
				used[h.Name] = true
			}
		}
		if g != nil {
			firsts[g] = b
			ib = g.asRoleBackend(ib, b.ConnectTimeout, b.FirstByteTimeout)
		}
		ib.Healthcheck = importBackendHealthcheck(b, ib.Name, checks, tld, warn)
		out = append(out, ib)
	}
	for _, h := range c.Healthchecks {
		if !used[h.Name] {
			warn("health check %s is used by no backend and is not imported", h.Name)
		}
	}
	for _, g := range c.Gzips {
		warn("gzip %s is not imported: edgectl compresses in VCL", g.Name)
	}
	for _, o := range c.Unmanaged {
		warn("%s %s is not imported: the definition does not declare %s objects, so publish leaves it alone (not managed)", strings.ReplaceAll(o.Kind, "_", " "), o.Name, strings.ReplaceAll(o.Kind, "_", " "))
	}
	return out, nil
}

// importBackendFields converts one backend's own fields (not its health
// check), host names relative to tld as the definition places them.
func importBackendFields(b desired.Backend, tld string, warn func(string, ...any)) importBackend {
	ib := importBackend{
		Name:           b.Name,
		Address:        b.Address,
		Port:           b.Port,
		TLS:            b.UseSSL,
		HostHeader:     relativeHost(b.OverrideHost, tld),
		ConnectTimeout: msDuration(b.ConnectTimeout),
		FirstByte:      msDuration(b.FirstByteTimeout),
		BetweenBytes:   msDuration(b.BetweenBytesTimeout),
		ErrorThreshold: b.ErrorThreshold,
	}
	if b.MaxConn != 200 {
		ib.MaxConn = b.MaxConn
	}
	importBackendTLS(&ib, b, warn)
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
		ib.CertHostname = relativeHost(ib.CertHostname, tld)
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
	return ib
}

// importBackendTLS converts the shield and the TLS fields a definition
// backend sets (shield, TLS version bounds); the others are warned about.
func importBackendTLS(ib *importBackend, b desired.Backend, warn func(string, ...any)) {
	ib.Shield = b.Shield
	if b.UseSSL {
		ib.MinTLSVersion, ib.MaxTLSVersion = b.MinTLSVersion, b.MaxTLSVersion
	} else if b.MinTLSVersion != "" || b.MaxTLSVersion != "" {
		warn("backend %s: TLS versions without use_ssl are dropped", b.Name)
	}
	for _, f := range []struct {
		field string
		set   bool
	}{{"ssl_ca_cert", b.SSLCACert != ""}, {"ssl_client_cert", b.SSLClientCert != ""}, {"ssl_client_key", b.SSLClientKey != ""}, {"ssl_check_cert false", b.UseSSL && !b.SSLCheckCert}} {
		if f.set {
			warn("backend %s: %s is not imported (a CA certificate goes into a repository file named by ca_cert; edgectl sets no client certificate and always checks the origin's); the diff will show it", b.Name, f.field)
		}
	}
}

// importBackendHealthcheck converts the health check of backend b, which
// the definition writes as name's (edgectl names a health check after its
// definition backend, which a role backend's VMs share); nil for none.
func importBackendHealthcheck(b desired.Backend, name string, checks map[string]desired.Healthcheck, tld string, warn func(string, ...any)) *definition.Healthcheck {
	if b.Healthcheck == "" {
		return nil
	}
	h, ok := checks[b.Healthcheck]
	if !ok {
		warn("backend %s refers to health check %q, which does not exist", b.Name, b.Healthcheck)
		return nil
	}
	if h.Name != name {
		warn("health check %s of backend %s will be named %s (edgectl names a health check after its backend)", h.Name, b.Name, name)
	}
	if h.HTTPVersion != "1.1" {
		warn("health check %s: http_version %q becomes \"1.1\"", h.Name, h.HTTPVersion)
	}
	return &definition.Healthcheck{
		Method:    definition.Method(h.Method),
		Path:      definition.URLPath(h.Path),
		Host:      definition.Hostname(relativeHost(h.Host, tld)),
		Expected:  h.ExpectedResponse,
		Interval:  importDuration(h.CheckInterval),
		Timeout:   importDuration(h.Timeout),
		Window:    h.Window,
		Threshold: h.Threshold,
		Initial:   &h.Initial, // written even when 0 (start sick)
	}
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

// importDuration is milliseconds as a definition duration; 0 (left out,
// the compiler's default applies) for 0 or less.
func importDuration(ms int) definition.Duration {
	return definition.Duration(time.Duration(max(ms, 0)) * time.Millisecond)
}

// msDuration writes milliseconds in the definition's duration syntax
// (definition.FormatDuration); "" for 0 or less (the compiler's default
// applies).
func msDuration(ms int) string {
	if ms <= 0 {
		return ""
	}
	return definition.FormatDuration(importDuration(ms))
}

func sortedBy[T any](in []T, key func(T) string) []T {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b T) int { return strings.Compare(key(a), key(b)) })
	return out
}
