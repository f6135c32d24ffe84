package compiler

import (
	"fmt"
	"strings"

	"github.com/webplatform/edgectl/diag"
)

// emitter writes VCL text and remembers, for every line, the definition
// position that produced it: the source map lint findings are traced back with.
type emitter struct {
	b      strings.Builder
	src    []diag.Pos
	indent int
	at     diag.Pos
}

// from sets the definition position of the lines that follow.
func (e *emitter) from(pos diag.Pos) { e.at = pos }

// indents holds the indentation of the first levels, so that writing a
// line does not allocate one (emitting is the hot path of a build).
var indents = strings.Repeat("  ", 16)

// line writes one line at the current indentation.
func (e *emitter) line(format string, args ...any) {
	if len(args) == 0 {
		e.text(format)
		return
	}
	start := e.indentLine()
	fmt.Fprintf(&e.b, format, args...)
	e.endLine(start)
}

// text writes one line of text as it is, at the current indentation.
func (e *emitter) text(s string) {
	if s == "" {
		e.endLine(e.b.Len())
		return
	}
	start := e.indentLine()
	e.b.WriteString(s)
	e.endLine(start)
}

// indentLine starts a line at the current indentation and returns where it
// starts.
func (e *emitter) indentLine() int {
	start := e.b.Len()
	if n := 2 * e.indent; n <= len(indents) {
		e.b.WriteString(indents[:n])
	} else {
		e.b.WriteString(strings.Repeat("  ", e.indent))
	}
	return start
}

// endLine ends the line begun at start and maps it (a long string literal
// may span lines; each maps to the same source).
func (e *emitter) endLine(start int) {
	e.b.WriteByte('\n')
	for range strings.Count(e.b.String()[start:], "\n") {
		e.src = append(e.src, e.at)
	}
}

// blank writes an empty line.
func (e *emitter) blank() { e.line("") }

// open writes a line ending a block opener and indents.
func (e *emitter) open(format string, args ...any) {
	e.line(format, args...)
	e.indent++
}

// openLine writes a block opener made of parts, and indents. The parts are
// written one after the other, so that an opener costs no string of its own
// (emitting is the hot path of a build).
func (e *emitter) openLine(parts ...string) {
	start := e.indentLine()
	for _, p := range parts {
		e.b.WriteString(p)
	}
	e.endLine(start)
	e.indent++
}

// close dedents and writes "}".
func (e *emitter) close() {
	e.indent--
	e.line("}")
}

// fragment copies hand-written VCL, mapping each line to its own file.
func (e *emitter) fragment(file, content string) {
	content = strings.TrimRight(content, "\n")
	for i, l := range strings.Split(content, "\n") {
		e.at = diag.Pos{File: file, Line: i + 1}
		l = strings.TrimRight(l, " \t\r")
		if l == "" {
			e.b.WriteByte('\n')
			e.src = append(e.src, e.at)
			continue
		}
		e.text(l)
	}
}

func (e *emitter) String() string { return e.b.String() }

// Str quotes s as a VCL string literal. Inside "..." Fastly decodes %XX
// escapes, so '"', '%' and every control byte are escaped that way; nothing a
// definition says can end the literal early and add a statement. Callers
// have refused NUL already (it would end the string on Fastly).
func Str(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' || c == '%' || c < 0x20 || c == 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}

// LongStr quotes a large text, such as an HTML page, as a VCL heredoc
// string {ID"..."ID}, which takes no escapes and ends only at "ID}. The ID is
// chosen so that the text cannot contain that terminator.
func LongStr(s string) string {
	if !strings.Contains(s, `"}`) {
		return `{"` + s + `"}`
	}
	for n := 0; ; n++ {
		id := "EDGECTL"
		if n > 0 {
			id = fmt.Sprintf("EDGECTL%d", n)
		}
		if !strings.Contains(s, `"`+id+`}`) {
			return "{" + id + `"` + s + `"` + id + "}"
		}
	}
}

// block writes "opener {", the body one level in, and "}". Bodies are
// closures so that the indentation follows the Go code's nesting and no
// caller rewinds it by hand.
func (e *emitter) block(opener string, body func()) {
	e.openLine(opener, " {")
	body()
	e.close()
}

// sub writes a subroutine.
func (e *emitter) sub(name string, body func()) { e.block("sub "+name, body) }

// when writes "if (c) { body }".
func (e *emitter) when(c cond, body func()) {
	e.openLine("if (", c.text, ") {")
	body()
	e.close()
}

// branch is one arm of an if / else if / else chain. A branch whose cond is
// empty is the else and must come last; at, when set, is the definition
// position of its opening line.
type branch struct {
	cond cond
	at   diag.Pos
	body func()
}

// otherwise is the else branch of a chain.
func otherwise(body func()) branch { return branch{body: body} }

// then is a branch taken when c holds.
func then(c cond, body func()) branch { return branch{cond: c, body: body} }

// choose writes an if / else if / else chain: "} else if (...) {" and
// "} else {" close one arm and open the next at the same indentation. A
// chain of only an else is its body, unconditional.
func (e *emitter) choose(branches ...branch) {
	if len(branches) == 0 {
		return
	}
	if branches[0].cond.text == "" {
		branches[0].body()
		return
	}
	for i, b := range branches {
		if b.at != (diag.Pos{}) {
			e.from(b.at)
		}
		switch {
		case i == 0:
			e.openLine("if (", b.cond.text, ") {")
		case b.cond.text == "":
			e.indent--
			e.open("} else {")
		default:
			e.indent--
			e.openLine("} else if (", b.cond.text, ") {")
		}
		b.body()
	}
	e.close()
}
