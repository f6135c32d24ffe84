// Package atomicdir replaces a directory's content as a whole: the new tree
// is written beside it and swapped in, so a failure at any point leaves the
// previous directory as it was, and no reader ever sees half a tree.
package atomicdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write makes dir hold exactly files (slash-separated paths relative to dir
// → content), plus whatever keep selects from dir's previous content (keep
// gets the slash-separated path of each previous file; nil keeps nothing).
//
// A dir that exists must look like a tree this package wrote, as allowed
// says of each of its top-level entries; otherwise Write refuses, so that a
// wrong --out cannot replace the repository.
func Write(dir string, files map[string][]byte, keep func(rel string) bool, allowed func(e fs.DirEntry) bool) (err error) {
	dir = filepath.Clean(dir)
	if err := check(dir, allowed); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return fmt.Errorf("create a temporary directory beside %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if keep != nil {
		if err := copyKept(dir, tmp, keep); err != nil {
			return err
		}
	}
	for path, content := range files {
		full := filepath.Join(tmp, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, content, 0o644); err != nil {
			return err
		}
	}
	return swap(tmp, dir)
}

func check(dir string, allowed func(e fs.DirEntry) bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read output directory: %w", err)
	}
	for _, e := range entries {
		if e.Name() == ".git" || (allowed != nil && !allowed(e)) {
			return fmt.Errorf("output directory %s holds %s, so it is not an edgectl output tree; refusing to replace it (choose another --out, or empty it)", dir, e.Name())
		}
	}
	return nil
}

func copyKept(dir, tmp string, keep func(string) bool) error {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil || !keep(filepath.ToSlash(rel)) {
			return err
		}
		if err := checkKeepable(dir, filepath.ToSlash(rel), d); err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		target := filepath.Join(tmp, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// checkKeepable refuses to carry over an entry this package never writes:
// reading a symbolic link would copy its target (anything on the machine)
// into the new tree, and reading a FIFO or device would hang or never end.
// WalkDir reports a link as itself, not as what it points to.
func checkKeepable(dir, rel string, d fs.DirEntry) error {
	const fix = "edgectl writes only regular files there: remove it, or build every service and level to replace the whole tree"
	switch {
	case d.Type()&fs.ModeSymlink != 0:
		return fmt.Errorf("output directory %s: %s is a symbolic link, which a partial build will not follow; %s", dir, rel, fix)
	case !d.Type().IsRegular():
		return fmt.Errorf("output directory %s: %s is not a regular file; %s", dir, rel, fix)
	}
	return nil
}

// swap puts tmp in dir's place, keeping the old dir until the new one is in.
func swap(tmp, dir string) error {
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("replace %s: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			os.Rename(old, dir)
		}
		return fmt.Errorf("replace %s: %w", dir, err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
