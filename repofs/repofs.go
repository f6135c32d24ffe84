// Package repofs reads the source files of an edgectl repository: only
// regular files that resolve inside the repository root, each bounded in
// size before a byte of it is read. Every loader (definitions, hooks, raw
// VCL, error pages, inventories, the fleet definition) reads through it, so
// that a symbolic link cannot lead a build outside the repository, and a
// FIFO, a device or a huge file cannot hang it or exhaust its memory.
package repofs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Size limits of the kinds of source files. They are far above what the
// repository holds (its largest file is a few KiB) and far below what would
// strain a build.
const (
	// MaxDefinition bounds levels.yaml, services/*.yaml and fleet/fleet.yaml.
	MaxDefinition = 1 << 20
	// MaxVCL bounds a hook fragment, a raw VCL file and the private include.
	MaxVCL = 1 << 20
	// MaxInventory bounds fleet/inventory/<level>.json (a 500-VM level is
	// about 60 KiB).
	MaxInventory = 8 << 20
)

// Sentinel errors; test with errors.Is.
var (
	// ErrOutside: the path resolves outside the repository root.
	ErrOutside = errors.New("outside the repository")
	// ErrNotRegular: the path is a directory, FIFO, device or socket.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file is over the size limit.
	ErrTooLarge = errors.New("too large")
)

// Error is a file edgectl refused to read. Its message says what the file
// is, without the path, which the caller's diagnostic names.
type Error struct {
	Path string // as the caller gave it
	Err  error  // ErrOutside, ErrNotRegular or ErrTooLarge
	what string
	hint string
}

func (e *Error) Error() string { return e.what }
func (e *Error) Unwrap() error { return e.Err }

// Hint says how to fix a refused read; it returns fallback for any other
// error (a missing file, a permission), whose fix the caller knows better.
func Hint(err error, fallback string) string {
	var re *Error
	if errors.As(err, &re) {
		return re.hint
	}
	return fallback
}

// Message is the short form of err for a diagnostic that names the file
// already: "no such file or directory" rather than the whole *PathError.
func Message(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// ReadFile reads the regular file rel (slash-separated, relative to root),
// at most limit bytes. It refuses a path that resolves outside root (through
// a symbolic link or ".."), anything but a regular file, and a file over
// limit, before reading it.
func ReadFile(root, rel string, limit int64) ([]byte, error) {
	f, err := openInside(root, rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readBounded(rel, f, limit)
}

// openInside opens rel inside root for reading, refusing a path that leads
// outside it.
func openInside(root, rel string) (*os.File, error) {
	if err := checkInside(root, rel); err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// os.Root refuses any escape made between the check above and the open;
	// O_NONBLOCK keeps a FIFO from blocking the open until a writer comes.
	f, err := r.OpenFile(filepath.FromSlash(rel), os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, outsideOr(rel, err)
	}
	return f, nil
}

// ReadOutside reads a file that lives outside the repository by design (the
// private include): it may be reached through symbolic links, but it must be
// a regular file of at most limit bytes.
func ReadOutside(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readBounded(path, f, limit)
}

// ReadDir lists the directory rel inside root, sorted by name. Entries are
// not followed: a caller reads each with ReadFile, which checks it.
func ReadDir(root, rel string) ([]fs.DirEntry, error) {
	f, err := openInside(root, rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &Error{Path: rel, Err: ErrNotRegular, what: "is " + kind(info.Mode()) + ", not a directory", hint: "make it a directory"}
	}
	entries, err := f.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// checkInside resolves rel's symbolic links and refuses a target outside
// root, naming it. A path that does not resolve (missing) passes: the open
// reports it.
func checkInside(root, rel string) error {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err
	}
	target, err := filepath.EvalSymlinks(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return nil
	}
	if inside, err := filepath.Rel(realRoot, target); err != nil || inside == ".." || strings.HasPrefix(inside, ".."+string(filepath.Separator)) {
		return outside(rel, target)
	}
	return nil
}

func outside(rel, target string) error {
	what := "leads outside the repository"
	if target != "" {
		what += fmt.Sprintf(" (to %q)", target)
	}
	return &Error{Path: rel, Err: ErrOutside, what: what,
		hint: "edgectl reads only files inside the repository (--root): replace the symbolic link with the file itself, or a link to a file inside the repository"}
}

// outsideOr turns os.Root's refusal of an escape into ErrOutside.
func outsideOr(rel string, err error) error {
	if strings.Contains(err.Error(), "path escapes from parent") {
		return outside(rel, "")
	}
	return err
}

func readBounded(name string, f *os.File, limit int64) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &Error{Path: name, Err: ErrNotRegular, what: "is " + kind(info.Mode()) + ", not a regular file",
			hint: "edgectl reads only regular files: replace it with the file itself"}
	}
	if info.Size() > limit {
		return nil, tooLarge(name, info.Size(), limit)
	}
	// The file may grow between the stat and the read: read one byte more
	// than the limit to notice.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(name, int64(len(data)), limit)
	}
	return data, nil
}

func tooLarge(name string, size, limit int64) error {
	return &Error{Path: name, Err: ErrTooLarge, what: fmt.Sprintf("is larger than the limit of %s (at least %d bytes)", kib(limit), size),
		hint: "split the file, or move data out of it; a source file this large is almost certainly not the intended one"}
}

func kib(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}
