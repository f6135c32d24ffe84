package schema

import (
	"maps"
	"reflect"
	"slices"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/fleet"
)

// The rules below are what validation (definition/validate.go, definition/
// names.go, fleet/definition.go) checks beyond the Go types. Each says in a
// schema what the code refuses with a diagnostic; TestScalarRulesAgree and
// TestRejects in this package check them against the loader itself.

// Patterns copied from definition/names.go and fleet/definition.go; the
// agreement test fails when they drift.
const (
	identPattern    = `^[a-z][a-z0-9_]{0,31}$`
	hostLabel       = `[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?`
	hostnamePattern = `^(@|` + hostLabel + `(\.` + hostLabel + `)*)$`
	cookieChars     = `A-Za-z0-9!#$%&'+.^_|~` // and -, last in each class
	// cloudRefPattern is fleet's cloudRefRE: flavor, image, network and
	// security group names.
	cloudRefPattern = `^[A-Za-z0-9][A-Za-z0-9 ._:/+@()-]*$`
)

// vmName is inventory.CheckName's rule: roles joined by "-", a host name.
var vmName = map[string]any{"type": "string", "pattern": `^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$`, "maxLength": 63}

// scalarRules are the schemas of the typed scalars that validate themselves
// while decoding (their UnmarshalYAMLNode).
var scalarRules = map[reflect.Type]map[string]any{
	reflect.TypeFor[definition.Ident]():      {"type": "string", "pattern": identPattern},
	reflect.TypeFor[definition.Hostname]():   {"type": "string", "pattern": hostnamePattern, "maxLength": 253},
	reflect.TypeFor[definition.HeaderName](): {"type": "string", "pattern": `^[A-Za-z][A-Za-z0-9_-]*$`, "maxLength": 128},
	// A cookie name of token characters, * for any run; not only stars.
	reflect.TypeFor[definition.CookiePattern](): {"type": "string", "maxLength": 256,
		"pattern": `^[` + cookieChars + `*-]*[` + cookieChars + `-][` + cookieChars + `*-]*$`},
	reflect.TypeFor[definition.Method]():      {"type": "string", "pattern": `^[A-Z]{1,20}$`},
	reflect.TypeFor[definition.Extension]():   {"type": "string", "pattern": `^[a-z0-9]{1,10}$`},
	reflect.TypeFor[definition.ContentType](): {"type": "string", "pattern": `^[a-z]+(/[a-z0-9.+-]*)?$`},
	// Printable ASCII after the slash, without space or double quote.
	reflect.TypeFor[definition.URLPath](): {"type": "string", "pattern": `^/[!#-~]*$`, "maxLength": 2048},
	// One or more number+unit pairs; a bare number has no unit and is refused.
	reflect.TypeFor[definition.Duration](): {"type": "string", "pattern": `^([0-9]+(ms|s|m|h|d|w))+$`},
	reflect.TypeFor[definition.Regexp]():   {"type": "string", "minLength": 1},
	// A credential is never written inline: {private: FILE}, a file of the
	// private directory (definition/logging.go).
	reflect.TypeFor[definition.Secret](): {"type": "object", "required": []any{"private"}, "additionalProperties": false,
		"properties": map[string]any{"private": map[string]any{"type": "string", "pattern": `^[A-Za-z0-9_][A-Za-z0-9_.-]*$`}}},
}

var (
	ident    = map[string]any{"pattern": identPattern}
	port     = map[string]any{"minimum": 1, "maximum": 65535}
	nonEmpty = map[string]any{"minItems": 1}
	atLeast0 = map[string]any{"minimum": 0}
)

// fieldRules add keywords to one key's schema, by "package.Type.key".
var fieldRules = map[string]map[string]any{
	// validate.go: serviceIDRE, "invalid service ID".
	"definition.Service.service_ids": {"propertyNames": ident,
		"additionalProperties": map[string]any{"type": "string", "pattern": `^[A-Za-z0-9]{1,32}$`}},
	"definition.Service.domains":      {"minItems": 1, "uniqueItems": true},
	"definition.Service.backends":     nonEmpty,
	"definition.Service.max_backends": {"minimum": 1, "maximum": 1000},
	// Hook points as properties rather than propertyNames, so that editors
	// complete them.
	"definition.Service.hooks":                 {"properties": hookPoints(), "additionalProperties": false},
	"definition.Service.levels":                {"propertyNames": ident},
	"definition.Backend.port":                  port,
	"definition.SyslogEndpoint.port":           port,
	"definition.SyslogEndpoint.placement":      {"enum": definition.LogPlacements},
	"definition.HTTPSEndpoint.placement":       {"enum": definition.LogPlacements},
	"definition.S3Endpoint.placement":          {"enum": definition.LogPlacements},
	"definition.Backend.max_conn":              {"minimum": 1, "maximum": 10000},
	"definition.Backend.error_threshold":       atLeast0,
	"definition.Healthcheck.expected_response": {"minimum": 100, "maximum": 599},
	"definition.Healthcheck.window":            {"minimum": 1, "maximum": 64},
	"definition.Healthcheck.threshold":         atLeast0,
	"definition.Healthcheck.initial":           atLeast0,
	// Fastly's director policies: random, hash, client
	// (https://www.fastly.com/documentation/reference/vcl/declarations/director).
	"definition.Director.type":    {"enum": definition.DirectorTypes},
	"definition.Director.quorum":  {"minimum": 1, "maximum": 100},
	"definition.Director.retries": atLeast0,
	// checkRedirects: the redirect statuses a browser follows.
	"definition.Redirect.status":           {"enum": []int{301, 302, 303, 307, 308}},
	"definition.ErrorPages.replace_origin": {"enum": []string{definition.ReplaceNavigations, definition.ReplaceNever}},
	"definition.ESI.paths":                 nonEmpty,
	// checkGrace refuses cache.grace whatever its value.
	"definition.Cache.grace": {"not": map[string]any{}, "deprecated": true},
	"definition.Headers.set": {"propertyNames": map[string]any{"$ref": "#/$defs/HeaderName"},
		"additionalProperties": map[string]any{"type": "string", "maxLength": 8000}},
	// checkOwnership: the kinds a definition may or may not own.
	"definition.Ownership.adopt":      {"items": map[string]any{"enum": ownershipKinds()}},
	"definition.Ownership.keep":       {"propertyNames": map[string]any{"enum": ownershipKinds()}},
	"definition.LevelValues.domains":  nonEmpty,
	"definition.LevelValues.backends": {"propertyNames": ident},
	"definition.BackendValues.port":   port,
	"definition.LevelsFile.levels":    nonEmpty,

	"fleet.File.image":            {"pattern": cloudRefPattern},
	"fleet.File.key_pair":         {"pattern": cloudRefPattern},
	"fleet.File.network":          {"pattern": cloudRefPattern},
	"fleet.File.floating_network": {"pattern": cloudRefPattern},
	"fleet.File.levels":           {"propertyNames": ident},
	"fleet.File.salt_master":      vmName,
	// typeNameRE: a type's name is a role.
	"fleet.File.types":          {"propertyNames": map[string]any{"pattern": `^[a-z][a-z0-9]*$`}},
	"fleet.LevelSettings.cloud": {"pattern": cloudRefPattern},
	"fleet.Type.flavor":         {"pattern": cloudRefPattern},
	"fleet.Type.image":          {"pattern": cloudRefPattern},
	"fleet.Type.security_groups": {"minItems": 1,
		"items": map[string]any{"type": "string", "pattern": cloudRefPattern}},
	"fleet.Type.monit": {"items": map[string]any{"enum": fleet.MonitServices()}},
	"fleet.Type.count": {"propertyNames": ident, "additionalProperties": map[string]any{"type": "integer", "minimum": 0}},
	"fleet.Type.names": {"propertyNames": ident, "additionalProperties": map[string]any{"type": "array", "items": vmName}},
}

// required returns a schema requiring the given keys.
func required(keys ...string) map[string]any { return map[string]any{"required": keys} }

// anyRequired returns a schema requiring at least one of the keys.
func anyRequired(keys ...string) map[string]any {
	var each []any
	for _, k := range keys {
		each = append(each, required(k))
	}
	return map[string]any{"anyOf": each}
}

// ownershipKinds are the kind names an ownership section may use, sorted.
func ownershipKinds() []string { return slices.Sorted(maps.Keys(definition.OwnershipKinds)) }

// hookPoints are the keys of hooks, each naming a VCL file under vcl/.
func hookPoints() map[string]any {
	props := map[string]any{}
	for _, p := range definition.HookPoints {
		props[p] = map[string]any{"type": "string", "description": "a VCL fragment file, run in vcl_" + p}
	}
	return props
}

// objectRules add keywords to a whole mapping: the checks that involve
// several of its keys.
var objectRules = map[string]map[string]any{
	// checkService: tls and cookies are required unless raw_vcl is set;
	// checkRawVCL: raw_vcl cannot be combined with the generated features
	// (its rawOnlyFields).
	"definition.Service": {
		"if":   required("raw_vcl"),
		"then": map[string]any{"not": anyRequired("tls", "routes", "redirects", "pass", "cookies", "gzip", "esi", "headers", "maintenance", "error_pages", "hooks")},
		"else": required("tls", "cookies"),
	},
	// checkBackends: "needs exactly one of address and role".
	"definition.Backend": {"oneOf": []any{required("address"), required("role")}},
	// checkRedirects: "redirect has no target".
	"definition.Redirect": anyRequired("to_host", "to_path"),
	// checkPassRule: "pass rule matches nothing".
	"definition.PassRule": anyRequired("path", "url", "methods", "cookie"),
	// checkCache: "give exactly one of extensions, content_types or path".
	"definition.TTLRule": {"oneOf": []any{required("extensions"), required("content_types"), required("path")}},
	// expandType: "give either count (with name) or names, not both";
	// "names lists the VM names; drop name".
	"fleet.Type": {"not": map[string]any{"anyOf": []any{required("count", "names"), required("name", "names")}}},
}
