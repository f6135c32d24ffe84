package pipeline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Tree returns the output files of the build, path (slash-separated,
// relative to the output directory) to content: for every unit
// <service>/<level>/main.vcl, private.vcl (the placeholder, for services
// with a private include), local.vcl and service.json.
func (o *Output) Tree() (map[string][]byte, error) {
	tree := map[string][]byte{}
	for _, u := range o.Units {
		for _, f := range u.Result.Files {
			tree[u.Dir()+"/"+f.Name+".vcl"] = []byte(f.Content)
		}
		js, err := u.Result.Service.Marshal()
		if err != nil {
			return nil, err
		}
		tree[u.Dir()+"/service.json"] = js
	}
	return tree, nil
}

// Write writes the output tree to dir atomically: everything is written to a
// sibling temporary directory that then replaces dir, so a failure at any
// point leaves the previous dir as it was. With keepOthers, unit directories
// of dir that this build did not produce are carried over (a build of some
// services or levels); otherwise dir holds exactly this build.
func (o *Output) Write(dir string, keepOthers bool) (err error) {
	tree, err := o.Tree()
	if err != nil {
		return err
	}
	dir = filepath.Clean(dir)
	if err := checkOutputDir(dir); err != nil {
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
	if keepOthers {
		rebuilt := map[string]bool{}
		for _, u := range o.Units {
			rebuilt[u.Dir()] = true
		}
		if err := copyOthers(dir, tmp, rebuilt); err != nil {
			return err
		}
	}
	for path, content := range tree {
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

// checkOutputDir refuses to replace a directory that is not a build tree,
// such as the repository itself given by mistake: a build tree holds only
// service directories.
func checkOutputDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read output directory: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == ".git" {
			return fmt.Errorf("output directory %s holds %s, so it is not an edgectl build tree; refusing to replace it (choose another --out, or empty it)", dir, e.Name())
		}
	}
	return nil
}

func copyOthers(dir, tmp string, rebuilt map[string]bool) error {
	services, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, s := range services {
		levels, err := os.ReadDir(filepath.Join(dir, s.Name()))
		if err != nil {
			return err
		}
		for _, l := range levels {
			unit := s.Name() + "/" + l.Name()
			if rebuilt[unit] || !l.IsDir() {
				continue
			}
			if err := copyDir(filepath.Join(dir, s.Name(), l.Name()), filepath.Join(tmp, s.Name(), l.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

func copyDir(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
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

// IsTemp reports whether a name is one of Write's temporary directories, so
// that tools listing a build's parent can skip them.
func IsTemp(name string) bool { return strings.Contains(name, ".tmp-") }
