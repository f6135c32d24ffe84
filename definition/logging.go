package definition

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/definition/yamldec"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/repofs"
)

// Logging is the `logging:` section: the endpoints Fastly streams the
// service's request logs to (Fastly's "Setting up remote log streaming",
// https://www.fastly.com/documentation/guides/integrations/streaming-logs/setting-up-remote-log-streaming).
// Declaring an endpoint of a kind makes the service own that kind: publish
// removes the endpoints of that kind the definition lacks.
type Logging struct {
	Meta   yamldec.Meta     `yaml:"-" doc:"logging"`
	Syslog []SyslogEndpoint `yaml:"syslog,omitempty"`
	HTTPS  []HTTPSEndpoint  `yaml:"https,omitempty"`
	S3     []S3Endpoint     `yaml:"s3,omitempty"`
}

// LogAddress is where a syslog endpoint sends: the public address of the
// level's VM with a fleet role (the salt master: role salt; Fastly connects
// from the internet), or a fixed host. Exactly one is set.
type LogAddress struct {
	Meta yamldec.Meta `yaml:"-" doc:"log address"`
	Role Ident        `yaml:"role,omitempty"`
	Host string       `yaml:"host,omitempty"`
}

// SyslogEndpoint is a syslog endpoint over TCP, optionally TLS.
type SyslogEndpoint struct {
	Meta    yamldec.Meta `yaml:"-" doc:"syslog endpoint"`
	Name    Ident        `yaml:"name" required:"true"`
	Address *LogAddress  `yaml:"address" required:"true"`
	Port    int          `yaml:"port" required:"true"`
	// UseTLS encrypts the stream; TLSHostname is checked against the
	// server's certificate, signed by TLSCACert (a PEM file in the
	// repository) when the server's CA is not a public one.
	UseTLS      bool     `yaml:"use_tls,omitempty"`
	TLSHostname Hostname `yaml:"tls_hostname,omitempty"`
	TLSCACert   string   `yaml:"tls_ca_cert,omitempty"`
	// TLSClientCert is a PEM file in the repository; its key a secret.
	TLSClientCert string  `yaml:"tls_client_cert,omitempty"`
	TLSClientKey  *Secret `yaml:"tls_client_key,omitempty"`
	// Token is prepended to each line (for hosted syslog services).
	Token *Secret `yaml:"token,omitempty"`
	// Format is the log line, Fastly's version 2 format; default
	// DefaultLogFormat. Placement is "" (Fastly's default: the log
	// statement goes into vcl_log) or "none" (a log hook writes it).
	Format    string `yaml:"format,omitempty"`
	Placement string `yaml:"placement,omitempty"`

	// CACertPEM and ClientCertPEM are the files' contents, read by Load.
	CACertPEM     string `yaml:"-"`
	ClientCertPEM string `yaml:"-"`
}

// HTTPSEndpoint is an HTTPS logging endpoint.
type HTTPSEndpoint struct {
	Meta yamldec.Meta `yaml:"-" doc:"https endpoint"`
	Name Ident        `yaml:"name" required:"true"`
	// URL is the https:// URL the batches are sent to.
	URL         string      `yaml:"url" required:"true"`
	Method      string      `yaml:"method,omitempty"`
	ContentType ContentType `yaml:"content_type,omitempty"`
	// HeaderName and HeaderValue (a secret) add one request header, such
	// as an Authorization token.
	HeaderName  HeaderName `yaml:"header_name,omitempty"`
	HeaderValue *Secret    `yaml:"header_value,omitempty"`
	Format      string     `yaml:"format,omitempty"`
	Placement   string     `yaml:"placement,omitempty"`
}

// S3Endpoint is an S3-compatible object storage endpoint (DreamObjects).
type S3Endpoint struct {
	Meta   yamldec.Meta `yaml:"-" doc:"s3 endpoint"`
	Name   Ident        `yaml:"name" required:"true"`
	Bucket string       `yaml:"bucket" required:"true"`
	// Domain is the storage's host (objects.dreamhost.com).
	Domain Hostname `yaml:"domain" required:"true"`
	Path   URLPath  `yaml:"path,omitempty"`
	// Period is how often a log file is closed and uploaded (default 1h).
	Period    Duration `yaml:"period,omitempty"`
	AccessKey *Secret  `yaml:"access_key" required:"true"`
	SecretKey *Secret  `yaml:"secret_key" required:"true"`
	Format    string   `yaml:"format,omitempty"`
	Placement string   `yaml:"placement,omitempty"`
}

// LoggingValues are the values of one logging endpoint that differ at a
// level (levels: <level>: logging: <name>: ...).
type LoggingValues struct {
	Meta    yamldec.Meta `yaml:"-" doc:"logging values"`
	Address *LogAddress  `yaml:"address,omitempty"`
	Port    int          `yaml:"port,omitempty"`
	URL     string       `yaml:"url,omitempty"`
	Bucket  string       `yaml:"bucket,omitempty"`
}

// Secret names a file of the private directory (beside the private
// include) holding a credential. Only the name is in the definition; the
// value is read by the tool that uploads it and never written anywhere.
type Secret struct {
	Private string `yaml:"private"`
}

// UnmarshalYAMLNode refuses a credential written inline, without repeating
// it: a secret is a mapping {private: FILE}.
func (s *Secret) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return &yamldec.Problem{
			Message: "a credential is written inline: credentials never go into the repository",
			Hint:    "put the value in a file of the private directory (--private-dir) and write {private: FILE}",
		}
	}
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 || n.Content[0].Value != "private" || n.Content[1].Kind != yaml.ScalarNode {
		return &yamldec.Problem{Message: "expected {private: FILE}, found " + yamldec.Describe(n), Hint: "name the file of the private directory that holds the credential: {private: salt-token}"}
	}
	s.Private = n.Content[1].Value
	return nil
}

// Desired is the secret in the desired state's terms (nil stays nil).
func (s *Secret) Desired() *desired.Secret {
	if s == nil {
		return nil
	}
	return &desired.Secret{File: s.Private}
}

// DefaultLogFormat is the log line of an endpoint that gives no format, in
// Fastly's version 2 custom log format (%{VCL expression}V; "Custom log
// formats", https://www.fastly.com/documentation/guides/integrations/streaming-logs/custom-log-formats):
// one line per request with the start time (ISO 8601, UTC), the client IP,
// the method, the URL (C-escaped, quoted), the status, the body bytes sent,
// the cache state (fastly_info.state: HIT, MISS, PASS, ...), the service
// version that served it and the POP (server.datacenter).
const DefaultLogFormat = `%{strftime(\{"%Y-%m-%dT%H:%M:%SZ"\}, time.start)}V %{req.http.Fastly-Client-IP}V %{req.method}V "%{cstr_escape(req.url)}V" %{resp.status}V %{resp.body_bytes_written}V %{fastly_info.state}V %{req.vcl.version}V %{server.datacenter}V`

// DefaultS3Period is how often an S3 endpoint uploads a file (Fastly's
// default period, 3600 s).
const DefaultS3Period = Duration(time.Hour)

// LogPlacements are the placements a definition may give: Fastly's
// default ("" : the log statement in vcl_log, where main.vcl keeps
// #FASTLY log) and "none" (no generated statement; a log hook writes it).
// "Changing log placement":
// https://www.fastly.com/documentation/guides/integrations/streaming-logs/changing-log-placement
var LogPlacements = []string{"", "none"}

var secretFileRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// maxCertBytes bounds a certificate file.
const maxCertBytes = 64 << 10

// LoggingKinds are the logging kinds the service owns: those it declares
// endpoints of and those its ownership section adopts. Sync lists these
// kinds from Fastly (the details endpoint holds no logging endpoint).
func (s *Service) LoggingKinds() []desired.Kind {
	var kinds []desired.Kind
	if l := s.Logging; l != nil {
		if len(l.Syslog) > 0 {
			kinds = append(kinds, desired.KindSyslog)
		}
		if len(l.HTTPS) > 0 {
			kinds = append(kinds, desired.KindHTTPS)
		}
		if len(l.S3) > 0 {
			kinds = append(kinds, desired.KindS3)
		}
	}
	if o := s.Ownership; o != nil {
		for _, k := range o.Adopt {
			if dk := OwnershipKinds[k]; strings.HasPrefix(dk, "logging_") {
				kinds = append(kinds, dk)
			}
		}
	}
	slices.Sort(kinds)
	return slices.Compact(kinds)
}

// checkLogging checks the logging section: names unique across kinds,
// addresses, ports, URLs, formats, placements and secret file names, and
// reads the certificate files.
func (c *checker) checkLogging(root string) {
	l := c.svc.Logging
	if l == nil {
		return
	}
	names := map[Ident]bool{}
	claim := func(m yamldec.Meta, name Ident) {
		if names[name] {
			c.errf(m.At("name"), "give every logging endpoint its own name: Fastly names them per service version", "duplicate logging endpoint name %q", name)
		}
		names[name] = true
	}
	for i := range l.Syslog {
		e := &l.Syslog[i]
		claim(e.Meta, e.Name)
		c.checkLogAddress(e.Address)
		c.checkPort(e.Meta, e.Port)
		c.checkLogCommon(e.Meta, e.Format, e.Placement)
		c.checkSecret(e.Meta, "tls_client_key", e.TLSClientKey)
		c.checkSecret(e.Meta, "token", e.Token)
		e.CACertPEM = c.readCert(root, e.Meta, "tls_ca_cert", e.TLSCACert)
		e.ClientCertPEM = c.readCert(root, e.Meta, "tls_client_cert", e.TLSClientCert)
		if (e.TLSHostname != "" || e.TLSCACert != "" || e.TLSClientCert != "") && !e.UseTLS {
			c.errf(e.Meta.Pos, "add use_tls: true, or remove the TLS settings", "syslog endpoint %q has TLS settings but use_tls is false", e.Name)
		}
		if (e.TLSClientCert == "") != (e.TLSClientKey == nil) {
			c.errf(e.Meta.Pos, "give both tls_client_cert and tls_client_key, or neither", "syslog endpoint %q has half a TLS client certificate", e.Name)
		}
	}
	for i := range l.HTTPS {
		e := &l.HTTPS[i]
		claim(e.Meta, e.Name)
		if u, err := url.Parse(e.URL); e.URL != "" && (err != nil || u.Scheme != "https" || u.Host == "") {
			c.errf(e.Meta.At("url"), "write an https:// URL with a host, e.g. https://logs.example.net/fastly", "invalid logging URL %q", shorten(e.URL))
		}
		if e.Method != "" && e.Method != "POST" && e.Method != "PUT" {
			c.errf(e.Meta.At("method"), "write POST (the default) or PUT", "unknown HTTPS logging method %q", shorten(e.Method))
		}
		if (e.HeaderName == "") != (e.HeaderValue == nil) {
			c.errf(e.Meta.Pos, "give both header_name and header_value, or neither", "https endpoint %q has half a header", e.Name)
		}
		c.checkSecret(e.Meta, "header_value", e.HeaderValue)
		c.checkLogCommon(e.Meta, e.Format, e.Placement)
	}
	for i := range l.S3 {
		e := &l.S3[i]
		claim(e.Meta, e.Name)
		if e.Period < 0 {
			c.errf(e.Meta.At("period"), "write a positive duration such as 1h", "period is negative")
		}
		c.checkSecret(e.Meta, "access_key", e.AccessKey)
		c.checkSecret(e.Meta, "secret_key", e.SecretKey)
		c.checkLogCommon(e.Meta, e.Format, e.Placement)
	}
}

// checkLogAddress checks that an address names exactly one of a role and
// a full hostname or IP.
func (c *checker) checkLogAddress(a *LogAddress) {
	if a == nil {
		return
	}
	switch {
	case (a.Role == "") == (a.Host == ""):
		c.errf(a.Meta.Pos, "write {role: salt} (the level's VM with that role) or {host: logs.example.net}", "a log address needs exactly one of role and host")
	case a.Host != "" && net.ParseIP(a.Host) == nil:
		if err := CheckHostname(a.Host); err != nil {
			c.problem(a.Meta.At("host"), err)
		} else if IsRelativeHost(a.Host) {
			c.errf(a.Meta.At("host"), "write the log server's full hostname, e.g. logs.example.net", "log host %q is not a full hostname", a.Host)
		}
	}
}

func (c *checker) checkPort(m yamldec.Meta, port int) {
	if m.Has("port") && (port < 1 || port > 65535) {
		c.errf(m.At("port"), "write a port from 1 to 65535", "port %d is out of range", port)
	}
}

// checkLogCommon checks a format and a placement.
func (c *checker) checkLogCommon(m yamldec.Meta, format, placement string) {
	if err := checkText(format, 4096, false); err != nil && m.Has("format") {
		c.problem(m.At("format"), fmt.Errorf("log format: %w", err))
	}
	if !slices.Contains(LogPlacements, placement) {
		c.errf(m.At("placement"), `leave placement out (Fastly puts the log statement into vcl_log) or write "none" and log from a log hook`, "unknown log placement %q", shorten(placement))
	}
}

// checkSecret checks a secret's file name: a plain name in the private
// directory, no path.
func (c *checker) checkSecret(m yamldec.Meta, field string, s *Secret) {
	if s != nil && !c.failedAt(m.At(field)) && !secretFileRE.MatchString(s.Private) {
		c.errf(m.At(field), "name a file directly in the private directory, such as salt-token (no directories)", "invalid private file name %q", shorten(s.Private))
	}
}

// readCert reads a certificate file of the repository named by field, or
// returns "" when none is named.
func (c *checker) readCert(root string, m yamldec.Meta, field, file string) string {
	if file == "" {
		return ""
	}
	data, err := repofs.ReadFile(root, file, maxCertBytes)
	switch {
	case err != nil:
		c.errf(m.At(field), repofs.Hint(err, "commit the PEM file to the repository, or fix the path"), "%s: cannot read %s: %s", field, shorten(file), pathErr(err))
		return ""
	case !utf8.Valid(data) || !strings.Contains(string(data), "-----BEGIN CERTIFICATE-----"):
		c.errf(m.At(field), "give a PEM certificate file (-----BEGIN CERTIFICATE-----)", "%s: %s is not a PEM certificate", field, shorten(file))
		return ""
	}
	return string(data)
}

// checkLoggingValues checks the logging values a level gives.
func (c *checker) checkLoggingValues(level string, lv *LevelValues) {
	for _, name := range sortedKeys(lv.Logging) {
		kind := c.svc.Logging.kindOf(Ident(name))
		pos := lv.Meta.KeyAt("logging", name)
		if kind == "" {
			c.errf(pos, diag.DidYouMean(name, c.svc.Logging.names(), "logging endpoints"), "level %s gives values for logging endpoint %q, which is not defined", level, name)
			continue
		}
		v := lv.Logging[name]
		if v == nil {
			continue
		}
		c.checkLogAddress(v.Address)
		c.checkPort(v.Meta, v.Port)
		for field, want := range map[string]desired.Kind{"address": desired.KindSyslog, "port": desired.KindSyslog, "url": desired.KindHTTPS, "bucket": desired.KindS3} {
			if v.Meta.Has(field) && kind != want {
				c.errf(v.Meta.At(field), "give only the values of the endpoint's own kind", "logging endpoint %q (%s) has no %s", name, kind, field)
			}
		}
	}
}

// kindOf returns the kind of the endpoint named name, or "".
func (l *Logging) kindOf(name Ident) desired.Kind {
	if l == nil {
		return ""
	}
	switch {
	case slices.ContainsFunc(l.Syslog, func(e SyslogEndpoint) bool { return e.Name == name }):
		return desired.KindSyslog
	case slices.ContainsFunc(l.HTTPS, func(e HTTPSEndpoint) bool { return e.Name == name }):
		return desired.KindHTTPS
	case slices.ContainsFunc(l.S3, func(e S3Endpoint) bool { return e.Name == name }):
		return desired.KindS3
	}
	return ""
}

// names lists the endpoint names, sorted.
func (l *Logging) names() []string {
	var out []string
	if l == nil {
		return out
	}
	for _, e := range l.Syslog {
		out = append(out, string(e.Name))
	}
	for _, e := range l.HTTPS {
		out = append(out, string(e.Name))
	}
	for _, e := range l.S3 {
		out = append(out, string(e.Name))
	}
	slices.Sort(out)
	return out
}

// forLevel returns the logging section with the values of lv applied; the
// section itself is unchanged.
func (l *Logging) forLevel(lv map[string]*LoggingValues) *Logging {
	if l == nil || len(lv) == 0 {
		return l
	}
	out := *l
	out.Syslog = slices.Clone(l.Syslog)
	for i := range out.Syslog {
		if v := lv[string(out.Syslog[i].Name)]; v != nil {
			if v.Address != nil {
				out.Syslog[i].Address = v.Address
			}
			if v.Meta.Has("port") {
				out.Syslog[i].Port = v.Port
			}
		}
	}
	out.HTTPS = slices.Clone(l.HTTPS)
	for i := range out.HTTPS {
		if v := lv[string(out.HTTPS[i].Name)]; v != nil && v.Meta.Has("url") {
			out.HTTPS[i].URL = v.URL
		}
	}
	out.S3 = slices.Clone(l.S3)
	for i := range out.S3 {
		if v := lv[string(out.S3[i].Name)]; v != nil && v.Meta.Has("bucket") {
			out.S3[i].Bucket = v.Bucket
		}
	}
	return &out
}
