package schema

import (
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/definition/yamldec"
	"github.com/webplatform/edgectl/inventory"
)

// scalarSamples are values on both sides of each typed scalar's rules.
// Left out on purpose, because a JSON Schema cannot say them: a regular
// expression's syntax (the schema only asks for text), durations longer
// than ten years, an ACL network written with bits set beyond its prefix
// ("198.51.100.7/24") and IPv6 addresses beyond their alphabet.
var scalarSamples = []string{
	"", "a", "app", "App", "a_b", "a-b", "1a", "_a", strings.Repeat("a", 32), strings.Repeat("a", 33),
	"@", "www", "www.example.org", "-www", "www-", "a..b", "www.", "objects.dreamhost.com", "x_y.org",
	strings.Repeat("a", 63), strings.Repeat("a", 64), strings.Repeat("a.", 126) + "a", strings.Repeat("a.", 127) + "a",
	"X-Served-By", "x y", "X_Y", "9x", strings.Repeat("X", 128), strings.Repeat("X", 129),
	"wpwiki*", "*", "**", "*_session", "a=b", "a;b", `a"b`, "wordpress_logged_in_*", strings.Repeat("c", 257),
	"GET", "get", "PURGE", strings.Repeat("A", 21),
	"css", "CSS", ".css", "woff2", strings.Repeat("x", 11),
	"text/html", "image/", "text", "Text/html", "application/vnd.api+json", "text/html; charset=utf-8",
	"/", "/wiki/Main_Page", "/wiki/Main Page", `/a"b`, "/é", "/a?b=c#d", "wiki", "/\x7f", "/" + strings.Repeat("a", 2047), "/" + strings.Repeat("a", 2048),
	"15s", "1h30m", "1d", "2w", "500ms", "0s", "15", "10 years", "s", "1x", "1.5s", "-1s",
	"198.51.100.7", "198.51.100.0/24", "!198.51.100.9", "10.0.0.0/33", "256.1.1.1", "01.2.3.4", "1.2.3", "2001:db8::/32", "!::1", "2001:db8::/129", "::g",
}

// TestScalarRulesAgree checks each typed scalar's schema against its
// UnmarshalYAMLNode, the loader's own check, on every sample.
func TestScalarRulesAgree(t *testing.T) {
	for typ := range scalarRules {
		if typ.Name() == "Regexp" {
			continue
		}
		sch := compileAt(t, "service", "#/$defs/"+typ.Name())
		for _, s := range scalarSamples {
			u := reflect.New(typ).Interface().(yamldec.Unmarshaler)
			loaderOK := u.UnmarshalYAMLNode(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}) == nil
			schemaOK := sch.Validate(s) == nil
			if loaderOK != schemaOK {
				t.Errorf("%s %q: loader accepts: %v, schema accepts: %v", typ.Name(), s, loaderOK, schemaOK)
			}
		}
	}
}

// TestVMNameRuleAgrees checks the schema of VM names (salt_master, names)
// against inventory.CheckName.
func TestVMNameRuleAgrees(t *testing.T) {
	sch := compileAt(t, "fleet", "#/properties/salt_master")
	for _, s := range append(scalarSamples, "db1-masterdb", "memcache-jobs1", "app-", "a--b", "1app", strings.Repeat("a", 64)) {
		loaderOK := inventory.CheckName(s) == nil
		if schemaOK := sch.Validate(s) == nil; loaderOK != schemaOK {
			t.Errorf("VM name %q: loader accepts: %v, schema accepts: %v", s, loaderOK, schemaOK)
		}
	}
}
