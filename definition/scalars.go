package definition

import (
	"fmt"
	"regexp/syntax"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/definition/yamldec"
)

// Duration is a length of time written as Go durations plus days and weeks:
// "500ms", "15s", "1h30m", "1d", "2w".
type Duration time.Duration

// Std returns the duration as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// UnmarshalYAMLNode parses a duration.
func (d *Duration) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yamldec.Problem{Message: "expected a duration, found " + yamldec.Describe(n), Hint: `write a duration such as "15s", "1h" or "1d"`}
	}
	v, err := ParseDuration(n.Value)
	if err != nil {
		return &yamldec.Problem{Message: err.Error(), Hint: `write a duration such as "500ms", "15s", "1h30m", "1d" or "2w"`}
	}
	*d = Duration(v)
	return nil
}

// ParseDuration parses the duration syntax described at Duration. A bare
// number is refused: seconds and milliseconds are both common in Fastly
// settings, so the unit must be explicit.
func ParseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	if _, err := strconv.Atoi(s); err == nil {
		return 0, fmt.Errorf("duration %q has no unit", s)
	}
	var total time.Duration
	rest := s
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		n, err := strconv.ParseInt(rest[:i], 10, 64)
		if err != nil || n > 1<<31 {
			return 0, fmt.Errorf("duration %q is too large", s)
		}
		rest = rest[i:]
		j := 0
		for j < len(rest) && (rest[j] < '0' || rest[j] > '9') {
			j++
		}
		var unit time.Duration
		switch rest[:j] {
		case "ms":
			unit = time.Millisecond
		case "s":
			unit = time.Second
		case "m":
			unit = time.Minute
		case "h":
			unit = time.Hour
		case "d":
			unit = 24 * time.Hour
		case "w":
			unit = 7 * 24 * time.Hour
		default:
			return 0, fmt.Errorf("invalid unit %q in duration %q (units: ms, s, m, h, d, w)", rest[:j], s)
		}
		rest = rest[j:]
		total += time.Duration(n) * unit
		if total > 10*365*24*time.Hour {
			return 0, fmt.Errorf("duration %q is longer than ten years", s)
		}
	}
	return total, nil
}

// Regexp is a regular expression written in the definitions. Fastly runs
// PCRE; edgectl checks the syntax with Go's RE2, the common subset, so a
// pattern that passes here compiles on Fastly too.
type Regexp struct {
	Source string
}

// IsZero reports whether no pattern was given.
func (r Regexp) IsZero() bool { return r.Source == "" }

// UnmarshalYAMLNode checks the pattern.
func (r *Regexp) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yamldec.Problem{Message: "expected a regular expression, found " + yamldec.Describe(n), Hint: `write the pattern as text, e.g. "^/wiki/"`}
	}
	if err := CheckRegexp(n.Value); err != nil {
		return err
	}
	r.Source = n.Value
	return nil
}

// CheckRegexp returns a *yamldec.Problem when s is not a pattern edgectl
// can hand to Fastly.
func CheckRegexp(s string) error {
	if s == "" {
		return &yamldec.Problem{Message: "empty regular expression", Hint: "write a pattern, or remove the field"}
	}
	if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\r\n") {
		return &yamldec.Problem{Message: "regular expression contains a control character or invalid UTF-8", Hint: `write \n or \x00 style escapes instead of raw control characters`}
	}
	// Parsing is enough to find syntax errors, and much cheaper than
	// compiling the matcher.
	if _, err := syntax.Parse(s, syntax.Perl); err != nil {
		msg := err.Error()
		msg = strings.TrimPrefix(msg, "error parsing regexp: ")
		return &yamldec.Problem{
			Message: "invalid regular expression: " + msg,
			Hint:    "edgectl accepts the RE2 subset of Fastly's PCRE: no lookaround or backreferences; escape literal dots as \\.",
		}
	}
	return nil
}

func strconvQuote(s string) string { return strconv.Quote(s) }

// MarshalYAML writes the duration as FormatDuration does: the syntax
// UnmarshalYAMLNode reads, so that a definition edgectl import writes reads
// back as the same value.
func (d Duration) MarshalYAML() (any, error) { return FormatDuration(d), nil }

// FormatDuration writes a duration in the definition syntax, in its largest
// exact unit ("6h", "90s", "1500ms"): for hints that suggest a value, and
// for the definitions edgectl import writes.
func FormatDuration(d Duration) string {
	units := []struct {
		suffix string
		size   time.Duration
	}{{"w", 7 * 24 * time.Hour}, {"d", 24 * time.Hour}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}}
	for _, u := range units {
		if d.Std() >= u.size && d.Std()%u.size == 0 {
			return fmt.Sprintf("%d%s", d.Std()/u.size, u.suffix)
		}
	}
	return fmt.Sprintf("%dms", d.Std().Milliseconds())
}
