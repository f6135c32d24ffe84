package pipeline

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// sourceDirs are the repository's top-level directories that hold sources:
// an output directory is replaced as a whole, so it must never be one of
// them. Directories holding Go files (cmd/, compiler/, ...) are sources too
// and found by looking (see isGoTree).
var sourceDirs = map[string]string{
	"services": "service definitions",
	"vcl":      "hand-written VCL",
	"errors":   "error pages",
	"fleet":    "fleet definition and inventories",
	"golden":   "pinned build output; regenerate it with go test ./cmd/edgectl -run TestGolden -update",
	"testdata": "test inputs",
	"docs":     "documentation",
	".git":     "git's own data",
	".ci":      "CI scripts",
}

// CheckOutDir refuses an output directory that is the repository root,
// contains it, is a source directory or lies inside one. Paths are compared
// absolute and cleaned, with symlinks evaluated, so neither "../repo/vcl"
// nor a symlink to vcl/ gets around it. Directories inside the repository
// that are not sources (build/, the default, git-ignored) are fine.
func CheckOutDir(root, out string) error {
	r, err := resolvePath(root)
	if err != nil {
		return err
	}
	o, err := resolvePath(out)
	if err != nil {
		return err
	}
	const fix = "build into build/ (the default, git-ignored) or a directory outside the repository"
	if o == r {
		return fmt.Errorf("refusing --out %s: it is the repository; %s", out, fix)
	}
	if within(r, o) {
		return fmt.Errorf("refusing --out %s: it contains the repository %s; %s", out, r, fix)
	}
	if !within(o, r) {
		return nil
	}
	rel, _ := filepath.Rel(r, o)
	top, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
	what, ok := sourceDirs[top]
	if !ok && isGoTree(filepath.Join(r, top)) {
		what, ok = "Go sources", true
	}
	if !ok {
		return nil
	}
	where := "is"
	if top != filepath.ToSlash(rel) {
		where = "lies inside"
	}
	return fmt.Errorf("refusing --out %s: it %s the source directory %s/ (%s), which the output would replace; %s", out, where, top, what, fix)
}

// within reports whether path lies strictly inside dir (both resolved).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// resolvePath returns path absolute and cleaned, with the symlinks of its
// longest existing prefix evaluated: the output directory need not exist.
func resolvePath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	var rest []string
	for p := abs; ; p = filepath.Dir(p) {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{real}, rest...)...), nil
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		rest = append([]string{filepath.Base(p)}, rest...)
	}
}

// isGoTree reports whether dir holds a .go file at any depth.
func isGoTree(dir string) bool {
	found := false
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}
