package fastlysync

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/webplatform/edgectl/internal/testtool"
)

// TestReadPrivateNotAFile: a FIFO or /dev/zero in the private include's
// place is an error naming the file, fast, not a hang or an endless read.
func TestReadPrivateNotAFile(t *testing.T) {
	tests := []struct {
		name string
		make func(path string) error
		want string
	}{
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o600) }, "is a named pipe (FIFO), not a regular file"},
		{"dev zero", func(p string) error { return os.Symlink("/dev/zero", p) }, "is a device, not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "www.vcl")
			if err := tt.make(path); err != nil {
				t.Fatal(err)
			}
			err := testtool.Within(t, 10*time.Second, "reading the private include", func() error {
				_, err := ReadPrivate(dir, "www")
				return err
			})
			if err == nil || !strings.Contains(err.Error(), path+": "+tt.want) {
				t.Errorf("err = %v, want it to name %s and say %q", err, path, tt.want)
			}
		})
	}
}
