package fastlyvcl

import (
	"strings"
)

// String writes s as a VCL string literal, the way Fastly's generated VCL
// must carry an object's text (a backend's host, a healthcheck's request
// line, a dictionary item). Fastly decodes %XX escapes inside "..." (Fastly
// VCL reference, "Types", STRING literals:
// https://www.fastly.com/documentation/reference/vcl/types/), so a double
// quote, a percent sign and every control byte (below 0x20, and DEL) are
// written as %XX with upper-case hex digits; every other byte is kept.
//
// It is not the compiler's quoting of main.vcl (compiler.Str), so that a
// quoting bug in the compiler's own VCL shows up as a difference between
// the two instead of being shared.
func String(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, c := range []byte(s) {
		if needsPercentEscape(c) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0x0f])
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}

// needsPercentEscape reports whether c cannot stand for itself in "...":
// it would end the literal, start an escape, or is a control byte.
func needsPercentEscape(c byte) bool {
	return c == '"' || c == '%' || c < 0x20 || c == 0x7f
}

// Ident turns an object name into a VCL identifier the way Fastly
// generates them: characters other than letters, digits and _ become _.
// (Fastly's exact rule for such names is unconfirmed; names edgectl
// compiles are identifiers already and stay as they are.)
func Ident(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '_'
	}, name)
}
