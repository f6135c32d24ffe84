package definition

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/diag"
)

// wantError is an error a test expects: its position (file:line:col) and a
// substring of its message.
type wantError struct {
	pos  string
	text string
}

// expectErrors fails t unless the errors of diags are exactly want: each
// one present at its position, and no other; and each with a hint.
func expectErrors(t *testing.T, diags diag.List, want []wantError) {
	t.Helper()
	errs := diags.Errors()
	for _, w := range want {
		if !hasDiag(errs, w.pos, w.text) {
			t.Errorf("missing error %s: %s", w.pos, w.text)
		}
	}
	if len(errs) != len(want) {
		t.Errorf("got %d errors, want %d:\n%v", len(errs), len(want), diags.Err())
	}
	for _, d := range errs {
		if d.Hint == "" {
			t.Errorf("%s has no hint: a user needs to know how to fix it", d)
		}
	}
}

// expectErrorText checks the errors of diags, one a line as printed, against
// want, substrings of that text; no want means no error at all. It returns
// whether errors were expected, for the checks that only one of the two
// outcomes has (the loaded site, the first error's hint).
func expectErrorText(t *testing.T, diags diag.List, want []string) (errorsExpected bool) {
	t.Helper()
	got := ""
	for _, d := range diags.Errors() {
		got += d.String() + "\n"
	}
	if len(want) == 0 {
		if got != "" {
			t.Fatalf("errors:\n%s", got)
		}
		return false
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("want %q in:\n%s", w, got)
		}
	}
	return true
}
