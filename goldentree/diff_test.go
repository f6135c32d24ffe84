package goldentree

import (
	"strings"
	"testing"
)

// ten is ten numbered lines, far enough apart for two hunks of three lines
// of context.
const ten = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"

func TestUnifiedDiffRoundTrip(t *testing.T) {
	cases := []struct {
		name, a, b string
		hunks      string // the diff after its two header lines
	}{
		{"identical files: the header and no hunk", ten, ten, ""},
		{"hunk at the start", ten, "one\n" + ten[2:], "@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n"},
		{"hunk at the end", ten, strings.TrimSuffix(ten, "10\n") + "ten\n", "@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+ten\n"},
		{"two hunks", ten, "one\n" + ten[2:len(ten)-3] + "ten\n",
			"@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+ten\n"},
		{"changes six lines apart: one hunk", ten, "1\ntwo\n" + ten[4:len(ten)-5] + "nine\n10\n",
			"@@ -1,10 +1,10 @@\n 1\n-2\n+two\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+nine\n 10\n"},
		{"lines inserted", "1\n2\n", "1\nnew\n2\n", "@@ -1,2 +1,3 @@\n 1\n+new\n 2\n"},
		{"lines removed", "1\nold\n2\n", "1\n2\n", "@@ -1,3 +1,2 @@\n 1\n-old\n 2\n"},
		{"the new file lacks its final newline", "1\n2\n", "1\n2", "@@ -1,2 +1,2 @@\n 1\n-2\n+2\n" + noNewline + "\n"},
		{"the base lacks its final newline", "1\n2", "1\n2\n", "@@ -1,2 +1,2 @@\n 1\n-2\n" + noNewline + "\n+2\n"},
		{"neither has a final newline", "1\n2\n3", "one\n2\n3", "@@ -1,3 +1,3 @@\n-1\n+one\n 2\n 3\n" + noNewline + "\n"},
		{"from empty", "", "1\n", "@@ -0,0 +1 @@\n+1\n"},
		{"to empty", "1\n2\n", "", "@@ -1,2 +0,0 @@\n-1\n-2\n"},
		{"blank lines are context too", "a\n\nb\n", "a\n\nc\n", "@@ -1,3 +1,3 @@\n a\n \n-b\n+c\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := unifiedDiff("x/production/f", "x/staging/f", tc.a, tc.b)
			if want := "--- x/production/f\n+++ x/staging/f\n" + tc.hunks; d != want {
				t.Errorf("diff:\n%s\nwant:\n%s", d, want)
			}
			got, err := applyDiff(d, "x/production/f", "x/staging/f", tc.a)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.b {
				t.Errorf("applied: got %q, want %q", got, tc.b)
			}
		})
	}
}

func TestApplyDiffRefusesWhatDoesNotFit(t *testing.T) {
	const head = "--- f\n+++ g\n"
	cases := []struct {
		name, base, diff, want string
	}{
		{"context does not match", strings.Replace(ten, "3\n", "three\n", 1), head + "@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n",
			`hunk 1 (@@ -1,4 +1,4 @@): line 3 of f is "three\n", the diff wants "3\n"`},
		{"removed line does not match", ten, head + "@@ -1,2 +1,2 @@\n 1\n-two\n+2\n",
			`hunk 1 (@@ -1,2 +1,2 @@): line 2 of f is "2\n", the diff wants "two\n"`},
		{"second hunk does not match", ten, head + "@@ -1,2 +1,2 @@\n 1\n-2\n+two\n@@ -9,2 +9,2 @@\n 9\n-ten\n+10\n",
			`hunk 2 (@@ -9,2 +9,2 @@): line 10 of f is "10\n", the diff wants "ten\n"`},
		{"base lost its final newline", "1\n2", head + "@@ -1,2 +1,2 @@\n-1\n+one\n 2\n",
			`hunk 1 (@@ -1,2 +1,2 @@): line 2 of f is "2", the diff wants "2\n"`},
		{"hunk past the end", "1\n2\n", head + "@@ -2,2 +2,2 @@\n 2\n-3\n+three\n", "runs past the end of f (2 lines)"},
		{"hunks out of order", ten, head + "@@ -5 +5 @@\n-5\n+five\n@@ -2 +2 @@\n-2\n+two\n", "hunk 2 (@@ -2 +2 @@): starts at line 2 of f, inside the hunk before it"},
		{"hunk lands elsewhere", ten, head + "@@ -5 +6 @@\n-5\n+five\n", "lands at line 6 of g, but the hunks before it put it at line 5"},
		{"hunk cut short", ten, head + "@@ -1,3 +1,3 @@\n 1\n-2\n+two\n", "the diff ends inside the hunk"},
		{"more lines than counted", ten, head + "@@ -1 +1 @@\n-1\n-2\n+one\n", "more lines than the header counts"},
		{"blank context line without its space", "a\n\nb\n", head + "@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n", `want a line starting with ' ', '-' or '+', got ""`},
		{"other header", ten, "--- e\n+++ g\n", `want the header lines "--- f" and "+++ g"`},
		{"empty diff", ten, "", "does not end with a newline"},
		{"garbage after the hunks", ten, head + "@@ -1 +1 @@\n-1\n+one\nsomething\n", `line 6: want a hunk header "@@ -a,b +c,d @@", got "something"`},
		{"no newline in the middle", ten, head + "@@ -1 +1 @@\n-1\n+one\n" + noNewline + "\n", "line 1 of g has no newline but is not the file's last"},
		// A second reviewer's hand-edited diffs: they panicked (slice bounds)
		// or were taken as a no-op before hunkSpan refused them.
		{"start past any file", ten, head + "@@ -9223372036854775807,2 +1,2 @@\n 1\n 2\n", "runs past the end of f (10 lines)"},
		{"number too large to read", ten, head + "@@ -99999999999999999999,2 +1,2 @@\n 1\n 2\n", `"99999999999999999999" is not a line number`},
		{"empty hunk", ten, head + "@@ -3,0 +3,0 @@\n", "a hunk that changes nothing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := applyDiff(tc.diff, "f", "g", tc.base)
			if err == nil {
				t.Fatalf("applied to %q", got)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}
