package definition

import (
	"errors"

	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/repofs"
)

// A backend's settings beyond its address that the Fastly API names
// (shield, min_tls_version, max_tls_version, ssl_ca_cert; API reference,
// "Backend", https://www.fastly.com/documentation/reference/api/services/backend)
// are checked here. The client certificate and key are not settable: a key
// is a secret, and edgectl compares the ones set in the web UI by
// fingerprint only.

// tlsVersions are the versions Fastly accepts, oldest first.
var tlsVersions = []string{"1.0", "1.1", "1.2", "1.3"}

// shieldRE is the form of a POP code ("iad-va-us", "london_city-uk").
var shieldRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{1,62}$`)

// maxCACertBytes bounds a CA certificate file.
const maxCACertBytes = 64 << 10

// checkBackendTLS checks every backend's TLS settings and reads its CA
// certificate file.
func (c *checker) checkBackendTLS(root string) {
	for i := range c.svc.Backends {
		b := &c.svc.Backends[i]
		m := b.Meta
		if b.Shield != "" && !shieldRE.MatchString(b.Shield) {
			c.errf(m.At("shield"), "write the POP code Fastly lists for the shield, such as iad-va-us", "invalid shield POP %q", shorten(b.Shield))
		}
		for _, f := range []struct{ field, value string }{{"min_tls_version", b.MinTLSVersion}, {"max_tls_version", b.MaxTLSVersion}, {"ca_cert", b.CACert}} {
			switch {
			case f.value == "":
			case !b.TLS:
				c.errf(m.At(f.field), "add tls: true, or remove "+f.field, "%s needs tls: true", f.field)
			case f.field != "ca_cert" && !slices.Contains(tlsVersions, f.value):
				c.errf(m.At(f.field), "write one of "+strings.Join(tlsVersions, ", "), "unknown TLS version %q", shorten(f.value))
			}
		}
		lo, hi := slices.Index(tlsVersions, b.MinTLSVersion), slices.Index(tlsVersions, b.MaxTLSVersion)
		if lo >= 0 && hi >= 0 && lo > hi {
			c.errf(m.At("min_tls_version"), "lower min_tls_version or raise max_tls_version", "min_tls_version %s is above max_tls_version %s", b.MinTLSVersion, b.MaxTLSVersion)
		}
		if b.CACert != "" && b.TLS {
			c.readCACert(root, b)
		}
	}
}

// readCACert reads a backend's CA certificate file, which must hold a PEM
// certificate and no private key.
func (c *checker) readCACert(root string, b *Backend) {
	pos := b.Meta.At("ca_cert")
	clean := path.Clean(b.CACert)
	if path.IsAbs(b.CACert) || clean != b.CACert || strings.HasPrefix(clean, "../") {
		c.errf(pos, "write a path relative to the repository root, e.g. certs/"+string(b.Name)+"-ca.pem", "ca_cert: invalid file path %q", shorten(b.CACert))
		return
	}
	data, err := repofs.ReadFile(root, clean, maxCACertBytes)
	switch {
	case errors.Is(err, repofs.ErrTooLarge):
		c.errf(pos, "keep only the CA certificates the origin needs", "ca_cert %s", pathErr(err))
		return
	case err != nil:
		c.errf(pos, repofs.Hint(err, "create the file, or fix the path"), "ca_cert: cannot read %s: %s", clean, pathErr(err))
		return
	}
	text := string(data)
	switch {
	case strings.Contains(text, "PRIVATE KEY"):
		c.errf(pos, "remove the key: a CA file holds certificates only, and keys never go into the repository", "ca_cert %s holds a private key", clean)
		return
	case !strings.Contains(text, "-----BEGIN CERTIFICATE-----"):
		c.errf(pos, "the file must hold PEM certificates (-----BEGIN CERTIFICATE-----)", "ca_cert %s holds no PEM certificate", clean)
		return
	}
	b.CACertPEM = text
}
