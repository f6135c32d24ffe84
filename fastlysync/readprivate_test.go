package fastlysync

import (
	"os"
	"path/filepath"
	"reflect"
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

// TestReadSecrets: a credential file's value without its final newline; a
// missing or oversized file is an error naming the file, never a value.
func TestReadSecrets(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"salt-token": "SYSLOG-TOKEN-a1\n", "crlf": "KEY-b2\r\n", "big": strings.Repeat("SECRET-c3", 10<<10)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		files []string
		want  map[string]string
		err   string
	}{
		{[]string{"salt-token", "crlf"}, map[string]string{"salt-token": "SYSLOG-TOKEN-a1", "crlf": "KEY-b2"}, ""},
		{[]string{"missing"}, nil, filepath.Join(dir, "missing") + ": no such file"},
		{[]string{"big"}, nil, filepath.Join(dir, "big")},
	}
	for _, tt := range tests {
		got, err := ReadSecrets(dir, "www", tt.files)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%v: err %v, want it to contain %q", tt.files, err, tt.err)
		case tt.err != "" && strings.Contains(err.Error(), "SECRET-c3"):
			t.Errorf("%v: the error holds the value", tt.files)
		case tt.err == "" && (err != nil || !reflect.DeepEqual(got, tt.want)):
			t.Errorf("%v: %v, %v; want %v", tt.files, got, err, tt.want)
		}
	}
}
