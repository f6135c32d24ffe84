package pipeline

import (
	"testing"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/verify"
)

func TestIndentLines(t *testing.T) {
	tests := []struct{ in, want string }{
		{"one", "one"},
		{"one\ntwo\n   ^", "one\n  two\n     ^"},
		{"one\n", "one\n"},
		{"one\n\n", "one\n  \n"},
	}
	for _, tt := range tests {
		if got := indentLines(tt.in); got != tt.want {
			t.Errorf("indentLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestReports: a failed build reports no unit; lint counts warnings and
// infos per unit, and an error is not OK.
func TestReports(t *testing.T) {
	out := &Output{Units: []*Unit{{Service: "www", Level: "staging", Findings: []verify.Finding{
		{File: "main", Line: 3, Col: 1, Severity: verify.SeverityWarning, Rule: "r", Message: "m"},
		{File: "main", Line: 4, Col: 1, Severity: verify.SeverityInfo, Message: "i"},
		{File: "main", Line: 5, Col: 1, Severity: verify.SeverityInfo, Message: "j"},
	}}}}
	var failed diag.List
	failed.Errorf(diag.Pos{File: "levels.yaml"}, "", "unknown level %q", "prod")
	if r := Report("build", out, failed); r.OK || len(r.Units) != 0 || len(r.Diagnostics) != 1 {
		t.Errorf("failed build: %+v", r)
	}
	if r := Report("build", out, nil); !r.OK || len(r.Units) != 1 || r.Units[0] != (UnitReport{"www", "staging", "www/staging"}) || r.Diagnostics == nil {
		t.Errorf("build: %+v", r)
	}
	l := Lint(out, nil)
	if !l.OK || len(l.Units) != 1 || l.Units[0].Warnings != 1 || l.Units[0].Infos != 2 || len(l.Units[0].Findings) != 3 || l.Units[0].Findings[0].Rule != "r" {
		t.Errorf("lint: %+v", l)
	}
	if l := Lint(nil, failed); l.OK || l.Units == nil {
		t.Errorf("lint of a failed build: %+v", l)
	}
}
