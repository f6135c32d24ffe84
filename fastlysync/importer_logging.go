package fastlysync

import (
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/inventory"
)

// importLog holds what a logging import needs besides the endpoints.
type importLog struct {
	service, tld string
	inv          *inventory.Inventory
	secrets      map[fastlyplan.SecretRef]string
	warn         func(string, ...any)
}

// importLoggingSection converts the service's logging endpoints into the
// definition's logging: section (nil for none). A credential Fastly holds
// becomes a reference to a file of the private directory, named in a
// warning: its value is never written.
func importLoggingSection(service, tld string, l fastlyplan.Logging, inv *inventory.Inventory, warn func(string, ...any)) *definition.Logging {
	if len(l.Syslogs)+len(l.HTTPS)+len(l.S3s) == 0 {
		return nil
	}
	in := importLog{service: service, tld: tld, inv: inv, secrets: l.Secrets, warn: warn}
	out := &definition.Logging{}
	for _, e := range l.Syslogs {
		in.common(desired.KindSyslog, e.Logging)
		if e.MessageType != "classic" {
			warn("logging syslog %s: message_type %q becomes \"classic\"", e.Name, e.MessageType)
		}
		if e.TLSCACert != "" || e.TLSClientCert != "" {
			warn("logging syslog %s: its TLS certificates are not imported: save them as PEM files in the repository and name them in tls_ca_cert and tls_client_cert", e.Name)
		}
		out.Syslog = append(out.Syslog, definition.SyslogEndpoint{
			Name: definition.Ident(e.Name), Address: in.address(e.Address), Port: e.Port, UseTLS: e.UseTLS, TLSHostname: definition.Hostname(relativeHost(e.TLSHostname, tld)),
			TLSClientKey: in.secret(desired.KindSyslog, e.Name, "tls_client_key"), Token: in.secret(desired.KindSyslog, e.Name, "token"),
			Format: importLogFormat(e.Format), Placement: e.Placement,
		})
	}
	for _, e := range l.HTTPS {
		in.common(desired.KindHTTPS, e.Logging)
		method := e.Method
		if method == "POST" {
			method = ""
		}
		out.HTTPS = append(out.HTTPS, definition.HTTPSEndpoint{
			Name: definition.Ident(e.Name), URL: e.URL, Method: method, ContentType: definition.ContentType(e.ContentType), HeaderName: definition.HeaderName(e.HeaderName),
			HeaderValue: in.secret(desired.KindHTTPS, e.Name, "header_value"), Format: importLogFormat(e.Format), Placement: e.Placement,
		})
	}
	for _, e := range l.S3s {
		in.common(desired.KindS3, e.Logging)
		var period definition.Duration
		if e.Period > 0 && e.Period != int(definition.DefaultS3Period.Std().Seconds()) {
			period = definition.Duration(time.Duration(e.Period) * time.Second)
		}
		out.S3 = append(out.S3, definition.S3Endpoint{
			Name: definition.Ident(e.Name), Bucket: e.BucketName, Domain: definition.Hostname(relativeHost(e.Domain, tld)), Path: definition.URLPath(e.Path), Period: period,
			AccessKey: in.secretAlways(desired.KindS3, e.Name, "access_key"), SecretKey: in.secretAlways(desired.KindS3, e.Name, "secret_key"),
			Format: importLogFormat(e.Format), Placement: e.Placement,
		})
	}
	return out
}

// common warns about the fields every kind shares that the definition
// cannot set.
func (in importLog) common(kind desired.Kind, l desired.Logging) {
	if l.FormatVersion != 2 {
		in.warn("logging %s %s: format_version %d becomes 2 (edgectl writes Fastly's version 2 format)", kind, l.Name, l.FormatVersion)
	}
	if l.ResponseCondition != "" {
		in.warn("logging %s %s: response_condition %q is not imported", kind, l.Name, l.ResponseCondition)
	}
}

// secret is the private directory's file for a credential Fastly holds,
// nil when it holds none: import never writes the value anywhere.
func (in importLog) secret(kind desired.Kind, name, field string) *definition.Secret {
	if in.secrets[fastlyplan.SecretRef{Kind: string(kind), Name: name, Field: field}] == "" {
		return nil
	}
	return in.secretAlways(kind, name, field)
}

// secretAlways is the private directory's file for a credential the
// definition requires, named in a warning.
func (in importLog) secretAlways(kind desired.Kind, name, field string) *definition.Secret {
	file := fmt.Sprintf("%s-%s-%s", in.service, name, field)
	in.warn("logging %s %s: its %s is not written anywhere: put it in the private directory as the file %s (the definition names it; import never writes credentials)", kind, name, field, file)
	return &definition.Secret{Private: file}
}

// address is a syslog address as the definition writes it: the role of the
// level's one VM at that public address (a role with one VM, as the salt
// master), else the host.
func (in importLog) address(addr string) *definition.LogAddress {
	if in.inv != nil {
		for _, vm := range in.inv.VMs {
			if vm.PublicIP != addr || vm.PublicIP == "" {
				continue
			}
			for _, role := range vm.Roles {
				if len(in.inv.WithRole(role)) == 1 {
					return &definition.LogAddress{Role: definition.Ident(role)}
				}
			}
		}
	}
	return &definition.LogAddress{Host: addr}
}

// importLogFormat is "" for edgectl's default format.
func importLogFormat(f string) string {
	if f == definition.DefaultLogFormat {
		return ""
	}
	return f
}

// loggingValues returns, per endpoint name, what differs at another level
// (address, port, URL, bucket: what a level may give); the endpoints
// themselves must be the same, else an error.
func loggingValues(base, other *definition.Logging, level string, warn func(string, ...any)) (map[string]*definition.LoggingValues, error) {
	if base == nil {
		base = &definition.Logging{}
	}
	if other == nil {
		other = &definition.Logging{}
	}
	names := func(l *definition.Logging) []string {
		var n []string
		for _, e := range l.Syslog {
			n = append(n, "syslog "+string(e.Name))
		}
		for _, e := range l.HTTPS {
			n = append(n, "https "+string(e.Name))
		}
		for _, e := range l.S3 {
			n = append(n, "s3 "+string(e.Name))
		}
		return n
	}
	if !slices.Equal(names(base), names(other)) {
		return nil, fmt.Errorf("the logging endpoints at level %s (%v) are not those of the imported service (%v); a definition has the same endpoints at every level: rename them in Fastly to match and import again", level, names(other), names(base))
	}
	out := map[string]*definition.LoggingValues{}
	add := func(name definition.Ident, v definition.LoggingValues, same bool) {
		if !reflect.DeepEqual(v, definition.LoggingValues{}) {
			out[string(name)] = &v
		}
		if !same {
			warn("at %s: logging endpoint %s differs in more than its address, port, URL and bucket; the definition holds the imported service's values", level, name)
		}
	}
	for i, b := range base.Syslog {
		v, same := levelValues(b, other.Syslog[i], syslogLevelValues)
		add(b.Name, v, same)
	}
	for i, b := range base.HTTPS {
		v, same := levelValues(b, other.HTTPS[i], httpsLevelValues)
		add(b.Name, v, same)
	}
	for i, b := range base.S3 {
		v, same := levelValues(b, other.S3[i], s3LevelValues)
		add(b.Name, v, same)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// levelValues compares an endpoint at another level, o, with the imported
// one, b: it returns those of the values a level may give that differ (o's),
// and whether the endpoints are the same but for them. given takes these
// values out of an endpoint of its kind, leaving the rest.
func levelValues[E any](b, o E, given func(*E) definition.LoggingValues) (definition.LoggingValues, bool) {
	bv, ov := given(&b), given(&o)
	var v definition.LoggingValues
	if !reflect.DeepEqual(ov.Address, bv.Address) {
		v.Address = ov.Address
	}
	if ov.Port != bv.Port {
		v.Port = ov.Port
	}
	if ov.URL != bv.URL {
		v.URL = ov.URL
	}
	if ov.Bucket != bv.Bucket {
		v.Bucket = ov.Bucket
	}
	return v, reflect.DeepEqual(b, o)
}

// syslogLevelValues takes out the values a level may give a syslog
// endpoint: its address and port.
func syslogLevelValues(e *definition.SyslogEndpoint) definition.LoggingValues {
	v := definition.LoggingValues{Address: e.Address, Port: e.Port}
	e.Address, e.Port = nil, 0
	return v
}

// httpsLevelValues takes out the value a level may give an HTTPS
// endpoint: its URL.
func httpsLevelValues(e *definition.HTTPSEndpoint) definition.LoggingValues {
	v := definition.LoggingValues{URL: e.URL}
	e.URL = ""
	return v
}

// s3LevelValues takes out the value a level may give an S3 endpoint: its
// bucket.
func s3LevelValues(e *definition.S3Endpoint) definition.LoggingValues {
	v := definition.LoggingValues{Bucket: e.Bucket}
	e.Bucket = ""
	return v
}
