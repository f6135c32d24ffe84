package testtool

import (
	"os"
	"path/filepath"
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

// WriteFiles writes files, by slash-separated path below root, making the
// directories they need: the few files a test's repository holds.
func WriteFiles(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for path, content := range files {
		path = filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// CopyFiles copies the files at paths below src to the same paths below
// dst, as a test's repository takes a few files of the real one (its
// levels.yaml, one service) and writes the rest itself.
func CopyFiles(t testing.TB, dst, src string, paths ...string) {
	t.Helper()
	files := map[string]string{}
	for _, p := range paths {
		files[p] = ReadFile(t, filepath.Join(src, filepath.FromSlash(p)))
	}
	WriteFiles(t, dst, files)
}

// Golden returns the golden file at path, for the test to compare got
// with. With update set (the package's -update flag) it first writes got
// there, making its directory, so that the comparison passes and git diff
// shows what changed. A golden file that cannot be read ends the test,
// naming rerun, the command that writes it.
func Golden(t testing.TB, path string, got []byte, update bool, rerun string) []byte {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run: %s)", err, rerun)
	}
	return want
}
