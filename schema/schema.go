// Package schema generates the JSON Schemas (draft 2020-12) of edgectl's
// definition files — services/<name>.yaml, levels.yaml and fleet/fleet.yaml —
// from the Go types the YAML decoder fills, so that an editor running
// yaml-language-server completes keys and flags mistakes as the user types.
//
// The schemas follow the decoder (definition/yamldec): every mapping has
// additionalProperties false, because the decoder refuses unknown keys;
// `required:"true"` fields are required; and rules.go adds what validation
// checks beyond the types (enums, ranges, patterns, exactly-one-of). The
// descriptions are the types' Go doc comments, which go generate copies
// into docs_gen.go, so that the command needs no source tree at run time.
package schema

//go:generate go run ./internal/gendocs
//go:generate go run ./internal/writeschemas

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/jsonout"
)

// Dir is where the committed schemas live, relative to the repository
// root; the YAML files' modelines point there.
const Dir = "docs/schema"

// Kinds are the schemas edgectl knows, the first the default.
var Kinds = []string{"service", "fleet", "levels"}

// draft is the JSON Schema dialect of every schema written.
// (https://json-schema.org/draft/2020-12/json-schema-core)
const draft = "https://json-schema.org/draft/2020-12/schema"

// rootOf names the Go type each kind decodes into, and its title.
var rootOf = map[string]struct {
	goType reflect.Type
	title  string
}{
	"service": {reflect.TypeFor[definition.Service](), "edgectl service definition (services/<name>.yaml)"},
	"fleet":   {reflect.TypeFor[fleet.File](), "edgectl fleet definition (fleet/fleet.yaml)"},
	"levels":  {reflect.TypeFor[definition.LevelsFile](), "edgectl deployment levels (levels.yaml)"},
}

// FileName is the name of the committed schema file of kind.
func FileName(kind string) string { return kind + ".schema.json" }

// Generate returns the schema of kind as indented JSON, the same bytes on
// every run. An unknown kind is an error naming the known ones.
func Generate(kind string) ([]byte, error) {
	root, ok := rootOf[kind]
	if !ok {
		return nil, fmt.Errorf("unknown schema %q; %s", kind, diag.DidYouMean(kind, Kinds, "schemas"))
	}
	b := newBuilder()
	b.defined[root.goType.Name()] = root.goType
	top, err := b.object(root.goType)
	if err != nil {
		return nil, err
	}
	if unused := b.unusedRules(); len(unused) > 0 {
		return nil, fmt.Errorf("schema rules name fields the types lack: %s", strings.Join(unused, ", "))
	}
	doc := map[string]any{
		"$schema":     draft,
		"$id":         "https://github.com/webplatform/edgectl/" + Dir + "/" + FileName(kind),
		"title":       root.title,
		"description": goDocs[root.goType.PkgPath()+"."+root.goType.Name()],
		"$defs":       b.defs,
	}
	for k, v := range top {
		doc[k] = v
	}
	return jsonout.Marshal(doc)
}
