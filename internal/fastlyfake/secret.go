package fastlyfake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strings"
)

// secret is the value of a credential field (a logging endpoint's key,
// token or TLS private key). The API answers it as set, as Fastly does
// (fixtures syslogs/get, s3s/get), but it encodes to JSON only as a digest:
// the state file, the one place the sandbox writes its records to, cannot
// hold it in clear whatever code writes it. After a restart from the state
// file the endpoint answers the digest, which a client comparing its own
// credential sees as changed. The request log keeps no bodies, and
// redactQuery keeps credentials out of the queries it keeps.
type secret string

// sealedPrefix starts the state file's form of a secret.
const sealedPrefix = "sealed:sha256:"

// MarshalJSON writes the secret's digest, never its value.
func (s secret) MarshalJSON() ([]byte, error) {
	v := string(s)
	if !strings.HasPrefix(v, sealedPrefix) {
		sum := sha256.Sum256([]byte(v))
		v = sealedPrefix + hex.EncodeToString(sum[:])
	}
	return json.Marshal(v)
}

// sealSecrets wraps the credential fields of rec that hold a value.
func sealSecrets(k *kind, rec record) {
	for _, name := range k.secrets {
		if v, ok := rec[name].(string); ok && v != "" {
			rec[name] = secret(v)
		}
	}
}

// secretParams are the names of every credential field, for redactQuery.
var secretParams = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range kinds {
		for _, name := range k.secrets {
			m[name] = true
		}
	}
	return m
}()

// redactQuery replaces the values of credential parameters in a raw query
// with Redacted: the API reads parameters from the query as well as the
// body, and the request log keeps queries.
func redactQuery(raw string) string {
	if raw == "" {
		return raw
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		// Unparsable: keep none of it rather than guess what it holds.
		return Redacted
	}
	found := false
	for name := range vals {
		if secretParams[name] {
			vals[name] = []string{Redacted}
			found = true
		}
	}
	if !found {
		return raw
	}
	return vals.Encode()
}
