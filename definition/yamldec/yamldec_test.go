package yamldec

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/internal/testtool"
)

type backend struct {
	Meta Meta   `yaml:"-"`
	Host string `yaml:"host" required:"true"`
	Port int    `yaml:"port"`
}

// level decodes itself, to exercise Unmarshaler.
type level int

func (l *level) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &Problem{Message: "expected a level", Hint: "write low or high"}
	}
	switch n.Value {
	case "low":
		*l = 1
	case "high":
		*l = 2
	case "boom":
		return errors.New("plain failure")
	case "nil":
		var p *Problem // a typed nil must not crash Decode
		return p
	default:
		return fmt.Errorf("wrapped: %w", &Problem{Message: fmt.Sprintf("unknown level %q", n.Value), Hint: "write low or high"})
	}
	return nil
}

type service struct {
	Meta     Meta               `yaml:"-" doc:"service"`
	Name     string             `yaml:"name" required:"true"`
	Color    string             `yaml:"color,omitempty"`
	Port     uint16             `yaml:"port"`
	Small    int8               `yaml:"small"`
	Count    int                `yaml:"count"`
	Enabled  bool               `yaml:"enabled"`
	Weight   float64            `yaml:"weight"`
	Ratio    float32            `yaml:"ratio"`
	Replicas *int               `yaml:"replicas"`
	Tags     []string           `yaml:"tags"`
	Labels   map[string]string  `yaml:"labels"`
	Backend  *backend           `yaml:"backend"`
	Backends []backend          `yaml:"backends"`
	Pools    map[string]backend `yaml:"pools"`
	Level    level              `yaml:"level"`
	LevelP   *level             `yaml:"level_ptr"`
	Raw      yaml.Node          `yaml:"raw"`
	Extra    any                `yaml:"extra"`
	Pair     [2]int             `yaml:"pair"`
	Untagged string
	Skipped  string `yaml:"-"`
}

// tree is recursive, so documents can nest it as deeply as they like.
type tree struct {
	meta Meta   `yaml:"-"`
	Name string `yaml:"name"`
	Kids []tree `yaml:"kids"`
	Next *tree  `yaml:"next"`
}

const allFields = "backend, backends, color, count, enabled, extra, labels, level, level_ptr, name, pair, pools, port, ratio, raw, replicas, small, tags, weight"

// format renders a diagnostic as "line:col: message" for comparison.
func format(d diag.Diagnostic) string {
	return fmt.Sprintf("%d:%d: %s", d.Pos.Line, d.Pos.Col, d.Message)
}

func TestDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // "line:col: message"
		// hints, when not nil, are the exact hints of want, in order.
		hints []string
	}{
		// Whole-file problems.
		{"empty", "", []string{"0:0: file is empty"},
			[]string{"write the settings as 'key: value' lines, starting with the required field: name"}},
		{"comment only", "# nothing here\n", []string{"0:0: file is empty"}, nil},
		{"document marker only", "---\n", []string{"0:0: file is empty"}, nil},
		{"null document", "~\n", []string{"0:0: file is empty"}, nil},
		{"top is a list", "- a\n- b\n", []string{"1:1: expected a mapping at the top of the file, found a list"},
			[]string{"write the settings as 'key: value' lines starting in the first column"}},
		{"top is text", "hello\n", []string{`1:1: expected a mapping at the top of the file, found "hello"`}, nil},
		{"second document", "name: x\n---\nname: y\n", []string{"2:1: unexpected second YAML document"},
			[]string{"a definition file holds one document; remove this '---' and what follows, or move it to its own file"}},
		{"empty second document", "name: x\n---\n", []string{"2:1: unexpected second YAML document"}, nil},

		// Syntax errors.
		{"unclosed flow list", "name: x\ntags: [a, b\ncolor: red\n",
			[]string{"2:1: invalid YAML: did not find expected ',' or ']'"},
			[]string{"close the list opened here with ']' and separate its items with ','"}},
		{"bad indentation", "name: x\n  port: 1\n",
			[]string{"2:1: invalid YAML: mapping values are not allowed in this context"}, nil},
		{"tab indentation", "name: x\n\tport: 1\n",
			[]string{"2:1: invalid YAML: found a tab character that violates indentation"},
			[]string{"indent with spaces; YAML does not allow tabs for indentation"}},
		{"unknown anchor", "name: x\ncolor: *nope\n",
			[]string{"2:8: invalid YAML: unknown anchor 'nope' referenced"},
			[]string{"define the anchor with &name before using *name"}},
		{"control character", "name: a\x01b\n",
			[]string{"1:8: invalid YAML: control characters are not allowed"}, nil},
		{"invalid utf-8", "name: ok\ncolor: \xff\n",
			[]string{"2:8: invalid YAML: invalid leading UTF-8 octet"},
			[]string{"save the file as UTF-8 text"}},
		{"list item after mapping", "- a\nname: x\n",
			[]string{"2:1: invalid YAML: did not find expected '-' indicator"}, nil},
		{"unclosed quote", "name: 'x\n",
			[]string{"1:1: invalid YAML: found unexpected end of stream"},
			[]string{"close the quoted text or bracket that is still open"}},
		{"value with colon", "name: a: b\n",
			[]string{"1:1: invalid YAML: mapping values are not allowed in this context"},
			[]string{`quote a value that contains ': ', e.g. key: "a: b"; otherwise check this line's indentation`}},
		{"keys misaligned", "backend:\n  host: h\n port: 1\nname: x\n",
			[]string{"3:2: invalid YAML: did not find expected key"}, nil},
		// yaml.v3 names the line where the enclosing block starts for the
		// parser's errors; the position is the line that breaks it.
		{"list item inside a mapping", "name: x\nbackend:\n  host: h\n  - port\ncolor: red\n",
			[]string{"4:3: invalid YAML: did not find expected key"}, nil},
		{"key misaligned in a list item", "name: x\nbackends:\n  - host: h\n   port: 1\n",
			[]string{"4:4: invalid YAML: did not find expected '-' indicator"}, nil},
		{"nested list item dedented", "name: x\npools:\n  a:\n    host: h\n    port: 1\n  b:\n    - x\n   - y\n",
			[]string{"8:4: invalid YAML: did not find expected key"}, nil},
		{"misaligned after blank lines", "name: x\nbackend:\n  host: h\n\n\n port: 1\n",
			[]string{"6:2: invalid YAML: did not find expected key"}, nil},

		// Required fields.
		{"missing required", "color: red\n",
			[]string{`1:1: missing required field "name" in service`},
			[]string{`add "name: ..." to the service`}},
		{"required but empty", "color: red\nname:\n",
			[]string{`2:1: missing required field "name" in service`},
			[]string{`give "name" a value`}},
		{"required but null", "name: ~\n",
			[]string{`1:1: missing required field "name" in service`}, nil},
		{"nested required uses type name", "name: x\nbackend:\n  port: 1\n",
			[]string{`3:3: missing required field "host" in backend`},
			[]string{`add "host: ..." to the backend`}},
		{"required in list items", "name: x\nbackends:\n  - host: a\n  - port: 2\n",
			[]string{`4:5: missing required field "host" in backend`}, nil},

		// Unknown and duplicate keys.
		{"unknown close to a field", "name: x\ncolour: red\n",
			[]string{`2:1: unknown field "colour"`}, []string{`did you mean "color"?`}},
		{"unknown with swapped letters", "name: x\nprot: 1\n",
			[]string{`2:1: unknown field "prot"`}, []string{`did you mean "port"?`}},
		{"unknown by case", "name: x\nColor: red\n",
			[]string{`2:1: unknown field "Color"`}, []string{`did you mean "color"?`}},
		{"unknown far from any field", "name: x\nzzz: 1\n",
			[]string{`2:1: unknown field "zzz"`}, []string{"valid fields: " + allFields}},
		{"short unknown not matched loosely", "name: x\nbase: 1\n",
			[]string{`2:1: unknown field "base"`}, []string{"valid fields: " + allFields}},
		{"unknown nested", "name: x\nbackend:\n  host: h\n  hots: 2\n",
			[]string{`4:3: unknown field "hots"`}, []string{`did you mean "host"?`}},
		{"untagged field is not a key", "name: x\nUntagged: y\nSkipped: z\n",
			[]string{`2:1: unknown field "Untagged"`, `3:1: unknown field "Skipped"`}, nil},
		{"duplicate key", "name: x\nport: 1\nname: y\n",
			[]string{`3:1: duplicate key "name"`}, []string{`"name" is already set on line 1; remove one of them`}},
		{"duplicate nested key", "name: x\nlabels:\n  a: 1\n  a: 2\n",
			[]string{`4:3: duplicate key "a"`}, nil},
		{"key that is a list", "name: x\nlabels: {[a]: 1}\n",
			[]string{`2:10: expected a key name, found a list`}, nil},
		{"key that is null", "name: x\nlabels: {~: 1}\nbackend:\n  ? \n  : 1\n",
			[]string{`2:10: expected a key name, found null`, `4:3: missing required field "host" in backend`,
				`4:4: expected a key name, found nothing`}, nil},

		// Text.
		{"numbers and booleans are text", "name: 80\ncolor: true\n", nil, nil},
		{"text from a list", "name: [a]\n", []string{"1:7: expected text, found a list"},
			[]string{"write the text on the same line after the colon; quote it if it starts with '[' or '{'"}},
		{"text from a mapping", "name:\n  first: a\n", []string{"2:3: expected text, found a mapping"}, nil},

		// Booleans.
		{"yes is not a boolean", "name: x\nenabled: yes\n",
			[]string{`2:10: expected true or false, found "yes"`}, []string{"write true or false"}},
		{"quoted boolean", "name: x\nenabled: \"true\"\n",
			[]string{`2:10: expected true or false, found quoted text "true"`}, []string{"write true or false without quotes"}},
		{"boolean from number", "name: x\nenabled: 1\n",
			[]string{`2:10: expected true or false, found the number 1`}, nil},

		// Integers.
		{"uint16 too large", "name: x\nport: 70000\n",
			[]string{"2:7: number 70000 is out of range (it must be 0 to 65535)"},
			[]string{"write a whole number from 0 to 65535"}},
		{"uint16 negative", "name: x\nport: -1\n",
			[]string{"2:7: number -1 is out of range (it must be 0 to 65535)"}, nil},
		{"int8 too large", "name: x\nsmall: 128\n",
			[]string{"2:8: number 128 is out of range (it must be -128 to 127)"}, nil},
		{"int beyond 64 bits", "name: x\ncount: 99999999999999999999\n",
			[]string{"2:8: number 99999999999999999999 is out of range (it must be -9223372036854775808 to 9223372036854775807)"}, nil},
		{"fraction into int", "name: x\ncount: 1.5\n",
			[]string{"2:8: expected a whole number, found the number 1.5"}, nil},
		{"text into int", "name: x\ncount: abc\n",
			[]string{`2:8: expected a number, found "abc"`}, []string{"write a whole number such as 42"}},
		{"quoted int", "name: x\nport: \"80\"\n",
			[]string{`2:7: expected a number, found quoted text "80"`}, []string{"remove the quotes around the number"}},
		{"list into int", "name: x\ncount: [1]\n",
			[]string{"2:8: expected a number, found a list"}, nil},

		// Floats.
		{"text into float", "name: x\nweight: heavy\n",
			[]string{`2:9: expected a number, found "heavy"`}, nil},
		{"float32 too large", "name: x\nratio: 1e39\n",
			[]string{"2:8: number 1e39 is out of range (it must be between -3.4e+38 and 3.4e+38)"}, nil},
		{"huge integer", "name: x\ncount: " + strings.Repeat("9", 200) + "\n",
			[]string{"2:8: number 9999999999999999999999999999999999999... is out of range (it must be -9223372036854775808 to 9223372036854775807)"}, nil},

		// Lists, arrays and maps.
		{"scalar for a list", "name: x\ntags: web\n",
			[]string{`2:7: expected a list, found "web"`}, []string{"write a list: [x] or one '- x' per line"}},
		{"mapping for a list", "name: x\ntags:\n  a: 1\n",
			[]string{`3:3: expected a list, found a mapping`}, nil},
		{"bad list item", "name: x\ntags:\n  - a\n  - [b]\n",
			[]string{"4:5: expected text, found a list"}, nil},
		{"array length", "name: x\npair: [1]\n",
			[]string{"2:7: expected a list of 2 items, found 1"}, []string{"write exactly 2 items"}},
		{"scalar for a map", "name: x\nlabels: x\n",
			[]string{`2:9: expected a mapping, found "x"`}, nil},
		{"list for a struct", "name: x\nbackend: [a]\n",
			[]string{`2:10: expected a mapping, found a list`}, nil},

		// Unmarshaler.
		{"unmarshaler problem", "name: x\nlevel: mid\n",
			[]string{`2:8: unknown level "mid"`}, []string{"write low or high"}},
		{"unmarshaler plain error", "name: x\nlevel: boom\n",
			[]string{`2:8: plain failure`}, []string{""}},
		{"unmarshaler typed nil problem", "name: x\nlevel: nil\n",
			[]string{`2:8: invalid value`}, nil},
		{"unmarshaler gets lists too", "name: x\nlevel_ptr: [low]\n",
			[]string{`2:12: expected a level`}, nil},

		// Aliases and merge keys.
		{"alias cycle", "name: x\nbackends: &b [*b]\n",
			[]string{"2:15: alias *b is used inside the value it names"}, nil},
		{"wrong kind through alias reported at alias", "name: &n x\ntags: *n\n",
			[]string{`2:7: expected a list, found "x"`}, nil},
		{"problem in anchor reported once", "name: x\npools:\n  a: &a {host: h, hots: 1}\n  b: *a\n  c: *a\n",
			[]string{`3:19: unknown field "hots"`}, nil},
		{"merge of a scalar", "name: x\nbackend:\n  <<: 5\n  host: h\n",
			[]string{"3:7: expected a mapping to merge, found the number 5"}, nil},
		{"merge of itself", "name: x\nbackend: &b\n  <<: *b\n  host: h\n",
			[]string{"3:7: merge of *b is used inside the value it names"}, nil},

		// Several problems in one run, in document order.
		{"many problems", strings.Join([]string{
			"colour: red",  // 1
			"port: 99999",  // 2
			"enabled: no",  // 3
			"tags: web",    // 4
			"backend:",     // 5
			"  port: x",    // 6
			"backends:",    // 7
			"  - host: a",  // 8
			"    extra: 1", // 9
			"port: 1",      // 10
		}, "\n") + "\n", []string{
			`1:1: missing required field "name" in service`,
			`1:1: unknown field "colour"`,
			"2:7: number 99999 is out of range (it must be 0 to 65535)",
			`3:10: expected true or false, found "no"`,
			`4:7: expected a list, found "web"`,
			`6:3: missing required field "host" in backend`,
			`6:9: expected a number, found "x"`,
			`9:5: unknown field "extra"`,
			`10:1: duplicate key "port"`,
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s service
			l := Decode("svc.yaml", []byte(tt.in), &s)
			var got []string
			for _, d := range l {
				got = append(got, format(d))
				if d.Pos.File != "svc.yaml" {
					t.Errorf("diagnostic %q has file %q", format(d), d.Pos.File)
				}
				if d.Severity != diag.Error {
					t.Errorf("diagnostic %q is not an error", format(d))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Decode(%q):\ngot  %q\nwant %q", tt.in, got, tt.want)
			}
			for i, h := range tt.hints {
				if l[i].Hint != h {
					t.Errorf("hint %d of %q: got %q, want %q", i, tt.in, l[i].Hint, h)
				}
			}
		})
	}
}

func TestEveryErrorHasAHint(t *testing.T) {
	var s service
	in := "colour: red\nport: x\nenabled: no\ntags: a\nname: [x]\nlabels: 1\nbackend: {port: 1}\npair: [1]\nraw: 1\nextra: [\n"
	for _, in := range []string{in, strings.TrimSuffix(in, "extra: [\n")} {
		for _, d := range Decode("svc.yaml", []byte(in), &s) {
			if d.Hint == "" {
				t.Errorf("%s has no hint", d)
			}
		}
	}
}

func TestString(t *testing.T) {
	var s service
	l := Decode("defs/svc.yaml", []byte("name: x\ncolour: red\n"), &s)
	want := "defs/svc.yaml:2:1: error: unknown field \"colour\"\n    hint: did you mean \"color\"?"
	if len(l) != 1 || l[0].String() != want {
		t.Errorf("got %q, want %q", l, want)
	}
}

func TestValues(t *testing.T) {
	in := `name: web
color: blue
port: 8080
small: -128
count: 0x10
enabled: True
weight: 2
ratio: 0.5
replicas: 0
tags: [a, b]
labels:
  tier: front
  zone: 1
backend:
  host: example.com
  port: 1_000
backends:
  - host: a
  - {host: b, port: 2}
pools:
  base: &base {host: h, port: 1}
  web:
    <<: *base
    port: 2
level: high
level_ptr: low
raw: {a: 1}
extra: {k: [1, two]}
pair: [3, 4]
`
	var s service
	if l := Decode("svc.yaml", []byte(in), &s); len(l) != 0 {
		t.Fatalf("unexpected diagnostics:\n%v", l)
	}
	want := service{
		Name: "web", Color: "blue", Port: 8080, Small: -128, Count: 16, Enabled: true,
		Weight: 2, Ratio: 0.5, Replicas: new(int), Tags: []string{"a", "b"},
		Labels:   map[string]string{"tier": "front", "zone": "1"},
		Backend:  &backend{Host: "example.com", Port: 1000},
		Backends: []backend{{Host: "a"}, {Host: "b", Port: 2}},
		Pools:    map[string]backend{"base": {Host: "h", Port: 1}, "web": {Host: "h", Port: 2}},
		Level:    2,
		Extra:    map[string]any{"k": []any{1, "two"}},
		Pair:     [2]int{3, 4},
	}
	low := level(1)
	want.LevelP = &low
	if s.Raw.Kind != yaml.MappingNode || s.Raw.Line != 27 || s.Raw.Column != 6 {
		t.Errorf("raw node: kind %v at %d:%d", s.Raw.Kind, s.Raw.Line, s.Raw.Column)
	}
	// Meta and the raw node are checked separately.
	clearMeta := func(s *service) {
		s.Meta, s.Raw = Meta{}, yaml.Node{}
		if s.Backend != nil {
			s.Backend.Meta = Meta{}
		}
		for i := range s.Backends {
			s.Backends[i].Meta = Meta{}
		}
		for k, b := range s.Pools {
			b.Meta = Meta{}
			s.Pools[k] = b
		}
	}
	clearMeta(&s)
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got  %+v\nwant %+v", s, want)
	}
}

func TestAbsentVersusZero(t *testing.T) {
	var s service
	Decode("svc.yaml", []byte("name: x\n"), &s)
	if s.Replicas != nil || s.Backend != nil || s.LevelP != nil || s.Tags != nil {
		t.Errorf("absent pointers and lists must stay nil: %+v", s)
	}
	Decode("svc.yaml", []byte("name: x\nreplicas: 0\nbackend: {host: h}\n"), &s)
	if s.Replicas == nil || *s.Replicas != 0 || s.Backend == nil {
		t.Errorf("present values must be allocated: %+v", s)
	}
}

func TestDefaultsKept(t *testing.T) {
	s := service{Port: 8080, Color: "red", Tags: []string{"default"}}
	l := Decode("svc.yaml", []byte("name: x\ncolor:\ntags: ~\n"), &s)
	if len(l) != 0 {
		t.Fatal(l)
	}
	if s.Port != 8080 || s.Color != "red" || len(s.Tags) != 1 {
		t.Errorf("absent and null values must leave fields unchanged: %+v", s)
	}
}

func TestPartialFill(t *testing.T) {
	var s service
	l := Decode("svc.yaml", []byte("name: x\nport: nope\ncolor: red\n"), &s)
	if len(l) != 1 || s.Name != "x" || s.Color != "red" {
		t.Errorf("got %v, %+v", l, s)
	}
}

func TestMeta(t *testing.T) {
	in := "name: x\nport: 80\ncolor:\nbackend:\n  host: h\nbackends: *nope\n"
	var s service
	Decode("svc.yaml", []byte(in), &s) // a syntax error: nothing decoded
	if s.Meta.Has("name") {
		t.Error("Meta filled despite a syntax error")
	}
	in = "name: x\nport: 80\ncolor:\nbackend:\n  host: h\nb2: &b {host: i}\nbackends: [*b]\n"
	Decode("svc.yaml", []byte(in), &s)
	pos := func(line, col int) diag.Pos { return diag.Pos{File: "svc.yaml", Line: line, Col: col} }
	checks := []struct {
		got, want diag.Pos
	}{
		{s.Meta.Pos, pos(1, 1)},
		{s.Meta.At("name"), pos(1, 7)},
		{s.Meta.At("port"), pos(2, 7)},
		{s.Meta.At("color"), pos(3, 7)},
		{s.Meta.At("backend"), pos(5, 3)},
		{s.Meta.At("weight"), pos(1, 1)},
		{s.Backend.Meta.Pos, pos(5, 3)},
		{s.Backend.Meta.At("host"), pos(5, 9)},
		{s.Backend.Meta.At("port"), pos(5, 3)},
		{s.Backends[0].Meta.Pos, pos(7, 12)}, // the alias
		{s.Backends[0].Meta.At("host"), pos(6, 15)},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: got %v, want %v", i, c.got, c.want)
		}
	}
	for key, want := range map[string]bool{"name": true, "color": true, "weight": false, "b2": false} {
		if s.Meta.Has(key) != want {
			t.Errorf("Has(%q) = %v, want %v", key, !want, want)
		}
	}
	var tr tree
	Decode("t.yaml", []byte("name: a\nnext:\n  name: b\n"), &tr)
	if tr.meta.At("next") != (diag.Pos{File: "t.yaml", Line: 3, Col: 3}) || !tr.Next.meta.Has("name") {
		t.Errorf("unexported Meta not filled: %+v", tr)
	}
}

func TestBadTarget(t *testing.T) {
	var s service
	for _, out := range []any{nil, s, (*service)(nil), new(int), new([]int)} {
		l := Decode("svc.yaml", []byte("name: x\n"), out)
		if len(l) != 1 || l[0].Pos.Line != 0 || !strings.HasPrefix(l[0].Message, "yamldec: cannot decode into") {
			t.Errorf("Decode into %T: %v", out, l)
		}
	}
	var m map[string]int
	if l := Decode("m.yaml", []byte("a: 1\nb: 2\n"), &m); len(l) != 0 || m["b"] != 2 {
		t.Errorf("map target: %v %v", l, m)
	}
	var bad struct {
		C chan int `yaml:"c"`
	}
	if l := Decode("b.yaml", []byte("c: 1\n"), &bad); len(l) != 1 || format(l[0]) != "1:4: yamldec: cannot decode into Go type chan int" {
		t.Errorf("unsupported type: %v", l)
	}
}

// TestAliasBomb checks that exponential alias expansion ("billion laughs"),
// through lists, merge keys or untyped values, ends in an error, quickly,
// instead of exhausting memory.
func TestAliasBomb(t *testing.T) {
	bomb := func(container, leaf, level string) string {
		var b strings.Builder
		b.WriteString("name: x\n" + container + ":\n")
		prev := ""
		for i := range 10 {
			fmt.Fprintf(&b, "  l%d: &l%d\n", i, i)
			if i == 0 {
				b.WriteString("    " + leaf + "\n")
			} else {
				b.WriteString("    " + strings.ReplaceAll(level, "X", strings.Repeat("*"+prev+", ", 9)+"*"+prev) + "\n")
			}
			prev = fmt.Sprintf("l%d", i)
		}
		return b.String()
	}
	tests := []struct {
		name, in, want string
	}{
		{"lists", bomb("pools", "name: leaf", "kids: [X]") + "kids: [*l9]\n", "aliases expand to too many values"},
		{"merge keys", bomb("pools", "host: h", "<<: [X]"), "aliases expand to too many values"},
		{"untyped", bomb("extra", "host: h", "kids: [X]"), "document contains excessive aliasing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r struct {
				Name  string          `yaml:"name"`
				Kids  []tree          `yaml:"kids"`
				Pools map[string]tree `yaml:"pools"`
				Extra any             `yaml:"extra"`
			}
			var s service
			start := time.Now()
			l := Decode("bomb.yaml", []byte(tt.in), &r)
			l = append(l, Decode("bomb.yaml", []byte(strings.ReplaceAll(tt.in, "kids: [*l9]", "")), &s)...)
			if elapsed := time.Since(start); elapsed > 5*time.Second {
				t.Errorf("took %v", elapsed)
			}
			n := 0
			for _, d := range l {
				if strings.Contains(d.Message, tt.want) {
					n++
				}
			}
			if n == 0 {
				t.Errorf("no %q error in %v", tt.want, l)
			}
		})
	}
}

func TestDeepNesting(t *testing.T) {
	in := strings.Repeat("next: {", 3000) + strings.Repeat("}", 3000) + "\n"
	var tr tree
	l := Decode("deep.yaml", []byte(in), &tr)
	if len(l) != 1 || !strings.HasPrefix(l[0].Message, "values are nested too deeply") {
		t.Errorf("got %v", l)
	}
}

func TestTestdata(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.yaml")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		data := testtool.ReadFile(t, f)
		want := testtool.ReadFile(t, strings.TrimSuffix(f, ".yaml")+".out")
		var s service
		l := Decode(filepath.Base(f), []byte(data), &s)
		var got strings.Builder
		for _, d := range l {
			got.WriteString(d.String() + "\n")
		}
		if got.String() != want {
			t.Errorf("%s:\ngot\n%s\nwant\n%s", f, got.String(), want)
		}
	}
}

// FuzzDecode checks that no document makes Decode panic or hang, and that
// every diagnostic points somewhere real and tells how to fix it.
func FuzzDecode(f *testing.F) {
	seeds := []string{
		"", "name: x\n", "- a\n", "name: x\n---\nname: y\n", "a: &a [*a]\n",
		"name: x\ncolour: red\nport: 70000\nenabled: yes\ntags: web\nbackend: {port: x}\nname: y\n",
		"backends: &b [*b]\n", "pools:\n  a: &a {host: h}\n  b:\n    <<: [*a, *a]\n",
		"kids: &k [{kids: *k}]\n", "next: &n {next: *n}\n", "raw: *x\n", "extra: &e [*e]\n",
		"level: boom\nlevel_ptr: [x]\n", "name: \"\\x01\"\n", "name: 'x\n", "\xff\xfe", "\ufeffname: x\n",
		"? [a]\n: b\n", "<<: {name: x}\n", "name: !!binary aGk=\n", "port: !!int x\n", "ratio: .inf\n",
		"count: -0b101\n", "pair: [1, 2, 3]\n", "labels: {~: 1}\n", "a: 1\n\tb: 2\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(l diag.List) {
			for i, d := range l {
				if d.Pos.File != "fuzz.yaml" {
					t.Errorf("%v: wrong file", d)
				}
				if !(d.Pos.Line >= 1 && d.Pos.Col >= 1 || d.Pos.Line == 0 && d.Pos.Col == 0) {
					t.Errorf("%v: bad position %+v", d, d.Pos)
				}
				if d.Message == "" || (d.Hint == "" && d.Message != "plain failure" && d.Message != "invalid value") {
					t.Errorf("%v: empty message or hint", d)
				}
				if i > 0 && (l[i-1].Pos.Line > d.Pos.Line || l[i-1].Pos.Line == d.Pos.Line && l[i-1].Pos.Col > d.Pos.Col) {
					t.Errorf("diagnostics out of order: %v", l)
				}
			}
		}
		// A hang is a failure too; only a panic can interrupt one.
		done := make(chan bool)
		go func() {
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				panic(fmt.Sprintf("HANG on %q", data))
			}
		}()
		defer close(done)
		var s service
		l1 := Decode("fuzz.yaml", data, &s)
		check(l1)
		var tr tree
		check(Decode("fuzz.yaml", data, &tr))
		var s2 service
		if l2 := Decode("fuzz.yaml", data, &s2); !reflect.DeepEqual(l1, l2) {
			t.Errorf("not deterministic:\n%v\n%v", l1, l2)
		}
	})
}
