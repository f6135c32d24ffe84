package repofs_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/internal/testtool"
	"github.com/webplatform/edgectl/inventory"
	"github.com/webplatform/edgectl/repofs"
)

// secret is what a file outside the repository holds: no loader may read
// it into a definition or quote it in a diagnostic.
const secret = "SECRET-OUTSIDE-THE-REPOSITORY"

// rawService is a raw-VCL service, so that raw VCL files are read too.
const rawService = "description: imported\nservice_ids: {production: A1, staging: B1, workbench: C1}\ndomains: [legacy]\n" +
	"backends:\n  - {name: origin, address: origin.example.net, port: 80}\nraw_vcl: {main: vcl/legacy/main.vcl}\n"

// copyRepo copies the repository's own inputs into a fresh root, plus a raw
// VCL service, so that every loader has every kind of file to read.
func copyRepo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, p := range []string{"levels.yaml", "services", "vcl", "errors", "fleet/fleet.yaml", "fleet/inventory"} {
		copyTree(t, filepath.Join("..", p), filepath.Join(root, p))
	}
	write(t, filepath.Join(root, "services/legacy.yaml"), rawService)
	write(t, filepath.Join(root, "vcl/legacy/main.vcl"), "sub vcl_recv {\n#FASTLY recv\n}\n")
	return root
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Dir(filepath.Join(to, rel)), 0o755)
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// loaders runs every loader of the repository's inputs, as a build, a
// fleet command and an error-page export would.
func loadAll(root string) diag.List {
	var all diag.List
	_, ds := definition.Load(root)
	all.Add(ds...)
	_, ds = errorpage.Load(root)
	all.Add(ds...)
	_, ds = fleet.Load(root, "")
	all.Add(ds...)
	for _, level := range []string{"production", "staging", "workbench"} {
		_, ds = inventory.Load(root, level)
		all.Add(ds...)
	}
	return all
}

// loadWithin fails the test, rather than blocking it, when loading hangs
// (a FIFO opened for reading waits for a writer forever).
func loadWithin(t *testing.T, root string) diag.List {
	t.Helper()
	return testtool.Within(t, 10*time.Second, "loading", func() diag.List { return loadAll(root) })
}

func replaceWith(t *testing.T, path string, make func(path string) error) {
	t.Helper()
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := make(path); errors.Is(err, errNoMknod) {
		t.Skip("cannot create a device node here (needs root)")
	} else if err != nil {
		t.Fatal(err)
	}
}

func symlinkTo(target string) func(string) error {
	return func(path string) error { return os.Symlink(target, path) }
}

func fifo(path string) error { return syscall.Mkfifo(path, 0o644) }

// errNoMknod marks a machine where the test may not create device nodes.
var errNoMknod = errors.New("mknod not permitted")

// devZero makes a character device like /dev/zero (major 1, minor 5 on
// Linux) inside the repository; creating one needs privileges.
func devZero(path string) error {
	if err := syscall.Mknod(path, syscall.S_IFCHR|0o644, 1<<8|5); err != nil {
		return errNoMknod
	}
	return nil
}

// TestEveryInputStaysInsideTheRepository replaces one input file at a time
// with a symbolic link out of the repository, a FIFO, a link to /dev/zero,
// a directory or a huge file, and expects a clear error naming that file
// from the loaders, fast, with nothing of the outside file read.
func TestEveryInputStaysInsideTheRepository(t *testing.T) {
	outsideDir := t.TempDir()
	outsideFile := filepath.Join(outsideDir, "secret")
	write(t, outsideFile, secret+"\n")
	outsideServices := filepath.Join(outsideDir, "services")
	write(t, filepath.Join(outsideServices, "evil.yaml"), "description: "+secret+"\n")

	inputs := []string{
		"levels.yaml",
		"services/www.yaml",
		"vcl/stats/recv.vcl",
		"vcl/legacy/main.vcl",
		"errors/layout.html",
		"errors/generic.md",
		"fleet/fleet.yaml",
		"fleet/inventory/production.json",
	}
	type tc struct {
		name, file string
		make       func(string) error
		want       string
	}
	var tests []tc
	for _, in := range inputs {
		tests = append(tests,
			tc{"symlink out/" + in, in, symlinkTo(outsideFile), "leads outside the repository"},
			tc{"relative symlink out/" + in, in, symlinkTo(strings.Repeat("../", strings.Count(in, "/")+1) + filepath.Base(outsideDir) + "/secret"), "leads outside the repository"},
			tc{"fifo/" + in, in, fifo, "is a named pipe (FIFO), not a regular file"},
			tc{"dev zero/" + in, in, symlinkTo("/dev/zero"), "leads outside the repository"},
			tc{"device/" + in, in, devZero, "is a device, not a regular file"},
			tc{"directory/" + in, in, func(p string) error { return os.Mkdir(p, 0o755) }, "is a directory"},
			tc{"huge/" + in, in, func(p string) error { return os.WriteFile(p, make([]byte, 9<<20), 0o644) }, "is larger than the limit"},
		)
	}
	tests = append(tests,
		tc{"services dir out", "services", symlinkTo(outsideServices), "leads outside the repository"},
		tc{"hook dir out", "vcl/stats", symlinkTo(outsideDir), "leads outside the repository"},
		tc{"errors dir out", "errors", symlinkTo(outsideDir), "leads outside the repository"},
		tc{"directory named like a service", "services/x.yaml", func(p string) error { return os.Mkdir(p, 0o755) }, "is a directory"},
		tc{"directory named like a page", "errors/x.md", func(p string) error { return os.Mkdir(p, 0o755) }, "is a directory"},
	)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := copyRepo(t)
			// The relative link climbs out of root: put the outside dir beside it.
			rel := filepath.Join(filepath.Dir(root), filepath.Base(outsideDir))
			os.Symlink(outsideDir, rel)
			defer os.Remove(rel)
			replaceWith(t, filepath.Join(root, tt.file), tt.make)

			start := time.Now()
			diags := loadWithin(t, root)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("loading took %v", d)
			}
			var hit *diag.Diagnostic
			for i, d := range diags.Errors() {
				if strings.Contains(d.String(), tt.file) && strings.Contains(d.Message, tt.want) {
					hit = &diags.Errors()[i]
					break
				}
			}
			if hit == nil {
				t.Fatalf("no error naming %s that says %q; got:\n%v", tt.file, tt.want, diags.Err())
			}
			if hit.Hint == "" {
				t.Errorf("no hint: %s", hit)
			}
			for _, d := range diags {
				if strings.Contains(d.String(), secret) {
					t.Errorf("a diagnostic quotes the outside file: %s", d)
				}
			}
		})
	}
}

// TestSymlinkInsideIsFollowed: a link to a file inside the repository is fine.
func TestSymlinkInsideIsFollowed(t *testing.T) {
	root := copyRepo(t)
	os.Rename(filepath.Join(root, "vcl/stats/recv.vcl"), filepath.Join(root, "vcl/shared.vcl"))
	if err := os.Symlink("../shared.vcl", filepath.Join(root, "vcl/stats/recv.vcl")); err != nil {
		t.Fatal(err)
	}
	if ds := loadWithin(t, root); ds.HasErrors() {
		t.Fatalf("errors:\n%v", ds.Err())
	}
}

// TestIsErrors checks that callers can tell the refusals apart.
func TestIsErrors(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "big"), strings.Repeat("x", 11))
	os.Symlink("/etc/hostname", filepath.Join(root, "out"))
	fifo(filepath.Join(root, "pipe"))
	tests := []struct {
		rel  string
		want error
	}{
		{"big", repofs.ErrTooLarge},
		{"out", repofs.ErrOutside},
		{"pipe", repofs.ErrNotRegular},
		{"../x", repofs.ErrOutside},
	}
	for _, tt := range tests {
		_, err := repofs.ReadFile(root, tt.rel, 10)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.rel, err, tt.want)
		}
	}
}

// TestWriteFileStaysInside: writes never go through a symbolic link.
func TestWriteFileStaysInside(t *testing.T) {
	outside := t.TempDir()
	tests := []struct {
		name, rel string
		make      func(root string)
		want      error // nil: written
	}{
		{"new file", "services/new.yaml", func(string) {}, nil},
		{"existing file", "services/old.yaml", func(root string) { write(t, filepath.Join(root, "services/old.yaml"), "old") }, nil},
		{"symlink in place", "services/x.yaml", func(root string) {
			os.MkdirAll(filepath.Join(root, "services"), 0o755)
			os.Symlink(filepath.Join(outside, "victim"), filepath.Join(root, "services/x.yaml"))
		}, repofs.ErrNotRegular},
		{"directory out", "vcl/x/main.vcl", func(root string) {
			os.MkdirAll(filepath.Join(root, "vcl"), 0o755)
			os.Symlink(outside, filepath.Join(root, "vcl/x"))
		}, repofs.ErrOutside},
		{"fifo in place", "services/p.yaml", func(root string) {
			os.MkdirAll(filepath.Join(root, "services"), 0o755)
			fifo(filepath.Join(root, "services/p.yaml"))
		}, repofs.ErrNotRegular},
		{"dot dot", "../escape.yaml", func(string) {}, repofs.ErrOutside},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			tt.make(root)
			err := repofs.WriteFile(root, tt.rel, []byte("new"), 0o644)
			if tt.want == nil {
				if got, _ := os.ReadFile(filepath.Join(root, tt.rel)); err != nil || string(got) != "new" {
					t.Errorf("err = %v, content %q", err, got)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if entries, _ := os.ReadDir(outside); len(entries) != 0 {
				t.Errorf("wrote outside the repository: %v", entries)
			}
		})
	}
}
