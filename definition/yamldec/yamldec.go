// Package yamldec decodes a YAML document into Go structs strictly and
// reports every problem it finds in one run, each with its file:line:col,
// what is wrong and how to fix it, so that a user can repair a definition
// file in one pass instead of meeting its errors one at a time.
//
// Decoding is driven by the `yaml:"name"` tags of the target struct. Unknown
// keys, duplicate keys, values of the wrong kind, numbers out of range and
// missing required fields are all reported rather than ignored or coerced.
// Anchors, aliases and merge keys ("<<: *base") are followed; an alias used
// inside its own value, or aliases expanding to far more values than the file
// holds, are reported instead of hanging.
package yamldec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/diag"
)

// Meta records where a mapping and its values were written, so that later
// stages can report semantic problems at the right file:line:col. Declare a
// field of type Meta (any name, exported or not, tagged `yaml:"-"`) in a
// struct and Decode fills it. A `doc:"..."` tag on that field names the
// struct in messages, e.g. `doc:"backend"` gives "missing required field
// "host" in backend"; without it the Go type name, lowercased, is used.
type Meta struct {
	// Pos is the position of the mapping, or of the alias that stood for it.
	Pos    diag.Pos
	fields map[string]diag.Pos
	// keys holds, for a field whose value is a mapping, where each of its
	// keys and values was written, by field and key.
	keys map[[2]string]keyPos
}

// keyPos is where one key of a mapping and its value were written.
type keyPos struct{ key, value diag.Pos }

// KeyAt returns the position of key inside the mapping written for field
// (such as a level name under service_ids), or At(field) when it is absent.
func (m Meta) KeyAt(field, key string) diag.Pos {
	if p, ok := m.keys[[2]string{field, key}]; ok {
		return p.key
	}
	return m.At(field)
}

// ItemAt returns the position of item i (from 0) of the list written for
// field, or At(field) when there is no such item.
func (m Meta) ItemAt(field string, i int) diag.Pos {
	if p, ok := m.keys[[2]string{field, "#" + strconv.Itoa(i)}]; ok {
		return p.value
	}
	return m.At(field)
}

// ValueAt returns the position of the value of key inside the mapping
// written for field, or At(field) when it is absent.
func (m Meta) ValueAt(field, key string) diag.Pos {
	if p, ok := m.keys[[2]string{field, key}]; ok {
		return p.value
	}
	return m.At(field)
}

// At returns the position of the value written for key, or m.Pos when the
// key was absent, so a caller always has somewhere sensible to point.
func (m Meta) At(key string) diag.Pos {
	if p, ok := m.fields[key]; ok {
		return p
	}
	return m.Pos
}

// Has reports whether key was present in the YAML, even with a null value,
// which lets callers tell an absent key from one set to its zero value. Keys
// are the yaml tag names; unknown keys are reported, not recorded.
func (m Meta) Has(key string) bool {
	_, ok := m.fields[key]
	return ok
}

// Unmarshaler is implemented by types that decode themselves from a node,
// for values whose syntax the kind-based rules cannot express (durations,
// enums, "host:port" pairs). Decode calls UnmarshalYAMLNode, on the value or
// its address, before applying any other rule. It is not called for null
// values, which leave the field unchanged. The node has had a top-level
// alias resolved; nested nodes may still be aliases (n.Decode handles them).
//
// A returned *Problem becomes a diagnostic at the node's position with its
// Message and Hint; any other error becomes one with the error's text.
type Unmarshaler interface {
	UnmarshalYAMLNode(n *yaml.Node) error
}

// Problem is the error an Unmarshaler returns to report what is wrong with
// the value and how to fix it, in the same form as every other diagnostic.
type Problem struct {
	Message string
	Hint    string
}

// Error returns the message, so a Problem reads well when printed alone.
func (p *Problem) Error() string {
	if p == nil {
		return "invalid value"
	}
	return p.Message
}

// Decode parses data, naming it file in positions, and fills out, which must
// be a non-nil pointer to a struct (or to a map with string keys). It returns
// every problem found, sorted in document order; out is filled as far as the
// input allows, so callers may go on to check what was decoded.
//
// Absent keys and null values leave fields unchanged, so out may be preset
// with defaults. Decode never panics on any input.
func Decode(file string, data []byte, out any) diag.List {
	d := &decoder{file: file, active: map[*yaml.Node]bool{}}
	d.run(data, out)
	return d.finish()
}

func (d *decoder) run(data []byte, out any) {
	rv := reflect.ValueOf(out)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || rv.IsNil() ||
		(rv.Elem().Kind() != reflect.Struct && rv.Elem().Kind() != reflect.Map) {
		d.errorf(diag.Pos{File: d.file}, "this is a bug in the program, not in the file",
			"yamldec: cannot decode into %T; want a non-nil pointer to a struct", out)
		return
	}
	top, ok := d.parse(data)
	if !ok {
		return
	}
	if top == nil {
		d.errorf(diag.Pos{File: d.file}, emptyHint(rv.Elem().Type()), "file is empty")
		return
	}
	n := top
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if isNull(n) {
		d.errorf(diag.Pos{File: d.file}, emptyHint(rv.Elem().Type()), "file is empty")
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(d.pos(top), "write the settings as 'key: value' lines starting in the first column",
			"expected a mapping at the top of the file, found %s", Describe(n))
		return
	}
	d.limit = 20*countNodes(top) + 100000
	d.decode(top, rv.Elem(), d.pos(top))
}

// parse returns the content node of the only document in data: nil and true
// when there is no document, nil and false after reporting a syntax error.
func (d *decoder) parse(data []byte) (top *yaml.Node, ok bool) {
	defer func() {
		// yaml.v3 reports its errors as values; this guards against a bug
		// in it turning a bad file into a crash.
		if r := recover(); r != nil {
			d.errorf(diag.Pos{File: d.file}, "simplify the YAML near the problem; this is a bug in the YAML parser",
				"could not parse the YAML: %v", r)
			top, ok = nil, false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, true
		}
		d.syntaxError(err, data)
		return nil, false
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		d.syntaxError(err, data)
	default:
		d.errorf(d.pos(&next), "a definition file holds one document; remove this '---' and what follows, or move it to its own file",
			"unexpected second YAML document")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, true
	}
	return doc.Content[0], true
}

// emptyHint tells the user what an empty file should have held.
func emptyHint(t reflect.Type) string {
	if t.Kind() != reflect.Struct {
		return "write the settings as 'key: value' lines"
	}
	info := structInfoOf(t)
	if len(info.required) > 0 {
		return fmt.Sprintf("write the settings as 'key: value' lines, starting with the required %s: %s",
			plural(len(info.required), "field", "fields"), joinNames(info.required))
	}
	return "write the settings as 'key: value' lines; valid fields: " + joinNames(info.names)
}

// countNodes counts the nodes of the tree as written, without expanding
// aliases, to size the budget that stops alias bombs.
func countNodes(n *yaml.Node) int {
	count := 0
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		count++
		stack = append(stack, n.Content...)
	}
	return count
}
