package goldentree

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// diffContext is the number of unchanged lines around each change in a
// level's diff: enough to see where a change sits, few enough that a change
// to the base's shared logic elsewhere leaves the diff alone.
const diffContext = 3

// noNewline follows, in a unified diff, a line that ends its file without
// a newline, as diff(1) writes it and patch(1) reads it.
const noNewline = `\ No newline at end of file`

// unifiedDiff returns the unified diff from a (the file from) to b (the
// file to), headed "--- from" and "+++ to". Contents that are the same
// give the two header lines and no hunk, so that the file still says what
// it is the same as. Every line is compared whole: no line counts as junk,
// since golden files (JSON above all) repeat many lines that must still
// anchor the hunks.
func unifiedDiff(from, to, a, b string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", from, to)
	al, bl := splitLines(a), splitLines(b)
	m := difflib.NewMatcherWithJunk(al, bl, false, nil)
	for _, group := range m.GetGroupedOpCodes(diffContext) {
		first, last := group[0], group[len(group)-1]
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(first.I1, last.I2), hunkRange(first.J1, last.J2))
		for _, c := range group {
			if c.Tag == 'e' {
				writeLines(&sb, ' ', al[c.I1:c.I2])
				continue
			}
			if c.Tag == 'r' || c.Tag == 'd' {
				writeLines(&sb, '-', al[c.I1:c.I2])
			}
			if c.Tag == 'r' || c.Tag == 'i' {
				writeLines(&sb, '+', bl[c.J1:c.J2])
			}
		}
	}
	return sb.String()
}

// splitLines splits s into lines, each with its "\n" but perhaps the last.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func writeLines(sb *strings.Builder, prefix byte, lines []string) {
	for _, l := range lines {
		sb.WriteByte(prefix)
		sb.WriteString(l)
		if !strings.HasSuffix(l, "\n") {
			sb.WriteString("\n" + noNewline + "\n")
		}
	}
}

// hunkRange is one side of a hunk header: "start,count", "start" for one
// line, and for no line the line before the place (diff(1)'s convention).
func hunkRange(start, stop int) string {
	switch stop - start {
	case 1:
		return strconv.Itoa(start + 1)
	case 0:
		return strconv.Itoa(start) + ",0"
	}
	return fmt.Sprintf("%d,%d", start+1, stop-start)
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n$`)

// applyDiff applies a diff written by unifiedDiff, from the file from to
// the file to, to base, the content of from. It is strict where patch(1)
// is forgiving: the header must name from and to, every context and removed
// line must be base's line at the very place the hunk header says (no
// offset, no fuzz) and every hunk must say where it lands in the result, so
// that a golden file edited by hand, or a base changed without its diffs,
// is refused with the hunk that no longer fits rather than patched into
// something the build never wrote.
func applyDiff(diff, from, to, base string) (string, error) {
	if !strings.HasSuffix(diff, "\n") {
		return "", fmt.Errorf("the diff does not end with a newline")
	}
	lines := splitLines(diff)
	if len(lines) < 2 || lines[0] != "--- "+from+"\n" || lines[1] != "+++ "+to+"\n" {
		return "", fmt.Errorf("want the header lines %q and %q", "--- "+from, "+++ "+to)
	}
	src := splitLines(base)
	var out []string
	next := 0 // the first line of src not yet copied to out
	for i, n := 2, 0; i < len(lines); n++ {
		header := strings.TrimSuffix(lines[i], "\n")
		m := hunkHeader.FindStringSubmatch(lines[i])
		if m == nil {
			return "", fmt.Errorf("line %d: want a hunk header \"@@ -a,b +c,d @@\", got %q", i+1, header)
		}
		h := hunk{n: n + 1, header: header}
		oldAt, oldCount, err := hunkSpan(m[1], m[2])
		if err != nil {
			return "", h.errorf("%v", err)
		}
		newAt, newCount, err := hunkSpan(m[3], m[4])
		if err != nil {
			return "", h.errorf("%v", err)
		}
		if oldCount == 0 && newCount == 0 {
			// unifiedDiff never writes one; a hand edit did.
			return "", h.errorf("a hunk that changes nothing")
		}
		i, err = h.read(lines, i+1, oldCount, newCount)
		if err != nil {
			return "", err
		}
		switch {
		case oldAt < next:
			return "", h.errorf("starts at line %d of %s, inside the hunk before it", oldAt+1, from)
		case oldAt > len(src)-oldCount: // not oldAt+oldCount: that can overflow
			return "", h.errorf("runs past the end of %s (%d lines)", from, len(src))
		}
		out = append(out, src[next:oldAt]...)
		if newAt != len(out) {
			return "", h.errorf("lands at line %d of %s, but the hunks before it put it at line %d", newAt+1, to, len(out)+1)
		}
		for k, want := range h.old {
			if got := src[oldAt+k]; got != want {
				return "", h.errorf("line %d of %s is %q, the diff wants %q", oldAt+k+1, from, got, want)
			}
		}
		out = append(out, h.new...)
		next = oldAt + oldCount
	}
	out = append(out, src[next:]...)
	for k, l := range out[:max(len(out)-1, 0)] {
		if !strings.HasSuffix(l, "\n") {
			return "", fmt.Errorf("line %d of %s has no newline but is not the file's last", k+1, to)
		}
	}
	return strings.Join(out, ""), nil
}

// hunkSpan turns one side of a hunk header into the 0-based index of its
// first line and its line count.
func hunkSpan(start, count string) (at, n int, err error) {
	if at, err = strconv.Atoi(start); err != nil {
		return 0, 0, fmt.Errorf("%q is not a line number", start)
	}
	n = 1
	if count != "" {
		if n, err = strconv.Atoi(count); err != nil {
			return 0, 0, fmt.Errorf("%q is not a line count", count)
		}
	}
	if n > 0 {
		at--
	}
	return at, n, nil
}

// hunk is one hunk of a diff being applied: the lines it wants in the base
// (context and removed) and the lines it puts in their place.
type hunk struct {
	n        int
	header   string
	old, new []string
}

func (h *hunk) errorf(format string, args ...any) error {
	return fmt.Errorf("hunk %d (%s): %s", h.n, h.header, fmt.Sprintf(format, args...))
}

// read reads the body of the hunk from lines[i:] until it holds oldCount
// and newCount lines, and returns the index of the line after it.
func (h *hunk) read(lines []string, i, oldCount, newCount int) (int, error) {
	for ; i < len(lines) && (len(h.old) < oldCount || len(h.new) < newCount); i++ {
		l := lines[i]
		switch l[0] {
		case ' ':
			h.old, h.new = append(h.old, l[1:]), append(h.new, l[1:])
		case '-':
			h.old = append(h.old, l[1:])
		case '+':
			h.new = append(h.new, l[1:])
		default:
			return 0, h.errorf("line %d: want a line starting with ' ', '-' or '+', got %q", i+1, strings.TrimSuffix(l, "\n"))
		}
		if len(h.old) > oldCount || len(h.new) > newCount {
			return 0, h.errorf("line %d: more lines than the header counts", i+1)
		}
		if i+1 < len(lines) && lines[i+1] == noNewline+"\n" {
			// The line just read ends its file: drop the newline from the
			// side (or sides) it belongs to.
			if l[0] != '+' {
				h.old[len(h.old)-1] = strings.TrimSuffix(h.old[len(h.old)-1], "\n")
			}
			if l[0] != '-' {
				h.new[len(h.new)-1] = strings.TrimSuffix(h.new[len(h.new)-1], "\n")
			}
			i++
		}
	}
	if len(h.old) < oldCount || len(h.new) < newCount {
		return 0, h.errorf("the diff ends inside the hunk")
	}
	return i, nil
}
