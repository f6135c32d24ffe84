package compiler

import (
	"strings"
	"testing"

	"github.com/ysugimoto/falco/ast"
	"github.com/ysugimoto/falco/lexer"
	"github.com/ysugimoto/falco/parser"
)

// parseString parses `set req.http.X = <lit>;` with falco and returns the
// value the literal denotes, so the quoting is checked by the real lexer.
func parseString(t *testing.T, lit string) string {
	t.Helper()
	src := "sub vcl_recv {\n  set req.http.X = " + lit + ";\n}\n"
	vcl, err := parser.New(lexer.NewFromString(src)).ParseVCL()
	if err != nil {
		t.Fatalf("falco cannot parse %s: %v", lit, err)
	}
	sub := vcl.Statements[0].(*ast.SubroutineDeclaration)
	if len(sub.Block.Statements) != 1 {
		t.Fatalf("literal %s produced %d statements: injection", lit, len(sub.Block.Statements))
	}
	set := sub.Block.Statements[0].(*ast.SetStatement)
	s, ok := set.Value.(*ast.String)
	if !ok {
		t.Fatalf("literal %s parsed as %T", lit, set.Value)
	}
	return s.Value
}

func TestStr(t *testing.T) {
	for _, in := range []string{
		"plain",
		`IE=edge,chrome=1`,
		`quote " inside`,
		`"; } sub vcl_recv { error 700; } set req.http.Y = "`,
		"percent %22 and %",
		`back\slash \1`,
		"tab\tand high ✓ unicode",
		"",
	} {
		got := parseString(t, Str(in))
		if got != in {
			t.Errorf("Str(%q) reads back as %q", in, got)
		}
	}
}

func TestLongStr(t *testing.T) {
	for _, in := range []string{
		"<p>plain</p>",
		`has "} inside`,
		`has "} and "EDGECTL} inside`,
		"ends with a quote\"",
		"{\"json\": \"value\"}",
	} {
		lit := LongStr(in)
		if got := parseString(t, lit); got != in {
			t.Errorf("LongStr(%q) = %s reads back as %q", in, lit, got)
		}
	}
}

func TestFQDN(t *testing.T) {
	tests := []struct{ host, want string }{
		{"@", "webplatform.org"},
		{"www", "www.webplatform.org"},
		{"objects.dreamhost.com", "objects.dreamhost.com"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FQDN(definitionHost(tt.host), "webplatform.org"); got != tt.want {
			t.Errorf("FQDN(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
}

func TestRTime(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{{"1s", "1s"}, {"1h", "3600s"}, {"1d", "86400s"}, {"1500ms", "1500ms"}}
	for _, tt := range tests {
		if got := rtime(mustDuration(t, tt.in)); got != tt.want {
			t.Errorf("rtime(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestTypeCondition(t *testing.T) {
	got := typeCondition([]string{"text/html", "image/", "font"}).String()
	if !strings.Contains(got, `text/html\s*($|;)`) || !strings.Contains(got, "|image/|") || !strings.Contains(got, "|font/)") {
		t.Errorf("typeCondition = %s", got)
	}
}
