package testtool

import (
	"os"
	"syscall"
)

// RefusedFile is a file a test puts where a program reads one from outside
// the repository (the private include, the token file), and the words
// repofs.ReadOutside refuses it with at the limit repofs.MaxVCL.
type RefusedFile struct {
	Name string
	Make func(path string) error
	Want string
}

// RefusedFiles are the files that must be refused, fast, rather than read:
// a FIFO (opening one for reading waits for a writer forever), /dev/zero (a
// read that never ends), a directory, and a file beyond the 1 MiB limit.
func RefusedFiles() []RefusedFile {
	return []RefusedFile{
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o600) }, "is a named pipe (FIFO), not a regular file"},
		{"dev zero", func(p string) error { return os.Symlink("/dev/zero", p) }, "is a device, not a regular file"},
		{"directory", func(p string) error { return os.Mkdir(p, 0o700) }, "is a directory, not a regular file"},
		{"huge", func(p string) error { return os.WriteFile(p, make([]byte, 2<<20), 0o600) }, "is larger than the limit of 1 MiB"},
	}
}
