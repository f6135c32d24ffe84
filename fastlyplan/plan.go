package fastlyplan

import (
	"cmp"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/webplatform/edgectl/desired"
)

// Action is what a change does to an object.
type Action string

// The actions of a change.
const (
	Create Action = "create"
	Update Action = "update"
	Delete Action = "delete"
)

// Plan is every difference between a current configuration (usually the
// active version on Fastly) and a target (usually the desired state). It is
// computed without I/O by Compare; Operations turns it into API writes.
type Plan struct {
	Service string `json:"service"`
	Level   string `json:"level"`
	// ServiceID is the Fastly service; Version the version compared against
	// (0: the service has no version yet).
	ServiceID string `json:"service_id"`
	Version   int    `json:"version"`
	// Changes are the service objects to change, by kind then name.
	Changes []Change `json:"changes"`
	// VCLs are the custom VCL files to change, by name.
	VCLs []FileChange `json:"vcls"`
	// From and To name the two sides: "active version 12", "local".
	From string `json:"from"`
	To   string `json:"to"`
	// Notes say what could not be compared (the private include without
	// its content). They are not changes.
	Notes []string `json:"notes,omitempty"`
	// NotManaged are the objects on Fastly of kinds the target does not
	// own, which publish leaves alone; Kept the objects of owned kinds it
	// leaves alone by name (desired.Ownership.Keep). Neither is a change:
	// Empty and Count ignore them.
	NotManaged []Object `json:"not_managed"`
	Kept       []Object `json:"kept"`

	// owner is the target's ownership rule while Compare runs.
	owner Owner
}

// Change is one service object to create, update or delete.
type Change struct {
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Action Action `json:"action"`
	// Fields are the changed fields of an update, or every field of a
	// created object (Old nil). A delete has none.
	Fields []Field `json:"fields,omitempty"`
	// Drift marks an object on Fastly that the source lacks.
	Drift bool `json:"drift,omitempty"`

	// from and to are the objects (desired.Backend, ...), for Operations.
	from, to any
}

// Field is one field's values before and after, as the API names the field.
type Field struct {
	Name string `json:"name"`
	Old  any    `json:"old"`
	New  any    `json:"new"`
}

// FileChange is one custom VCL file to create, update or delete.
type FileChange struct {
	Name   string `json:"name"`
	Action Action `json:"action"`
	// Main reports a change of the main flag (Old/New bool).
	Main *Field `json:"main,omitempty"`
	// Content says whether the content changes.
	Content bool `json:"content"`
	// Private files are compared but their content and diff are never shown.
	Private bool `json:"private,omitempty"`
	// Diff is the unified diff of the content; empty for private files.
	Diff string `json:"diff,omitempty"`

	from, to VCL
}

// Empty reports whether there is nothing to change.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 && len(p.VCLs) == 0 }

// Count is the number of objects and files that change.
func (p *Plan) Count() int { return len(p.Changes) + len(p.VCLs) }

// kindOrder is the order kinds are listed in, roughly the order Fastly
// builds a configuration: what others refer to comes first.
var kindOrder = []string{"domain", "healthcheck", "backend", "director", "gzip", "settings", "dictionary", KindDictionaryItem,
	"condition", "header", "response_object", "request_setting", "cache_setting", "snippet",
	desired.KindSyslog, desired.KindHTTPS, desired.KindS3, "acl", KindACLEntry}

func kindRank(k string) int {
	if i := slices.Index(kindOrder, k); i >= 0 {
		return i
	}
	return len(kindOrder) // unmanaged kinds last, by name
}

// Labels name the two sides of a comparison in headings and VCL diffs.
type Labels struct{ From, To string }

// Compare returns the changes that turn current into target. Comments are
// not compared: they document objects and do not change what Fastly does
// (edgectl still writes its comments on every object it creates or
// updates). The plan's metadata (service, level, version) is the caller's.
func Compare(current, target *Config, labels Labels) *Plan {
	p := &Plan{Changes: []Change{}, VCLs: []FileChange{}, NotManaged: []Object{}, Kept: []Object{}, From: labels.From, To: labels.To, owner: target.owner()}
	compareNamed(p, "domain", current.Domains, target.Domains, func(d desired.Domain) string { return d.Name })
	compareNamed(p, "healthcheck", current.Healthchecks, target.Healthchecks, func(h desired.Healthcheck) string { return h.Name })
	compareNamed(p, "backend", current.Backends, target.Backends, func(b desired.Backend) string { return b.Name })
	compareNamed(p, "director", normDirectors(current.Directors), normDirectors(target.Directors), func(d desired.Director) string { return d.Name })
	compareNamed(p, "gzip", current.Gzips, target.Gzips, func(g desired.Gzip) string { return g.Name })
	compareNamed(p, "dictionary", current.Dictionaries, versionedDictionaries(target.Dictionaries), func(d desired.Dictionary) string { return d.Name })
	compareNamed(p, "acl", current.ACLs, target.ACLs, func(a desired.ACL) string { return a.Name })
	compareVersionless(p, current, target)
	compareWebUI(p, current, target)
	cs, ts := current.Settings, target.Settings
	if !cs.StaleIfError && !ts.StaleIfError {
		// The stale-if-error TTL is unused while stale-if-error is off.
		cs.StaleIfErrorTTL = ts.StaleIfErrorTTL
	}
	if f := diffFields(cs, ts); len(f) > 0 {
		p.Changes = append(p.Changes, Change{Kind: "settings", Action: Update, Fields: f, from: current.Settings, to: target.Settings})
	}
	compareLogging(p, &current.Logging, &target.Logging)
	for _, o := range current.Unmanaged {
		if !slices.Contains(target.Unmanaged, o) {
			p.absent(o.Kind, o.Name, o)
		}
	}
	for _, o := range target.Unmanaged {
		// Only a rollback target (an old version) has unmanaged objects.
		if !slices.Contains(current.Unmanaged, o) {
			p.Changes = append(p.Changes, Change{Kind: o.Kind, Name: o.Name, Action: Create, to: o})
		}
	}
	slices.SortStableFunc(p.Changes, func(a, b Change) int {
		if c := cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	sortObjects(p.NotManaged)
	sortObjects(p.Kept)
	compareVCLs(p, current.VCLs, target.VCLs, labels)
	p.owner = nil
	return p
}

// compareNamed compares two lists of objects keyed by name.
func compareNamed[T any](p *Plan, kind string, current, target []T, name func(T) string) {
	pairByName(current, target, name, func(n string, c T, found bool, t T) {
		if !found {
			p.Changes = append(p.Changes, Change{Kind: kind, Name: n, Action: Create, Fields: createFields(t), to: t})
			return
		}
		if f := diffFields(c, t); len(f) > 0 {
			p.Changes = append(p.Changes, Change{Kind: kind, Name: n, Action: Update, Fields: f, from: c, to: t})
		}
	}, func(n string, c T) { p.absent(kind, n, c) })
}

// pairByName matches two lists of objects by name: pair is called for each
// target object in order, with the current object of that name if found;
// gone is then called for each current object no target object names.
func pairByName[T any](current, target []T, name func(T) string, pair func(n string, c T, found bool, t T), gone func(n string, c T)) {
	cur := map[string]T{}
	for _, o := range current {
		cur[name(o)] = o
	}
	seen := map[string]bool{}
	for _, t := range target {
		n := name(t)
		seen[n] = true
		c, ok := cur[n]
		pair(n, c, ok, t)
	}
	for _, c := range current {
		if n := name(c); !seen[n] {
			gone(n, c)
		}
	}
}

// normDirectors sorts member lists: membership is a set on Fastly.
func normDirectors(ds []desired.Director) []desired.Director {
	out := make([]desired.Director, len(ds))
	for i, d := range ds {
		d.Backends = slices.Sorted(slices.Values(d.Backends))
		if d.Backends == nil {
			d.Backends = []string{}
		}
		out[i] = d
	}
	return out
}

// skipField lists fields that are not compared: the key, documentation, and
// dictionary items and ACL entries (not part of a version: compared one by
// one by compareVersionless). A new settings dictionary lists its items:
// they are seeded when it is created.
func skipField(name string, create bool) bool {
	return name == "name" || name == "comment" || name == "declared" || name == "entries" || (name == "items" && !create)
}

// diffFields returns the fields of two values of the same struct type that
// differ, under their API (json) names, in struct order.
func diffFields(a, b any) []Field {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	var out []Field
	for i := 0; i < va.NumField(); i++ {
		name := jsonName(va.Type().Field(i))
		if skipField(name, false) {
			continue
		}
		fa, fb := va.Field(i).Interface(), vb.Field(i).Interface()
		if !reflect.DeepEqual(fa, fb) {
			out = append(out, Field{Name: name, Old: shown(name, fa), New: shown(name, fb)})
		}
	}
	return out
}

// createFields lists every compared field of a new object.
func createFields(v any) []Field {
	rv := reflect.ValueOf(v)
	var out []Field
	for i := 0; i < rv.NumField(); i++ {
		name := jsonName(rv.Type().Field(i))
		if skipField(name, true) || (rv.Field(i).Kind() == reflect.Map && rv.Field(i).IsNil()) {
			continue
		}
		out = append(out, Field{Name: name, New: shown(name, rv.Field(i).Interface())})
	}
	return out
}

func jsonName(f reflect.StructField) string {
	tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if tag == "" {
		return f.Name
	}
	return tag
}

func compareVCLs(p *Plan, current, target []VCL, labels Labels) {
	cur := map[string]VCL{}
	for _, v := range current {
		cur[v.Name] = v
	}
	seen := map[string]bool{}
	for _, t := range target {
		seen[t.Name] = true
		c, ok := cur[t.Name]
		private := t.Private || c.Private
		t.Private, c.Private = private, private
		fc := FileChange{Name: t.Name, Private: private, from: c, to: t}
		switch {
		case !ok:
			fc.Action = Create
			fc.Content = true
			if t.Main {
				fc.Main = &Field{Name: "main", Old: false, New: true}
			}
			if t.Unknown {
				p.Notes = append(p.Notes, "the private include is not on Fastly and its content was not given: pass --private-dir or set EDGECTL_PRIVATE_DIR")
			}
		default:
			fc.Action = Update
			fc.Content = !t.Unknown && !c.Unknown && c.Content != t.Content
			if c.Main != t.Main {
				fc.Main = &Field{Name: "main", Old: c.Main, New: t.Main}
			}
			if t.Unknown {
				p.Notes = append(p.Notes, "the private include was not compared (content not given): pass --private-dir or set EDGECTL_PRIVATE_DIR")
			}
			if !fc.Content && fc.Main == nil {
				continue
			}
		}
		if fc.Content && !private && !t.Unknown {
			fc.Diff = unifiedDiff(c.Content, t.Content, t.Name+".vcl", labels)
		}
		p.VCLs = append(p.VCLs, fc)
	}
	for _, c := range current {
		if !seen[c.Name] {
			p.VCLs = append(p.VCLs, FileChange{Name: c.Name, Action: Delete, Private: c.Private, from: c})
		}
	}
	slices.SortFunc(p.VCLs, func(a, b FileChange) int { return cmp.Compare(a.Name, b.Name) })
}

// unifiedDiff is the line diff of two contents, with three lines of context,
// made by go-difflib.
func unifiedDiff(a, b, file string, labels Labels) string {
	from, to := labels.From, labels.To
	if from == "" {
		from = "current"
	}
	if to == "" {
		to = "target"
	}
	d := difflib.UnifiedDiff{
		A:        splitLines(a),
		B:        splitLines(b),
		FromFile: file + " (" + from + ")",
		ToFile:   file + " (" + to + ")",
		Context:  3,
	}
	s, err := difflib.GetUnifiedDiffString(d)
	if err != nil {
		// go-difflib only fails when writing to its own buffer fails.
		return ""
	}
	return withSubroutines(s, d.A, d.B)
}

var (
	hunkRE = regexp.MustCompile(`^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@$`)
	subRE  = regexp.MustCompile(`^\s*sub\s+[A-Za-z0-9_.]+\s*\{`)
)

// withSubroutines adds to each hunk header of a unified diff the
// subroutine its first changed line is in (the nearest "sub NAME {" at or
// before it), as git diff names the function of a hunk.
func withSubroutines(diff string, a, b []string) string {
	lines := strings.SplitAfter(diff, "\n")
	for i, l := range lines {
		m := hunkRE.FindStringSubmatch(strings.TrimSuffix(l, "\n"))
		if m == nil {
			continue
		}
		oldLine, _ := strconv.Atoi(m[1])
		newLine, _ := strconv.Atoi(m[2])
		if sub := hunkSubroutine(lines[i+1:], oldLine, newLine, a, b); sub != "" {
			lines[i] = strings.TrimSuffix(l, "\n") + " " + sub + "\n"
		}
	}
	return strings.Join(lines, "")
}

// hunkSubroutine returns the "sub NAME {" line the first change of a hunk
// (its lines from body, starting at oldLine and newLine) is in, or "".
func hunkSubroutine(body []string, oldLine, newLine int, a, b []string) string {
	// A hunk of an empty side starts at line 0.
	oldLine, newLine = max(oldLine, 1), max(newLine, 1)
	for _, l := range body {
		switch {
		case strings.HasPrefix(l, "@@"):
			return ""
		case strings.HasPrefix(l, "-"):
			return enclosingSub(a, oldLine)
		case strings.HasPrefix(l, "+"):
			return enclosingSub(b, newLine)
		}
		oldLine++
		newLine++
	}
	return ""
}

// enclosingSub returns the nearest "sub NAME {" line at or before line n
// (from 1) of lines, trimmed, or "".
func enclosingSub(lines []string, n int) string {
	for i := min(n, len(lines)) - 1; i >= 0; i-- {
		if subRE.MatchString(lines[i]) {
			return strings.TrimSpace(strings.SplitN(lines[i], "\n", 2)[0])
		}
	}
	return ""
}

// splitLines splits content into lines for go-difflib, keeping each line's
// newline. Unlike difflib.SplitLines it gives no line for empty content (a
// new or removed file) and no extra empty line after a final newline.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		return lines[:len(lines)-1]
	}
	// go-difflib prints lines as they are; end the last one so that the
	// next line of the diff starts on its own line.
	lines[len(lines)-1] += "\n\\ No newline at end of file\n"
	return lines
}
