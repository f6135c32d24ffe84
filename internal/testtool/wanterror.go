package testtool

import (
	"strings"
	"testing"
)

// WantError checks err against a table case's expected error: with want
// set, err must contain it (wanted is then true: the case ends there);
// with want empty, err must be nil. Either mismatch fails t at once.
func WantError(t testing.TB, err error, want string) (wanted bool) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatal(err)
		}
		return false
	}
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want one containing %q", err, want)
	}
	return true
}
