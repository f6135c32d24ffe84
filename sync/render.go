package sync

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/diag"
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
			fmt.Fprintf(&b, "%s: %s\n", paint(ansiBold, head), plural(p.Count(), "change"))
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
					fmt.Fprintln(&b, paint("", fmt.Sprintf("      %s %s", f.Name, formatValue(f.New))))
				}
			case Update:
				for _, f := range c.Fields {
					fmt.Fprintln(&b, paint(ansiYellow, fmt.Sprintf("  ~ %s: %s %s → %s", what, f.Name, formatValue(f.Old), formatValue(f.New))))
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
	_, err := w.Write(b.Bytes())
	return err
}

// JSON writes plans for tools: {"changes": total, "services": [plan...]}.
// Private content and diffs are never in it.
func JSON(w io.Writer, plans []*Plan) error {
	total := 0
	for _, p := range plans {
		total += p.Count()
	}
	out := struct {
		Changes  int     `json:"changes"`
		Services []*Plan `json:"services"`
	}{total, plans}
	if out.Services == nil {
		out.Services = []*Plan{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// formatValue prints a field value: strings quoted, lists and maps sorted.
func formatValue(v any) string {
	if v == nil {
		return "(none)"
	}
	switch x := v.(type) {
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
