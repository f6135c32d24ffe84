// Package goldentree is the layout of golden/, the pinned output of
// edgectl build, so that a change shows in as few golden files as it
// really touches. Content that many units (a service at a level) build
// identically is pinned once under golden/_shared/. The units of the base
// level (the first in levels.yaml) keep their files whole, and every other
// unit pins each file its service's base unit also builds as a unified
// diff from it (main.vcl.diff): a reviewer reads production in full and
// sees exactly what staging and workbench change. Pack turns a build tree
// into that layout and refuses a unit whose shared content differs; Unpack
// turns it back into the build tree, byte for byte, and refuses a diff that
// does not fit its base. Neither does I/O (ReadDir and Write do) or knows
// how the files are compiled.
package goldentree

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// SharedDir holds the shared content, relative to golden/.
const SharedDir = "_shared"

// IndexFile, in SharedDir, lists which unit file holds each shared content,
// one "name path" line each, so that Unpack can rebuild every unit and a
// reviewer sees which units share it.
const IndexFile = "index"

// DiffIndexFile, in SharedDir, lists the unit files pinned as a diff of the
// base level's, one "diff base" line each ("www/staging/main.vcl.diff
// www/production/main.vcl"), so that Unpack applies exactly these (a build
// file may itself end in .diff) and a reviewer sees which unit is pinned as
// a diff of which.
const DiffIndexFile = "diffs"

// DiffSuffix ends the name of a unit file pinned as a diff.
const DiffSuffix = ".diff"

// Shared is content pinned once in SharedDir/Name. It is a whole file of
// every unit that builds File, or, with Block, the block of File starting at
// the line Block and ending at the next line "}": in the unit's golden file
// that block is one reference line.
type Shared struct {
	Name  string
	File  string
	Block string
	// Why says what the content is, for the failure message.
	Why string
}

// Rules are the shared contents of golden/. local.vcl and service.json are
// not among them: apart from two comment lines and the include, they are
// the unit's own backends and objects.
var Rules = []Shared{
	{Name: "errors.vcl", File: "errors.vcl", Why: "the error pages of every service and level"},
	{Name: "private.vcl", File: "private.vcl", Why: "the placeholder of the private include"},
	{Name: "maintenance-page.vcl", File: "main.vcl", Block: "sub edgectl_maintenance_page_error {", Why: "the maintenance page of every service with a maintenance section"},
}

// Ref is the line that stands for a shared block in a unit's golden file.
func (r Shared) Ref() string {
	return "# golden: " + strings.TrimSuffix(r.Block, " {") + " is pinned in golden/" + SharedDir + "/" + r.Name
}

// Pack turns a build tree (slash paths service/level/file to content) into
// the golden tree, with base the level whose units are pinned whole. A unit
// whose shared content differs from the first unit's is an error naming
// both, with a diff: it is not given a copy of its own, which would hide
// that the pages differ.
func Pack(build map[string]string, base string) (map[string]string, error) {
	if base == "" || strings.Contains(base, "/") {
		return nil, fmt.Errorf("goldentree: the base level %q is not a level name", base)
	}
	golden, err := packShared(build)
	if err != nil {
		return nil, err
	}
	if err := packLevels(golden, base); err != nil {
		return nil, err
	}
	return golden, nil
}

// packShared pins the content of Rules once, with its index.
func packShared(build map[string]string) (map[string]string, error) {
	golden := map[string]string{}
	first := map[string]string{} // shared name -> path of the first unit file
	var index, problems []string
	for _, p := range sortedKeys(build) {
		content := build[p]
		for _, r := range Rules {
			if path.Base(p) != r.File {
				continue
			}
			shared, rest, ok := r.split(content)
			if !ok {
				continue
			}
			name := path.Join(SharedDir, r.Name)
			if f, seen := first[r.Name]; !seen {
				first[r.Name] = p
				golden[name] = shared
			} else if golden[name] != shared {
				problems = append(problems, mismatch(r, p, f, golden[name], shared))
				continue
			}
			index = append(index, r.Name+" "+p)
			content = rest
		}
		if content != "" || !wholeShared(p) {
			golden[p] = content
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	if len(index) > 0 {
		golden[path.Join(SharedDir, IndexFile)] = strings.Join(index, "\n") + "\n"
	}
	return golden, nil
}

// packLevels replaces, in a golden tree packed by packShared, each file of
// a unit at a level other than base by its diff from the same file of the
// same service at base, where that unit has it: the diff is of the golden
// files (shared content already cut out, so a shared page is in neither).
// Files only the unit has stay whole.
func packLevels(golden map[string]string, base string) error {
	var index []string
	for _, p := range sortedKeys(golden) {
		service, level, file, ok := unitFile(p)
		if !ok || level == base || service == SharedDir {
			continue
		}
		from := path.Join(service, base, file)
		baseContent, ok := golden[from]
		if !ok {
			continue
		}
		d := p + DiffSuffix
		if _, taken := golden[d]; taken {
			return fmt.Errorf("%s: the build also writes %s, the name of its diff from %s: rename one", p, d, from)
		}
		golden[d] = unifiedDiff(from, p, baseContent, golden[p])
		delete(golden, p)
		index = append(index, d+" "+from)
	}
	if len(index) > 0 {
		golden[path.Join(SharedDir, DiffIndexFile)] = strings.Join(index, "\n") + "\n"
	}
	return nil
}

// unitFile splits a build path into its service, level and file.
func unitFile(p string) (service, level, file string, ok bool) {
	parts := strings.SplitN(p, "/", 3)
	if len(parts) != 3 {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// wholeShared reports whether the file at p is pinned whole in SharedDir.
func wholeShared(p string) bool {
	return slices.ContainsFunc(Rules, func(r Shared) bool { return r.Block == "" && path.Base(p) == r.File })
}

// split cuts the shared content out of a unit file: the whole file, or the
// block, leaving the reference line in its place.
func (r Shared) split(content string) (shared, rest string, ok bool) {
	if r.Block == "" {
		return content, "", true
	}
	start := strings.Index(content, "\n"+r.Block+"\n")
	if start < 0 {
		return "", content, false
	}
	start++
	end := strings.Index(content[start:], "\n}\n")
	if end < 0 {
		return "", content, false
	}
	end = start + end + len("\n}\n")
	return content[start:end], content[:start] + r.Ref() + "\n" + content[end:], true
}

func mismatch(r Shared, p, first, want, got string) string {
	diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(want), B: difflib.SplitLines(got),
		FromFile: first, ToFile: p, Context: 2,
	})
	what := "its " + r.File
	if r.Block != "" {
		what = "the block " + strings.TrimSuffix(r.Block, " {") + " of its " + r.File
	}
	return fmt.Sprintf("%s: %s differs from %s's; golden/%s/%s pins one content for every unit (%s): build it identically (splice what differs per level in at request time, from main.vcl), or give it its own rule in goldentree.Rules\n%s",
		p, what, first, SharedDir, r.Name, r.Why, diff)
}

// Unpack turns a golden tree back into the build tree it was packed from:
// it applies the diffs of DiffIndexFile to their bases, then puts back the
// shared content of IndexFile.
func Unpack(golden map[string]string) (map[string]string, error) {
	build := map[string]string{}
	for p, content := range golden {
		if !strings.HasPrefix(p, SharedDir+"/") {
			build[p] = content
		}
	}
	if err := unpackLevels(golden, build); err != nil {
		return nil, err
	}
	index := golden[path.Join(SharedDir, IndexFile)]
	for _, line := range strings.Split(strings.TrimSuffix(index, "\n"), "\n") {
		if line == "" {
			continue
		}
		name, p, ok := strings.Cut(line, " ")
		r, known := rule(name)
		shared, present := golden[path.Join(SharedDir, name)]
		if !ok || !known || !present {
			return nil, fmt.Errorf("golden/%s/%s: line %q names no shared content", SharedDir, IndexFile, line)
		}
		if r.Block == "" {
			build[p] = shared
			continue
		}
		ref := r.Ref() + "\n"
		if strings.Count(build[p], ref) != 1 {
			return nil, fmt.Errorf("golden/%s: want the line %q once, where %s goes", p, r.Ref(), r.Name)
		}
		build[p] = strings.Replace(build[p], ref, shared, 1)
	}
	return build, nil
}

// unpackLevels replaces in build each diff that DiffIndexFile lists by the
// file it was made from, applied to its base in golden.
func unpackLevels(golden, build map[string]string) error {
	index := golden[path.Join(SharedDir, DiffIndexFile)]
	for _, line := range strings.Split(strings.TrimSuffix(index, "\n"), "\n") {
		if line == "" {
			continue
		}
		d, from, ok := strings.Cut(line, " ")
		to, isDiff := strings.CutSuffix(d, DiffSuffix)
		if !ok || !isDiff {
			return fmt.Errorf("golden/%s/%s: line %q is not \"<unit file>%s <base file>\"", SharedDir, DiffIndexFile, line, DiffSuffix)
		}
		diff, present := golden[d]
		if !present {
			return fmt.Errorf("golden/%s/%s: line %q names golden/%s, which is missing", SharedDir, DiffIndexFile, line, d)
		}
		base, present := golden[from]
		if !present {
			return fmt.Errorf("golden/%s is a diff of golden/%s, which is missing", d, from)
		}
		content, err := applyDiff(diff, from, to, base)
		if err != nil {
			return fmt.Errorf("golden/%s: %w", d, err)
		}
		delete(build, d)
		build[to] = content
	}
	return nil
}

func rule(name string) (Shared, bool) {
	for _, r := range Rules {
		if r.Name == name {
			return r, true
		}
	}
	return Shared{}, false
}

// ReadDir reads every file under dir into a tree of slash paths.
func ReadDir(dir string) (map[string]string, error) {
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		tree[filepath.ToSlash(rel)] = string(data)
		return err
	})
	return tree, err
}

// ReadUnit returns the files of one unit (service/level) as the build
// wrote them, from the golden tree at dir.
func ReadUnit(dir, unit string) (map[string]string, error) {
	golden, err := ReadDir(dir)
	if err != nil {
		return nil, err
	}
	build, err := Unpack(golden)
	if err != nil {
		return nil, err
	}
	files := map[string]string{}
	for p, content := range build {
		if rest, ok := strings.CutPrefix(p, unit+"/"); ok {
			files[rest] = content
		}
	}
	return files, nil
}

// Write replaces dir with the tree.
func Write(dir string, tree map[string]string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for _, p := range sortedKeys(tree) {
		file := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, []byte(tree[p]), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
