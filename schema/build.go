package schema

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/webplatform/edgectl/definition/yamldec"
)

var (
	metaType        = reflect.TypeFor[yamldec.Meta]()
	unmarshalerType = reflect.TypeFor[yamldec.Unmarshaler]()
)

// builder turns Go types into schema fragments, collecting named types
// under $defs.
type builder struct {
	defs map[string]any
	// defined maps a $defs name to its Go type, to catch two types of one
	// name in a schema.
	defined map[string]reflect.Type
	used    map[string]bool
}

func newBuilder() *builder {
	return &builder{defs: map[string]any{}, defined: map[string]reflect.Type{}, used: map[string]bool{}}
}

// ref returns a reference to the $defs entry of named type t, building it
// with make the first time.
func (b *builder) ref(t reflect.Type, make func() (map[string]any, error)) (map[string]any, error) {
	name := t.Name()
	if prev, ok := b.defined[name]; ok {
		if prev != t {
			return nil, fmt.Errorf("two types named %s (%s, %s) in one schema", name, prev, t)
		}
		return map[string]any{"$ref": "#/$defs/" + name}, nil
	}
	b.defined[name] = t
	s, err := make()
	if err != nil {
		return nil, err
	}
	if d := goDocs[t.PkgPath()+"."+name]; d != "" {
		s["description"] = d
	}
	b.defs[name] = s
	return map[string]any{"$ref": "#/$defs/" + name}, nil
}

// of returns the schema of a value of type t as the YAML decoder reads it.
func (b *builder) of(t reflect.Type) (map[string]any, error) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if rule, ok := scalarRules[t]; ok {
		return b.ref(t, func() (map[string]any, error) { return clone(rule), nil })
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil, fmt.Errorf("type %s decodes itself: add its schema to scalarRules", t)
	}
	switch t.Kind() {
	case reflect.Struct:
		return b.ref(t, func() (map[string]any, error) { return b.object(t) })
	case reflect.Slice:
		items, err := b.of(t.Elem())
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "array", "items": items}, nil
	case reflect.Map:
		values, err := b.of(t.Elem())
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "object", "additionalProperties": values}, nil
	case reflect.String:
		return map[string]any{"type": "string"}, nil
	case reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}, nil
	}
	return nil, fmt.Errorf("no schema for Go type %s", t)
}

// object is the schema of a struct, following yamldec's rules: the yaml
// tag names the key, `required:"true"` requires it, Meta and untagged
// fields are not keys, and any other key is refused.
func (b *builder) object(t reflect.Type) (map[string]any, error) {
	props := map[string]any{}
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if f.Type == metaType || !f.IsExported() || name == "" || name == "-" {
			continue
		}
		if _, dup := props[name]; dup {
			continue // yamldec keeps the first field of a name
		}
		s, err := b.of(f.Type)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t, f.Name, err)
		}
		key := t.String() + "." + name
		d := goDocs[t.PkgPath()+"."+t.Name()+"."+f.Name]
		if _, isRef := s["$ref"]; isRef && (d != "" || fieldRules[key] != nil) {
			// Validators of draft 7, which editors still run, ignore the
			// keywords beside a $ref; inside allOf the reference keeps its
			// meaning in every draft, and the description stays visible.
			s = map[string]any{"allOf": []any{s}}
		}
		if rule, ok := fieldRules[key]; ok {
			b.used[key] = true
			for k, v := range rule {
				s[k] = v
			}
		}
		if d != "" {
			s["description"] = describeField(d, f.Name, name)
		}
		props[name] = s
		if f.Tag.Get("required") == "true" {
			required = append(required, name)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	if rule, ok := objectRules[t.String()]; ok {
		b.used[t.String()] = true
		for k, v := range rule {
			s[k] = v
		}
	}
	return s, nil
}

// describeField turns a Go field comment into a key's description: a
// comment starting with the Go name ("MaxBackends is ...") starts with the
// YAML key instead ("max_backends is ..."), the name the user sees.
func describeField(doc, goName, key string) string {
	if rest, ok := strings.CutPrefix(doc, goName+" "); ok {
		return key + " " + rest
	}
	return doc
}

// unusedRules lists the rules whose type or field does not exist in the
// schema just built, so that a renamed field cannot silently lose its rule.
func (b *builder) unusedRules() []string {
	var out []string
	for _, key := range ruleKeysFor(b.defined) {
		if !b.used[key] {
			out = append(out, key)
		}
	}
	sort.Strings(out)
	return out
}

// ruleKeysFor lists the rule keys that belong to the types of a schema.
func ruleKeysFor(defined map[string]reflect.Type) []string {
	types := map[string]bool{}
	for _, t := range defined {
		types[t.String()] = true
	}
	var keys []string
	for key := range fieldRules {
		if types[key[:strings.LastIndex(key, ".")]] {
			keys = append(keys, key)
		}
	}
	for key := range objectRules {
		if types[key] {
			keys = append(keys, key)
		}
	}
	return keys
}

// clone copies a rule so that adding a description never changes the table.
func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
