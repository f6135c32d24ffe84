package definition

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/definition/yamldec"
)

// The typed scalars below validate themselves while decoding, so each
// problem is reported at the exact line and column of the offending value.

var (
	hostLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// VCL names a header in an identifier (resp.http.X-Name), which takes
	// far fewer characters than an HTTP token allows.
	headerNameRE  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)
	cookieNameRE  = regexp.MustCompile(`^[A-Za-z0-9!#$%&'+.^_|~*-]+$`) // token chars plus *
	methodRE      = regexp.MustCompile(`^[A-Z]{1,20}$`)
	extensionRE   = regexp.MustCompile(`^[a-z0-9]{1,10}$`)
	contentTypeRE = regexp.MustCompile(`^[a-z]+(/[a-z0-9.+-]*)?$`)
	identRE       = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)
)

// CheckHostname reports whether s is a hostname as the definitions write
// them: "@" for the apex, a single label relative to the level's TLD ("www"),
// or a fully qualified name ("objects.dreamhost.com").
func CheckHostname(s string) error {
	if s == "@" {
		return nil
	}
	if s == "" {
		return &yamldec.Problem{Message: "empty hostname", Hint: `write a label such as "www", "@" for the apex, or a full name`}
	}
	if len(s) > 253 {
		return &yamldec.Problem{Message: "hostname is longer than 253 characters", Hint: "use a shorter name"}
	}
	if strings.ToLower(s) != s {
		return &yamldec.Problem{Message: "hostname " + quote(s) + " has upper-case letters", Hint: "write " + quote(strings.ToLower(s))}
	}
	for _, label := range strings.Split(s, ".") {
		if !hostLabel.MatchString(label) {
			return &yamldec.Problem{
				Message: "invalid hostname " + quote(s),
				Hint:    "each dot-separated label is 1-63 letters, digits or inner hyphens; write a relative name like \"www\" or a full one like \"objects.dreamhost.com\", without scheme, port or path",
			}
		}
	}
	return nil
}

// IsRelativeHost reports whether a hostname is placed under the level's TLD.
func IsRelativeHost(s string) bool { return s == "@" || !strings.Contains(s, ".") }

// Hostname is a validated hostname (see CheckHostname).
type Hostname string

// UnmarshalYAMLNode validates the hostname.
func (h *Hostname) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yamldec.Problem{Message: "expected a hostname, found " + yamldec.Describe(n), Hint: `write a hostname such as "www"`}
	}
	if err := CheckHostname(n.Value); err != nil {
		return err
	}
	*h = Hostname(n.Value)
	return nil
}

// HeaderName is an HTTP header field name.
type HeaderName string

// UnmarshalYAMLNode validates the header name.
func (h *HeaderName) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || !headerNameRE.MatchString(n.Value) || len(n.Value) > 128 {
		return &yamldec.Problem{Message: "invalid header name " + quote(n.Value), Hint: "a header name is a letter followed by letters, digits, - and _ (like X-Served-By), at most 128 characters"}
	}
	*h = HeaderName(n.Value)
	return nil
}

// CheckHeaderName is HeaderName's check for names found as mapping keys.
func CheckHeaderName(s string) error {
	var h HeaderName
	return h.UnmarshalYAMLNode(&yaml.Node{Kind: yaml.ScalarNode, Value: s})
}

// CheckHeaderValue refuses values that cannot be sent as one header line.
func CheckHeaderValue(s string) error {
	if !utf8.ValidString(s) {
		return &yamldec.Problem{Message: "header value is not valid UTF-8", Hint: "write the value as UTF-8 text"}
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return &yamldec.Problem{Message: "header value contains a control character", Hint: "a header value is one line of text: remove line breaks and control characters"}
		}
	}
	if len(s) > 8000 {
		return &yamldec.Problem{Message: "header value is longer than 8000 bytes", Hint: "shorten it"}
	}
	return nil
}

// CookiePattern is a cookie name with * standing for any run of name
// characters: "wpwiki*", "wordpress_logged_in_*".
type CookiePattern string

// UnmarshalYAMLNode validates the pattern.
func (c *CookiePattern) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || !cookieNameRE.MatchString(n.Value) || len(n.Value) > 256 || strings.Trim(n.Value, "*") == "" {
		return &yamldec.Problem{
			Message: "invalid cookie name pattern " + quote(n.Value),
			Hint:    `write a cookie name with * for any run of characters, e.g. "wpwiki*"; no spaces, "=", ";" or quotes`,
		}
	}
	*c = CookiePattern(n.Value)
	return nil
}

// Regexp returns the pattern as a regular expression matching one whole
// cookie name, never crossing "=" or ";".
func (c CookiePattern) Regexp() string {
	parts := strings.Split(string(c), "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return strings.Join(parts, "[^=;]*")
}

// Method is an HTTP method.
type Method string

// UnmarshalYAMLNode validates the method.
func (m *Method) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || !methodRE.MatchString(n.Value) {
		return &yamldec.Problem{Message: "invalid HTTP method " + quote(n.Value), Hint: "write an upper-case method such as POST"}
	}
	*m = Method(n.Value)
	return nil
}

// Extension is a file extension without the dot.
type Extension string

// UnmarshalYAMLNode validates the extension.
func (e *Extension) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || !extensionRE.MatchString(n.Value) {
		return &yamldec.Problem{Message: "invalid file extension " + quote(n.Value), Hint: `write lower-case letters and digits without the dot, e.g. "css"`}
	}
	*e = Extension(n.Value)
	return nil
}

// ContentType is a media type or a type prefix: "text/html", "image/", "text".
type ContentType string

// UnmarshalYAMLNode validates the content type.
func (c *ContentType) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || !contentTypeRE.MatchString(n.Value) {
		return &yamldec.Problem{Message: "invalid content type " + quote(n.Value), Hint: `write a lower-case media type such as "text/html", or a prefix such as "image/"`}
	}
	*c = ContentType(n.Value)
	return nil
}

// URLPath is an absolute request path, possibly with a query.
type URLPath string

// UnmarshalYAMLNode validates the path.
func (p *URLPath) UnmarshalYAMLNode(n *yaml.Node) error {
	if err := CheckURLPath(n.Value); n.Kind != yaml.ScalarNode || err != nil {
		if err == nil {
			err = &yamldec.Problem{Message: "expected a path, found " + yamldec.Describe(n), Hint: `write a path such as "/wiki/Main_Page"`}
		}
		return err
	}
	*p = URLPath(n.Value)
	return nil
}

// CheckURLPath refuses anything but an absolute path of printable ASCII.
func CheckURLPath(s string) error {
	if !strings.HasPrefix(s, "/") || len(s) > 2048 {
		return &yamldec.Problem{Message: "invalid path " + quote(s), Hint: `a path starts with "/" and is at most 2048 characters, e.g. "/wiki/Main_Page"`}
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f || s[i] == '"' {
			return &yamldec.Problem{Message: "path " + quote(s) + " contains a space, quote, control or non-ASCII character", Hint: "percent-encode it, e.g. %20 for a space"}
		}
	}
	return nil
}

// Ident is a name that becomes part of VCL and Fastly object names: a
// lower-case letter followed by lower-case letters, digits and underscores.
type Ident string

// UnmarshalYAMLNode validates the name.
func (i *Ident) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || !identRE.MatchString(n.Value) {
		return &yamldec.Problem{Message: "invalid name " + quote(n.Value), Hint: "a name is a lower-case letter then up to 31 lower-case letters, digits or underscores, e.g. \"app\""}
	}
	*i = Ident(n.Value)
	return nil
}

// quote quotes s for a message, shortened so that a huge value does not
// flood the terminal.
func quote(s string) string {
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return strconvQuote(s)
}
