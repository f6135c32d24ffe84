package atomicdir

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/webplatform/edgectl/internal/testtool"
)

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
	if testtool.ReadFile(t, filepath.Join(dir, "a/1")) != "uno" || testtool.ReadFile(t, filepath.Join(dir, "b/2")) != "two" {
		t.Error("keep did not carry b/2 over, or a/1 was not replaced")
	}
	// A failure half way leaves the previous tree and no temporary files:
	// "x" cannot be both a file and a directory.
	err := Write(dir, map[string][]byte{"x": []byte("file"), "x/y": []byte("in dir")}, nil, nil)
	if err == nil {
		t.Fatal("conflicting paths were written")
	}
	if testtool.ReadFile(t, filepath.Join(dir, "a/1")) != "uno" {
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

// TestKeepRefusesWhatItDidNotWrite: a partial build keeps the other files of
// the previous output, but never through a symbolic link (it would copy the
// link's target, such as a private include, into the new tree) and never
// from a FIFO (it would hang). The write fails, naming the entry, and the
// previous tree stays as it was.
func TestKeepRefusesWhatItDidNotWrite(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(outside, []byte("SECRET"), 0o600)
	outsideDir := filepath.Dir(outside)
	tests := []struct {
		name string
		make func(path string) error
		want string
	}{
		{"symlink to a file", func(p string) error { return os.Symlink(outside, p) }, "b/2 is a symbolic link"},
		{"symlink to a directory", func(p string) error { return os.Symlink(outsideDir, p) }, "b/2 is a symbolic link"},
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "b/2 is not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if err := Write(dir, map[string][]byte{"a/1": []byte("one"), "b/1": []byte("two")}, nil, nil); err != nil {
				t.Fatal(err)
			}
			if err := tt.make(filepath.Join(dir, "b/2")); err != nil {
				t.Fatal(err)
			}
			err := testtool.Within(t, 10*time.Second, "the write", func() error {
				return Write(dir, map[string][]byte{"a/1": []byte("uno")}, func(rel string) bool { return strings.HasPrefix(rel, "b/") }, nil)
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to say %q", err, tt.want)
			}
			if testtool.ReadFile(t, filepath.Join(dir, "a/1")) != "one" {
				t.Error("a refused write changed the previous tree")
			}
		})
	}
}
