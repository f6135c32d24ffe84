// Package planreport renders the JSON documents of edgectl diff --output
// json as one markdown plan, for a pull request comment or a CI artefact:
// a summary, then for each service that changes a table of its objects
// and VCL diffs folded under <details>, then the services that do not.
//
// It decodes the documents into the types diff encodes them from
// (fastlyplan.JSONPlan), so that the reader cannot drift from the writer;
// the shape is stable (README, "Output for people and for tools": fields
// are added, never renamed or removed), so it renders what any edgectl
// version wrote. Text from Fastly (object names, values) is escaped so that
// it cannot break the table or inject HTML.
package planreport

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/fastlyplan"
)

// Diff is one edgectl diff --output json document. Changes is a pointer
// only so that Decode can tell a document without it from another kind of
// JSON; the plans are fastlyplan's own type.
type Diff struct {
	Changes  *int                  `json:"changes"`
	Services []fastlyplan.JSONPlan `json:"services"`
}

// Decode reads one diff document; name is where it came from, for errors.
func Decode(name string, r io.Reader) (*Diff, error) {
	var d Diff
	dec := json.NewDecoder(r)
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("%s: not the JSON of edgectl diff --output json: %v", name, err)
	}
	if d.Changes == nil || d.Services == nil {
		return nil, fmt.Errorf("%s: not the JSON of edgectl diff --output json: it lacks \"changes\" or \"services\"", name)
	}
	return &d, nil
}

// Markdown writes the plan of every document, in order.
func Markdown(w io.Writer, docs []*Diff) {
	var changed, unchanged []*fastlyplan.JSONPlan
	var total fastlyplan.Tally
	for _, d := range docs {
		for i := range d.Services {
			p := &d.Services[i]
			if p.Empty() {
				unchanged = append(unchanged, p)
				continue
			}
			changed = append(changed, p)
			total.Add += p.Summary.Add
			total.Change += p.Summary.Change
			total.Destroy += p.Summary.Destroy
		}
	}
	byService := func(a, b *fastlyplan.JSONPlan) int { return strings.Compare(a.Service, b.Service) }
	slices.SortStableFunc(changed, byService)
	slices.SortStableFunc(unchanged, byService)
	all := len(changed) + len(unchanged)
	fmt.Fprint(w, "# edgectl plan\n\n")
	if len(changed) == 0 {
		fmt.Fprintf(w, "**No changes: Fastly matches the source for every service (%d compared).**\n", all)
	} else {
		fmt.Fprintf(w, "**%s of %d changes on Fastly: %s.**\n", fastlyplan.Plural(len(changed), "service"), all, total)
	}
	for _, p := range changed {
		writePlan(w, p)
	}
	if len(unchanged) > 0 {
		var names []string
		for _, p := range unchanged {
			names = append(names, fmt.Sprintf("%s (%s)", text(p.Service), text(p.Level)))
		}
		fmt.Fprintf(w, "\nUnchanged: %s.\n", strings.Join(names, ", "))
	}
}

var actionMark = map[fastlyplan.Action]string{fastlyplan.Create: "+", fastlyplan.Update: "~", fastlyplan.Delete: "−"}

func writePlan(w io.Writer, p *fastlyplan.JSONPlan) {
	fmt.Fprintf(w, "\n## %s (%s): %s\n\n", text(p.Service), text(p.Level), p.Summary)
	fmt.Fprintf(w, "Fastly service `%s`, %s → %s.\n\n", code(p.ServiceID), text(p.From), text(p.To))
	fmt.Fprint(w, "| | object | fields |\n|---|---|---|\n")
	for _, c := range p.Changes {
		obj := strings.TrimSpace(text(c.Kind) + " " + text(c.Name))
		if c.Drift {
			obj += " (on Fastly only: drift)"
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", actionMark[c.Action], obj, fields(c.Fields))
	}
	for _, v := range p.VCLs {
		what := ""
		switch {
		case v.Private && v.Content:
			what = "content changed (hidden)"
		case v.Content && v.Diff != "":
			what = "content (diff below)"
		case v.Content:
			what = "content"
		}
		fmt.Fprintf(w, "| %s | VCL %s | %s |\n", actionMark[v.Action], text(v.Name), what)
	}
	for _, n := range p.Notes {
		fmt.Fprintf(w, "\nNote: %s\n", text(n))
	}
	for _, v := range p.VCLs {
		if v.Private || v.Diff == "" {
			continue
		}
		fence := strings.Repeat("`", max(3, longestRun(v.Diff, '`')+1))
		fmt.Fprintf(w, "\n<details><summary>VCL %s</summary>\n\n%sdiff\n%s", text(v.Name), fence, v.Diff)
		if !strings.HasSuffix(v.Diff, "\n") {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s\n\n</details>\n", fence)
	}
}

// fields writes a change's fields: "port: `80`" for a new value,
// "ttl: `3600` → `60`" for a changed one.
func fields(fs []fastlyplan.Field) string {
	var out []string
	for _, f := range fs {
		if f.Old == nil {
			out = append(out, fmt.Sprintf("%s: `%s`", text(f.Name), value(f.New)))
			continue
		}
		out = append(out, fmt.Sprintf("%s: `%s` → `%s`", text(f.Name), value(f.Old), value(f.New)))
	}
	return strings.Join(out, "; ")
}

// maxValue bounds a value in a table cell; the JSON artefact has it whole.
const maxValue = 120

func value(v any) string {
	b, _ := json.Marshal(v) // decoded from JSON: always encodes
	s := string(b)
	if len(s) > maxValue {
		s = s[:maxValue] + "…"
	}
	return code(s)
}

// text escapes what markdown or HTML would read in a table cell or a line.
func text(s string) string {
	return cellEscaper.Replace(printable(s))
}

// code escapes text inside `...`: a backtick would end it, a bar the cell.
func code(s string) string {
	return strings.NewReplacer("`", "'", "|", `\|`, "\n", " ").Replace(printable(s))
}

var cellEscaper = strings.NewReplacer("|", `\|`, "\\", `\\`, "`", "\\`", "*", `\*`, "<", "&lt;", ">", "&gt;", "&", "&amp;", "[", `\[`, "]", `\]`, "\n", " ")

// printable replaces control characters (and bidirectional overrides),
// which could rewrite a terminal or reorder text showing the artefact, by
// U+FFFD.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202e' || r == '\u202d' {
			return '�'
		}
		return r
	}, s)
}

func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}
