package diag

import (
	"strings"
	"testing"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"backend app1: port 80", "backend app1: port 80"},
		{"naïve café – ünïcode ✓ 日本", "naïve café – ünïcode ✓ 日本"},
		{"tab\tkept", "tab\tkept"},
		{"back\\slash", "back\\slash"},
		{"red\x1b[31mtext", `red\x1b[31mtext`},
		{"over\rwrite", `over\x0dwrite`},
		{"bell\a", `bell\x07`},
		{"line\nbreak", `line\x0abreak`},
		{"nul\x00", `nul\x00`},
		{"del\x7f", `del\x7f`},
		{"c1 \u009b31m", `c1 \u009b31m`},
		{"bidi \u202eevil", `bidi \u202eevil`},
		{"invalid \xff byte", `invalid \xff byte`},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDiagnosticEscapes: a diagnostic never puts a raw control character on
// screen, whatever its message or hint quotes; its own line breaks stay.
func TestDiagnosticEscapes(t *testing.T) {
	d := Diagnostic{Pos: Pos{File: "vcl/www/recv.vcl", Line: 3, Col: 1}, Message: "falco says no\n    compiled line: set x = 1; # \x1b[2J\r", Hint: "fix \x1b]0;title\a"}
	got := d.String()
	want := "vcl/www/recv.vcl:3:1: error: falco says no\n    compiled line: set x = 1; # \\x1b[2J\\x0d\n    hint: fix \\x1b]0;title\\x07"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if strings.ContainsAny(got, "\x1b\r\a") {
		t.Error("raw control characters in the output")
	}
}
