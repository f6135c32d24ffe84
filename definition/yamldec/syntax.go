package yamldec

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/diag"
)

// lineRE splits yaml.v3's "yaml: line N: problem" error text.
var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the yaml.v3 errors raised by its parser rather than its
// scanner; yaml.v3 reports their line counting from 0, not 1.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected key":              true,
	"did not find expected '-' indicator":    true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// indentationProblems are the parser errors a misplaced line causes; they
// point at the line's first character, where its indentation ends.
var indentationProblems = map[string]bool{
	"did not find expected key":           true,
	"did not find expected '-' indicator": true,
}

// maxRescanBytes bounds the input breakingLine parses again: about 16 parses
// of a file this size cost a fraction of a second; definitions are a few KiB.
const maxRescanBytes = 64 << 10

// breakingLine returns the 1-based line that makes the document fail with
// msg, searching from line from. yaml.v3 reports its parser's errors at the
// line where the enclosing block starts (its "context"), not at the line
// that breaks it; the shortest prefix of whole lines that fails with the
// same problem ends at that line. A prefix that fails keeps failing as lines
// are added (the parser stops at the first error), so a binary search finds
// it in a few parses. Past maxRescanBytes it returns from.
func breakingLine(data []byte, from int, msg string) int {
	if len(data) > maxRescanBytes {
		return from
	}
	// ends[i] is the offset just past line i+1.
	var ends []int
	for off := 0; off < len(data); {
		next := bytes.IndexByte(data[off:], '\n')
		if next < 0 {
			off = len(data)
		} else {
			off += next + 1
		}
		ends = append(ends, off)
	}
	lo, hi := from, len(ends)
	if lo > hi {
		return from
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if failsWith(data[:ends[mid-1]], msg) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// failsWith reports whether parsing data fails with the problem msg.
func failsWith(data []byte, msg string) bool {
	var n yaml.Node
	err := yaml.Unmarshal(data, &n)
	if err == nil {
		return false
	}
	m := lineRE.FindStringSubmatch(err.Error())
	return m != nil && m[2] == msg
}

// firstNonBlank returns the 1-based column of the first character of l
// that is not a space, or 1.
func firstNonBlank(l string) int {
	trimmed := strings.TrimLeft(l, " ")
	if trimmed == "" {
		return 1
	}
	return utf8.RuneCountInString(l[:len(l)-len(trimmed)]) + 1
}

// syntaxHints say how to fix the common yaml.v3 syntax errors, matched on a
// prefix of the problem.
var syntaxHints = []struct{ prefix, hint string }{
	{"mapping values are not allowed", "quote a value that contains ': ', e.g. key: \"a: b\"; otherwise check this line's indentation"},
	{"did not find expected key", "check the indentation: the keys of one mapping must start in the same column"},
	{"found a tab character", "indent with spaces; YAML does not allow tabs for indentation"},
	{"found character that cannot start any token", "quote the value: text starting with '@', '`' or '%' must be in quotes; indent with spaces, not tabs"},
	{"did not find expected ',' or ']'", "close the list opened here with ']' and separate its items with ','"},
	{"did not find expected ',' or '}'", "close the mapping opened here with '}' and separate its pairs with ','"},
	{"did not find expected '-' indicator", "start every item of a list with '- ' in the same column, and do not mix list items with 'key: value' lines"},
	{"found unexpected end of stream", "close the quoted text or bracket that is still open"},
	{"could not find expected ':'", "put ':' after the key, or quote the text if it is not a key"},
	{"did not find expected node content", "write a value here, or quote the text"},
	{"block sequence entries are not allowed", "put a list on its own lines, indented under its key"},
	{"unknown anchor", "define the anchor with &name before using *name"},
	{"control characters are not allowed", "remove the control character; save the file as plain UTF-8 text"},
	{"found undefined tag handle", "remove the '!' tag, or quote the value"},
	{"exceeded max depth", "flatten the structure"},
}

// syntaxError turns a yaml.v3 parse error into a diagnostic at the line it
// names, improving on its position where the text allows.
func (d *decoder) syntaxError(err error, data []byte) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		msg = m[2]
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			line = n
			if parserProblems[msg] {
				line = breakingLine(data, n+1, msg)
			}
		}
	}
	col := 1
	if indentationProblems[msg] {
		col = firstNonBlank(lineText(data, line))
	}
	switch {
	case strings.HasPrefix(msg, "unknown anchor '"):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		if off := findAlias(data, name); off >= 0 {
			line, col = lineCol(data, off)
		}
	case strings.Contains(msg, "UTF-8") || strings.Contains(msg, "control characters") || strings.Contains(msg, "Unicode"):
		if off := findBadChar(data); off >= 0 {
			line, col = lineCol(data, off)
		}
	}
	// yaml.v3 may name the line after a final newline; point at the last one.
	if n := max(1, bytes.Count(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))+1); line > n {
		line = n
	}
	if l := lineText(data, line); strings.Contains(msg, "tab character") || strings.HasPrefix(msg, "found character that cannot start") {
		if i := strings.IndexByte(l, '\t'); i >= 0 {
			col = utf8.RuneCountInString(l[:i]) + 1
		}
	}
	hint := "fix the YAML syntax on this line; quote text that contains ': ' or ' #' or starts with a special character"
	for _, h := range syntaxHints {
		if strings.HasPrefix(msg, h.prefix) {
			hint = h.hint
			break
		}
	}
	if strings.Contains(msg, "UTF-8") || strings.Contains(msg, "UTF-16") {
		hint = "save the file as UTF-8 text"
	}
	d.errorf(diag.Pos{File: d.file, Line: line, Col: col}, hint, "invalid YAML: %s", msg)
}

// findAlias returns the offset of the first use of alias *name, or -1.
func findAlias(data []byte, name string) int {
	pat := []byte("*" + name)
	for off := 0; ; {
		i := bytes.Index(data[off:], pat)
		if i < 0 {
			return -1
		}
		end := off + i + len(pat)
		if end == len(data) || strings.IndexByte(" \t\r\n,[]{}", data[end]) >= 0 {
			return off + i
		}
		off += i + 1
	}
}

// findBadChar returns the offset of the first byte YAML rejects: invalid
// UTF-8 or a control character; -1 if there is none.
func findBadChar(data []byte) int {
	off := 0
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		off = 3
	}
	for off < len(data) {
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size <= 1 {
			return off
		}
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0xfffe || r == 0xffff:
			return off
		}
		off += size
	}
	return -1
}

// lineCol converts a byte offset to a 1-based line and character column.
func lineCol(data []byte, off int) (line, col int) {
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// lineText returns the text of 1-based line n, or "".
func lineText(data []byte, n int) string {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return ""
		}
		data = data[j+1:]
	}
	if j := bytes.IndexByte(data, '\n'); j >= 0 {
		data = data[:j]
	}
	return string(data)
}
