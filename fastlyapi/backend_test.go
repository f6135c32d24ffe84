package fastlyapi_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
)

// TestDecodeBackendTLS: the backend fields a web UI user changes beside
// the definition's (shield, TLS versions, certificates, client key, SNI,
// certificate check) are read, the client key as a fingerprint only.
func TestDecodeBackendTLS(t *testing.T) {
	const key = "-----BEGIN PRIVATE KEY-----\nSECRET-KEY-MATERIAL\n-----END PRIVATE KEY-----\n"
	body := `{"id": "SU1Z0isxPaozGVKXdv0eY", "name": "demo", "versions": [{"number": 2, "active": true, "locked": true}],
	  "active_version": {"number": 2, "active": true, "backends": [{"name": "objects", "address": "objects.dreamhost.com", "port": 443,
	    "use_ssl": true, "shield": "iad-va-us", "min_tls_version": "1.2", "max_tls_version": "1.3",
	    "ssl_ca_cert": "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
	    "ssl_client_cert": "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n",
	    "ssl_client_key": ` + strings.ReplaceAll(`"`+key+`"`, "\n", `\n`) + `,
	    "ssl_sni_hostname": "objects.dreamhost.com", "ssl_check_cert": "1"}]}}`
	r, err := fastlyapi.DecodeDetails([]byte(body), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := desired.Backend{Name: "objects", Address: "objects.dreamhost.com", Port: 443, UseSSL: true,
		SSLSNIHostname: "objects.dreamhost.com", SSLCheckCert: true, Shield: "iad-va-us", MinTLSVersion: "1.2", MaxTLSVersion: "1.3",
		SSLCACert:     "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n",
		SSLClientCert: "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n",
		SSLClientKey:  desired.KeyFingerprint(key)}
	if diff := cmp.Diff([]desired.Backend{want}, r.Config.Backends); diff != "" {
		t.Errorf("backends (-want +got):\n%s", diff)
	}
	if strings.Contains(r.Config.Backends[0].SSLClientKey, "SECRET") || !strings.HasPrefix(r.Config.Backends[0].SSLClientKey, "sha256:") {
		t.Errorf("client key kept as %q", r.Config.Backends[0].SSLClientKey)
	}
}
