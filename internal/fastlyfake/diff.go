package fastlyfake

import (
	"fmt"
	"html"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// diffVersions answers GET /service/{id}/diff/from/{a}/to/{b}: the two
// versions' configurations as YAML, compared line by line, every line kept
// with a " ", "-" or "+" prefix (recorded in diff/get and diff/get_again;
// from and to are strings there). format=text is Fastly's default and the
// only recorded one; html and html_simple wrap the same lines in HTML, an
// approximation.
func diffVersions(c *call) (any, *apiError) {
	var vs [2]*version
	for i, name := range []string{"from", "to"} {
		n, err := strconv.Atoi(c.path(name))
		if err != nil || n < 1 {
			return nil, badRequest("Invalid version number '%s'", c.path(name))
		}
		if vs[i] = c.svc.version(n); vs[i] == nil {
			return nil, notFound("Version", fmt.Sprintf("deleted => 0000-00-00 00:00:00, number => %d, service => %s", n, c.svc.ID))
		}
	}
	format := c.form.Get("format")
	if format == "" {
		format = "text"
	}
	lines := diffLines(configYAML(c.svc.ID, vs[0]), configYAML(c.svc.ID, vs[1]))
	var out string
	switch format {
	case "text":
		out = strings.Join(lines, "")
	case "html", "html_simple":
		var b strings.Builder
		b.WriteString("<pre>")
		for _, l := range lines {
			class := map[byte]string{' ': "same", '-': "removed", '+': "added"}[l[0]]
			fmt.Fprintf(&b, "<span class=%q>%s</span>", class, html.EscapeString(l))
		}
		b.WriteString("</pre>")
		out = b.String()
	default:
		return nil, badRequest("Invalid format '%s': use text, html or html_simple", format)
	}
	return map[string]any{"from": c.path("from"), "to": c.path("to"), "format": format, "diff": out}, nil
}

// diffLines compares two texts line by line and returns every line of both,
// in order, prefixed with " " (in both), "-" (only in a) or "+" (only in b).
func diffLines(a, b []string) []string {
	var out []string
	for _, op := range difflib.NewMatcher(a, b).GetOpCodes() {
		switch op.Tag {
		case 'e':
			for _, l := range a[op.I1:op.I2] {
				out = append(out, " "+l)
			}
		case 'd', 'r', 'i':
			for _, l := range a[op.I1:op.I2] {
				out = append(out, "-"+l)
			}
			for _, l := range b[op.J1:op.J2] {
				out = append(out, "+"+l)
			}
		}
	}
	return out
}

// metaFields are not configuration: the diff leaves them out.
var metaFields = map[string]bool{"created_at": true, "updated_at": true, "deleted_at": true, "service_id": true, "version": true, "name": true}

// configYAML renders a version's configuration as Fastly's diff does: keys
// sorted, objects as a sequence led by their name, null as an empty value.
// Each line ends with "\n".
func configYAML(svcID string, v *version) []string {
	top := map[string]any{
		"comment":    v.Comment,
		"deployed":   v.Deployed,
		"service_id": svcID,
		"staging":    v.Staging,
		"testing":    v.Testing,
	}
	for _, p := range unservedKinds {
		top[p] = []record{}
	}
	for _, k := range kinds {
		if k.notInDetails {
			continue
		}
		list := []record{}
		for _, rec := range v.Objects[k.plural] {
			r := rec.clone()
			if k == kindDirector {
				r["backends"] = v.directorBackends(rec.str("name"))
			}
			list = append(list, r)
		}
		top[k.plural] = list
	}
	top["settings"] = v.Settings

	var lines []string
	for _, key := range sortedKeys(top) {
		switch val := top[key].(type) {
		case []record:
			if len(val) == 0 {
				lines = append(lines, key+": []\n")
				continue
			}
			lines = append(lines, key+":\n")
			for _, rec := range val {
				lines = append(lines, "- name: "+yamlScalar(rec.str("name"), "  ")+"\n")
				for _, f := range sortedKeys(rec) {
					if !metaFields[f] {
						lines = append(lines, yamlField("  ", f, rec[f])...)
					}
				}
			}
		case record:
			lines = append(lines, key+":\n")
			for _, f := range sortedKeys(val) {
				lines = append(lines, yamlField("  ", f, val[f])...)
			}
		default:
			lines = append(lines, yamlField("", key, val)...)
		}
	}
	// A literal block (VCL) spans lines: split so that each is diffed.
	out := strings.SplitAfter(strings.Join(lines, ""), "\n")
	return out[:len(out)-1]
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

func yamlField(indent, key string, v any) []string {
	switch x := v.(type) {
	case nil:
		return []string{indent + key + ":\n"}
	case []string:
		if len(x) == 0 {
			return []string{indent + key + ": []\n"}
		}
		out := []string{indent + key + ":\n"}
		for _, s := range x {
			out = append(out, indent+"- "+yamlScalar(s, indent+"  ")+"\n")
		}
		return out
	case string:
		return []string{indent + key + ": " + yamlScalar(x, indent+"  ") + "\n"}
	}
	return []string{fmt.Sprintf("%s%s: %v\n", indent, key, v)}
}

var (
	yamlSpecial = regexp.MustCompile(`^[-?:,\[\]{}#&*!|>'"%@` + "`" + `]|: | #|^\s|\s$|[\x00-\x1f\x7f]`)
	yamlKeyword = regexp.MustCompile(`(?i)^(true|false|yes|no|on|off|null|~|y|n)$`)
)

// yamlScalar writes s as a YAML scalar: plain when it reads back as the same
// string, single-quoted otherwise, a literal block when it has several lines
// (custom VCL).
func yamlScalar(s, indent string) string {
	if strings.Contains(s, "\n") {
		var b strings.Builder
		b.WriteString("|-")
		if strings.HasSuffix(s, "\n") {
			b.Reset()
			b.WriteString("|")
		}
		for _, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
			b.WriteString("\n")
			if l != "" {
				b.WriteString(indent + l)
			}
		}
		return b.String()
	}
	if _, err := strconv.ParseFloat(s, 64); s == "" || err == nil || yamlKeyword.MatchString(s) || yamlSpecial.MatchString(s) {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return s
}
