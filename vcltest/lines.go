package vcltest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ysugimoto/falco/ast"
	"github.com/ysugimoto/falco/lexer"
	"github.com/ysugimoto/falco/parser"
	"github.com/ysugimoto/falco/tester/syntax"
)

// testLines maps each test of the file at path, keyed by its describe
// group and name joined with a NUL (as falco's tester names them), to the
// line of its subroutine declaration, so that a report can point at the
// test itself; the first of two tests of one name wins. It reads the file
// the tester has just parsed, so errors only leave the lines unknown. The
// caller holds verify.Exclusive: the parser numbers nodes globally.
func testLines(path string) map[string]int {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	vcl, err := parser.New(lexer.NewFromString(string(src)), parser.WithCustomParser(syntax.CustomParsers()...)).ParseVCL()
	if err != nil {
		return nil
	}
	lines := map[string]int{}
	add := func(group string, sub *ast.SubroutineDeclaration) {
		key := group + "\x00" + suiteName(sub)
		if _, seen := lines[key]; !seen {
			lines[key] = sub.GetMeta().Token.Line
		}
	}
	for _, stmt := range vcl.Statements {
		switch st := stmt.(type) {
		case *ast.SubroutineDeclaration:
			add("", st)
		case *syntax.DescribeStatement:
			for _, sub := range st.Subroutines {
				add(st.Name.String(), sub)
			}
		}
	}
	return lines
}

// suiteName is the name falco's tester gives the test sub: its
// "@suite:" annotation, or else its name.
func suiteName(sub *ast.SubroutineDeclaration) string {
	for _, c := range sub.GetMeta().Leading {
		l := strings.TrimLeft(c.Value, " */#")
		if name, ok := strings.CutPrefix(l, "@suite:"); ok {
			return strings.TrimSpace(name)
		}
	}
	return sub.Name.Value
}

// ParseError is a test file falco cannot parse.
type ParseError struct {
	// File is the test file, named below testDir as the caller named it.
	File string
	// Line and Col count from 1; Col is where falco stopped.
	Line, Col int
	// Message is falco's, such as "Missing semicolon".
	Message string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s (falco cannot parse this test file)", e.File, e.Line, e.Col, e.Message)
}

// positioned turns falco's parse error of a test file into a *ParseError;
// other errors are returned with the package's prefix.
func positioned(err error, absTests, testDir string) error {
	var pe *parser.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("vcltest: %w", err)
	}
	file := pe.Token.File
	if rel, rerr := filepath.Rel(absTests, file); rerr == nil && !strings.HasPrefix(rel, "..") {
		file = filepath.Join(testDir, rel)
	}
	return &ParseError{File: file, Line: pe.Token.Line, Col: pe.Token.Position, Message: pe.Message}
}
