package definition

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/internal/testtool"
)

const tlsHead = "description: tls\nservice_ids: {production: A1, staging: B1, workbench: C1}\ndomains: [legacy]\ntls: {force: true}\ncookies: {strip: true}\nbackends:\n"

// TestBackendTLS: a backend may name its shield POP, bound the TLS
// versions and name a CA certificate file of the repository, which is read;
// wrong values are errors at their line and column.
func TestBackendTLS(t *testing.T) {
	pem := testtool.ReadFile(t, "testdata/backendtls/ca.pem")
	good := tlsHead + "  - {name: objects, address: objects.dreamhost.com, port: 443, tls: true, shield: iad-va-us, min_tls_version: \"1.2\", max_tls_version: \"1.3\", ca_cert: certs/ca.pem}\n"
	site, diags := Load(writeRoot(t, map[string]string{"services/legacy.yaml": good, "certs/ca.pem": pem}))
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	b := site.Service("legacy").Backends[0]
	if b.Shield != "iad-va-us" || b.MinTLSVersion != "1.2" || b.MaxTLSVersion != "1.3" || b.CACertPEM != pem {
		t.Errorf("backend %+v", b)
	}

	for _, c := range []struct {
		name, line string
		files      map[string]string
		want       string
	}{
		{"unknown version", "{name: o, address: o.example.net, port: 443, tls: true, min_tls_version: \"1.4\"}", nil,
			`services/legacy.yaml:7:78: error: unknown TLS version "1.4"`},
		{"min above max", "{name: o, address: o.example.net, port: 443, tls: true, min_tls_version: \"1.3\", max_tls_version: \"1.2\"}", nil,
			`services/legacy.yaml:7:78: error: min_tls_version 1.3 is above max_tls_version 1.2`},
		{"TLS settings without TLS", "{name: o, address: o.example.net, port: 80, min_tls_version: \"1.2\"}", nil,
			`services/legacy.yaml:7:66: error: min_tls_version needs tls: true`},
		{"bad shield", "{name: o, address: o.example.net, port: 443, tls: true, shield: \"IAD VA\"}", nil,
			`services/legacy.yaml:7:69: error: invalid shield POP "IAD VA"`},
		{"missing CA file", "{name: o, address: o.example.net, port: 443, tls: true, ca_cert: certs/none.pem}", nil,
			`services/legacy.yaml:7:70: error: ca_cert: cannot read certs/none.pem`},
		{"not a certificate", "{name: o, address: o.example.net, port: 443, tls: true, ca_cert: certs/x.pem}", map[string]string{"certs/x.pem": "hello\n"},
			`services/legacy.yaml:7:70: error: ca_cert certs/x.pem holds no PEM certificate`},
		{"a key", "{name: o, address: o.example.net, port: 443, tls: true, ca_cert: certs/key.pem}", map[string]string{"certs/key.pem": "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n"},
			`services/legacy.yaml:7:70: error: ca_cert certs/key.pem holds a private key`},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"services/legacy.yaml": tlsHead + "  - " + c.line + "\n"}
			for k, v := range c.files {
				files[k] = v
			}
			_, diags := Load(writeRoot(t, files))
			got := ""
			for _, d := range diags.Errors() {
				got += d.String() + "\n"
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("want %q in:\n%s", c.want, got)
			}
		})
	}
}
