package testtool

import (
	"os"
	"testing"
)

// ReadFile returns the content of a file the test needs (a fixture, an
// output it checks). A file that cannot be read ends the test: nothing
// after it could be checked.
func ReadFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// AppendFile adds text at the end of an existing file, as a test changes
// one file of a tree it copied (a page, a service definition) to check a
// case the real tree does not hold. The file must exist: a misspelt path
// ends the test rather than checking a new, one-line file.
func AppendFile(t testing.TB, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
