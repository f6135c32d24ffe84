package compiler

import "testing"

// TestConditions: the condition helpers put parentheses exactly where VCL's
// precedence needs them (! over && over ||), written out here by hand.
func TestConditions(t *testing.T) {
	tests := []struct {
		name string
		got  cond
		want string
	}{
		{"a header test", is("req.http.A"), "req.http.A"},
		{"not a header", not(is("req.http.A")), "!req.http.A"},
		{"not a comparison", not(eq("req.method", `"GET"`)), `!(req.method == "GET")`},
		{"not an or", not(or(is("a"), is("b"))), "!(a || b)"},
		{"and of an or", and(is("a"), or(is("b"), is("c")), is("d")), "a && (b || c) && d"},
		{"or of an and", or(and(is("a"), is("b")), is("c")), "a && b || c"},
		{"one operand", and(eq("x", "1")), "x == 1"},
		{"matches quotes", matches("req.url.path", `^/a"b`), `req.url.path ~ "^/a%22b"`},
		{"notMatches", notMatches("beresp.http.Vary", "Accept-Encoding"), `beresp.http.Vary !~ "Accept-Encoding"`},
		{"anyOf", anyOf("resp.status", "500", "502"), "resp.status == 500 || resp.status == 502"},
		{"group of one", group(is("a")), "a"},
		{"group of two", group(anyOf("req.method", `"GET"`, `"POST"`)), `(req.method == "GET" || req.method == "POST")`},
		{"getOrHead in and", and(getOrHead, is("x")), `(req.method == "GET" || req.method == "HEAD") && x`},
	}
	for _, tt := range tests {
		if tt.got.String() != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}

// TestChoose: an if / else-if / else chain closes each arm on the line that
// opens the next, at the indentation of the if, and a chain of only an else
// is its body.
func TestChoose(t *testing.T) {
	e := &emitter{}
	e.sub("s", func() {
		e.choose(
			then(is("a"), func() { e.line("A;") }),
			then(is("b"), func() { e.line("B;") }),
			otherwise(func() { e.line("C;") }),
		)
		e.choose(otherwise(func() { e.line("D;") }))
	})
	want := "sub s {\n  if (a) {\n    A;\n  } else if (b) {\n    B;\n  } else {\n    C;\n  }\n  D;\n}\n"
	if got := e.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(e.src) != 10 {
		t.Errorf("source map has %d lines, want 10", len(e.src))
	}
}
