package fastlyplan

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/jsonout"
)

// ANSI colours for terminals; Text uses them only when asked to.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// Text writes plans for people: one line per changed field, new objects
// with all their fields, drift marked, the private include as "content
// hidden", and the VCL files as unified diffs. Colour is for terminals
// (the caller decides: a terminal, NO_COLOR unset). Every line goes through
// paint, which escapes control characters (diag.Printable) before adding
// colour: names, values and VCL come from Fastly's API and must not drive
// the terminal.
func Text(w io.Writer, plans []*Plan, color bool) error {
	var b bytes.Buffer
	paint := func(code, s string) string {
		s = diag.Printable(s)
		if !color || s == "" || code == "" {
			return s
		}
		return code + s + ansiReset
	}
	for i, p := range plans {
		if i > 0 {
			b.WriteString("\n")
		}
		head := fmt.Sprintf("%s (%s), Fastly service %s: %s → %s", p.Service, p.Level, p.ServiceID, p.From, p.To)
		if p.Empty() {
			fmt.Fprintf(&b, "%s: no changes\n", paint(ansiBold, head))
		} else {
			fmt.Fprintf(&b, "%s: %s\n", paint(ansiBold, head), Plural(p.Count(), "change"))
		}
		for _, c := range p.Changes {
			what := c.Kind
			if c.Name != "" {
				what += " " + c.Name
			}
			switch c.Action {
			case Create:
				fmt.Fprintln(&b, paint(ansiGreen, "  + "+what+": new"))
				for _, f := range c.Fields {
					fmt.Fprintln(&b, paint("", fmt.Sprintf("      %s %s", f.Name, formatField(f.Name, f.New))))
				}
			case Update:
				for _, f := range c.Fields {
					if _, hidden := f.New.(Hidden); hidden || hiddenFields[f.Name] {
						fmt.Fprintln(&b, paint(ansiYellow, fmt.Sprintf("  ~ %s: %s changed %s", what, f.Name, hiddenText)))
						continue
					}
					fmt.Fprintln(&b, paint(ansiYellow, fmt.Sprintf("  ~ %s: %s %s → %s", what, f.Name, formatField(f.Name, f.Old), formatField(f.Name, f.New))))
				}
			case Delete:
				fmt.Fprintln(&b, paint(ansiRed, "  - "+what+": on Fastly but not in the source; will be removed"))
			}
		}
		for _, f := range p.VCLs {
			what := "vcl " + f.Name
			switch {
			case f.Action == Delete:
				fmt.Fprintln(&b, paint(ansiRed, "  - "+what+": on Fastly but not in the source; will be removed"))
				continue
			case f.Action == Create && f.Private && f.to.Unknown:
				fmt.Fprintln(&b, paint(ansiGreen, "  + "+what+": new (content hidden, and not given: pass --private-dir)"))
			case f.Action == Create && f.Private:
				fmt.Fprintln(&b, paint(ansiGreen, "  + "+what+": new (content hidden)"))
			case f.Action == Create:
				fmt.Fprintln(&b, paint(ansiGreen, "  + "+what+": new (diff below)"))
			case f.Content && f.Private:
				fmt.Fprintln(&b, paint(ansiYellow, "  ~ "+what+": changed (content hidden)"))
			case f.Content:
				fmt.Fprintln(&b, paint(ansiYellow, "  ~ "+what+": changed (diff below)"))
			}
			if f.Main != nil && f.Action == Update {
				fmt.Fprintln(&b, paint(ansiYellow, fmt.Sprintf("  ~ %s: main %v → %v", what, f.Main.Old, f.Main.New)))
			}
		}
		for _, o := range p.NotManaged {
			fmt.Fprintln(&b, paint("", fmt.Sprintf("  = %s %s: not managed, left alone (to have publish remove it, add %s to ownership.adopt)", o.Kind, o.Name, OwnershipName(o.Kind))))
		}
		for _, o := range p.Kept {
			fmt.Fprintln(&b, paint("", fmt.Sprintf("  = %s %s: kept (ownership.keep.%s)", o.Kind, o.Name, OwnershipName(o.Kind))))
		}
		for _, n := range p.Notes {
			fmt.Fprintln(&b, paint("", "  note: "+n))
		}
		for _, f := range p.VCLs {
			if f.Diff == "" {
				continue
			}
			for _, line := range strings.SplitAfter(f.Diff, "\n") {
				if line == "" {
					continue
				}
				code := ""
				switch {
				case strings.HasPrefix(line, "---"), strings.HasPrefix(line, "+++"):
					code = ansiBold
				case strings.HasPrefix(line, "@@"):
					code = ansiCyan
				case strings.HasPrefix(line, "+"):
					code = ansiGreen
				case strings.HasPrefix(line, "-"):
					code = ansiRed
				}
				b.WriteString(paint(code, strings.TrimSuffix(line, "\n")) + "\n")
			}
		}
	}
	writeSummary(&b, plans)
	_, err := w.Write(b.Bytes())
	return err
}

// writeSummary ends the text with one line per service, as terraform
// plan does: what is added, changed and destroyed.
func writeSummary(b *bytes.Buffer, plans []*Plan) {
	if len(plans) == 0 {
		return
	}
	b.WriteString("\nsummary:\n")
	for _, p := range plans {
		t := p.Tally()
		if p.Empty() {
			fmt.Fprintf(b, "  %s (%s): no changes\n", p.Service, p.Level)
			continue
		}
		fmt.Fprintf(b, "  %s (%s): %s\n", p.Service, p.Level, t)
	}
}

// Tally counts a plan's changes by what they do.
type Tally struct {
	Add     int `json:"add"`
	Change  int `json:"change"`
	Destroy int `json:"destroy"`
}

// String is the tally as the summaries say it: "1 to add, 2 to change,
// 0 to destroy" (the text's last lines, diff-markdown's headings).
func (t Tally) String() string {
	return fmt.Sprintf("%d to add, %d to change, %d to destroy", t.Add, t.Change, t.Destroy)
}

// Tally counts the objects and VCL files the plan adds, changes and
// destroys.
func (p *Plan) Tally() Tally {
	var t Tally
	count := func(a Action) {
		switch a {
		case Create:
			t.Add++
		case Update:
			t.Change++
		case Delete:
			t.Destroy++
		}
	}
	for _, c := range p.Changes {
		count(c.Action)
	}
	for _, f := range p.VCLs {
		count(f.Action)
	}
	return t
}

// JSONPlan is a plan as JSON writes it, with its tally: one service of
// diff --output json. planreport decodes the documents into it, so that
// what diff writes and what diff-markdown reads are one declaration (the
// shape is stable: fields are added, never renamed or removed, so a
// document of any edgectl version decodes into it).
type JSONPlan struct {
	Plan
	Summary Tally `json:"summary"`
}

// JSON writes plans for tools: {"changes": total, "services": [plan...]},
// each plan with its summary {"add", "change", "destroy"}. Private content
// and diffs of private files are never in it.
func JSON(w io.Writer, plans []*Plan) error {
	total := 0
	services := []JSONPlan{}
	for _, p := range plans {
		total += p.Count()
		services = append(services, JSONPlan{Plan: *p, Summary: p.Tally()})
	}
	out := struct {
		Changes  int        `json:"changes"`
		Services []JSONPlan `json:"services"`
	}{total, services}
	return jsonout.Write(w, out)
}

// Plural counts a noun: "1 change", "3 changes".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// durationFields are the fields whose numbers are durations, with their
// unit. Backend timeouts are "duration in milliseconds" (Fastly API
// reference, Backend: https://www.fastly.com/documentation/reference/api/services/backend),
// a health check's check_interval and timeout too (Health check:
// https://www.fastly.com/documentation/reference/api/services/healthcheck).
// The Settings page (https://www.fastly.com/documentation/reference/api/vcl-services/settings/)
// names no unit for the TTLs; they are seconds, as their defaults 3600 and
// 43200 (1h and 12h, the web UI's values) show.
var durationFields = map[string]time.Duration{
	"connect_timeout":            time.Millisecond,
	"first_byte_timeout":         time.Millisecond,
	"between_bytes_timeout":      time.Millisecond,
	"check_interval":             time.Millisecond,
	"timeout":                    time.Millisecond,
	"general.default_ttl":        time.Second,
	"general.stale_if_error_ttl": time.Second,
}

// formatField prints a field value for people: durations as durations
// (7d, 1h, 30s, 1500ms), anything else as formatValue does.
func formatField(name string, v any) string {
	if certificateFields[name] {
		v = fingerprint(v)
	}
	unit, ok := durationFields[name]
	n, isInt := v.(int)
	if !ok || !isInt {
		return formatValue(v)
	}
	return formatDuration(time.Duration(n) * unit)
}

// formatDuration writes d in the largest unit that divides it, in the
// definition's syntax: 7d, 1h, 90s, 1500ms.
func formatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	for _, u := range []struct {
		d    time.Duration
		unit string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if d%u.d == 0 {
			return fmt.Sprintf("%d%s", d/u.d, u.unit)
		}
	}
	return fmt.Sprintf("%dms", d/time.Millisecond)
}

// formatValue prints a field value: strings quoted, lists and maps sorted.
func formatValue(v any) string {
	if v == nil {
		return "(none)"
	}
	switch x := v.(type) {
	case Hidden:
		return hiddenText
	case string:
		return fmt.Sprintf("%q", x)
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	case map[string]string:
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(x)) {
			parts = append(parts, fmt.Sprintf("%s=%q", k, x[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Struct {
		return fmt.Sprintf("%+v", v)
	}
	return fmt.Sprint(v)
}
