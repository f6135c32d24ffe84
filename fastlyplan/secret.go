package fastlyplan

import "github.com/webplatform/edgectl/desired"

// hiddenFields are the fields of versioned objects whose values are
// secrets, or fingerprints of secrets read from Fastly
// (desired.KeyFingerprint): compared like any other field, never shown, in
// text or JSON. (Logging credentials are compared apart: secretFields.)
var hiddenFields = map[string]bool{"ssl_client_key": true}

// certificateFields hold PEM certificates: public, but too long for a diff
// line; text shows their fingerprints.
var certificateFields = map[string]bool{"ssl_ca_cert": true, "ssl_client_cert": true}

// shown is the value of field name as a plan may hold it.
func shown(name string, v any) any {
	if !hiddenFields[name] {
		return v
	}
	if s, _ := v.(string); s == "" {
		return ""
	}
	return Hidden{}
}

// fingerprint is how text shows a certificate: its fingerprint.
func fingerprint(v any) any {
	if s, ok := v.(string); ok && s != "" {
		return "certificate " + desired.KeyFingerprint(s)
	}
	return v
}
