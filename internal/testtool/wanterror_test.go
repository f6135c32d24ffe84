package testtool

import (
	"errors"
	"testing"
)

func TestWantError(t *testing.T) {
	const mismatch = "error %v, want one containing %q"
	tests := []struct {
		name       string
		err        error
		want       string
		wantWanted bool
		wantFatal  string
	}{
		{"no error wanted, none", nil, "", false, ""},
		{"no error wanted, one", errors.New("boom"), "", false, "boom"},
		{"error wanted, it", errors.New(`unknown level "x"`), "unknown level", true, ""},
		{"error wanted, another", errors.New("boom"), "unknown level", false, mismatch},
		{"error wanted, none", nil, "unknown level", false, mismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, got := run(t, func(tb testing.TB) bool { return WantError(tb, tt.err, tt.want) })
			if r.fatal != tt.wantFatal {
				t.Errorf("fatal %q, want %q", r.fatal, tt.wantFatal)
			}
			if got != tt.wantWanted {
				t.Errorf("wanted %v, want %v", got, tt.wantWanted)
			}
		})
	}
}
