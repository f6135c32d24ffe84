package fastlysync

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
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
			done := make(chan error, 1)
			go func() {
				_, err := ReadPrivate(dir, "www")
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), path+": "+tt.want) {
					t.Errorf("err = %v, want it to name %s and say %q", err, path, tt.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("reading the private include hangs")
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
