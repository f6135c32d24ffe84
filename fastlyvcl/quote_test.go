package fastlyvcl

import "testing"

// TestString pins the quoting of generated VCL with literals written by hand.
func TestString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", `""`},
		{"plain host", "www.webplatform.org", `"www.webplatform.org"`},
		{"double quote", `a"b`, `"a%22b"`},
		{"percent", "100%", `"100%25"`},
		{"newline and tab", "a\nb\tc", `"a%0Ab%09c"`},
		{"carriage return", "GET / HTTP/1.1\r\n", `"GET / HTTP/1.1%0D%0A"`},
		{"DEL", "x\x7fy", `"x%7Fy"`},
		{"escape byte", "\x1b[0m", `"%1B[0m"`},
		{"UTF-8 kept", "café", `"café"`},
		{"statement injection", `x"; set req.url = "/`, `"x%22; set req.url = %22/"`},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("%s: String(%q) = %s, want %s", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestIdent: object names become VCL identifiers; names that are
// identifiers already are kept.
func TestIdent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"origin", "origin"},
		{"web_01", "web_01"},
		{"web-01", "web_01"},
		{"a.b c", "a_b_c"},
		{"café", "caf_"},
	}
	for _, tt := range tests {
		if got := Ident(tt.in); got != tt.want {
			t.Errorf("Ident(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
