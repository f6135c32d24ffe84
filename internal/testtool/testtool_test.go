package testtool

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// recorder is a testing.TB that records how Path ended the test instead of
// ending it, so that both outcomes can be checked.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = format
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) {
	r.fatal = fmt.Sprint(args...)
	runtime.Goexit()
}

func (r *recorder) Skipf(format string, args ...any) {
	r.skip = format
	runtime.Goexit()
}

// run calls f with a recorder in its own goroutine, as the testing package
// runs a test, so that Fatalf and Skipf can end it.
func run[T any](t *testing.T, f func(testing.TB) T) (*recorder, T) {
	r := &recorder{TB: t}
	got := make(chan T, 1)
	go func() {
		defer close(got)
		got <- f(r)
	}()
	return r, <-got
}

func TestPath(t *testing.T) {
	const exe = "/bin/sh" // an executable every machine the tests run on has
	missing := filepath.Join(t.TempDir(), "missing")
	for _, tc := range []struct {
		name        string
		ci          string
		candidates  []string
		want        string
		fatal, skip bool
	}{
		{"first found wins", "", []string{"", missing, exe}, exe, false, false},
		{"none found, locally", "", []string{"", missing}, "", false, true},
		{"none found, in CI", "true", []string{missing}, "", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			r, got := run(t, func(tb testing.TB) string { return Path(tb, "tool", "tool-pkg", tc.candidates...) })
			if got != tc.want {
				t.Errorf("Path = %q, want %q", got, tc.want)
			}
			if (r.fatal != "") != tc.fatal || (r.skip != "") != tc.skip {
				t.Errorf("fatal %q, skip %q; want fatal %v, skip %v", r.fatal, r.skip, tc.fatal, tc.skip)
			}
		})
	}
}

func TestWithin(t *testing.T) {
	r, got := run(t, func(tb testing.TB) int { return Within(tb, time.Minute, "adding", func() int { return 1 + 1 }) })
	if got != 2 || r.fatal != "" {
		t.Errorf("Within = %d (fatal %q), want 2", got, r.fatal)
	}
	hang := make(chan int)
	defer close(hang)
	r, got = run(t, func(tb testing.TB) int {
		return Within(tb, 10*time.Millisecond, "waiting", func() int { return <-hang })
	})
	if got != 0 || r.fatal == "" {
		t.Errorf("Within a hang = %d (fatal %q), want a failure", got, r.fatal)
	}
}

func TestReadFileAndAppendFile(t *testing.T) {
	dir := t.TempDir()
	WriteFiles(t, dir, map[string]string{"page.md": "# Page\n"})
	path, missing := filepath.Join(dir, "page.md"), filepath.Join(dir, "missing.md")
	for _, tc := range []struct {
		name  string
		run   func(tb testing.TB) string
		want  string
		fatal bool
	}{
		{"read", func(tb testing.TB) string { return ReadFile(tb, path) }, "# Page\n", false},
		{"append", func(tb testing.TB) string { AppendFile(tb, path, "more\n"); return ReadFile(tb, path) }, "# Page\nmore\n", false},
		{"read a missing file", func(tb testing.TB) string { return ReadFile(tb, missing) }, "", true},
		{"append to a missing file", func(tb testing.TB) string { AppendFile(tb, missing, "x"); return "" }, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, got := run(t, tc.run)
			if got != tc.want || (r.fatal != "") != tc.fatal {
				t.Errorf("got %q (fatal %q), want %q (fatal %v)", got, r.fatal, tc.want, tc.fatal)
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("AppendFile created the missing file")
	}
}

func TestWriteFilesAndCopyFiles(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	WriteFiles(t, src, map[string]string{"levels.yaml": "levels\n", "services/www.yaml": "www\n", "services/talk.yaml": "talk\n"})
	CopyFiles(t, dst, src, "levels.yaml", "services/www.yaml")
	for path, want := range map[string]string{"levels.yaml": "levels\n", "services/www.yaml": "www\n"} {
		if got := ReadFile(t, filepath.Join(dst, path)); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dst, "services", "talk.yaml")); err == nil {
		t.Error("CopyFiles copied a file it was not given")
	}
	r, _ := run(t, func(tb testing.TB) int { CopyFiles(tb, dst, src, "missing.yaml"); return 0 })
	if r.fatal == "" {
		t.Error("CopyFiles of a missing file did not fail the test")
	}
}

func TestGolden(t *testing.T) {
	path := filepath.Join(t.TempDir(), "render", "plan.txt")
	r, _ := run(t, func(tb testing.TB) []byte { return Golden(tb, path, []byte("new\n"), false, "go test -update") })
	if !strings.Contains(r.fatal, "run: %s") {
		t.Errorf("a missing golden file: fatal %q, want the command that writes it", r.fatal)
	}
	if got := Golden(t, path, []byte("new\n"), true, "go test -update"); string(got) != "new\n" {
		t.Errorf("with update: %q, want what was written", got)
	}
	if got := Golden(t, path, []byte("other\n"), false, "go test -update"); string(got) != "new\n" {
		t.Errorf("without update: %q, want the golden file, unchanged", got)
	}
}
