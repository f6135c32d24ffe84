package fleet

import (
	"errors"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/diag"
)

func TestWriteRoles(t *testing.T) {
	tests := []struct {
		names              []string
		wantOK             bool
		wantOut, wantError string
	}{
		{[]string{"www1"}, true, "", ""},
		{[]string{"www1", "app2"}, true, "www1: ", ""},
		{[]string{"Bad_Name"}, false, "", "edgectl: "},
	}
	for _, tt := range tests {
		var out, errOut strings.Builder
		ok := WriteRoles(&out, &errOut, tt.names)
		if ok != tt.wantOK || !strings.HasPrefix(out.String(), tt.wantOut) || !strings.HasPrefix(errOut.String(), tt.wantError) {
			t.Errorf("%v: ok %v, out %q, err %q", tt.names, ok, out.String(), errOut.String())
		}
		if tt.wantError != "" && !strings.Contains(errOut.String(), "hint: ") {
			t.Errorf("%v: no hint in %q", tt.names, errOut.String())
		}
		if n := strings.Count(out.String(), "\n"); tt.wantOK && len(tt.names) > 1 && n != len(tt.names) {
			t.Errorf("%v: %d lines, want one per name:\n%s", tt.names, n, out.String())
		}
	}
}

func TestCommandOpenReportsUnknownLevel(t *testing.T) {
	var errOut strings.Builder
	c := &Command{Root: repoRoot, Levels: []string{"stagign"}, Err: &errOut, Diags: func(l diag.List) { t.Errorf("diagnostics %v", l) }}
	_, _, err := c.Open()
	if !errors.Is(err, diag.ErrReported) {
		t.Errorf("error %v, want diag.ErrReported", err)
	}
	if want := `edgectl: unknown level "stagign"; did you mean "staging"?`; !strings.HasPrefix(errOut.String(), want) {
		t.Errorf("stderr %q, want it to start with %q", errOut.String(), want)
	}
}

func TestCommandCheckWritesJSON(t *testing.T) {
	var out strings.Builder
	c := &Command{Root: repoRoot, JSON: true, Out: &out, Diags: func(diag.List) {}}
	if err := c.Check(); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if !strings.HasPrefix(out.String(), "{\n  \"ok\": true,") {
		t.Errorf("the JSON report starts %q", out.String()[:min(40, len(out.String()))])
	}
}
