package repofs

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"
)

// WriteFile writes data to rel (slash-separated, relative to root), creating
// its directories, inside root only: a symbolic link on the way or in rel's
// place is refused rather than written through (it could point at any file
// of the machine), and so is anything but a regular file.
func WriteFile(root, rel string, data []byte, perm fs.FileMode) error {
	if err := checkInside(root, path.Dir(rel)); err != nil {
		return err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer r.Close()
	name := filepath.FromSlash(rel)
	if err := r.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return outsideOr(rel, err)
	}
	info, err := r.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return outsideOr(rel, err)
	case info.Mode()&fs.ModeSymlink != 0:
		return &Error{Path: rel, Err: ErrNotRegular, what: "is a symbolic link, which edgectl does not write through",
			hint: "remove the link (or write the file by hand), then run the command again"}
	case !info.Mode().IsRegular():
		return &Error{Path: rel, Err: ErrNotRegular, what: "is " + kind(info.Mode()) + ", not a regular file", hint: "remove it, then run the command again"}
	}
	// O_NOFOLLOW: a link put in place after the check is refused too.
	f, err := r.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|syscall.O_NOFOLLOW, perm)
	if err != nil {
		return outsideOr(rel, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
