// Package desired is the compiler's output contract: the state one Fastly
// service of one level should have. The build writes it to
// <service>/<level>/service.json next to the VCL files; sync reads only this.
//
// Object and field names are the Fastly API's own (backends, healthchecks,
// directors, domains, gzips, settings, dictionaries, vcls; address, port,
// first_byte_timeout, ...), so a field maps to an API parameter without
// translation. Durations are milliseconds, as the API takes them.
package desired

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/webplatform/edgectl/jsonout"
)

// Service is the desired state of one Fastly service at one level.
type Service struct {
	// Service and Level name the definition it came from.
	Service string `json:"service"`
	Level   string `json:"level"`
	// ServiceID is the Fastly service of that level.
	ServiceID string `json:"service_id"`
	// Comment is the version comment: what produced this state.
	Comment      string        `json:"comment"`
	Domains      []Domain      `json:"domains"`
	Backends     []Backend     `json:"backends"`
	Healthchecks []Healthcheck `json:"healthchecks"`
	Directors    []Director    `json:"directors"`
	// Gzips is always empty: compression is decided in VCL, where it is
	// tested and kept off ESI responses (Fastly's own guidance). A gzip
	// object on Fastly would add a second, untested decision.
	Gzips        []Gzip       `json:"gzips"`
	Settings     Settings     `json:"settings"`
	Dictionaries []Dictionary `json:"dictionaries"`
	VCLs         []VCL        `json:"vcls"`

	// Ownership says what publish may change on Fastly beyond what the
	// state declares; nil: the default rule (see Owns).
	Ownership *Ownership `json:"ownership,omitempty"`
	// The kinds a definition declares only when it needs them (objects.go).
	Syslogs         []Syslog         `json:"syslogs,omitempty"`
	HTTPS           []HTTPS          `json:"https,omitempty"`
	S3s             []S3             `json:"s3s,omitempty"`
	ACLs            []ACL            `json:"acls,omitempty"`
	Snippets        []Snippet        `json:"snippets,omitempty"`
	Headers         []Header         `json:"headers,omitempty"`
	ResponseObjects []ResponseObject `json:"response_objects,omitempty"`
	Conditions      []Condition      `json:"conditions,omitempty"`
	RequestSettings []RequestSetting `json:"request_settings,omitempty"`
	CacheSettings   []CacheSetting   `json:"cache_settings,omitempty"`
}

// Domain is a hostname routed to the service.
type Domain struct {
	Name    string `json:"name"`
	Comment string `json:"comment"`
}

// Backend is one origin server.
type Backend struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Port    int    `json:"port"`
	// OverrideHost replaces the Host header sent to the origin.
	OverrideHost string `json:"override_host"`
	UseSSL       bool   `json:"use_ssl"`
	// SSLCertHostname is checked against the origin's certificate;
	// SSLSNIHostname is sent in the TLS handshake.
	SSLCertHostname string `json:"ssl_cert_hostname"`
	SSLSNIHostname  string `json:"ssl_sni_hostname"`
	// SSLCheckCert makes Fastly check the origin's certificate (Fastly's
	// default, and always edgectl's).
	SSLCheckCert bool `json:"ssl_check_cert"`
	// SSLCACert is the PEM CA certificate the origin's certificate is
	// checked against; "" is Fastly's own bundle.
	SSLCACert string `json:"ssl_ca_cert"`
	// MinTLSVersion and MaxTLSVersion bound the TLS versions spoken to the
	// origin ("1.2"); "" leaves Fastly's default.
	MinTLSVersion string `json:"min_tls_version"`
	MaxTLSVersion string `json:"max_tls_version"`
	// Shield is the POP shielding the backend ("iad-va-us"), "" none.
	Shield string `json:"shield"`
	// SSLClientCert is the PEM client certificate shown to the origin.
	SSLClientCert string `json:"ssl_client_cert"`
	// SSLClientKey is never a key: "" on the desired side (no definition
	// sets one), and on a backend read from Fastly a fingerprint of the key
	// Fastly holds (KeyFingerprint), compared but never shown.
	SSLClientKey        string `json:"ssl_client_key"`
	ConnectTimeout      int    `json:"connect_timeout"`
	FirstByteTimeout    int    `json:"first_byte_timeout"`
	BetweenBytesTimeout int    `json:"between_bytes_timeout"`
	MaxConn             int    `json:"max_conn"`
	ErrorThreshold      int    `json:"error_threshold"`
	// Healthcheck names a Healthcheck of the same service, or is empty.
	Healthcheck string `json:"healthcheck"`
	// AutoLoadbalance is false: edgectl chooses backends in VCL and directors.
	AutoLoadbalance bool   `json:"auto_loadbalance"`
	Weight          int    `json:"weight"`
	Comment         string `json:"comment"`
}

// Healthcheck is a probe Fastly sends to backends.
type Healthcheck struct {
	Name             string `json:"name"`
	Method           string `json:"method"`
	Host             string `json:"host"`
	Path             string `json:"path"`
	HTTPVersion      string `json:"http_version"`
	Timeout          int    `json:"timeout"`
	CheckInterval    int    `json:"check_interval"`
	ExpectedResponse int    `json:"expected_response"`
	Window           int    `json:"window"`
	Threshold        int    `json:"threshold"`
	Initial          int    `json:"initial"`
	Comment          string `json:"comment"`
}

// Director types, as the Fastly API numbers them.
const (
	DirectorRandom = 1
	DirectorHash   = 3
	DirectorClient = 4
)

// Director balances requests over backends.
type Director struct {
	Name    string `json:"name"`
	Type    int    `json:"type"`
	Quorum  int    `json:"quorum"`
	Retries int    `json:"retries"`
	// Backends are the names of its members (the API's director_backend links).
	Backends []string `json:"backends"`
	Comment  string   `json:"comment"`
}

// Gzip is Fastly's gzip object; see Service.Gzips.
type Gzip struct {
	Name         string `json:"name"`
	ContentTypes string `json:"content_types"`
	Extensions   string `json:"extensions"`
}

// Settings are the version settings.
type Settings struct {
	DefaultTTL      int    `json:"general.default_ttl"`
	DefaultHost     string `json:"general.default_host"`
	StaleIfError    bool   `json:"general.stale_if_error"`
	StaleIfErrorTTL int    `json:"general.stale_if_error_ttl"`
}

// Dictionary is an edge dictionary. Its items are not part of a version and
// are compared and written apart, item by item.
type Dictionary struct {
	Name      string `json:"name"`
	WriteOnly bool   `json:"write_only"`
	// Items are the dictionary's items. When Declared, they are what
	// Fastly must hold: diff compares them item by item and publish writes
	// the difference. Otherwise (the settings dictionary, whose items are
	// operated with edgectl maintenance on|off) they are only the values a
	// new dictionary starts with.
	Items    map[string]string `json:"items"`
	Declared bool              `json:"declared,omitempty"`
}

// VCL is an uploaded custom VCL file.
type VCL struct {
	// Name is the name include statements use.
	Name string `json:"name"`
	Main bool   `json:"main"`
	// File is the file beside service.json holding the content. For the
	// private include it is empty: the content lives outside the repository
	// and is read by the tool that uploads it, from the same place the build
	// read it (see Private).
	File string `json:"file"`
	// Private marks the private include.
	Private bool `json:"private"`
}

// Marshal encodes the service as indented JSON with a final newline, in the
// shape of every document edgectl prints (jsonout). Field order is the
// struct's and maps are sorted, so equal states give equal bytes.
func (s *Service) Marshal() ([]byte, error) {
	return jsonout.Marshal(s)
}

// KeyFingerprint stands for a secret value in a state read from Fastly:
// equal secrets give equal fingerprints, and the secret cannot be read back
// from it. "" stays "" (no secret).
func KeyFingerprint(secret string) string {
	if secret == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(secret))
	return "sha256:" + hex.EncodeToString(sum[:8])
}
