package compiler

import (
	"fmt"
	"strings"
)

// cond is a VCL condition, as written between the parentheses of an if. It
// remembers its top operator so that and and not put parentheses exactly
// where VCL's precedence needs them (! binds tighter than &&, && tighter
// than ||), and nowhere else.
type cond struct {
	text string
	op   condOp
}

type condOp int

const (
	opAtom condOp = iota // a comparison, or a test in parentheses
	opVar                // a variable alone: a header test
	opAnd
	opOr
)

func (c cond) String() string { return c.text }

// atom is a condition written out whole, such as a comparison. (The helpers
// below concatenate rather than format: rendering is the hot path.)
func atom(format string, args ...any) cond {
	return cond{text: fmt.Sprintf(format, args...)}
}

// is holds when the variable (a header) is set and not empty.
func is(variable string) cond { return cond{text: variable, op: opVar} }

// eq compares a subject with a VCL value (a literal written with Str, a
// number, or another variable).
func eq(subject, value string) cond { return cond{text: subject + " == " + value} }

// ne is subject != value.
func ne(subject, value string) cond { return cond{text: subject + " != " + value} }

// matches tests a subject against a regular expression, quoted here.
func matches(subject, re string) cond { return cond{text: subject + " ~ " + Str(re)} }

// notMatches is subject !~ re.
func notMatches(subject, re string) cond { return cond{text: subject + " !~ " + Str(re)} }

// and joins conditions with &&; an || operand gets parentheses.
func and(cs ...cond) cond { return join(opAnd, " && ", cs) }

// or joins conditions with ||. An && operand needs no parentheses: &&
// binds tighter.
func or(cs ...cond) cond { return join(opOr, " || ", cs) }

func join(op condOp, sep string, cs []cond) cond {
	if len(cs) == 1 {
		return cs[0]
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.text
		if op == opAnd && c.op == opOr {
			parts[i] = "(" + c.text + ")"
		}
	}
	return cond{text: strings.Join(parts, sep), op: op}
}

// not negates a condition; anything but a variable alone gets parentheses,
// so that ! never binds to the left operand of a comparison only.
func not(c cond) cond {
	if c.op == opVar {
		return cond{text: "!" + c.text}
	}
	return cond{text: "!(" + c.text + ")"}
}

// group puts parentheses around a condition of several tests.
func group(c cond) cond {
	if c.op == opAnd || c.op == opOr {
		return cond{text: "(" + c.text + ")"}
	}
	return c
}

// anyOf holds when subject equals one of the VCL values.
func anyOf(subject string, values ...string) cond {
	cs := make([]cond, len(values))
	for i, v := range values {
		cs[i] = eq(subject, v)
	}
	return or(cs...)
}

// getOrHead holds for the methods that read and may be cached.
var getOrHead = anyOf("req.method", Str("GET"), Str("HEAD"))
