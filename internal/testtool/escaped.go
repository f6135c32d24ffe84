package testtool

import (
	"strings"
	"testing"
)

// ExpectEscaped fails t unless out, text edgectl prints to a terminal,
// holds none of the raw control characters that text from outside (Fastly,
// OpenStack) could use to rewrite the screen (ESC, BEL, CR), and holds each
// of escaped, the forms that text must be printed in. what names out in
// the failure.
func ExpectEscaped(t testing.TB, what, out string, escaped ...string) {
	t.Helper()
	raw := strings.ContainsAny(out, "\x1b\a\r")
	if raw {
		t.Errorf("%s: raw control characters reach the terminal:\n%q", what, out)
	}
	for _, want := range escaped {
		switch {
		case strings.Contains(out, want):
		case raw: // printed quoted above: printed as it is, it would rewrite the test's own output
			t.Errorf("%s: %q is missing (the text is quoted above)", what, want)
		default:
			t.Errorf("%s: %q is missing from:\n%s", what, want, out)
		}
	}
}
