package fastlyapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	// Initialised before go-fastly, which panics at initialisation on a
	// $FASTLY_API_URL that does not parse: see its package comment.
	_ "edgectl.invalid/fastlyenv"
	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/endpoint"
	"github.com/webplatform/edgectl/fastlyplan"
)

// DefaultURL is Fastly's API.
const DefaultURL = "https://api.fastly.com"

// Options configure a Client. Zero values take the defaults.
type Options struct {
	// Token is the Fastly API token; it is sent in the Fastly-Key header and
	// nowhere else.
	Token string
	// URL is the API endpoint (default DefaultURL).
	URL string
	// Timeout bounds one attempt of one request, body included (default 30s).
	Timeout time.Duration
	// Retries is how often a failed read is sent again (default 3; -1 none).
	Retries int
	// Backoff is the wait before the first retry; it doubles each time
	// (default 500ms).
	Backoff time.Duration
	// MaxRateLimitWait is the longest edgectl waits for Fastly's rate limit
	// to reset after a 429 before giving up (default 2m).
	MaxRateLimitWait time.Duration
	// Progress receives a line for each retry and rate-limit wait.
	Progress func(msg string)
	// Transport is the underlying HTTP transport (default: a clone of
	// http.DefaultTransport).
	Transport http.RoundTripper
	// Sleep waits between attempts (tests make it instant).
	Sleep func(time.Duration)
}

func (o *Options) defaults() {
	if o.URL == "" {
		o.URL = DefaultURL
	}
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	switch {
	case o.Retries == 0:
		o.Retries = 3
	case o.Retries < 0:
		o.Retries = 0
	}
	if o.Backoff == 0 {
		o.Backoff = 500 * time.Millisecond
	}
	if o.MaxRateLimitWait == 0 {
		o.MaxRateLimitWait = 2 * time.Minute
	}
	if o.Transport == nil {
		o.Transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	if o.Sleep == nil {
		o.Sleep = time.Sleep
	}
}

// Client is edgectl's access to the Fastly API: go-fastly for the calls,
// under a transport that adds timeouts, retries and rate-limit tracking.
type Client struct {
	fc *fastly.Client
	t  *transport
	// logging are the logging kinds Details lists, per service (logging.go).
	logging *loggingRegistry
}

// NewClient returns a client for the API at opts.URL.
func NewClient(opts Options) (*Client, error) {
	opts.defaults()
	if err := endpoint.Check(opts.URL, false); err != nil {
		return nil, fmt.Errorf("invalid Fastly API URL %q: %v; give an http(s) URL such as %s", opts.URL, err, DefaultURL)
	}
	if strings.ContainsAny(opts.Token, "\r\n\t ") {
		return nil, errors.New("the Fastly API token contains whitespace or a line break; check the token file or variable")
	}
	fc, err := fastly.NewClientForEndpoint(opts.Token, opts.URL)
	if err != nil {
		return nil, fmt.Errorf("invalid Fastly API URL %q: %v", opts.URL, err)
	}
	// FASTLY_DEBUG_MODE would make go-fastly print every request body to
	// stdout, VCL (and the private include) included.
	fc.DebugMode = false
	t := &transport{base: opts.Transport, opts: &opts, sleep: opts.Sleep, now: time.Now, waiting: opts.Progress}
	// The overall bound of one call: every attempt, backoff and a
	// rate-limit wait. Each attempt has its own timeout (transport.once).
	overall := time.Duration(opts.Retries+1)*opts.Timeout + maxBackoff*time.Duration(opts.Retries) + opts.MaxRateLimitWait + opts.Timeout
	fc.HTTPClient = &http.Client{Transport: t, Timeout: overall}
	return &Client{fc: fc, t: t, logging: &loggingRegistry{}}, nil
}

// Stats counts the HTTP requests a client made, retries included.
type Stats struct {
	Reads  int `json:"reads"`
	Writes int `json:"writes"`
}

// Stats returns the requests made so far.
func (c *Client) Stats() Stats {
	return Stats{Reads: int(c.t.reads.Load()), Writes: int(c.t.writes.Load())}
}

// RateLimit returns the last rate-limit state Fastly reported.
func (c *Client) RateLimit() RateLimit { return c.t.rateLimit() }

// Details reads one version of a service (0: the active version, or the
// latest when none is active) with one GET /service/{id}/details, plus one
// GET per VCL whose content the response lacks (Fastly's includes it) and
// one per dynamic snippet (its content is not part of the version).
func (c *Client) Details(serviceID string, version int, privateNames ...string) (*Remote, error) {
	if serviceID == "" {
		return nil, errors.New("no Fastly service ID")
	}
	ro := &fastly.RequestOptions{}
	if version > 0 {
		ro.Params = map[string]string{"version": strconv.Itoa(version)}
	}
	path := fastly.ToSafeURL("service", serviceID, "details")
	data, err := c.getBody(path, ro)
	if err != nil {
		return nil, Describe(fmt.Sprintf("read service %s", serviceID), err)
	}
	r, err := DecodeDetails(data, version, privateNames...)
	if err != nil {
		return nil, fmt.Errorf("service %s: %v", serviceID, err)
	}
	if version > 0 && r.Version != version {
		return nil, fmt.Errorf("service %s: asked Fastly for version %d, got version %d", serviceID, version, r.Version)
	}
	for _, name := range r.missingContent {
		data, err := c.getBody(fastly.ToSafeURL("service", serviceID, "version", strconv.Itoa(r.Version), "vcl", name), nil)
		if err != nil {
			return nil, Describe(fmt.Sprintf("read vcl %s of service %s version %d", name, serviceID, r.Version), err)
		}
		var v struct {
			Content string `json:"content"`
		}
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, fmt.Errorf("service %s: cannot read vcl %s: %v", serviceID, name, err)
		}
		for i := range r.Config.VCLs {
			if r.Config.VCLs[i].Name == name {
				r.Config.VCLs[i].Content = v.Content
			}
		}
	}
	r.missingContent = nil
	if err := c.readLogging(r); err != nil {
		return nil, err
	}
	if err := c.dynamicSnippetContent(r); err != nil {
		return nil, err
	}
	return r, nil
}

func (c *Client) getBody(path string, ro *fastly.RequestOptions) ([]byte, error) {
	resp, err := c.fc.Get(path, ro)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Clone clones a version and returns the new version's number.
func (c *Client) Clone(serviceID string, version int) (int, error) {
	v, err := c.fc.CloneVersion(&fastly.CloneVersionInput{ServiceID: serviceID, ServiceVersion: version})
	if err != nil {
		return 0, err
	}
	if v == nil || v.Number == nil {
		return 0, errors.New("Fastly's answer to the clone has no version number")
	}
	return *v.Number, nil
}

// SetComment sets a version's comment.
func (c *Client) SetComment(serviceID string, version int, comment string) error {
	_, err := c.fc.UpdateVersion(&fastly.UpdateVersionInput{ServiceID: serviceID, ServiceVersion: version, Comment: &comment})
	return err
}

// Validation is Fastly's verdict on a version.
type Validation struct {
	OK       bool
	Messages []string
}

// Validate asks Fastly to compile a version. It reads the response itself:
// go-fastly's ValidateVersion keeps only "msg" and drops the error and
// warning lists Fastly sends.
func (c *Client) Validate(serviceID string, version int) (*Validation, error) {
	data, err := c.getBody(fastly.ToSafeURL("service", serviceID, "version", strconv.Itoa(version), "validate"), nil)
	if err != nil {
		return nil, err
	}
	var w struct {
		Status   string          `json:"status"`
		Msg      *string         `json:"msg"`
		Errors   json.RawMessage `json:"errors"`
		Warnings json.RawMessage `json:"warnings"`
		Messages json.RawMessage `json:"messages"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, fmt.Errorf("cannot read Fastly's validation answer: %v", err)
	}
	v := &Validation{OK: w.Status == "ok"}
	// Fastly repeats itself: "messages" has every error and warning with
	// its type, "errors" and "warnings" the same texts, "msg" a summary.
	v.Messages = messages(w.Messages)
	if len(v.Messages) == 0 {
		v.Messages = append(messages(w.Errors), messages(w.Warnings)...)
	}
	if len(v.Messages) == 0 && w.Msg != nil && *w.Msg != "" {
		v.Messages = []string{*w.Msg}
	}
	return v, nil
}

// messages flattens a list of strings or of objects with text fields.
func messages(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil
	}
	var out []string
	for _, item := range list {
		var s string
		if json.Unmarshal(item, &s) == nil {
			out = append(out, s)
			continue
		}
		var o map[string]any
		if json.Unmarshal(item, &o) == nil {
			var parts []string
			for _, k := range []string{"type", "line", "message", "msg", "detail", "text"} {
				if v, ok := o[k]; ok && v != nil && fmt.Sprint(v) != "" {
					parts = append(parts, fmt.Sprint(v))
				}
			}
			out = append(out, strings.Join(parts, ": "))
		}
	}
	return out
}

// Activate activates a version, or only on Fastly's staging network.
func (c *Client) Activate(serviceID string, version int, staging bool) error {
	in := &fastly.ActivateVersionInput{ServiceID: serviceID, ServiceVersion: version}
	if staging {
		in.Environment = "staging"
	}
	_, err := c.fc.ActivateVersion(in)
	return err
}

// DictionaryItem reads one item of a dictionary; found is false when the
// item does not exist.
func (c *Client) DictionaryItem(serviceID, dictionaryID, key string) (value string, found bool, err error) {
	it, err := c.fc.GetDictionaryItem(&fastly.GetDictionaryItemInput{ServiceID: serviceID, DictionaryID: dictionaryID, ItemKey: key})
	var he *fastly.HTTPError
	if errors.As(err, &he) && he.StatusCode == http.StatusNotFound {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if it == nil || it.ItemValue == nil {
		return "", true, nil
	}
	return *it.ItemValue, true, nil
}

// SetDictionaryItem creates or replaces one item (Fastly's PUT is an upsert).
func (c *Client) SetDictionaryItem(serviceID, dictionaryID, key, value string) error {
	_, err := c.fc.UpdateDictionaryItem(&fastly.UpdateDictionaryItemInput{ServiceID: serviceID, DictionaryID: dictionaryID, ItemKey: key, ItemValue: value})
	return err
}

// Apply performs one write of a publish on a draft version. dictionaryIDs
// maps dictionary names of the draft (and ACLKey of its ACLs) to IDs; Apply
// adds the dictionaries and ACLs it creates, whose items and entries are
// written next.
func (c *Client) Apply(serviceID string, version int, op fastlyplan.Operation, dictionaryIDs map[string]string) error {
	sid, v, name := serviceID, version, op.Name
	if del, ok := deleteByName[op.Kind]; ok && op.Action == fastlyplan.Delete {
		return del(c.fc, sid, v, name)
	}
	var err error
	switch op.Kind + "/" + string(op.Action) {
	case "domain/create", "domain/update":
		d := op.Value.(desired.Domain)
		err = createOrUpdate(op.Action, &fastly.CreateDomainInput{ServiceID: sid, ServiceVersion: v, Name: &d.Name, Comment: &d.Comment},
			&fastly.UpdateDomainInput{Name: name}, c.fc.CreateDomain, c.fc.UpdateDomain)
	case "healthcheck/create", "healthcheck/update":
		h := op.Value.(desired.Healthcheck)
		err = createOrUpdate(op.Action, &fastly.CreateHealthCheckInput{ServiceID: sid, ServiceVersion: v, Name: &h.Name,
			Method: &h.Method, Host: &h.Host, Path: &h.Path, HTTPVersion: &h.HTTPVersion, Timeout: &h.Timeout,
			CheckInterval: &h.CheckInterval, ExpectedResponse: &h.ExpectedResponse, Window: &h.Window,
			Threshold: &h.Threshold, Initial: &h.Initial, Comment: &h.Comment},
			&fastly.UpdateHealthCheckInput{Name: name}, c.fc.CreateHealthCheck, c.fc.UpdateHealthCheck)
	case "backend/create", "backend/update":
		b := op.Value.(desired.Backend)
		if err := noKeyFingerprint(b); err != nil {
			return err
		}
		err = createOrUpdate(op.Action, &fastly.CreateBackendInput{ServiceID: sid, ServiceVersion: v, Name: &b.Name,
			Address: &b.Address, Port: &b.Port, OverrideHost: &b.OverrideHost, UseSSL: fastly.ToPointer(fastly.Compatibool(b.UseSSL)),
			SSLCertHostname: &b.SSLCertHostname, SSLSNIHostname: &b.SSLSNIHostname, ConnectTimeout: &b.ConnectTimeout,
			FirstByteTimeout: &b.FirstByteTimeout, BetweenBytesTimeout: &b.BetweenBytesTimeout, MaxConn: &b.MaxConn,
			ErrorThreshold: &b.ErrorThreshold, HealthCheck: &b.Healthcheck,
			AutoLoadbalance: fastly.ToPointer(fastly.Compatibool(b.AutoLoadbalance)), Weight: &b.Weight, Comment: &b.Comment,
			SSLCheckCert: fastly.ToPointer(fastly.Compatibool(b.SSLCheckCert)), SSLCACert: &b.SSLCACert, MinTLSVersion: &b.MinTLSVersion,
			MaxTLSVersion: &b.MaxTLSVersion, Shield: &b.Shield, SSLClientCert: &b.SSLClientCert, SSLClientKey: &b.SSLClientKey},
			&fastly.UpdateBackendInput{Name: name}, c.fc.CreateBackend, c.fc.UpdateBackend)
	case "director/create", "director/update":
		d := op.Value.(desired.Director)
		err = createOrUpdate(op.Action, &fastly.CreateDirectorInput{ServiceID: sid, ServiceVersion: v, Name: &d.Name,
			Type: fastly.ToPointer(fastly.DirectorType(d.Type)), Quorum: &d.Quorum, Retries: &d.Retries, Comment: &d.Comment},
			&fastly.UpdateDirectorInput{Name: name}, c.fc.CreateDirector, c.fc.UpdateDirector)
	case "director_backend/create":
		_, err = c.fc.CreateDirectorBackend(&fastly.CreateDirectorBackendInput{ServiceID: sid, ServiceVersion: v, Director: name, Backend: op.Member})
	case "director_backend/delete":
		err = c.fc.DeleteDirectorBackend(&fastly.DeleteDirectorBackendInput{ServiceID: sid, ServiceVersion: v, Director: name, Backend: op.Member})
	case "settings/update":
		s := op.Value.(desired.Settings)
		ttl, sttl := uint(max(s.DefaultTTL, 0)), uint(max(s.StaleIfErrorTTL, 0))
		_, err = c.fc.UpdateSettings(&fastly.UpdateSettingsInput{ServiceID: sid, ServiceVersion: v,
			DefaultTTL: &ttl, DefaultHost: &s.DefaultHost, StaleIfError: &s.StaleIfError, StaleIfErrorTTL: &sttl})
	case "dictionary/create":
		d := op.Value.(desired.Dictionary)
		var created *fastly.Dictionary
		created, err = c.fc.CreateDictionary(&fastly.CreateDictionaryInput{ServiceID: sid, ServiceVersion: v, Name: &d.Name,
			WriteOnly: fastly.ToPointer(fastly.Compatibool(d.WriteOnly))})
		if err == nil && created != nil && created.DictionaryID != nil {
			dictionaryIDs[d.Name] = *created.DictionaryID
		}
	case "dictionary/update":
		d := op.Value.(desired.Dictionary)
		_, err = c.fc.UpdateDictionary(&fastly.UpdateDictionaryInput{ServiceID: sid, ServiceVersion: v, Name: name,
			WriteOnly: fastly.ToPointer(fastly.Compatibool(d.WriteOnly))})
	case "acl/create":
		a := op.Value.(desired.ACL)
		var created *fastly.ACL
		created, err = c.fc.CreateACL(&fastly.CreateACLInput{ServiceID: sid, ServiceVersion: v, Name: &a.Name})
		switch {
		case err != nil:
		case created == nil || created.ACLID == nil:
			err = errNoACLID
		default:
			dictionaryIDs[ACLKey(a.Name)] = *created.ACLID
		}
	case "dictionary_item/create":
		id := dictionaryIDs[name]
		if id == "" {
			return fmt.Errorf("dictionary %s has no ID on Fastly", name)
		}
		value := op.Value.(string)
		_, err = c.fc.CreateDictionaryItem(&fastly.CreateDictionaryItemInput{ServiceID: sid, DictionaryID: id, ItemKey: &op.Member, ItemValue: &value})
	case "vcl/create":
		f := op.Value.(fastlyplan.VCL)
		_, err = c.fc.CreateVCL(&fastly.CreateVCLInput{ServiceID: sid, ServiceVersion: v, Name: &f.Name, Content: &f.Content, Main: &f.Main})
	case "vcl/update":
		f := op.Value.(fastlyplan.VCL)
		_, err = c.fc.UpdateVCL(&fastly.UpdateVCLInput{ServiceID: sid, ServiceVersion: v, Name: name, Content: &f.Content})
	case "vcl_main/update":
		_, err = c.fc.ActivateVCL(&fastly.ActivateVCLInput{ServiceID: sid, ServiceVersion: v, Name: name})
	case "logging_syslog/create", "logging_syslog/update",
		"logging_https/create", "logging_https/update",
		"logging_s3/create", "logging_s3/update":
		err = c.applyLogging(sid, v, op)
	default:
		if handled, err := c.applyWebUI(sid, v, op); handled {
			return err
		}
		return fmt.Errorf("edgectl cannot %s", op)
	}
	return err
}

// deleteCall deletes object name from version v of service sid.
type deleteCall func(fc *fastly.Client, sid string, v int, name string) error

// deleteByName are go-fastly's typed delete calls of the kinds a version
// holds by name alone: each takes the service, the version and the name and
// nothing else, so Apply answers a delete of any of them from this table.
// Director backends (named by a director and a backend) are deleted
// otherwise.
var deleteByName = map[desired.Kind]deleteCall{
	desired.KindDomain: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteDomain(&fastly.DeleteDomainInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindHealthcheck: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteHealthCheck(&fastly.DeleteHealthCheckInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindBackend: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteBackend(&fastly.DeleteBackendInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindDirector: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteDirector(&fastly.DeleteDirectorInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindDictionary: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteDictionary(&fastly.DeleteDictionaryInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindVCL: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteVCL(&fastly.DeleteVCLInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindGzip: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteGzip(&fastly.DeleteGzipInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindCondition: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteCondition(&fastly.DeleteConditionInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindHeader: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteHeader(&fastly.DeleteHeaderInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindRequestSetting: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteRequestSetting(&fastly.DeleteRequestSettingInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindResponseObject: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteResponseObject(&fastly.DeleteResponseObjectInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindCacheSetting: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteCacheSetting(&fastly.DeleteCacheSettingInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindSnippet: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteSnippet(&fastly.DeleteSnippetInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindACL: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteACL(&fastly.DeleteACLInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindSyslog: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteSyslog(&fastly.DeleteSyslogInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindHTTPS: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteHTTPS(&fastly.DeleteHTTPSInput{ServiceID: sid, ServiceVersion: v, Name: name})
	},
	desired.KindS3: func(fc *fastly.Client, sid string, v int, name string) error {
		return fc.DeleteS3(&fastly.DeleteS3Input{ServiceID: sid, ServiceVersion: v, Name: name})
	},
}

// noKeyFingerprint refuses to write a backend whose client key is a
// fingerprint read from Fastly (desired.KeyFingerprint) instead of a key or
// nothing: sent, it would replace the key with its fingerprint.
func noKeyFingerprint(b desired.Backend) error {
	if strings.HasPrefix(b.SSLClientKey, "sha256:") {
		return fmt.Errorf("backend %s: edgectl cannot write the client key it read from Fastly (it keeps only a fingerprint); set the key in the web UI", b.Name)
	}
	return nil
}

// Describe turns an error of a Fastly call into one clear line: what was
// being done, what Fastly answered (its own title and detail) or what
// failed on the way.
func Describe(what string, err error) error {
	if err == nil {
		return nil
	}
	var rl *RateLimitError
	if errors.As(err, &rl) {
		return &APIError{What: what, Message: rl.Error(), Err: err}
	}
	var he *fastly.HTTPError
	if errors.As(err, &he) {
		var parts []string
		for _, e := range he.Errors {
			for _, s := range []string{e.Title, e.Detail} {
				if s = strings.TrimSpace(s); s != "" && !containsString(parts, s) {
					parts = append(parts, s)
				}
			}
		}
		msg := fmt.Sprintf("Fastly answered %d %s", he.StatusCode, http.StatusText(he.StatusCode))
		if len(parts) > 0 {
			msg += ": " + strings.Join(parts, ": ")
		}
		if he.StatusCode == http.StatusUnauthorized || he.StatusCode == http.StatusForbidden {
			msg += " (check the API token: FASTLY_API_TOKEN or --token-file, and its scope)"
		}
		return &APIError{What: what, Status: he.StatusCode, Message: msg, Err: err}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		// url.Error quotes the URL; keep the cause, which is what helps.
		return &APIError{What: what, Message: fmt.Sprintf("cannot reach the Fastly API: %v", ue.Err), Err: err}
	}
	return &APIError{What: what, Message: err.Error(), Err: err}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// APIError is a failed API call, described.
type APIError struct {
	// What was being done: "create backend app1".
	What string
	// Status is Fastly's HTTP status, 0 when no answer came.
	Status  int
	Message string
	Err     error
}

func (e *APIError) Error() string { return e.What + ": " + e.Message }
func (e *APIError) Unwrap() error { return e.Err }
