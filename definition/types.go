// Package definition reads the source of truth edgectl compiles: levels.yaml
// (the deployment levels, defined once) and services/<name>.yaml (one Fastly
// service each). It decodes strictly and validates everything it can without
// the fleet inventory, reporting every problem with file:line:col in one run.
//
// edgectl import (fastlysync) writes definitions with these types too,
// marshalled by gopkg.in/yaml.v3: the types of the sections it writes
// (health checks, raw_vcl, logging, fastly_objects, acls, dictionaries, a
// level's backend and logging values) tag every field but the required
// ones omitempty, so that a written definition holds what is set and what
// a definition must have (and a snippet's content, even empty: a snippet
// needs content or a file). Decoding (yamldec) and the schema read a tag's
// key alone.
package definition

import (
	"fmt"

	"github.com/webplatform/edgectl/definition/yamldec"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fastlyvcl"
)

// Site is everything read from a repository: the levels and the services.
type Site struct {
	// Root is the repository directory the definitions were read from.
	Root     string
	Levels   []Level
	Services []*Service
}

// Level returns the level with the given name, or nil.
func (s *Site) Level(name string) *Level {
	for i := range s.Levels {
		if string(s.Levels[i].Name) == name {
			return &s.Levels[i]
		}
	}
	return nil
}

// Service returns the service with the given name, or nil.
func (s *Site) Service(name string) *Service {
	for _, svc := range s.Services {
		if svc.Name == name {
			return svc
		}
	}
	return nil
}

// LevelsFile is the decoded levels.yaml.
type LevelsFile struct {
	Meta   yamldec.Meta `yaml:"-" doc:"levels file"`
	Levels []Level      `yaml:"levels" required:"true"`
}

// Level is a deployment level: one OpenStack project, one public TLD, one
// Fastly service per service definition.
type Level struct {
	Meta yamldec.Meta `yaml:"-" doc:"level"`
	// Name is the salt grain value: production, staging, workbench.
	Name Ident `yaml:"name" required:"true"`
	// TLD is the public domain every relative hostname is placed under.
	TLD Hostname `yaml:"tld" required:"true"`
	// Zone is the internal DNS zone of the level's VMs (production.wpdn).
	Zone Hostname `yaml:"zone" required:"true"`
	// StatusPage is the hostname of the status page error pages link to,
	// relative to TLD unless it contains a dot.
	StatusPage Hostname `yaml:"status_page"`
}

// Service is one services/<name>.yaml file.
type Service struct {
	Meta yamldec.Meta `yaml:"-" doc:"service"`
	// Name comes from the file name; File is its path relative to the root.
	Name string `yaml:"-"`
	File string `yaml:"-"`

	Description string `yaml:"description" required:"true"`
	// ServiceIDs maps a level name to the Fastly service ID of that level.
	ServiceIDs map[string]string `yaml:"service_ids" required:"true"`
	// Domains are hostnames, relative to the level's TLD unless they contain a
	// dot; "@" is the apex.
	Domains []Hostname `yaml:"domains" required:"true"`

	// RawVCL uses hand-written VCL files as they are instead of generating
	// main.vcl: the way a service imported from the web UI starts. TLS and
	// Cookies are required unless it is set.
	RawVCL      *RawVCL      `yaml:"raw_vcl"`
	TLS         TLS          `yaml:"tls"`
	Backends    []Backend    `yaml:"backends" required:"true"`
	Routes      []Route      `yaml:"routes"`
	Redirects   []Redirect   `yaml:"redirects"`
	Pass        []PassRule   `yaml:"pass"`
	Cookies     Cookies      `yaml:"cookies"`
	Cache       Cache        `yaml:"cache"`
	Gzip        *Gzip        `yaml:"gzip"`
	ESI         *ESI         `yaml:"esi"`
	Headers     Headers      `yaml:"headers"`
	Maintenance *Maintenance `yaml:"maintenance"`
	ErrorPages  ErrorPages   `yaml:"error_pages"`
	// MaxBackends is the number of backends Fastly allows this service: 5
	// unless Fastly support raised it for the service.
	MaxBackends int `yaml:"max_backends"`
	// PrivateInclude adds include "private"; its content is read at build
	// time from outside the repository and never written anywhere.
	PrivateInclude bool `yaml:"private_include"`
	// Hooks maps a subroutine (recv, hash, hit, miss, pass, fetch, error,
	// deliver, log) to a VCL fragment file under vcl/.
	Hooks map[string]string `yaml:"hooks"`
	// Ownership says which objects on Fastly publish may change beyond
	// those the definition declares (ownership.go).
	Ownership *Ownership `yaml:"ownership"`
	// ACLs and Dictionaries are Fastly objects whose entries and items
	// change without a new version (tables.go).
	ACLs         []ACL        `yaml:"acls"`
	Dictionaries []Dictionary `yaml:"dictionaries"`
	// Logging declares the endpoints Fastly streams the logs to (logging.go).
	Logging *Logging `yaml:"logging"`
	// FastlyObjects are the web UI's objects it declares (fastlyobjects.go).
	FastlyObjects *FastlyObjects `yaml:"fastly_objects"`

	// SurrogateKeys tag the responses of matching paths with Fastly
	// surrogate keys, so that edgectl purge --key (or the application)
	// purges exactly them.
	SurrogateKeys []SurrogateKey `yaml:"surrogate_keys"`

	// Levels holds, by level name, the values that differ at that level
	// (an imported service set up by hand at each level, say). Everything
	// else is the same at every level.
	Levels map[string]*LevelValues `yaml:"levels"`

	// HookSources holds the fragments Hooks names, read by Load.
	HookSources map[string]HookSource `yaml:"-"`
}

// LevelValues are the values of a service that differ at one level; each
// given field replaces the service's own at that level.
type LevelValues struct {
	Meta    yamldec.Meta `yaml:"-" doc:"level values"`
	Domains []Hostname   `yaml:"domains"`
	// Backends maps a backend name to its values at the level.
	Backends map[string]*BackendValues `yaml:"backends"`
	Cache    *LevelCache               `yaml:"cache"`
	// RawVCL replaces the service's raw VCL files at the level (its
	// maintenance_switch stays the service's): import writes it when the
	// VCL differs by level, as edgectl's generated VCL does.
	RawVCL *RawVCL `yaml:"raw_vcl"`
	// Logging maps a logging endpoint name to its values at the level.
	Logging map[string]*LoggingValues `yaml:"logging"`
}

// BackendValues are the values of an address backend that differ at a level.
type BackendValues struct {
	Meta         yamldec.Meta `yaml:"-" doc:"backend values"`
	Address      string       `yaml:"address,omitempty"`
	Port         int          `yaml:"port,omitempty"`
	HostHeader   Hostname     `yaml:"host_header,omitempty"`
	CertHostname Hostname     `yaml:"cert_hostname,omitempty"`
}

// LevelCache holds the service settings that differ at a level.
type LevelCache struct {
	Meta         yamldec.Meta `yaml:"-" doc:"cache values"`
	DefaultTTL   Duration     `yaml:"default_ttl"`
	StaleIfError Duration     `yaml:"stale_if_error"`
}

// ForLevel returns the service as it is at level: its own values replaced
// by those levels: gives for that level. The service itself is unchanged.
func (s *Service) ForLevel(level string) *Service {
	lv := s.Levels[level]
	if lv == nil {
		return s
	}
	out := *s
	if lv.Meta.Has("domains") {
		out.Domains = lv.Domains
	}
	if len(lv.Backends) > 0 {
		out.Backends = make([]Backend, len(s.Backends))
		for i, b := range s.Backends {
			if bv := lv.Backends[string(b.Name)]; bv != nil {
				b = bv.apply(b)
			}
			out.Backends[i] = b
		}
	}
	if lv.RawVCL != nil && s.RawVCL != nil {
		raw := *lv.RawVCL
		raw.MaintenanceSwitch = s.RawVCL.MaintenanceSwitch
		out.RawVCL = &raw
	}
	out.Logging = s.Logging.forLevel(lv.Logging)
	if c := lv.Cache; c != nil {
		if c.Meta.Has("default_ttl") {
			out.Cache.DefaultTTL = c.DefaultTTL
		}
		if c.Meta.Has("stale_if_error") {
			out.Cache.StaleIfError = c.StaleIfError
		}
	}
	return &out
}

// apply returns b with the values given here.
func (v *BackendValues) apply(b Backend) Backend {
	if v.Meta.Has("address") {
		b.Address = v.Address
	}
	if v.Meta.Has("port") {
		b.Port = v.Port
	}
	if v.Meta.Has("host_header") {
		b.HostHeader = v.HostHeader
	}
	if v.Meta.Has("cert_hostname") {
		b.CertHostname = v.CertHostname
	}
	return b
}

// RawVCL names the VCL files of a service that is not generated.
type RawVCL struct {
	Meta yamldec.Meta `yaml:"-" doc:"raw_vcl settings"`
	// Main is uploaded as the main VCL, named after its base name.
	Main string `yaml:"main" required:"true"`
	// Includes are uploaded as they are, each named after its base name.
	Includes []string `yaml:"includes,omitempty"`
	// MaintenanceSwitch declares edgectl's settings dictionary
	// (edgectl_settings, item maintenance) for VCL that reads the
	// maintenance switch: the VCL edgectl generated for a maintenance
	// section, imported from a service edgectl published. edgectl
	// maintenance on|off flips it as for a generated service.
	MaintenanceSwitch bool `yaml:"maintenance_switch,omitempty"`

	// Sources holds the files, main first, read by Load.
	Sources []RawSource `yaml:"-"`
}

// RawSource is one raw VCL file.
type RawSource struct {
	// Name is the include name (the base name without .vcl); File the path
	// relative to the repository root.
	Name    string
	File    string
	Content string
}

// HookSource is one hand-written VCL fragment.
type HookSource struct {
	// File is the fragment's path relative to the repository root.
	File    string
	Content string
}

// HookPoints are the subroutines a hook can be attached to, in the order
// Fastly runs them.
var HookPoints = []string{"recv", "hash", "hit", "miss", "pass", "fetch", "error", "deliver", "log"}

// TLS is the force-TLS feature.
type TLS struct {
	Meta yamldec.Meta `yaml:"-" doc:"tls settings"`
	// Force answers plain-HTTP requests with a 301 to the https URL.
	Force bool `yaml:"force"`
	// HSTSMaxAge is the Strict-Transport-Security max-age; zero sends none.
	HSTSMaxAge Duration `yaml:"hsts_max_age"`
	// HSTSIncludeSubdomains adds includeSubDomains.
	HSTSIncludeSubdomains bool `yaml:"hsts_include_subdomains"`
}

// Backend is an origin pool: either one address, or every VM of a fleet role
// in the level's inventory.
type Backend struct {
	Meta yamldec.Meta `yaml:"-" doc:"backend"`
	Name Ident        `yaml:"name" required:"true"`
	// Address is a hostname or IP; Role a fleet role. Exactly one is set.
	Address string `yaml:"address"`
	Role    Ident  `yaml:"role"`
	Port    int    `yaml:"port" required:"true"`
	// TLS connects to the origin over TLS, checking the certificate against
	// CertHostname (default: the address).
	TLS          bool     `yaml:"tls"`
	CertHostname Hostname `yaml:"cert_hostname"`
	// HostHeader overrides the Host header sent to this origin.
	HostHeader     Hostname     `yaml:"host_header"`
	Healthcheck    *Healthcheck `yaml:"healthcheck"`
	ConnectTimeout Duration     `yaml:"connect_timeout"`
	FirstByte      Duration     `yaml:"first_byte_timeout"`
	BetweenBytes   Duration     `yaml:"between_bytes_timeout"`
	MaxConn        int          `yaml:"max_conn"`
	ErrorThreshold int          `yaml:"error_threshold"`
	// Director balances a role's VMs; default random.
	Director *Director `yaml:"director"`
	// Shield is the Fastly POP that shields the backend ("iad-va-us").
	Shield string `yaml:"shield"`
	// MinTLSVersion and MaxTLSVersion bound the TLS versions spoken to the
	// origin: "1.0", "1.1", "1.2" or "1.3" (backendtls.go).
	MinTLSVersion string `yaml:"min_tls_version"`
	MaxTLSVersion string `yaml:"max_tls_version"`
	// CACert is a file of the repository holding the PEM CA certificate
	// the origin's certificate is checked against, instead of Fastly's
	// bundle; CACertPEM is its content, read by Load.
	CACert    string `yaml:"ca_cert"`
	CACertPEM string `yaml:"-"`
}

// Healthcheck is how Fastly probes a backend.
type Healthcheck struct {
	Meta      yamldec.Meta `yaml:"-" doc:"healthcheck"`
	Method    Method       `yaml:"method,omitempty"`
	Path      URLPath      `yaml:"path" required:"true"`
	Host      Hostname     `yaml:"host,omitempty"`
	Expected  int          `yaml:"expected_response,omitempty"`
	Interval  Duration     `yaml:"interval,omitempty"`
	Timeout   Duration     `yaml:"timeout,omitempty"`
	Window    int          `yaml:"window,omitempty"`
	Threshold int          `yaml:"threshold,omitempty"`
	// Initial is how many probes count as good when the check starts: left
	// out, the threshold (healthy from the start); 0 starts sick.
	Initial *int `yaml:"initial,omitempty"` // a pointer: an import writes 0 back
}

// DirectorTypes are the director types a definition may name: the VCL
// policy names of fastlyvcl.Policies (random, hash, client), the one
// mapping to the Fastly API's numbers.
var DirectorTypes = policyNames()

func policyNames() []string {
	var names []string
	for _, p := range fastlyvcl.Policies {
		names = append(names, p.Name)
	}
	return names
}

// Director sets how a role backend's VMs are balanced; Fastly's director types.
type Director struct {
	Meta yamldec.Meta `yaml:"-" doc:"director"`
	// Type is random, hash or client (client IP hashed).
	Type string `yaml:"type" required:"true"`
	// Quorum is the percentage of members that must be healthy for the
	// director to be healthy; default DefaultQuorum (one member).
	Quorum int `yaml:"quorum"`
	// Retries is how often a failed connection is tried again on another
	// member; default the number of members, at most as many as fit in
	// ClusterHop (see WorstFirstByte). Never more than the members.
	Retries int `yaml:"retries"`
}

// Route sends matching paths to a secondary backend.
type Route struct {
	Meta    yamldec.Meta `yaml:"-" doc:"route"`
	Path    Regexp       `yaml:"path" required:"true"`
	Backend Ident        `yaml:"backend" required:"true"`
	// HostHeader replaces Host for this route.
	HostHeader Hostname `yaml:"host_header"`
	Rewrite    *Rewrite `yaml:"rewrite"`
}

// Rewrite replaces the first match of Match in the URL with Replace
// (\1..\9 refer to groups), as Fastly's regsub does.
type Rewrite struct {
	Meta    yamldec.Meta `yaml:"-" doc:"rewrite"`
	Match   Regexp       `yaml:"match" required:"true"`
	Replace string       `yaml:"replace" required:"true"`
}

// Redirect answers matching requests with a redirect.
type Redirect struct {
	Meta yamldec.Meta `yaml:"-" doc:"redirect"`
	// Host (relative like domains) and Path (exact) select requests; both
	// empty selects every request.
	Host Hostname `yaml:"host"`
	Path URLPath  `yaml:"path"`
	// ToHost keeps the URL and changes the host; ToPath keeps the host and
	// replaces the URL. At least one is set.
	ToHost Hostname `yaml:"to_host"`
	ToPath URLPath  `yaml:"to_path"`
	Status int      `yaml:"status"`
}

// PassRule bypasses the cache for requests matching all of its conditions.
type PassRule struct {
	Meta yamldec.Meta `yaml:"-" doc:"pass rule"`
	// Path matches the path alone; URL matches path and query.
	Path    Regexp   `yaml:"path"`
	URL     Regexp   `yaml:"url"`
	Methods []Method `yaml:"methods"`
	// Cookie is a cookie name pattern (* matches any run of name characters);
	// the rule matches when the request carries such a cookie.
	Cookie CookiePattern `yaml:"cookie"`
}

// Cookies is the cookie policy: strip all, or keep an allow-list.
type Cookies struct {
	Meta yamldec.Meta `yaml:"-" doc:"cookie policy"`
	// Strip removes Cookie from requests and Set-Cookie from cacheable
	// responses: the cookieless mode.
	Strip bool `yaml:"strip"`
	// Keep lists cookie name patterns kept; all other cookies are removed.
	Keep []CookiePattern `yaml:"keep"`
	// UntouchedPaths are path regexps where Cookie passes unfiltered.
	UntouchedPaths []Regexp `yaml:"untouched_paths"`
	// StripSetCookie, with a keep list, removes Set-Cookie from responses
	// to cacheable requests (GET or HEAD, not passed), so that a plugin's
	// cookie does not make an anonymous page uncacheable; passed requests
	// (login, admin) and other methods keep it. strip: true implies it.
	StripSetCookie bool `yaml:"strip_set_cookie"`
}

// Cache is the caching policy.
type Cache struct {
	Meta yamldec.Meta `yaml:"-" doc:"cache policy"`
	// DefaultTTL applies when the origin sends no caching headers.
	DefaultTTL Duration `yaml:"default_ttl"`
	// ErrorTTL is how long a 5xx answer is cached.
	ErrorTTL Duration `yaml:"error_ttl"`
	// Grace is refused with a migration hint: it compiled to beresp.grace,
	// which Fastly deprecates in favour of stale_if_error. It stays a field
	// so that an old definition gets that hint, not "unknown field".
	Grace Duration `yaml:"grace"`
	// StaleIfError serves a stale object when the origin errors or is
	// unhealthy (beresp.stale_if_error).
	StaleIfError Duration `yaml:"stale_if_error"`
	// StaleWhileRevalidate serves a stale object while it is fetched again
	// in the background (beresp.stale_while_revalidate).
	StaleWhileRevalidate Duration `yaml:"stale_while_revalidate"`
	// RestartOnError retries once on 500/503 for GET and HEAD.
	RestartOnError bool      `yaml:"restart_on_error"`
	TTL            []TTLRule `yaml:"ttl"`
}

// SurrogateKey adds a surrogate key to the responses whose URL path
// matches Path, after any key the origin sent (Fastly: Surrogate-Key,
// https://www.fastly.com/documentation/reference/http/http-headers/Surrogate-Key/).
type SurrogateKey struct {
	Meta yamldec.Meta `yaml:"-" doc:"surrogate key rule"`
	// Path is matched against the URL path, without the query.
	Path Regexp `yaml:"path" required:"true"`
	// Key is the key to add: text, with \1 to \9 for the groups of Path
	// ('wiki-\1' for "^/wiki/(.+)"). No spaces: they separate keys.
	Key string `yaml:"key" required:"true"`
}

// TTLRule overrides the TTL of matching responses; one of its matchers is set.
type TTLRule struct {
	Meta         yamldec.Meta  `yaml:"-" doc:"ttl rule"`
	Extensions   []Extension   `yaml:"extensions"`
	ContentTypes []ContentType `yaml:"content_types"`
	Path         Regexp        `yaml:"path"`
	TTL          Duration      `yaml:"ttl" required:"true"`
}

// Origin error replacement modes (ErrorPages.ReplaceOrigin).
const (
	// ReplaceNavigations replaces the origin's 500, 502, 503 and 504 with
	// our page only on what a browser navigates to: GET or HEAD, Accept
	// naming text/html, not an ESI fragment, not under KeepPaths. The
	// default: API clients, form posts and trackers keep the origin's body.
	ReplaceNavigations = "navigations"
	// ReplaceNever delivers every origin error as the origin sent it.
	ReplaceNever = "never"
)

// ErrorPages says where our error pages stand in for the origin's own
// error responses.
type ErrorPages struct {
	Meta yamldec.Meta `yaml:"-" doc:"error page settings"`
	// ReplaceOrigin is ReplaceNavigations (empty means that) or ReplaceNever.
	ReplaceOrigin string `yaml:"replace_origin"`
	// KeepPaths are path regexps whose origin errors are never replaced
	// (APIs a browser may also open: /w/api.php, /wp-json/).
	KeepPaths []Regexp `yaml:"keep_paths"`
}

// Gzip compresses responses the origin sent uncompressed.
type Gzip struct {
	Meta         yamldec.Meta  `yaml:"-" doc:"gzip settings"`
	Extensions   []Extension   `yaml:"extensions"`
	ContentTypes []ContentType `yaml:"content_types"`
}

// ESI turns on Edge Side Includes for HTML under the given paths.
type ESI struct {
	Meta  yamldec.Meta `yaml:"-" doc:"esi settings"`
	Paths []Regexp     `yaml:"paths" required:"true"`
}

// Headers sets and removes response headers.
type Headers struct {
	Meta   yamldec.Meta      `yaml:"-" doc:"headers"`
	Set    map[string]string `yaml:"set"`
	Remove []HeaderName      `yaml:"remove"`
	// VaryRemove drops these tokens from Vary (docs: Cookie).
	VaryRemove []HeaderName `yaml:"vary_remove"`
	// Debug headers are removed unless the request carries Fastly-Debug.
	Debug []HeaderName `yaml:"debug"`
}

// Maintenance is the fallback when the origin is down, and the switch an
// operator flips to send all traffic to it.
type Maintenance struct {
	Meta yamldec.Meta `yaml:"-" doc:"maintenance settings"`
	// Backend names the backend (usually role salt) serving the page.
	Backend Ident `yaml:"backend" required:"true"`
	// Path is the URL of the page on that backend.
	Path       URLPath  `yaml:"path" required:"true"`
	RetryAfter Duration `yaml:"retry_after"`
}

// ServiceAt returns a service and its Fastly service ID at a level; an
// unknown service or level is named, with the closest known names.
func (s *Site) ServiceAt(name, level string) (*Service, string, error) {
	svc := s.Service(name)
	if svc == nil {
		var names []string
		for _, o := range s.Services {
			names = append(names, o.Name)
		}
		return nil, "", fmt.Errorf("unknown service %q; %s", name, diag.DidYouMean(name, names, "services"))
	}
	if _, err := s.LevelNamed(level); err != nil {
		return nil, "", err
	}
	return svc, svc.ServiceIDs[level], nil
}

// LevelNamed returns the level with the given name; an unknown name is an
// error naming the closest known ones.
func (s *Site) LevelNamed(name string) (*Level, error) {
	if l := s.Level(name); l != nil {
		return l, nil
	}
	var names []string
	for _, l := range s.Levels {
		names = append(names, string(l.Name))
	}
	return nil, UnknownLevel(name, names)
}

// UnknownLevel is the error for a level name that is not one of known: the
// one wording of every command (build, errors build, fleet, sync), with the
// closest name.
func UnknownLevel(name string, known []string) error {
	return fmt.Errorf("unknown level %q; %s", name, diag.DidYouMean(name, known, "levels"))
}

// MaintenanceSwitchAt returns the Fastly service ID at a level of a
// service that has the maintenance switch (a maintenance section).
func (s *Site) MaintenanceSwitchAt(name, level string) (string, error) {
	svc, id, err := s.ServiceAt(name, level)
	if err != nil {
		return "", err
	}
	if !svc.HasMaintenanceSwitch() {
		return "", fmt.Errorf("%s has no maintenance switch: add a maintenance section to %s and publish", name, svc.File)
	}
	return id, nil
}

// HasMaintenanceSwitch reports whether the service has edgectl's settings
// dictionary: with a maintenance section, or raw VCL that reads the switch.
func (s *Service) HasMaintenanceSwitch() bool {
	return s.Maintenance != nil || (s.RawVCL != nil && s.RawVCL.MaintenanceSwitch)
}

// ServiceNames names the services, in the order of services/.
func (s *Site) ServiceNames() []string {
	var names []string
	for _, svc := range s.Services {
		names = append(names, svc.Name)
	}
	return names
}

// LevelNames names the levels, in the order of levels.yaml.
func (s *Site) LevelNames() []string {
	var names []string
	for _, l := range s.Levels {
		names = append(names, string(l.Name))
	}
	return names
}

// WithMaintenance names the services that have the maintenance switch.
func (s *Site) WithMaintenance() []string {
	var names []string
	for _, svc := range s.Services {
		if svc.HasMaintenanceSwitch() {
			names = append(names, svc.Name)
		}
	}
	return names
}
