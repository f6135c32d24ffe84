package testtool

import (
	"fmt"
	"strings"
	"testing"
)

func TestExpectEscaped(t *testing.T) {
	for _, tc := range []struct {
		name, out string
		escaped   []string
		want      []string // in the failures, in order; none: passes
	}{
		{"escaped", `name a\x1b[2J`, []string{`a\x1b[2J`}, nil},
		{"raw", "name a\x1b[2J\r", []string{`a\x1b[2J`}, []string{"out: raw control characters reach the terminal:\n\"name a\\x1b[2J\\r\"", `out: "a\\x1b[2J" is missing (the text is quoted above)`}},
		{"bell", "ding\a", nil, []string{"raw control characters"}},
		{"missing", "name a", []string{`a\x1b[2J`}, []string{"out: \"a\\\\x1b[2J\" is missing from:\nname a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &failures{TB: t}
			ExpectEscaped(r, "out", tc.out, tc.escaped...)
			if len(r.errs) != len(tc.want) {
				t.Fatalf("failures %q, want %d", r.errs, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(r.errs[i], w) {
					t.Errorf("failure %q, want it to contain %q", r.errs[i], w)
				}
			}
		})
	}
}

// failures is a testing.TB that records the failures Errorf reports.
type failures struct {
	testing.TB
	errs []string
}

func (e *failures) Helper() {}

func (e *failures) Errorf(format string, args ...any) {
	e.errs = append(e.errs, fmt.Sprintf(format, args...))
}
