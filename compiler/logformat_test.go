package compiler_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/verify"
)

// vExprRE finds the %{VCL expression}V directives of a version 2 log format
// ("Custom log formats",
// https://www.fastly.com/documentation/guides/integrations/streaming-logs/custom-log-formats);
// \{ and \} escape braces inside one.
var vExprRE = regexp.MustCompile(`%\{(.*?)\}V`)

// logStatement is the log statement Fastly renders for an endpoint in
// vcl_log ("syslog <service id> <endpoint> :: " and the line), with each
// %{...}V directive as the VCL expression it evaluates. Other directives
// are not VCL and are left out.
func logStatement(format string) string {
	var b strings.Builder
	b.WriteString(`log "syslog " req.service_id " salt :: "`)
	for _, m := range vExprRE.FindAllStringSubmatch(format, -1) {
		expr := strings.NewReplacer(`\{`, "{", `\}`, "}").Replace(m[1])
		b.WriteString(` " " ` + expr)
	}
	return b.String() + ";"
}

// TestLogFormatIsVCL: every expression of the default log format is VCL
// falco accepts in vcl_log, where Fastly places the log statement of a
// version 2 endpoint ("Changing log placement",
// https://www.fastly.com/documentation/guides/integrations/streaming-logs/changing-log-placement);
// an unknown variable is caught.
func TestLogFormatIsVCL(t *testing.T) {
	cases := []struct {
		name, format string
		errors       bool
	}{
		{"default", definition.DefaultLogFormat, false},
		{"unknown variable", `%{req.bogus}V`, true},
	}
	// time, client IP, method, URL, status, bytes, cache state, version, POP
	if n := len(vExprRE.FindAllString(definition.DefaultLogFormat, -1)); n != 9 {
		t.Fatalf("the default format has %d VCL expressions, want 9", n)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stmt := logStatement(c.format)
			src := "sub vcl_recv {\n#FASTLY recv\n}\n\nsub vcl_log {\n#FASTLY log\n  " + stmt + "\n}\n"
			findings, err := verify.Lint(verify.Files{"main": src}, "main")
			if err != nil {
				t.Fatal(err)
			}
			var bad []string
			for _, f := range findings {
				if f.Severity != verify.SeverityInfo {
					bad = append(bad, f.Severity+": "+f.Message)
				}
			}
			if (len(bad) > 0) != c.errors {
				t.Errorf("%s\nfindings %q, want errors: %v", stmt, bad, c.errors)
			}
		})
	}
}
