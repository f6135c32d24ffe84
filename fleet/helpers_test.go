package fleet

import (
	"strings"
	"testing"
)

// expectContains fails t for each of wants that text (what: "errors",
// "plan") does not contain.
func expectContains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("%s: missing %q in:\n%s", what, want, text)
		}
	}
}
