package yamldec

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/diag"
)

// maxDepth bounds how deeply values nest while decoding, so a recursive Go
// type fed a deep document cannot exhaust the stack.
const maxDepth = 1000

// Hints shared by several rules.
const (
	listHint    = "write a list: [x] or one '- x' per line"
	bugHint     = "this is a bug in the program, not in the file"
	mappingHint = "write 'key: value' lines indented under the key, or {key: value}"
)

var (
	nodeType        = reflect.TypeFor[yaml.Node]()
	metaType        = reflect.TypeFor[Meta]()
	unmarshalerType = reflect.TypeFor[Unmarshaler]()
)

// decoder holds the state of one Decode call.
type decoder struct {
	file string
	list diag.List
	// active holds the anchored nodes being decoded, to catch an alias used
	// inside the value it names.
	active map[*yaml.Node]bool
	// visits counts decoded nodes, aliases expanded; limit caps it so an
	// alias bomb ends in an error instead of exhausting memory.
	visits, limit int
	depth         int
	// stopped is set once decoding gives up on the whole document.
	stopped bool
}

func (d *decoder) errorf(pos diag.Pos, hint, format string, args ...any) {
	d.list.Errorf(pos, hint, format, args...)
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line, Col: n.Column}
}

// finish sorts the diagnostics and drops repeats, which arise when an
// anchored value with a problem is used through several aliases.
func (d *decoder) finish() diag.List {
	d.list.Sort()
	return slices.Compact(d.list)
}

// enter counts one more node against the budget and the depth limit and
// reports whether decoding may go on.
func (d *decoder) enter(n *yaml.Node) bool {
	if d.stopped {
		return false
	}
	d.visits++
	if d.limit > 0 && d.visits > d.limit {
		d.stopped = true
		d.errorf(d.pos(n), "use fewer aliases, or aliases of smaller values",
			"aliases expand to too many values (more than %d)", d.limit)
		return false
	}
	if d.depth >= maxDepth {
		d.stopped = true
		d.errorf(d.pos(n), "flatten the structure", "values are nested too deeply (more than %d levels)", maxDepth)
		return false
	}
	return true
}

// decode stores n into v; at is where problems with n as a whole are
// reported (the alias, when n was reached through one).
func (d *decoder) decode(n *yaml.Node, v reflect.Value, at diag.Pos) {
	if !d.enter(n) {
		return
	}
	d.depth++
	defer func() { d.depth-- }()

	if v.Type() == nodeType {
		v.Set(reflect.ValueOf(n).Elem())
		return
	}
	if n.Kind == yaml.AliasNode {
		t := n.Alias
		switch {
		case t == nil:
			d.errorf(at, "define the anchor with &"+n.Value+" before using *"+n.Value, "unknown anchor %q", n.Value)
		case d.active[t]:
			d.errorf(d.pos(n), "an alias cannot stand for a value that contains it; copy the value instead",
				"alias *%s is used inside the value it names", n.Value)
		default:
			d.decode(t, v, at)
		}
		return
	}
	if isNull(n) {
		return
	}
	if n.Anchor != "" {
		prev := d.active[n]
		d.active[n] = true
		defer func() { d.active[n] = prev }()
	}

	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), at)
		return
	}
	if u, ok := asUnmarshaler(v); ok {
		d.unmarshal(u, n, at)
		return
	}

	switch v.Kind() {
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.wrongKind(at, n, "text", "write the text on the same line after the colon; quote it if it starts with '[' or '{'")
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		d.decodeBool(n, v, at)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		d.decodeInt(n, v, at)
	case reflect.Float32, reflect.Float64:
		d.decodeFloat(n, v, at)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.wrongKind(at, n, "a list", listHint)
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), d.pos(c))
		}
		v.Set(s)
	case reflect.Array:
		if n.Kind != yaml.SequenceNode {
			d.wrongKind(at, n, "a list", listHint)
			return
		}
		if len(n.Content) != v.Len() {
			d.errorf(at, fmt.Sprintf("write exactly %d %s", v.Len(), plural(v.Len(), "item", "items")),
				"expected a list of %d %s, found %d", v.Len(), plural(v.Len(), "item", "items"), len(n.Content))
			return
		}
		for i, c := range n.Content {
			d.decode(c, v.Index(i), d.pos(c))
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			d.errorf(at, bugHint, "yamldec: cannot decode into Go type %s: map keys must be strings", v.Type())
			return
		}
		if n.Kind != yaml.MappingNode {
			d.wrongKind(at, n, "a mapping", mappingHint)
			return
		}
		d.decodeMap(n, v)
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.wrongKind(at, n, "a mapping", mappingHint)
			return
		}
		d.decodeStruct(n, v, at)
	case reflect.Interface:
		if v.NumMethod() != 0 {
			d.errorf(at, bugHint, "yamldec: cannot decode into Go type %s", v.Type())
			return
		}
		var x any
		if err := decodeNode(n, &x); err != nil {
			msg := strings.TrimPrefix(err.Error(), "yaml: ")
			hint := "check this value: it could not be read as YAML data"
			if strings.Contains(msg, "aliasing") || strings.Contains(msg, "contains itself") {
				hint = "use fewer aliases, and none inside the value it names"
			}
			d.errorf(at, hint, "%s", msg)
			return
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	default:
		d.errorf(at, bugHint, "yamldec: cannot decode into Go type %s", v.Type())
	}
}

// decodeNode runs yaml.v3's own decoder, turning a panic in it into an error.
func decodeNode(n *yaml.Node, out any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return n.Decode(out)
}

// asUnmarshaler returns v, or its address, as an Unmarshaler.
func asUnmarshaler(v reflect.Value) (Unmarshaler, bool) {
	if v.Kind() == reflect.Interface {
		return nil, false
	}
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		u, ok := v.Addr().Interface().(Unmarshaler)
		return u, ok
	}
	if v.Type().Implements(unmarshalerType) && v.CanInterface() {
		u, ok := v.Interface().(Unmarshaler)
		return u, ok
	}
	return nil, false
}

func (d *decoder) unmarshal(u Unmarshaler, n *yaml.Node, at diag.Pos) {
	err := u.UnmarshalYAMLNode(n)
	if err == nil {
		return
	}
	var p *Problem
	if errors.As(err, &p) {
		if p == nil {
			p = &Problem{}
		}
		msg := p.Message
		if msg == "" {
			msg = "invalid value"
		}
		d.errorf(at, p.Hint, "%s", msg)
		return
	}
	d.errorf(at, "", "%s", err.Error())
}

func (d *decoder) decodeBool(n *yaml.Node, v reflect.Value, at diag.Pos) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		switch strings.ToLower(n.Value) {
		case "true":
			v.SetBool(true)
			return
		case "false":
			v.SetBool(false)
			return
		}
	}
	hint := "write true or false"
	if isQuoted(n) {
		hint = "write true or false without quotes"
	}
	d.wrongKind(at, n, "true or false", hint)
}

func (d *decoder) decodeInt(n *yaml.Node, v reflect.Value, at diag.Pos) {
	var lo, hi big.Int
	if v.CanInt() {
		bits := v.Type().Bits()
		lo.Lsh(big.NewInt(-1), uint(bits-1))
		hi.Lsh(big.NewInt(1), uint(bits-1))
		hi.Sub(&hi, big.NewInt(1))
	} else {
		hi.Lsh(big.NewInt(1), uint(v.Type().Bits()))
		hi.Sub(&hi, big.NewInt(1))
	}
	rangeText := lo.String() + " to " + hi.String()
	tag := n.ShortTag()
	if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") {
		hint := "write a whole number such as 42"
		if isQuoted(n) {
			hint = "remove the quotes around the number"
		}
		d.wrongKind(at, n, "a number", hint)
		return
	}
	plain := strings.ReplaceAll(n.Value, "_", "")
	if len(plain) > 100 && !strings.ContainsAny(plain, ".eE") {
		// Far outside any range; parsing it would only cost time.
		d.errorf(at, "write a whole number from "+rangeText,
			"number %s is out of range (it must be %s)", shorten(n.Value), rangeText)
		return
	}
	x, ok := new(big.Int).SetString(plain, 0)
	if !ok || len(plain) > 100 {
		d.errorf(at, "write a whole number from "+rangeText, "expected a whole number, found %s", Describe(n))
		return
	}
	if x.Cmp(&lo) < 0 || x.Cmp(&hi) > 0 {
		d.errorf(at, "write a whole number from "+rangeText,
			"number %s is out of range (it must be %s)", shorten(n.Value), rangeText)
		return
	}
	if v.CanInt() {
		v.SetInt(x.Int64())
	} else {
		v.SetUint(x.Uint64())
	}
}

func (d *decoder) decodeFloat(n *yaml.Node, v reflect.Value, at diag.Pos) {
	tag := n.ShortTag()
	var f float64
	if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || decodeNode(n, &f) != nil {
		hint := "write a number such as 1.5"
		if isQuoted(n) {
			hint = "remove the quotes around the number"
		}
		d.wrongKind(at, n, "a number", hint)
		return
	}
	if v.Kind() == reflect.Float32 && math.Abs(f) > math.MaxFloat32 && !math.IsInf(f, 0) {
		d.errorf(at, "write a number between -3.4e+38 and 3.4e+38",
			"number %s is out of range (it must be between -3.4e+38 and 3.4e+38)", shorten(n.Value))
		return
	}
	v.SetFloat(f)
}

// entry is one key of a mapping after merge keys have been applied.
type entry struct {
	key  *yaml.Node // the key as written
	val  *yaml.Node // the value as written, perhaps an alias
	name string
}

// entries lists the keys of mapping m, applying merge keys ("<<: *base")
// and reporting keys that are not text and keys given twice.
func (d *decoder) entries(m *yaml.Node) []entry {
	if d.stopped {
		return nil
	}
	prev := d.active[m]
	d.active[m] = true
	defer func() { d.active[m] = prev }()

	var out []entry
	seen := map[string]*yaml.Node{}
	var merges []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, val := m.Content[i], m.Content[i+1]
		if !d.enter(k) {
			return out
		}
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == "!!merge" {
			merges = append(merges, val)
			continue
		}
		kr := k
		if kr.Kind == yaml.AliasNode && kr.Alias != nil {
			kr = kr.Alias
		}
		if kr.Kind != yaml.ScalarNode || isNull(kr) {
			d.errorf(d.pos(k), "a key must be a name such as 'port:'; quote it if it contains special characters",
				"expected a key name, found %s", Describe(kr))
			continue
		}
		if first, dup := seen[kr.Value]; dup {
			d.errorf(d.pos(k), fmt.Sprintf("%q is already set on line %d; remove one of them", shorten(kr.Value), first.Line),
				"duplicate key %q", shorten(kr.Value))
			continue
		}
		seen[kr.Value] = k
		out = append(out, entry{key: k, val: val, name: kr.Value})
	}
	for _, mv := range merges {
		for _, src := range d.mergeSources(mv) {
			for _, e := range d.entries(src) {
				if _, ok := seen[e.name]; !ok {
					seen[e.name] = e.key
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// mergeSources returns the mappings named by the value of a merge key.
func (d *decoder) mergeSources(mv *yaml.Node) []*yaml.Node {
	const hint = "merge an anchored mapping: '<<: *name' or '<<: [*a, *b]'"
	var out []*yaml.Node
	add := func(n *yaml.Node) {
		r := n
		if r.Kind == yaml.AliasNode && r.Alias != nil {
			r = r.Alias
		}
		switch {
		case r.Kind != yaml.MappingNode:
			d.errorf(d.pos(n), hint, "expected a mapping to merge, found %s", Describe(r))
		case d.active[r]:
			d.errorf(d.pos(n), "a mapping cannot merge itself or a mapping that contains it",
				"merge of *%s is used inside the value it names", r.Anchor)
		default:
			out = append(out, r)
		}
	}
	r := mv
	if r.Kind == yaml.AliasNode && r.Alias != nil {
		r = r.Alias
	}
	if r.Kind == yaml.SequenceNode {
		for _, c := range r.Content {
			add(c)
		}
	} else {
		add(mv)
	}
	return out
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value) {
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	for _, e := range d.entries(n) {
		k := reflect.New(v.Type().Key()).Elem()
		k.SetString(e.name)
		val := reflect.New(v.Type().Elem()).Elem()
		if old := v.MapIndex(k); old.IsValid() {
			val.Set(old)
		}
		d.decode(e.val, val, d.pos(e.val))
		v.SetMapIndex(k, val)
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, at diag.Pos) {
	info := structInfoOf(v.Type())
	var meta *Meta
	if info.meta >= 0 {
		// The Meta field may be unexported; its address is still ours to use.
		f := v.Field(info.meta)
		meta = (*Meta)(unsafe.Pointer(f.UnsafeAddr()))
		*meta = Meta{Pos: at, fields: map[string]diag.Pos{}}
	}
	present := map[string]bool{}
	for _, e := range d.entries(n) {
		f, ok := info.byName[e.name]
		if !ok {
			d.errorf(d.pos(e.key), unknownHint(e.name, info.names), "unknown field %q", shorten(e.name))
			continue
		}
		if meta != nil {
			meta.fields[e.name] = d.pos(e.val)
			d.recordKeys(meta, e.name, e.val)
		}
		present[e.name] = true
		val := e.val
		if val.Kind == yaml.AliasNode && val.Alias != nil {
			val = val.Alias
		}
		if f.required && isNull(val) {
			d.errorf(d.pos(e.key), fmt.Sprintf("give %q a value", e.name),
				"missing required field %q in %s", e.name, info.what)
		}
		d.decode(e.val, v.Field(f.index), d.pos(e.val))
	}
	if d.stopped {
		return
	}
	for _, name := range info.required {
		if !present[name] {
			d.errorf(at, fmt.Sprintf("add \"%s: ...\" to the %s", name, info.what),
				"missing required field %q in %s", name, info.what)
		}
	}
}

// recordKeys remembers where the keys of a mapping value (or the items of
// a list) were written, so that a problem with one entry (one level of
// service_ids, one domain) is reported at that entry. Keys that come from a merge are not recorded: KeyAt falls
// back to the field.
func (d *decoder) recordKeys(meta *Meta, field string, val *yaml.Node) {
	if val.Kind == yaml.AliasNode && val.Alias != nil {
		val = val.Alias
	}
	if val.Kind == yaml.SequenceNode {
		// Items are recorded as "#0", "#1", ...: no key can be written so
		// in a mapping that is also a list.
		if meta.keys == nil {
			meta.keys = map[[2]string]keyPos{}
		}
		for i, item := range val.Content {
			meta.keys[[2]string{field, "#" + strconv.Itoa(i)}] = keyPos{key: d.pos(item), value: d.pos(item)}
		}
		return
	}
	if val.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(val.Content); i += 2 {
		k := val.Content[i]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if meta.keys == nil {
			meta.keys = map[[2]string]keyPos{}
		}
		at := [2]string{field, k.Value}
		if _, dup := meta.keys[at]; !dup {
			meta.keys[at] = keyPos{key: d.pos(k), value: d.pos(val.Content[i+1])}
		}
	}
}

// unknownHint suggests the field the user probably meant, or lists them all.
func unknownHint(key string, names []string) string {
	if s := diag.Closest(key, names); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	if len(names) == 0 {
		return "remove it; this mapping takes no fields"
	}
	return "valid fields: " + joinNames(names)
}

// structInfo is what Decode needs to know about a struct type.
type structInfo struct {
	byName   map[string]fieldInfo
	names    []string // sorted
	required []string // in declaration order
	meta     int      // index of the Meta field, or -1
	what     string   // how messages name the struct
}

type fieldInfo struct {
	index    int
	required bool
}

var structInfoCache sync.Map // reflect.Type → *structInfo

func structInfoOf(t reflect.Type) *structInfo {
	if v, ok := structInfoCache.Load(t); ok {
		return v.(*structInfo)
	}
	info := &structInfo{byName: map[string]fieldInfo{}, meta: -1, what: strings.ToLower(t.Name())}
	if info.what == "" {
		info.what = "this mapping"
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == metaType {
			if info.meta < 0 {
				info.meta = i
				if doc := f.Tag.Get("doc"); doc != "" {
					info.what = doc
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		if _, dup := info.byName[name]; dup {
			continue
		}
		req := f.Tag.Get("required") == "true"
		info.byName[name] = fieldInfo{index: i, required: req}
		info.names = append(info.names, name)
		if req {
			info.required = append(info.required, name)
		}
	}
	slices.Sort(info.names)
	v, _ := structInfoCache.LoadOrStore(t, info)
	return v.(*structInfo)
}

func (d *decoder) wrongKind(at diag.Pos, n *yaml.Node, want, hint string) {
	d.errorf(at, hint, "expected %s, found %s", want, Describe(n))
}

func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func isQuoted(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0
}

// Describe names what node n is, in the words a user would use.
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "alias *" + n.Value
	case yaml.DocumentNode:
		return "a document"
	case yaml.ScalarNode:
		switch {
		case isNull(n) && n.Value == "":
			return "nothing"
		case isNull(n):
			return "null"
		case isQuoted(n):
			return "quoted text " + strconv.Quote(shorten(n.Value))
		case n.ShortTag() == "!!int" || n.ShortTag() == "!!float":
			return "the number " + shorten(n.Value)
		case n.ShortTag() == "!!bool":
			return n.Value
		}
		return strconv.Quote(shorten(n.Value))
	}
	return "nothing"
}

// shorten cuts a value to its first line and 40 characters for messages.
func shorten(s string) string {
	cut := false
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s, cut = s[:i], true
	}
	if utf8.RuneCountInString(s) > 40 {
		s, cut = string([]rune(s)[:37]), true
	}
	if cut {
		s += "..."
	}
	return s
}

func joinNames(names []string) string { return strings.Join(names, ", ") }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
