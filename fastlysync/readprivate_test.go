package fastlysync

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/webplatform/edgectl/internal/testtool"
)

// TestReadPrivateNotAFile: a FIFO, /dev/zero, a directory or a huge file in
// the private include's place is an error naming the file, fast, not a
// hang or an endless read.
func TestReadPrivateNotAFile(t *testing.T) {
	for _, tt := range testtool.RefusedFiles() {
		t.Run(tt.Name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "www.vcl")
			if err := tt.Make(path); err != nil {
				t.Fatal(err)
			}
			err := testtool.Within(t, 10*time.Second, "reading the private include", func() error {
				_, err := ReadPrivate(dir, "www")
				return err
			})
			if err == nil || !strings.Contains(err.Error(), path+": "+tt.Want) {
				t.Errorf("err = %v, want it to name %s and say %q", err, path, tt.Want)
			}
		})
	}
}
