package fastlyplan

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"github.com/webplatform/edgectl/desired"
)

// Logging are the logging endpoints of a version. Their credentials are
// kept apart from the objects, in Secrets: the desired state names only
// the file of the private directory each comes from (desired.Secret), and
// a version read from Fastly has the values.
type Logging struct {
	Syslogs []desired.Syslog
	HTTPS   []desired.HTTPS
	S3s     []desired.S3
	// Secrets holds the credentials by endpoint and field. A desired
	// endpoint whose credential is missing here was not given its value
	// (no private directory): that credential is not compared.
	Secrets map[SecretRef]string
	// Read lists the logging kinds this side holds: a kind Fastly was not
	// asked for (the service does not own it) is not compared.
	Read []desired.Kind
}

// SecretRef names one credential: the endpoint's kind and name and the
// field (token, tls_client_key, header_value, access_key, secret_key).
type SecretRef struct {
	Kind, Name, Field string
}

// Hidden stands for a credential's value in a plan: a changed credential is
// shown as "changed (content hidden)", in text and JSON alike.
type Hidden struct{}

// MarshalJSON writes the placeholder, never a value.
func (Hidden) MarshalJSON() ([]byte, error) { return json.Marshal(hiddenText) }

// String writes the placeholder, so that any printing of a field hides it.
func (Hidden) String() string { return hiddenText }

const hiddenText = "(content hidden)"

// LoggingWrite is the value of a create or update operation of a logging
// endpoint: the object and its credentials' values, by field. Operation
// strings never include it.
type LoggingWrite struct {
	Object any
	// Secrets are the credentials to write: a value, or "" to clear a
	// credential the target does not set.
	Secrets map[string]string
	// Unknown are the credentials the target sets whose values were not
	// given: an update leaves them as they are on Fastly; a create cannot
	// be made (Operations refuses it).
	Unknown []string
}

var secretType = reflect.TypeFor[*desired.Secret]()

// loggingKinds are the logging kinds in the order plans list them.
var loggingKinds = []desired.Kind{desired.KindSyslog, desired.KindHTTPS, desired.KindS3}

// compareLogging compares the endpoints of the kinds both sides hold (the
// kinds the target owns, read from Fastly), field by field, and the
// credentials apart (see secretFields).
func compareLogging(p *Plan, current, target *Logging) {
	compareEndpoints(p, desired.KindSyslog, current, target, current.Syslogs, target.Syslogs, func(e desired.Syslog) string { return e.Name })
	compareEndpoints(p, desired.KindHTTPS, current, target, current.HTTPS, target.HTTPS, func(e desired.HTTPS) string { return e.Name })
	compareEndpoints(p, desired.KindS3, current, target, current.S3s, target.S3s, func(e desired.S3) string { return e.Name })
}

func compareEndpoints[T any](p *Plan, kind desired.Kind, cl, tl *Logging, current, target []T, name func(T) string) {
	if !slices.Contains(tl.Read, kind) {
		return // not owned: left alone
	}
	if !slices.Contains(cl.Read, kind) {
		if len(target) > 0 {
			p.Notes = append(p.Notes, fmt.Sprintf("the %s endpoints were not read from Fastly, so not compared", kind))
		}
		return
	}
	pairByName(current, target, name, func(n string, c T, found bool, t T) {
		write := secretValues(kind, n, t, tl)
		if !found {
			fields := append(flatFields(nil, t), secretFields(kind, n, nil, t, cl, tl, p)...)
			p.Changes = append(p.Changes, Change{Kind: kind, Name: n, Action: Create, Fields: fields, to: write})
			return
		}
		fields := append(flatFields(c, t), secretFields(kind, n, c, t, cl, tl, p)...)
		if len(fields) > 0 {
			p.Changes = append(p.Changes, Change{Kind: kind, Name: n, Action: Update, Fields: fields, from: c, to: write})
		}
	}, func(n string, c T) {
		// Logging ownership was checked above (tl.Read): an endpoint
		// not declared is drift to delete.
		p.Changes = append(p.Changes, Change{Kind: kind, Name: n, Action: Delete, Drift: true, from: c})
	})
}

// flatFields lists the fields of b (embedded structs flattened, credentials
// left out) that differ from a's, or all of them when a is nil.
func flatFields(a, b any) []Field {
	var out []Field
	var walk func(va, vb reflect.Value)
	walk = func(va, vb reflect.Value) {
		for i := 0; i < vb.NumField(); i++ {
			f := vb.Type().Field(i)
			switch {
			case f.Anonymous:
				var sub reflect.Value
				if va.IsValid() {
					sub = va.Field(i)
				}
				walk(sub, vb.Field(i))
				continue
			case f.Type == secretType || skipField(jsonName(f), false):
				continue
			}
			nv := vb.Field(i).Interface()
			if !va.IsValid() {
				out = append(out, Field{Name: jsonName(f), New: nv})
				continue
			}
			if ov := va.Field(i).Interface(); !reflect.DeepEqual(ov, nv) {
				out = append(out, Field{Name: jsonName(f), Old: ov, New: nv})
			}
		}
	}
	var va reflect.Value
	if a != nil {
		va = reflect.ValueOf(a)
	}
	walk(va, reflect.ValueOf(b))
	return out
}

// secretFieldNames lists the credential fields of an endpoint type by
// their API names, with whether v sets them.
func secretFieldNames(v any) (names []string, set []bool) {
	rv := reflect.ValueOf(v)
	for i := 0; i < rv.NumField(); i++ {
		if f := rv.Type().Field(i); f.Type == secretType {
			names = append(names, jsonName(f))
			set = append(set, !rv.Field(i).IsNil())
		}
	}
	return names, set
}

// secretFields compares the credentials of one endpoint: a field whose
// values differ is a Field with both sides Hidden. A credential the
// target names but whose value was not given is not compared; the plan
// says so in a note.
func secretFields(kind desired.Kind, name string, c, t any, cl, tl *Logging, p *Plan) []Field {
	var out []Field
	names, set := secretFieldNames(t)
	for i, field := range names {
		ref := SecretRef{kind, name, field}
		want, known := tl.Secrets[ref]
		if set[i] && !known {
			p.Notes = append(p.Notes, fmt.Sprintf("the credential %s of %s %s was not compared (content not given): pass --private-dir or set EDGECTL_PRIVATE_DIR", field, kind, name))
			continue
		}
		have := ""
		if c != nil {
			have = cl.Secrets[ref]
		}
		if have != want {
			out = append(out, Field{Name: field, Old: Hidden{}, New: Hidden{}})
		}
	}
	return out
}

// secretValues is the write of a target endpoint: the object and its
// credentials.
func secretValues(kind desired.Kind, name string, t any, tl *Logging) LoggingWrite {
	w := LoggingWrite{Object: t, Secrets: map[string]string{}}
	names, set := secretFieldNames(t)
	for i, field := range names {
		v, ok := tl.Secrets[SecretRef{kind, name, field}]
		switch {
		case !set[i]:
			w.Secrets[field] = ""
		case ok:
			w.Secrets[field] = v
		default:
			w.Unknown = append(w.Unknown, field)
		}
	}
	return w
}

// desiredLogging is the desired state's logging endpoints with the values
// of their credentials from secrets (file name → content; nil when no
// private directory was given). Every logging kind the service owns counts
// as read: the state declares all of its endpoints.
func desiredLogging(s *desired.Service, secrets map[string]string) (Logging, error) {
	l := Logging{Syslogs: s.Syslogs, HTTPS: s.HTTPS, S3s: s.S3s, Secrets: map[SecretRef]string{}}
	for _, k := range loggingKinds {
		if s.Owns(k) {
			l.Read = append(l.Read, k)
		}
	}
	add := func(kind, name string, v any) error {
		rv := reflect.ValueOf(v)
		for i := 0; i < rv.NumField(); i++ {
			f := rv.Type().Field(i)
			if f.Type != secretType || rv.Field(i).IsNil() || secrets == nil {
				continue
			}
			file := rv.Field(i).Interface().(*desired.Secret).File
			val, ok := secrets[file]
			if !ok {
				return fmt.Errorf("%s/%s: the credential %s of %s %s names %s, which the private directory lacks", s.Service, s.Level, jsonName(f), kind, name, file)
			}
			l.Secrets[SecretRef{kind, name, jsonName(f)}] = val
		}
		return nil
	}
	for _, e := range s.Syslogs {
		if err := add(desired.KindSyslog, e.Name, e); err != nil {
			return l, err
		}
	}
	for _, e := range s.HTTPS {
		if err := add(desired.KindHTTPS, e.Name, e); err != nil {
			return l, err
		}
	}
	for _, e := range s.S3s {
		if err := add(desired.KindS3, e.Name, e); err != nil {
			return l, err
		}
	}
	return l, nil
}

// SecretFiles are the private directory's files the state's credentials
// name, sorted and without repeats.
func SecretFiles(s *desired.Service) []string {
	var files []string
	for _, v := range []any{s.Syslogs, s.HTTPS, s.S3s} {
		rv := reflect.ValueOf(v)
		for i := 0; i < rv.Len(); i++ {
			e := rv.Index(i)
			for j := 0; j < e.NumField(); j++ {
				if e.Type().Field(j).Type == secretType && !e.Field(j).IsNil() {
					files = append(files, e.Field(j).Interface().(*desired.Secret).File)
				}
			}
		}
	}
	slices.Sort(files)
	return slices.Compact(files)
}
