// Package example is a fixture for the godoc tests.
package example

// Thing is a documented type
// over two lines.
//
// With a second paragraph.
type Thing struct {
	// Name is documented above.
	Name string
	Port int // Port has a line comment.
	// Low and High share one comment.
	Low, High int
	Bare      bool
	hidden    string // hidden is unexported: go/doc leaves it out.
}

type undocumented struct{}
