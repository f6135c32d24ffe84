package fastlyapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
)

// Remote is one version of a Fastly service as read from GET
// /service/{id}/details, normalised into a Config.
type Remote struct {
	ServiceID string
	// Name is the service's name on Fastly.
	Name string
	// ActiveVersion is the active version's number, 0 when none is active.
	ActiveVersion int
	// Version is the number of the version Config describes.
	Version int
	// Versions are all versions of the service, by number.
	Versions []Version
	Config   *fastlyplan.Config
	// DictionaryIDs maps a dictionary name of this version to its ID, which
	// the (versionless) dictionary item API needs.
	DictionaryIDs map[string]string
	// DynamicSnippetIDs maps a dynamic snippet's name to its ID, which the
	// (versionless) snippet content API needs.
	DynamicSnippetIDs map[string]string
	// missingContent lists VCLs whose content the response lacked; the
	// reader fetches them one by one (see Client.Details).
	missingContent []string
}

// Version is one version of a service.
type Version struct {
	Number  int
	Active  bool
	Locked  bool
	Staging bool
	Comment string
}

// The wire format of /details. Only what Config models is decoded, plus the
// names of every other object kind in the version (drift).
type detailsWire struct {
	ID            flexString      `json:"id"`
	Name          flexString      `json:"name"`
	ActiveVersion activeWire      `json:"active_version"`
	Versions      []versionWire   `json:"versions"`
	Version       *versionDetails `json:"version"`
}

// activeWire is details' active_version: the active version with all its
// objects (as Fastly and go-fastly's ServiceDetail have it), or null. A bare
// version number is accepted too.
type activeWire struct {
	Number  int
	Details *versionDetails
}

func (a *activeWire) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		a.Details = &versionDetails{}
		if err := json.Unmarshal(b, a.Details); err != nil {
			return err
		}
		a.Number = int(a.Details.Number)
		return nil
	}
	var n flexInt
	if err := n.UnmarshalJSON(b); err != nil {
		return err
	}
	a.Number = int(n)
	return nil
}

type versionWire struct {
	Number  flexInt    `json:"number"`
	Active  flexBool   `json:"active"`
	Locked  flexBool   `json:"locked"`
	Staging flexBool   `json:"staging"`
	Comment flexString `json:"comment"`
}

type versionDetails struct {
	versionWire
	Domains      []domainWire      `json:"domains"`
	Backends     []backendWire     `json:"backends"`
	Healthchecks []healthcheckWire `json:"healthchecks"`
	Directors    []directorWire    `json:"directors"`
	Gzips        []gzipWire        `json:"gzips"`
	Settings     settingsWire      `json:"settings"`
	Dictionaries []dictionaryWire  `json:"dictionaries"`
	VCLs         []vclWire         `json:"vcls"`

	webUIWire
	// Kinds read by name only.
	ACLs []namedWire `json:"acls"`
}

type domainWire struct {
	Name    flexString `json:"name"`
	Comment flexString `json:"comment"`
}

type backendWire struct {
	Name                flexString `json:"name"`
	Address             flexString `json:"address"`
	Port                flexInt    `json:"port"`
	OverrideHost        flexString `json:"override_host"`
	UseSSL              flexBool   `json:"use_ssl"`
	SSLCertHostname     flexString `json:"ssl_cert_hostname"`
	SSLSNIHostname      flexString `json:"ssl_sni_hostname"`
	SSLCheckCert        flexBool   `json:"ssl_check_cert"`
	SSLCACert           flexString `json:"ssl_ca_cert"`
	MinTLSVersion       flexString `json:"min_tls_version"`
	MaxTLSVersion       flexString `json:"max_tls_version"`
	Shield              flexString `json:"shield"`
	SSLClientCert       flexString `json:"ssl_client_cert"`
	SSLClientKey        flexString `json:"ssl_client_key"`
	ConnectTimeout      flexInt    `json:"connect_timeout"`
	FirstByteTimeout    flexInt    `json:"first_byte_timeout"`
	BetweenBytesTimeout flexInt    `json:"between_bytes_timeout"`
	MaxConn             flexInt    `json:"max_conn"`
	ErrorThreshold      flexInt    `json:"error_threshold"`
	Healthcheck         flexString `json:"healthcheck"`
	AutoLoadbalance     flexBool   `json:"auto_loadbalance"`
	Weight              flexInt    `json:"weight"`
	Comment             flexString `json:"comment"`
}

type healthcheckWire struct {
	Name             flexString `json:"name"`
	Method           flexString `json:"method"`
	Host             flexString `json:"host"`
	Path             flexString `json:"path"`
	HTTPVersion      flexString `json:"http_version"`
	Timeout          flexInt    `json:"timeout"`
	CheckInterval    flexInt    `json:"check_interval"`
	ExpectedResponse flexInt    `json:"expected_response"`
	Window           flexInt    `json:"window"`
	Threshold        flexInt    `json:"threshold"`
	Initial          flexInt    `json:"initial"`
	Comment          flexString `json:"comment"`
}

type directorWire struct {
	Name     flexString   `json:"name"`
	Type     flexInt      `json:"type"`
	Quorum   flexInt      `json:"quorum"`
	Retries  flexInt      `json:"retries"`
	Backends []flexString `json:"backends"`
	Comment  flexString   `json:"comment"`
}

type gzipWire struct {
	Name         flexString `json:"name"`
	ContentTypes flexString `json:"content_types"`
	Extensions   flexString `json:"extensions"`
}

type settingsWire struct {
	DefaultTTL      flexInt    `json:"general.default_ttl"`
	DefaultHost     flexString `json:"general.default_host"`
	StaleIfError    flexBool   `json:"general.stale_if_error"`
	StaleIfErrorTTL flexInt    `json:"general.stale_if_error_ttl"`
}

type dictionaryWire struct {
	ID        flexString `json:"id"`
	Name      flexString `json:"name"`
	WriteOnly flexBool   `json:"write_only"`
}

type vclWire struct {
	Name flexString `json:"name"`
	Main flexBool   `json:"main"`
	// Content is a pointer: absent (the reader fetches it) differs from empty.
	Content *string `json:"content"`
}

type namedWire struct {
	Name flexString `json:"name"`
}

// DecodeDetails decodes a GET /service/{id}/details response. Config is
// the given version's ("version" in the response, the one asked for with
// ?version=), or with version 0 the active version's ("active_version"),
// or the latest's when none is active. privateNames are the VCL names whose
// content is secret (PrivateName always is).
func DecodeDetails(data []byte, version int, privateNames ...string) (*Remote, error) {
	var w detailsWire
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, fmt.Errorf("cannot read Fastly's service details: %v", err)
	}
	if w.ID == "" {
		return nil, fmt.Errorf("cannot read Fastly's service details: the response has no service id")
	}
	r := &Remote{ServiceID: string(w.ID), Name: string(w.Name), DictionaryIDs: map[string]string{}, DynamicSnippetIDs: map[string]string{}}
	r.ActiveVersion = w.ActiveVersion.Number
	for _, v := range w.Versions {
		r.Versions = append(r.Versions, v.version())
		if v.Active && r.ActiveVersion == 0 {
			r.ActiveVersion = int(v.Number)
		}
	}
	slices.SortFunc(r.Versions, func(a, b Version) int { return a.Number - b.Number })
	c := &fastlyplan.Config{}
	r.Config = c
	v := w.Version
	if version == 0 && w.ActiveVersion.Details != nil {
		v = w.ActiveVersion.Details
	}
	if v == nil {
		// A service without versions: nothing is configured.
		return r, nil
	}
	r.Version = int(v.Number)
	for _, d := range v.Domains {
		c.Domains = append(c.Domains, desired.Domain{Name: string(d.Name), Comment: string(d.Comment)})
	}
	for _, b := range v.Backends {
		c.Backends = append(c.Backends, desired.Backend{
			Name:            string(b.Name),
			Address:         string(b.Address),
			Port:            int(b.Port),
			OverrideHost:    string(b.OverrideHost),
			UseSSL:          bool(b.UseSSL),
			SSLCertHostname: string(b.SSLCertHostname),
			SSLSNIHostname:  string(b.SSLSNIHostname),
			SSLCheckCert:    bool(b.SSLCheckCert),
			SSLCACert:       string(b.SSLCACert),
			MinTLSVersion:   string(b.MinTLSVersion),
			MaxTLSVersion:   string(b.MaxTLSVersion),
			Shield:          string(b.Shield),
			SSLClientCert:   string(b.SSLClientCert),
			// The key itself is never kept: only what tells a change.
			SSLClientKey:        desired.KeyFingerprint(string(b.SSLClientKey)),
			ConnectTimeout:      int(b.ConnectTimeout),
			FirstByteTimeout:    int(b.FirstByteTimeout),
			BetweenBytesTimeout: int(b.BetweenBytesTimeout),
			MaxConn:             int(b.MaxConn),
			ErrorThreshold:      int(b.ErrorThreshold),
			Healthcheck:         string(b.Healthcheck),
			AutoLoadbalance:     bool(b.AutoLoadbalance),
			Weight:              int(b.Weight),
			Comment:             string(b.Comment),
		})
	}
	for _, h := range v.Healthchecks {
		c.Healthchecks = append(c.Healthchecks, desired.Healthcheck{
			Name:             string(h.Name),
			Method:           string(h.Method),
			Host:             string(h.Host),
			Path:             string(h.Path),
			HTTPVersion:      string(h.HTTPVersion),
			Timeout:          int(h.Timeout),
			CheckInterval:    int(h.CheckInterval),
			ExpectedResponse: int(h.ExpectedResponse),
			Window:           int(h.Window),
			Threshold:        int(h.Threshold),
			Initial:          int(h.Initial),
			Comment:          string(h.Comment),
		})
	}
	for _, d := range v.Directors {
		dir := desired.Director{Name: string(d.Name), Type: int(d.Type), Quorum: int(d.Quorum), Retries: int(d.Retries), Comment: string(d.Comment), Backends: []string{}}
		for _, b := range d.Backends {
			dir.Backends = append(dir.Backends, string(b))
		}
		c.Directors = append(c.Directors, dir)
	}
	for _, g := range v.Gzips {
		c.Gzips = append(c.Gzips, desired.Gzip{Name: string(g.Name), ContentTypes: string(g.ContentTypes), Extensions: string(g.Extensions)})
	}
	s := v.Settings
	c.Settings = desired.Settings{
		DefaultTTL:      int(s.DefaultTTL),
		DefaultHost:     string(s.DefaultHost),
		StaleIfError:    bool(s.StaleIfError),
		StaleIfErrorTTL: int(s.StaleIfErrorTTL),
	}
	for _, d := range v.Dictionaries {
		c.Dictionaries = append(c.Dictionaries, desired.Dictionary{Name: string(d.Name), WriteOnly: bool(d.WriteOnly)})
		r.DictionaryIDs[string(d.Name)] = string(d.ID)
	}
	private := append([]string{fastlyplan.PrivateName}, privateNames...)
	for _, f := range v.VCLs {
		vcl := fastlyplan.VCL{Name: string(f.Name), Main: bool(f.Main), Private: slices.Contains(private, string(f.Name))}
		if f.Content == nil {
			r.missingContent = append(r.missingContent, vcl.Name)
		} else {
			vcl.Content = *f.Content
		}
		c.VCLs = append(c.VCLs, vcl)
	}
	if err := decodeWebUI(&v.webUIWire, c, r); err != nil {
		return nil, fmt.Errorf("cannot read Fastly's service details: %v", err)
	}
	for _, o := range v.ACLs {
		c.Unmanaged = append(c.Unmanaged, fastlyplan.Object{Kind: desired.KindACL, Name: string(o.Name)})
	}
	return r, nil
}

func (v versionWire) version() Version {
	return Version{Number: int(v.Number), Active: bool(v.Active), Locked: bool(v.Locked), Staging: bool(v.Staging), Comment: string(v.Comment)}
}

// FindVersion returns the version with the given number.
func (r *Remote) FindVersion(n int) (Version, bool) {
	for _, v := range r.Versions {
		if v.Number == n {
			return v, true
		}
	}
	return Version{}, false
}

// Describe names the service for messages: "RoJyf1fPv92sIaPevOOtxj (www)".
func (r *Remote) Describe() string {
	if r.Name == "" || strings.EqualFold(r.Name, r.ServiceID) {
		return r.ServiceID
	}
	return fmt.Sprintf("%s (%q on Fastly)", r.ServiceID, r.Name)
}
