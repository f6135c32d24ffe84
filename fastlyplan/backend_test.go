package fastlyplan_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

// clientKey is a private key someone put on a backend in the web UI.
const clientKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC-SECRET\n-----END PRIVATE KEY-----\n"

// TestBackendDrift: a change made in the web UI to any backend field the
// definition cannot always set shows in the diff, field by field; the
// client key only as changed, its content hidden in text and JSON.
func TestBackendDrift(t *testing.T) {
	_, target := fastlytest.Demo(t, true)
	for _, c := range []struct {
		field  string
		change func(b *desired.Backend)
	}{
		{"shield", func(b *desired.Backend) { b.Shield = "iad-va-us" }},
		{"min_tls_version", func(b *desired.Backend) { b.MinTLSVersion = "1.0" }},
		{"max_tls_version", func(b *desired.Backend) { b.MaxTLSVersion = "1.2" }},
		{"ssl_ca_cert", func(b *desired.Backend) {
			b.SSLCACert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
		}},
		{"ssl_client_cert", func(b *desired.Backend) {
			b.SSLClientCert = "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n"
		}},
		{"ssl_client_key", func(b *desired.Backend) { b.SSLClientKey = desired.KeyFingerprint(clientKey) }},
		{"ssl_sni_hostname", func(b *desired.Backend) { b.SSLSNIHostname = "other.example.net" }},
		{"ssl_check_cert", func(b *desired.Backend) { b.SSLCheckCert = !b.SSLCheckCert }},
	} {
		t.Run(c.field, func(t *testing.T) {
			cur := fastlytest.Clone(target)
			c.change(fastlytest.Backend(cur, "objects"))
			p := fastlyplan.Compare(cur, target, fastlyplan.Labels{})
			got := fastlytest.Summary(p)
			if len(got) != 1 || !strings.HasPrefix(got[0], "update backend objects "+c.field+"=") {
				t.Fatalf("plan %q, want one update of backend objects %s", got, c.field)
			}
			p.Service, p.Level = "demo", "production"
			var text, js bytes.Buffer
			if err := fastlyplan.Text(&text, []*fastlyplan.Plan{p}, false); err != nil {
				t.Fatal(err)
			}
			if err := fastlyplan.JSON(&js, []*fastlyplan.Plan{p}); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(text.String(), "~ backend objects: "+c.field+" ") {
				t.Errorf("text lacks the field:\n%s", text.String())
			}
			if c.field == "ssl_client_key" {
				for _, out := range []string{text.String(), js.String()} {
					if strings.Contains(out, "sha256:") || strings.Contains(out, "SECRET") {
						t.Errorf("output shows the key or its fingerprint:\n%s", out)
					}
				}
				if !strings.Contains(text.String(), "ssl_client_key changed (content hidden)") {
					t.Errorf("text does not say the key changed:\n%s", text.String())
				}
			}
			ops, err := p.Operations()
			if err != nil || !slices.Equal(opStrings(ops), []string{"update backend objects"}) {
				t.Errorf("operations %q, %v", opStrings(ops), err)
			}
		})
	}
}
