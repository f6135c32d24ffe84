package diag

import (
	"strings"
	"testing"
)

func TestPrint(t *testing.T) {
	var l List
	l.Warnf(Pos{File: "b.yaml", Line: 2, Col: 1}, "", "a warning")
	l.Errorf(Pos{File: "a.yaml", Line: 1, Col: 3}, "fix it", "an error")
	tests := []struct {
		errorsOnly bool
		want       string
	}{
		{false, "a.yaml:1:3: error: an error\n    hint: fix it\nb.yaml:2:1: warning: a warning\n1 error\n"},
		{true, "a.yaml:1:3: error: an error\n    hint: fix it\n1 error\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		l.Print(&b, tt.errorsOnly)
		if b.String() != tt.want {
			t.Errorf("errorsOnly %v:\n%s\nwant\n%s", tt.errorsOnly, b.String(), tt.want)
		}
	}
	var b strings.Builder
	append(l, l.Errors()...).Print(&b, false)
	if !strings.HasSuffix(b.String(), "\n2 errors\n") {
		t.Errorf("two errors:\n%s", b.String())
	}
}
