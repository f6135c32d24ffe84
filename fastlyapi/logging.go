package fastlyapi

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
)

// Logging endpoints are not in GET /service/{id}/details (Fastly's API
// reference, "Service": the details hold the version's VCL objects only;
// the sandbox and go-fastly's services/details fixture agree): they are
// listed one kind at a time, GET /service/{id}/version/{n}/logging/{kind}
// (https://www.fastly.com/documentation/reference/api/logging/syslog/,
// .../logging/https/, .../logging/s3/).

// loggingPaths are the API paths of the logging kinds.
var loggingPaths = map[desired.Kind]string{
	desired.KindSyslog: "syslog",
	desired.KindHTTPS:  "https",
	desired.KindS3:     "s3",
}

// loggingRegistry remembers, per service, the logging kinds Details lists.
type loggingRegistry struct {
	mu    sync.Mutex
	kinds map[string][]desired.Kind
}

// ListLogging makes every later Details of the service list these logging
// kinds too, one GET per kind: the kinds the service owns (declared or
// adopted). A kind not listed is not compared, so publish leaves its
// endpoints alone.
func (c *Client) ListLogging(serviceID string, kinds ...desired.Kind) {
	c.logging.mu.Lock()
	defer c.logging.mu.Unlock()
	if c.logging.kinds == nil {
		c.logging.kinds = map[string][]desired.Kind{}
	}
	c.logging.kinds[serviceID] = slices.Clone(kinds)
}

func (c *Client) loggingKinds(serviceID string) []desired.Kind {
	c.logging.mu.Lock()
	defer c.logging.mu.Unlock()
	return c.logging.kinds[serviceID]
}

// readLogging lists the registered logging kinds of a version into r's
// configuration, all kinds at once.
func (c *Client) readLogging(r *Remote) error {
	kinds := c.loggingKinds(r.ServiceID)
	if len(kinds) == 0 || r.Version == 0 {
		return nil
	}
	bodies := make([][]byte, len(kinds))
	errs := make([]error, len(kinds))
	var wg sync.WaitGroup
	for i, k := range kinds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := fastly.ToSafeURL("service", r.ServiceID, "version", strconv.Itoa(r.Version), "logging", loggingPaths[k])
			bodies[i], errs[i] = c.getBody(path, nil)
		}()
	}
	wg.Wait()
	for i, k := range kinds {
		if errs[i] != nil {
			return Describe(fmt.Sprintf("list the %s endpoints of service %s version %d", k, r.ServiceID, r.Version), errs[i])
		}
		if err := DecodeLogging(&r.Config.Logging, k, bodies[i]); err != nil {
			return fmt.Errorf("service %s: %v", r.ServiceID, err)
		}
	}
	return nil
}

// The wire format of the logging lists, as Fastly (and the sandbox) answer
// them: most numbers as strings, unset strings null.
type loggingWire struct {
	Name              flexString `json:"name"`
	Format            flexString `json:"format"`
	FormatVersion     flexInt    `json:"format_version"`
	Placement         flexString `json:"placement"`
	ResponseCondition flexString `json:"response_condition"`
}

func (w loggingWire) logging() desired.Logging {
	return desired.Logging{Name: string(w.Name), Format: string(w.Format), FormatVersion: int(w.FormatVersion), Placement: string(w.Placement), ResponseCondition: string(w.ResponseCondition)}
}

type syslogWire struct {
	loggingWire
	Address       flexString `json:"address"`
	Port          flexInt    `json:"port"`
	UseTLS        flexBool   `json:"use_tls"`
	TLSHostname   flexString `json:"tls_hostname"`
	TLSCACert     flexString `json:"tls_ca_cert"`
	MessageType   flexString `json:"message_type"`
	Token         flexString `json:"token"`
	TLSClientCert flexString `json:"tls_client_cert"`
	TLSClientKey  flexString `json:"tls_client_key"`
}

type httpsWire struct {
	loggingWire
	URL               flexString `json:"url"`
	Method            flexString `json:"method"`
	ContentType       flexString `json:"content_type"`
	JSONFormat        flexString `json:"json_format"`
	HeaderName        flexString `json:"header_name"`
	HeaderValue       flexString `json:"header_value"`
	RequestMaxEntries flexInt    `json:"request_max_entries"`
	RequestMaxBytes   flexInt    `json:"request_max_bytes"`
	TLSHostname       flexString `json:"tls_hostname"`
	TLSCACert         flexString `json:"tls_ca_cert"`
}

type s3Wire struct {
	loggingWire
	BucketName      flexString `json:"bucket_name"`
	Domain          flexString `json:"domain"`
	Path            flexString `json:"path"`
	Period          flexInt    `json:"period"`
	GzipLevel       flexInt    `json:"gzip_level"`
	TimestampFormat flexString `json:"timestamp_format"`
	AccessKey       flexString `json:"access_key"`
	SecretKey       flexString `json:"secret_key"`
}

// DecodeLogging decodes one logging list answer of kind into l: the
// endpoints (credentials left out of them) and the credentials' values in
// l.Secrets. The kind counts as read.
func DecodeLogging(l *fastlyplan.Logging, kind desired.Kind, data []byte) error {
	if l.Secrets == nil {
		l.Secrets = map[fastlyplan.SecretRef]string{}
	}
	secret := func(name, field string, v flexString) {
		if v != "" {
			l.Secrets[fastlyplan.SecretRef{Kind: kind, Name: name, Field: field}] = string(v)
		}
	}
	var err error
	switch kind {
	case desired.KindSyslog:
		l.Syslogs, err = appendEndpoints(l.Syslogs, data, func(w syslogWire) desired.Syslog {
			secret(string(w.Name), "token", w.Token)
			secret(string(w.Name), "tls_client_key", w.TLSClientKey)
			return desired.Syslog{Logging: w.logging(), Address: string(w.Address), Port: int(w.Port), UseTLS: bool(w.UseTLS),
				TLSHostname: string(w.TLSHostname), TLSCACert: string(w.TLSCACert), MessageType: string(w.MessageType), TLSClientCert: string(w.TLSClientCert)}
		})
	case desired.KindHTTPS:
		l.HTTPS, err = appendEndpoints(l.HTTPS, data, func(w httpsWire) desired.HTTPS {
			secret(string(w.Name), "header_value", w.HeaderValue)
			return desired.HTTPS{Logging: w.logging(), URL: string(w.URL), Method: string(w.Method), ContentType: string(w.ContentType),
				JSONFormat: string(w.JSONFormat), HeaderName: string(w.HeaderName), RequestMaxEntries: int(w.RequestMaxEntries),
				RequestMaxBytes: int(w.RequestMaxBytes), TLSHostname: string(w.TLSHostname), TLSCACert: string(w.TLSCACert)}
		})
	case desired.KindS3:
		l.S3s, err = appendEndpoints(l.S3s, data, func(w s3Wire) desired.S3 {
			secret(string(w.Name), "access_key", w.AccessKey)
			secret(string(w.Name), "secret_key", w.SecretKey)
			return desired.S3{Logging: w.logging(), BucketName: string(w.BucketName), Domain: string(w.Domain), Path: string(w.Path),
				Period: int(w.Period), GzipLevel: int(w.GzipLevel), TimestampFormat: string(w.TimestampFormat)}
		})
	default:
		return fmt.Errorf("unknown logging kind %q", kind)
	}
	if err != nil {
		return fmt.Errorf("cannot read Fastly's %s endpoints: %v", kind, err)
	}
	l.Read = append(l.Read, kind)
	return nil
}

// applyLogging creates or updates one logging endpoint: the fields as the
// API names them (go-fastly v9.14.0's Create/Update{Syslog,HTTPS,S3}Input),
// every compared field and the credentials given. Deletes are in
// deleteByName.
func (c *Client) applyLogging(sid string, v int, op fastlyplan.Operation) error {
	name := op.Name
	w, ok := op.Value.(fastlyplan.LoggingWrite)
	if !ok {
		return fmt.Errorf("edgectl cannot %s: no endpoint given", op)
	}
	// A credential whose value was not given is left out of the write, so
	// that Fastly keeps the one it has.
	secret := func(field string) *string {
		if slices.Contains(w.Unknown, field) {
			return nil
		}
		s := w.Secrets[field]
		return &s
	}
	switch e := w.Object.(type) {
	case desired.Syslog:
		l := e.Logging
		in := fastly.CreateSyslogInput{ServiceID: sid, ServiceVersion: v, Name: &l.Name, Format: &l.Format, FormatVersion: &l.FormatVersion,
			Placement: &l.Placement, ResponseCondition: &l.ResponseCondition, Address: &e.Address, Port: &e.Port,
			UseTLS: fastly.ToPointer(fastly.Compatibool(e.UseTLS)), TLSHostname: &e.TLSHostname, TLSCACert: &e.TLSCACert,
			MessageType: &e.MessageType, Token: secret("token"), TLSClientCert: &e.TLSClientCert, TLSClientKey: secret("tls_client_key")}
		return createOrUpdate(op.Action, &in, &fastly.UpdateSyslogInput{Name: name}, c.fc.CreateSyslog, c.fc.UpdateSyslog)
	case desired.HTTPS:
		l := e.Logging
		in := fastly.CreateHTTPSInput{ServiceID: sid, ServiceVersion: v, Name: &l.Name, Format: &l.Format, FormatVersion: &l.FormatVersion,
			Placement: &l.Placement, ResponseCondition: &l.ResponseCondition, URL: &e.URL, Method: &e.Method, ContentType: &e.ContentType,
			JSONFormat: &e.JSONFormat, HeaderName: &e.HeaderName, HeaderValue: secret("header_value"),
			RequestMaxEntries: &e.RequestMaxEntries, RequestMaxBytes: &e.RequestMaxBytes, TLSHostname: &e.TLSHostname, TLSCACert: &e.TLSCACert}
		return createOrUpdate(op.Action, &in, &fastly.UpdateHTTPSInput{Name: name}, c.fc.CreateHTTPS, c.fc.UpdateHTTPS)
	case desired.S3:
		l := e.Logging
		in := fastly.CreateS3Input{ServiceID: sid, ServiceVersion: v, Name: &l.Name, Format: &l.Format, FormatVersion: &l.FormatVersion,
			Placement: &l.Placement, ResponseCondition: &l.ResponseCondition, BucketName: &e.BucketName, Domain: &e.Domain, Path: &e.Path,
			Period: &e.Period, GzipLevel: &e.GzipLevel, TimestampFormat: &e.TimestampFormat, AccessKey: secret("access_key"), SecretKey: secret("secret_key")}
		return createOrUpdate(op.Action, &in, &fastly.UpdateS3Input{Name: name}, c.fc.CreateS3, c.fc.UpdateS3)
	default:
		return fmt.Errorf("edgectl cannot %s: unknown endpoint type %T", op, w.Object)
	}
}

// appendEndpoints decodes a logging list answer, one wire endpoint W per
// element, and appends each converted by endpoint to list: the decoding
// every logging kind shares, while endpoint keeps what is the kind's own.
// On an answer that does not decode, list is returned as it was.
func appendEndpoints[W, E any](list []E, data []byte, endpoint func(W) E) ([]E, error) {
	var ws []W
	if err := json.Unmarshal(data, &ws); err != nil {
		return list, err
	}
	for _, w := range ws {
		list = append(list, endpoint(w))
	}
	return list, nil
}
