package atomicdir

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestWrite(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := Write(dir, map[string][]byte{"a/1": []byte("one"), "b/2": []byte("two")}, nil, nil); err != nil {
		t.Fatal(err)
	}
	// keep b/, replace a/
	if err := Write(dir, map[string][]byte{"a/1": []byte("uno")}, func(rel string) bool { return rel == "b/2" }, nil); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dir, "a/1")) != "uno" || read(t, filepath.Join(dir, "b/2")) != "two" {
		t.Error("keep did not carry b/2 over, or a/1 was not replaced")
	}
	// A failure half way leaves the previous tree and no temporary files:
	// "x" cannot be both a file and a directory.
	err := Write(dir, map[string][]byte{"x": []byte("file"), "x/y": []byte("in dir")}, nil, nil)
	if err == nil {
		t.Fatal("conflicting paths were written")
	}
	if read(t, filepath.Join(dir, "a/1")) != "uno" {
		t.Error("a failed write changed the previous tree")
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("a failed write left %d entries beside out", len(entries))
	}
}

func TestRefuse(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x"), 0o644)
	onlyDirs := func(e fs.DirEntry) bool { return e.IsDir() }
	if err := Write(dir, map[string][]byte{"a": nil}, nil, onlyDirs); err == nil {
		t.Fatal("replaced a directory holding go.mod")
	}
	os.Remove(filepath.Join(dir, "go.mod"))
	os.Mkdir(filepath.Join(dir, ".git"), 0o755)
	if err := Write(dir, map[string][]byte{"a": nil}, nil, nil); err == nil {
		t.Fatal("replaced a git checkout")
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		t.Error("the refused directory changed")
	}
}
