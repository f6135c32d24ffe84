package desired

import (
	"path"
	"slices"
	"strconv"
)

// This file holds the object kinds of a Fastly service beyond the ones the
// compiler always emits (domains, backends, health checks, directors,
// settings, the settings dictionary, VCL): logging endpoints, ACLs,
// snippets, and the web UI's objects (headers, response objects,
// conditions, request and cache settings). A definition declares them or
// not; Ownership says what publish may change on Fastly.

// Kind names an object kind as edgectl's plans and definitions spell it.
// They follow the Fastly API's object names, singular.
type Kind = string

// The kinds of service objects. KindsAlwaysOwned are owned by every
// definition; the others are owned only when the state declares an object
// of the kind or Ownership.Adopt lists it.
const (
	KindDomain         Kind = "domain"
	KindHealthcheck    Kind = "healthcheck"
	KindBackend        Kind = "backend"
	KindDirector       Kind = "director"
	KindGzip           Kind = "gzip"
	KindSettings       Kind = "settings"
	KindDictionary     Kind = "dictionary"
	KindVCL            Kind = "vcl"
	KindACL            Kind = "acl"
	KindSnippet        Kind = "snippet"
	KindHeader         Kind = "header"
	KindResponseObject Kind = "response_object"
	KindCondition      Kind = "condition"
	KindRequestSetting Kind = "request_setting"
	KindCacheSetting   Kind = "cache_setting"
	KindSyslog         Kind = "logging_syslog"
	KindHTTPS          Kind = "logging_https"
	KindS3             Kind = "logging_s3"
)

// KindsAlwaysOwned are the kinds every edgectl definition owns: the compiler
// emits them for every service (domains, backends, VCL, ...), or they
// conflict with what the VCL decides (gzip: compression is decided in VCL,
// so a gzip object on Fastly is a second, untested decision and is removed).
var KindsAlwaysOwned = []Kind{KindDomain, KindHealthcheck, KindBackend, KindDirector, KindGzip, KindSettings, KindVCL}

// Ownership is a service's policy for objects on Fastly that its state does
// not declare. An object of a kind the service does not own is left alone by
// publish and shown by diff as not managed.
type Ownership struct {
	// Adopt lists kinds the service owns although it declares no object of
	// them: publish deletes their objects on Fastly.
	Adopt []Kind `json:"adopt,omitempty"`
	// Keep lists, per owned kind, names of objects publish leaves alone
	// (path.Match patterns, "ngwaf_*"): objects owned by another team or
	// managed by Fastly.
	Keep map[Kind][]string `json:"keep,omitempty"`
}

// Secret is a value kept out of the repository: the name of a file in the
// private directory (beside the private include), read by the tool that
// uploads it. The desired state holds the file name, never the value.
type Secret struct {
	File string `json:"file"`
}

// Logging fields common to every endpoint kind, as the API names them.
type Logging struct {
	Name string `json:"name"`
	// Format is the log line format (VCL log format string); FormatVersion 2.
	Format        string `json:"format"`
	FormatVersion int    `json:"format_version"`
	// Placement is "none" (edgectl logs from its VCL) or "" (Fastly's default).
	Placement         string `json:"placement"`
	ResponseCondition string `json:"response_condition"`
}

// Syslog is a syslog endpoint (TCP, optionally TLS).
type Syslog struct {
	Logging
	Address     string  `json:"address"`
	Port        int     `json:"port"`
	UseTLS      bool    `json:"use_tls"`
	TLSHostname string  `json:"tls_hostname"`
	TLSCACert   string  `json:"tls_ca_cert"`
	MessageType string  `json:"message_type"`
	Token       *Secret `json:"token,omitempty"`
	// TLSClientCert is public; its key is a secret.
	TLSClientCert string  `json:"tls_client_cert"`
	TLSClientKey  *Secret `json:"tls_client_key,omitempty"`
}

// HTTPS is an HTTPS logging endpoint.
type HTTPS struct {
	Logging
	URL               string  `json:"url"`
	Method            string  `json:"method"`
	ContentType       string  `json:"content_type"`
	JSONFormat        string  `json:"json_format"`
	HeaderName        string  `json:"header_name"`
	HeaderValue       *Secret `json:"header_value,omitempty"`
	RequestMaxEntries int     `json:"request_max_entries"`
	RequestMaxBytes   int     `json:"request_max_bytes"`
	TLSHostname       string  `json:"tls_hostname"`
	TLSCACert         string  `json:"tls_ca_cert"`
}

// S3 is an S3-compatible object storage endpoint (DreamObjects).
type S3 struct {
	Logging
	BucketName      string  `json:"bucket_name"`
	Domain          string  `json:"domain"`
	Path            string  `json:"path"`
	Period          int     `json:"period"`
	GzipLevel       int     `json:"gzip_level"`
	TimestampFormat string  `json:"timestamp_format"`
	AccessKey       *Secret `json:"access_key,omitempty"`
	SecretKey       *Secret `json:"secret_key,omitempty"`
}

// ACL is an access control list. Its entries, like dictionary items, are
// not part of a version: they are compared and written apart.
type ACL struct {
	Name    string     `json:"name"`
	Entries []ACLEntry `json:"entries"`
}

// ACLEntry is one address or subnet of an ACL.
type ACLEntry struct {
	IP      string `json:"ip"`
	Subnet  int    `json:"subnet,omitempty"`
	Negated bool   `json:"negated,omitempty"`
	Comment string `json:"comment,omitempty"`
	// ID is Fastly's ID of an entry read from Fastly (a batch delete
	// names entries by ID); never part of a desired state.
	ID string `json:"-"`
}

// String writes the entry as a definition does: "198.51.100.0/24", with a
// leading "!" for an exception; it names the entry in plans.
func (e ACLEntry) String() string {
	s := e.IP
	if e.Subnet > 0 {
		s += "/" + strconv.Itoa(e.Subnet)
	}
	if e.Negated {
		s = "!" + s
	}
	return s
}

// Snippet is a VCL snippet. A dynamic snippet's content is not part of a
// version (written apart, like dictionary items).
type Snippet struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Priority int    `json:"priority"`
	Dynamic  bool   `json:"dynamic"`
	Content  string `json:"content"`
}

// Header is a web UI header object.
type Header struct {
	Name              string `json:"name"`
	Action            string `json:"action"`
	Type              string `json:"type"`
	Dst               string `json:"dst"`
	Src               string `json:"src"`
	Regex             string `json:"regex"`
	Substitution      string `json:"substitution"`
	IgnoreIfSet       bool   `json:"ignore_if_set"`
	Priority          int    `json:"priority"`
	RequestCondition  string `json:"request_condition"`
	CacheCondition    string `json:"cache_condition"`
	ResponseCondition string `json:"response_condition"`
}

// ResponseObject is a synthetic response object.
type ResponseObject struct {
	Name             string `json:"name"`
	Status           int    `json:"status"`
	Response         string `json:"response"`
	ContentType      string `json:"content_type"`
	Content          string `json:"content"`
	RequestCondition string `json:"request_condition"`
	CacheCondition   string `json:"cache_condition"`
}

// Condition is a web UI condition (REQUEST, CACHE, RESPONSE, PREFETCH).
type Condition struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Statement string `json:"statement"`
	Priority  int    `json:"priority"`
}

// RequestSetting is a request settings object.
type RequestSetting struct {
	Name             string `json:"name"`
	Action           string `json:"action"`
	ForceMiss        bool   `json:"force_miss"`
	ForceSSL         bool   `json:"force_ssl"`
	BypassBusyWait   bool   `json:"bypass_busy_wait"`
	MaxStaleAge      int    `json:"max_stale_age"`
	HashKeys         string `json:"hash_keys"`
	XForwardedFor    string `json:"xff"`
	TimerSupport     bool   `json:"timer_support"`
	GeoHeaders       bool   `json:"geo_headers"`
	DefaultHost      string `json:"default_host"`
	RequestCondition string `json:"request_condition"`
}

// CacheSetting is a cache settings object.
type CacheSetting struct {
	Name           string `json:"name"`
	Action         string `json:"action"`
	TTL            int    `json:"ttl"`
	StaleTTL       int    `json:"stale_ttl"`
	CacheCondition string `json:"cache_condition"`
}

// objectCounts are, for each kind a state may declare objects of or not,
// how many objects of it the state declares.
var objectCounts = map[Kind]func(*Service) int{
	KindDictionary:     func(s *Service) int { return len(s.Dictionaries) },
	KindSyslog:         func(s *Service) int { return len(s.Syslogs) },
	KindHTTPS:          func(s *Service) int { return len(s.HTTPS) },
	KindS3:             func(s *Service) int { return len(s.S3s) },
	KindACL:            func(s *Service) int { return len(s.ACLs) },
	KindSnippet:        func(s *Service) int { return len(s.Snippets) },
	KindHeader:         func(s *Service) int { return len(s.Headers) },
	KindResponseObject: func(s *Service) int { return len(s.ResponseObjects) },
	KindCondition:      func(s *Service) int { return len(s.Conditions) },
	KindRequestSetting: func(s *Service) int { return len(s.RequestSettings) },
	KindCacheSetting:   func(s *Service) int { return len(s.CacheSettings) },
}

// declared reports whether the state declares at least one object of k.
func (s *Service) declared(k Kind) bool {
	count, ok := objectCounts[k]
	return ok && count(s) > 0
}

// Owns reports whether publish manages objects of kind k on Fastly: creates
// what the state declares and deletes what it lacks (except the names Keep
// lists). A kind is owned when it is always owned (KindsAlwaysOwned), when
// the state declares an object of it, or when Ownership.Adopt lists it.
// The definition sections that compile into VCL (headers:, cookies:,
// cache:, ...) declare no object: they never make Fastly's header,
// condition or settings objects owned.
func (s *Service) Owns(k Kind) bool {
	if slices.Contains(KindsAlwaysOwned, k) || s.declared(k) {
		return true
	}
	return s.Ownership != nil && slices.Contains(s.Ownership.Adopt, k)
}

// Keeps reports whether the object named name, of an owned kind k, is left
// alone by publish although the state lacks it.
func (s *Service) Keeps(k Kind, name string) bool {
	if s.Ownership == nil {
		return false
	}
	for _, pat := range s.Ownership.Keep[k] {
		if ok, err := path.Match(pat, name); err == nil && ok {
			return true
		}
	}
	return false
}
