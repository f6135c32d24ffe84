package fastlysync

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/inventory"
)

// The logging: section written by Import, in the definition's field names.
type importLogging struct {
	Syslog []importSyslog `yaml:"syslog,omitempty"`
	HTTPS  []importHTTPS  `yaml:"https,omitempty"`
	S3     []importS3     `yaml:"s3,omitempty"`
}

type importLogAddress struct {
	Role string `yaml:"role,omitempty"`
	Host string `yaml:"host,omitempty"`
}

// importSecret names the private directory's file a credential goes in:
// import never writes the value anywhere.
type importSecret struct {
	Private string `yaml:"private"`
}

type importSyslog struct {
	Name         string           `yaml:"name"`
	Address      importLogAddress `yaml:"address"`
	Port         int              `yaml:"port"`
	UseTLS       bool             `yaml:"use_tls,omitempty"`
	TLSHostname  string           `yaml:"tls_hostname,omitempty"`
	TLSClientKey *importSecret    `yaml:"tls_client_key,omitempty"`
	Token        *importSecret    `yaml:"token,omitempty"`
	Format       string           `yaml:"format,omitempty"`
	Placement    string           `yaml:"placement,omitempty"`
}

type importHTTPS struct {
	Name        string        `yaml:"name"`
	URL         string        `yaml:"url"`
	Method      string        `yaml:"method,omitempty"`
	ContentType string        `yaml:"content_type,omitempty"`
	HeaderName  string        `yaml:"header_name,omitempty"`
	HeaderValue *importSecret `yaml:"header_value,omitempty"`
	Format      string        `yaml:"format,omitempty"`
	Placement   string        `yaml:"placement,omitempty"`
}

type importS3 struct {
	Name      string        `yaml:"name"`
	Bucket    string        `yaml:"bucket"`
	Domain    string        `yaml:"domain"`
	Path      string        `yaml:"path,omitempty"`
	Period    string        `yaml:"period,omitempty"`
	AccessKey *importSecret `yaml:"access_key"`
	SecretKey *importSecret `yaml:"secret_key"`
	Format    string        `yaml:"format,omitempty"`
	Placement string        `yaml:"placement,omitempty"`
}

// importLogValues are the values of an endpoint that differ at a level.
type importLogValues struct {
	Address *importLogAddress `yaml:"address,omitempty"`
	Port    int               `yaml:"port,omitempty"`
	URL     string            `yaml:"url,omitempty"`
	Bucket  string            `yaml:"bucket,omitempty"`
}

// importLog holds what a logging import needs besides the endpoints.
type importLog struct {
	service, tld string
	inv          *inventory.Inventory
	secrets      map[fastlyplan.SecretRef]string
	warn         func(string, ...any)
}

// importLoggingSection converts the service's logging endpoints (nil for
// none). A credential Fastly holds becomes a reference to a file of the
// private directory, named in a warning: its value is never written.
func importLoggingSection(service, tld string, l fastlyplan.Logging, inv *inventory.Inventory, warn func(string, ...any)) *importLogging {
	if len(l.Syslogs)+len(l.HTTPS)+len(l.S3s) == 0 {
		return nil
	}
	in := importLog{service: service, tld: tld, inv: inv, secrets: l.Secrets, warn: warn}
	out := &importLogging{}
	for _, e := range l.Syslogs {
		in.common(desired.KindSyslog, e.Logging)
		if e.MessageType != "classic" {
			warn("logging syslog %s: message_type %q becomes \"classic\"", e.Name, e.MessageType)
		}
		if e.TLSCACert != "" || e.TLSClientCert != "" {
			warn("logging syslog %s: its TLS certificates are not imported: save them as PEM files in the repository and name them in tls_ca_cert and tls_client_cert", e.Name)
		}
		out.Syslog = append(out.Syslog, importSyslog{
			Name: e.Name, Address: in.address(e.Address), Port: e.Port, UseTLS: e.UseTLS, TLSHostname: relativeHost(e.TLSHostname, tld),
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
		out.HTTPS = append(out.HTTPS, importHTTPS{
			Name: e.Name, URL: e.URL, Method: method, ContentType: e.ContentType, HeaderName: e.HeaderName,
			HeaderValue: in.secret(desired.KindHTTPS, e.Name, "header_value"), Format: importLogFormat(e.Format), Placement: e.Placement,
		})
	}
	for _, e := range l.S3s {
		in.common(desired.KindS3, e.Logging)
		period := ""
		if e.Period != int(definition.DefaultS3Period.Std().Seconds()) {
			period = msDuration(e.Period * 1000)
		}
		out.S3 = append(out.S3, importS3{
			Name: e.Name, Bucket: e.BucketName, Domain: relativeHost(e.Domain, tld), Path: e.Path, Period: period,
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
// nil when it holds none.
func (in importLog) secret(kind desired.Kind, name, field string) *importSecret {
	if in.secrets[fastlyplan.SecretRef{Kind: string(kind), Name: name, Field: field}] == "" {
		return nil
	}
	return in.secretAlways(kind, name, field)
}

// secretAlways is the private directory's file for a credential the
// definition requires, named in a warning.
func (in importLog) secretAlways(kind desired.Kind, name, field string) *importSecret {
	file := fmt.Sprintf("%s-%s-%s", in.service, name, field)
	in.warn("logging %s %s: its %s is not written anywhere: put it in the private directory as the file %s (the definition names it; import never writes credentials)", kind, name, field, file)
	return &importSecret{Private: file}
}

// address is a syslog address as the definition writes it: the role of the
// level's one VM at that public address (a role with one VM, as the salt
// master), else the host.
func (in importLog) address(addr string) importLogAddress {
	if in.inv != nil {
		for _, vm := range in.inv.VMs {
			if vm.PublicIP != addr || vm.PublicIP == "" {
				continue
			}
			for _, role := range vm.Roles {
				if len(in.inv.WithRole(role)) == 1 {
					return importLogAddress{Role: role}
				}
			}
		}
	}
	return importLogAddress{Host: addr}
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
func loggingValues(base, other *importLogging, level string, warn func(string, ...any)) (map[string]*importLogValues, error) {
	if base == nil {
		base = &importLogging{}
	}
	if other == nil {
		other = &importLogging{}
	}
	names := func(l *importLogging) []string {
		var n []string
		for _, e := range l.Syslog {
			n = append(n, "syslog "+e.Name)
		}
		for _, e := range l.HTTPS {
			n = append(n, "https "+e.Name)
		}
		for _, e := range l.S3 {
			n = append(n, "s3 "+e.Name)
		}
		return n
	}
	if !slices.Equal(names(base), names(other)) {
		return nil, fmt.Errorf("the logging endpoints at level %s (%v) are not those of the imported service (%v); a definition has the same endpoints at every level: rename them in Fastly to match and import again", level, names(other), names(base))
	}
	out := map[string]*importLogValues{}
	add := func(name string, v importLogValues, same bool) {
		if v != (importLogValues{}) {
			out[name] = &v
		}
		if !same {
			warn("at %s: logging endpoint %s differs in more than its address, port, URL and bucket; the definition holds the imported service's values", level, name)
		}
	}
	for i, b := range base.Syslog {
		o, v := other.Syslog[i], importLogValues{}
		if o.Address != b.Address {
			// A copy: o.Address is set to the base's below, to compare the rest.
			address := o.Address
			v.Address = &address
		}
		if o.Port != b.Port {
			v.Port = o.Port
		}
		o.Address, o.Port = b.Address, b.Port
		add(b.Name, v, reflect.DeepEqual(o, b))
	}
	for i, b := range base.HTTPS {
		o, v := other.HTTPS[i], importLogValues{}
		if o.URL != b.URL {
			v.URL = o.URL
		}
		o.URL = b.URL
		add(b.Name, v, reflect.DeepEqual(o, b))
	}
	for i, b := range base.S3 {
		o, v := other.S3[i], importLogValues{}
		if o.Bucket != b.Bucket {
			v.Bucket = o.Bucket
		}
		o.Bucket = b.Bucket
		add(b.Name, v, reflect.DeepEqual(o, b))
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}
