package fastlyfake

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/webplatform/edgectl/fastlyvcl"
)

// ftype is how a field of a versioned object is typed in Fastly's JSON.
// Fastly is not uniform: request settings and gzips answer numbers and
// booleans as strings, backends answer unset strings as null. The sandbox
// keeps each field as Fastly answers it, so that a client that works against
// the sandbox also copes with Fastly (checked by the conformance test).
type ftype int

const (
	fString     ftype = iota // a JSON string; its default may be null
	fNullString              // a JSON string, null when unset or set to ""
	fInt                     // a JSON number
	fNullInt                 // a JSON number, null when unset or set to ""
	fBool                    // true or false; forms send 1/0 or true/false
	fStrBool                 // the string "1" or "0"
	fStrInt                  // a JSON string holding an integer
	fStrings                 // an array of strings
)

// field is one settable field of an object kind.
type field struct {
	name string
	typ  ftype
	// def is the value a new object gets when the request does not set the
	// field, already in its JSON form (nil is null).
	def any
}

// kind describes one kind of versioned object (backend, domain, ...): its
// URL segment, its key in the details response and its fields.
type kind struct {
	// path is the URL segment: /service/{id}/version/{n}/<path>.
	path string
	// plural is the key in the details response and in the state file.
	plural string
	// title names the kind in "Couldn't find <title> '...'" errors and
	// lower in "Duplicate <lower>: '...'" errors.
	title, lower string
	// versionString marks kinds whose "version" field is a string.
	versionString bool
	// hasID marks kinds with a generated id that survives clones
	// (dictionaries: their items belong to the id, not to a version).
	hasID bool
	// keepName marks kinds whose update ignores a new name: Fastly answers a
	// director update with the old name (fixture directors/update).
	keepName bool
	fields   []field
	// derive fills fields computed from others, after create and update.
	derive func(rec record)
	// check validates a record after create or update; it returns the
	// detail of a 400 answer, or "".
	check func(rec record) string
	// nameOptional leaves an empty name to check (ACLs answer their name
	// rule for it, acls/create_expected_error).
	nameOptional bool
	// refuse checks a create or update form before anything else.
	refuse func(form url.Values) *apiError
	// byName marks kinds Fastly lists sorted by name rather than in
	// creation order (snippets: vcl_snippets/list).
	byName bool
	// onForm applies rules between the fields one request sets, after the
	// form (and, on create, the id): it may change rec or refuse.
	onForm func(c *call, rec record, create bool) *apiError
	// createAnswer adjusts the create answer where Fastly types fields
	// otherwise than in every later read.
	createAnswer func(out map[string]any, form url.Values)
	// notInDetails marks kinds the details response and the version diff
	// leave out (logging endpoints): clients list them kind by kind.
	notInDetails bool
	// secrets are the credential fields: answered as set, but never
	// written to the state file in clear (secret.go).
	secrets []string
}

// record is one object of a version: field name to JSON value (string,
// int, bool, nil or []string). The name is under "name". Meta fields
// (service_id, version, deleted_at) are added when it is rendered;
// created_at and updated_at are stored.
type record map[string]any

func (r record) str(name string) string {
	s, _ := r[name].(string)
	return s
}

func (r record) num(name string) int {
	switch v := r[name].(type) {
	case int:
		return v
	case string:
		n, _ := strconv.Atoi(v)
		return n
	}
	return 0
}

func (r record) flag(name string) bool {
	switch v := r[name].(type) {
	case bool:
		return v
	case string:
		return v == "1"
	}
	return false
}

func (r record) clone() record {
	c := make(record, len(r))
	for k, v := range r {
		if l, ok := v.([]string); ok {
			v = append([]string{}, l...)
		}
		c[k] = v
	}
	return c
}

// Gzip defaults: what Fastly fills in when a gzip object is created without
// them (fixture gzips/create_omissions).
const (
	defaultGzipExtensions   = "css js html eot ico otf ttf json"
	defaultGzipContentTypes = "text/html application/x-javascript text/css application/javascript text/javascript application/json application/vnd.ms-fontobject application/x-font-opentype application/x-font-truetype application/x-font-ttf application/xml font/eot font/opentype font/otf image/svg+xml image/vnd.microsoft.icon text/plain text/xml"
)

// Field lists and defaults follow the recorded responses in go-fastly
// v9.14.0's fixtures; where a default is not recorded, it is Fastly's
// documented default, or (request settings) a guess, marked so.
var (
	kindBackend = &kind{
		path: "backend", plural: "backends", title: "Backend", lower: "backend",
		fields: []field{
			{"address", fString, ""},
			{"auto_loadbalance", fBool, false},
			{"between_bytes_timeout", fInt, 10000},
			{"client_cert", fNullString, nil},
			{"comment", fString, ""},
			{"connect_timeout", fInt, 1000},
			{"error_threshold", fInt, 0},
			{"first_byte_timeout", fInt, 15000},
			{"healthcheck", fNullString, nil},
			{"keepalive_time", fNullInt, nil},
			{"max_conn", fInt, 200},
			{"max_tls_version", fNullString, nil},
			{"min_tls_version", fNullString, nil},
			{"override_host", fNullString, nil},
			{"port", fInt, 80},
			{"request_condition", fString, ""},
			{"share_key", fNullString, nil},
			{"shield", fNullString, nil},
			{"ssl_ca_cert", fNullString, nil},
			{"ssl_cert_hostname", fNullString, nil},
			{"ssl_check_cert", fBool, true},
			{"ssl_ciphers", fNullString, nil},
			{"ssl_client_cert", fNullString, nil},
			{"ssl_client_key", fNullString, nil},
			{"ssl_hostname", fNullString, nil},
			{"ssl_sni_hostname", fNullString, nil},
			{"use_ssl", fBool, false},
			{"weight", fInt, 100},
		},
		derive: deriveBackend,
		check:  requireField("address", "Address can't be blank"),
	}
	kindHealthcheck = &kind{
		path: "healthcheck", plural: "healthchecks", title: "Healthcheck", lower: "healthcheck",
		fields: []field{
			{"check_interval", fInt, 5000},
			{"comment", fString, ""},
			{"expected_response", fInt, 200},
			{"headers", fStrings, []string{}},
			{"host", fNullString, nil},
			{"http_version", fString, "1.1"},
			{"initial", fInt, 2},
			{"method", fString, "HEAD"},
			{"path", fString, "/"},
			{"threshold", fInt, 3},
			{"timeout", fInt, 500},
			{"window", fInt, 5},
		},
	}
	kindDirector = &kind{
		path: "director", plural: "directors", title: "Director", lower: "director",
		keepName: true,
		fields: []field{
			{"capacity", fInt, 100},
			{"comment", fString, ""},
			{"quorum", fInt, 75},
			{"retries", fInt, 5},
			{"shield", fNullString, nil},
			{"type", fInt, 1},
		},
		check: func(rec record) string {
			if _, known := fastlyvcl.PolicyName(rec.num("type")); known {
				return ""
			}
			return fmt.Sprintf("Invalid director type %d: use 1 (random), 3 (hash) or 4 (client)", rec.num("type"))
		},
	}
	kindDomain = &kind{
		path: "domain", plural: "domains", title: "Domain", lower: "domain",
		fields: []field{
			{"comment", fString, ""},
		},
	}
	kindGzip = &kind{
		path: "gzip", plural: "gzips", title: "Gzip", lower: "gzip",
		versionString: true,
		fields: []field{
			{"cache_condition", fString, ""},
			{"content_types", fString, defaultGzipContentTypes},
			{"extensions", fString, defaultGzipExtensions},
		},
	}
	kindDictionary = &kind{
		path: "dictionary", plural: "dictionaries", title: "Dictionary", lower: "dictionary",
		hasID: true,
		fields: []field{
			{"write_only", fBool, false},
		},
		check: checkDictionaryName,
	}
	kindVCL = &kind{
		path: "vcl", plural: "vcls", title: "VCL", lower: "vcl",
		fields: []field{
			{"content", fString, ""},
			{"main", fBool, false},
		},
	}
	// Request settings: every field is a string on Fastly. Defaults of the
	// fields the fixtures always set are not recorded; null and "0" are
	// guesses. An action set to "" stays "" (request_settings/update-2).
	kindRequestSettings = &kind{
		path: "request_settings", plural: "request_settings", title: "RequestSettings", lower: "request_settings",
		versionString: true,
		fields: []field{
			{"action", fString, nil},
			{"bypass_busy_wait", fStrBool, "0"},
			{"default_host", fNullString, nil},
			{"force_miss", fStrBool, "0"},
			{"force_ssl", fStrBool, "0"},
			{"geo_headers", fStrBool, "0"},
			{"hash_keys", fNullString, nil},
			{"max_stale_age", fStrInt, nil},
			{"request_condition", fString, ""},
			{"timer_support", fStrBool, "0"},
			{"xff", fNullString, nil},
		},
	}
)

// kinds are the versioned object kinds the sandbox serves, in the order of
// the details response.
var kinds = []*kind{kindBackend, kindHealthcheck, kindDirector, kindDomain, kindGzip, kindDictionary, kindVCL, kindRequestSettings,
	kindACL, kindSnippet, kindHeader, kindResponseObject, kindCondition, kindCacheSettings,
	kindSyslog, kindHTTPS, kindS3}

// unservedKinds are in every details response and diff, always empty: the
// sandbox does not serve them (edgectl does not use them).
var unservedKinds = []string{"wordpress"}

func kindByPlural(p string) *kind {
	for _, k := range kinds {
		if k.plural == p {
			return k
		}
	}
	return nil
}

// deriveBackend fills hostname, ipv4 and ipv6 from address, as Fastly does.
// The hostname for an IP address is a guess (not recorded).
func deriveBackend(rec record) {
	addr := rec.str("address")
	rec["hostname"] = addr
	rec["ipv4"], rec["ipv6"] = nil, nil
	if ip := net.ParseIP(addr); ip != nil {
		if ip.To4() != nil {
			rec["ipv4"] = addr
		} else {
			rec["ipv6"] = addr
		}
	}
}

// checkDictionaryName is Fastly's rule for dictionary and ACL names
// (fixtures dictionaries/*, acls/create_expected_error).
func checkDictionaryName(rec record) string {
	if !validDictionaryName(rec.str("name")) {
		return "Name must start with alphabetical and contain only alphanumeric, underscore, and whitespace"
	}
	return ""
}

func validDictionaryName(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ' ') {
			return false
		}
	}
	return true
}

// settingsFields are the version settings (GET/PUT .../settings).
var settingsFields = []field{
	{"general.default_host", fString, ""},
	{"general.default_pci", fInt, 0},
	{"general.default_ttl", fInt, 3600},
	{"general.stale_if_error", fBool, false},
	{"general.stale_if_error_ttl", fInt, 43200},
}

func defaultSettings() record {
	rec := record{}
	for _, f := range settingsFields {
		rec[f.name] = f.def
	}
	return rec
}

// parseValue converts a form value to the JSON value of a field of type t.
func parseValue(t ftype, name string, vals []string) (any, error) {
	v := ""
	if len(vals) > 0 {
		v = vals[len(vals)-1]
	}
	switch t {
	case fString:
		return v, nil
	case fNullString:
		if v == "" {
			return nil, nil
		}
		return v, nil
	case fInt, fNullInt, fStrInt:
		if v == "" {
			return nil, nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%s must be an integer, not %q", name, v)
		}
		if t == fStrInt {
			return strconv.Itoa(n), nil
		}
		return n, nil
	case fBool, fStrBool:
		var b bool
		switch strings.ToLower(v) {
		case "1", "true", "t", "yes":
			b = true
		case "0", "false", "f", "no", "":
		default:
			return nil, fmt.Errorf("%s must be a boolean (1 or 0), not %q", name, v)
		}
		if t == fStrBool {
			if b {
				return "1", nil
			}
			return "0", nil
		}
		return b, nil
	case fStrings:
		// go-fastly sends healthcheck headers as one JSON array
		// (headers=["A:B","C:D"]); plain forms repeat the key.
		if len(vals) == 1 && strings.HasPrefix(strings.TrimSpace(v), "[") {
			var l []string
			if err := json.Unmarshal([]byte(v), &l); err != nil {
				return nil, fmt.Errorf("%s must be a JSON array of strings", name)
			}
			return l, nil
		}
		return append([]string{}, vals...), nil
	}
	return nil, fmt.Errorf("unknown field type of %s", name)
}

// applyForm sets the fields of rec present in form. Unknown form keys are
// ignored, as Fastly ignores them (go-fastly sends ServiceID and
// ServiceVersion in some bodies).
func applyForm(rec record, fields []field, form url.Values) error {
	for _, f := range fields {
		vals, ok := form[f.name]
		if !ok {
			continue
		}
		if f.typ == fInt && (len(vals) == 0 || vals[len(vals)-1] == "") {
			// go-fastly sends general.default_ttl= when the caller leaves
			// it unset; leaving the value as it is is the safe reading
			// (Fastly's own is unrecorded).
			continue
		}
		v, err := parseValue(f.typ, f.name, vals)
		if err != nil {
			return err
		}
		rec[f.name] = v
	}
	return nil
}

// coerce turns a value decoded from the state file (numbers as float64,
// arrays as []any) back into the field's Go form.
func coerce(t ftype, v any) any {
	switch x := v.(type) {
	case float64:
		if t == fInt || t == fNullInt {
			return int(x)
		}
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return int(n)
		}
	case []any:
		l := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				l = append(l, s)
			}
		}
		return l
	}
	return v
}
