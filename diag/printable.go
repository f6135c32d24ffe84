package diag

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s with every character that would act on a terminal
// rather than show on it written as an escape: C0 controls but the tab
// (ESC as \x1b, CR as \x0d, a line feed as \x0a), DEL, C1 controls and the
// bidirectional overrides as \u009b, and bytes that are not UTF-8 as \xff.
// Everything else, UTF-8 letters and symbols included, is unchanged.
//
// Text from outside edgectl (names and messages read from Fastly or
// OpenStack, hook and definition text) goes through it wherever it is
// printed, so that it cannot recolour, rewrite or hide other output.
func Printable(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case escaped(r) && r < utf8.RuneSelf:
			fmt.Fprintf(&b, `\x%02x`, r)
		case escaped(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || escaped(r) {
			return true
		}
		i += size
	}
	return false
}

func escaped(r rune) bool {
	if r == '\t' {
		return false
	}
	// unicode.IsControl is C0, DEL and C1; Bidi_Control holds the
	// embeddings, overrides and isolates that reorder what follows.
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// PrintableLines escapes each line of s, keeping the line breaks: a
// message's own layout stays, a line feed inside quoted text cannot add one.
func PrintableLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Printable(l)
	}
	return strings.Join(lines, "\n")
}
