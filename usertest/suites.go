package usertest

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/repofs"
)

// SuitesDir is where a repository keeps its test files: SuitesDir/*.test.vcl
// run against every service, SuitesDir/<service>/*.test.vcl against that
// service, at every level.
const SuitesDir = "vcl"

// testSuffix ends the name of a test file, as "falco test" expects.
const testSuffix = ".test.vcl"

// LibraryInclude is the include statement a test file writes to get the
// helper library (edgectl_testing.vcl): falco's tester ignores include
// statements in test files, so edgectl replaces this one line with a
// comment and appends the library after the file's last line, which keeps
// every line of the file where it was.
const LibraryInclude = `include "edgectl_testing";`

//go:embed edgectl_testing.vcl
var library string

// testFile is a test file of the repository: its path relative to the
// root, slash-separated, and the content falco is given.
type testFile struct {
	rel     string
	content string
}

// suites are the test files of a repository.
type suites struct {
	common     []testFile
	perService map[string][]testFile
}

// forService returns the test files that run against service.
func (s *suites) forService(service string) []testFile {
	return append(slices.Clip(s.common), s.perService[service]...)
}

// loadSuites reads the test files of root for the given services through
// repofs (regular files inside the repository, bounded in size).
func loadSuites(root string, services []string) (*suites, diag.List) {
	s := &suites{perService: map[string][]testFile{}}
	var diags diag.List
	common, ds := readTests(root, SuitesDir)
	diags.Add(ds...)
	s.common = common
	for _, svc := range services {
		files, ds := readTests(root, SuitesDir+"/"+svc)
		diags.Add(ds...)
		s.perService[svc] = files
	}
	return s, diags
}

// readTests reads the *.test.vcl files directly inside dir; a missing dir
// holds none.
func readTests(root, dir string) ([]testFile, diag.List) {
	var diags diag.List
	entries, err := repofs.ReadDir(root, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		diags.Errorf(diag.Pos{File: dir}, repofs.Hint(err, "make it a readable directory"), "cannot read %s: %s", dir, repofs.Message(err))
		return nil, diags
	}
	var files []testFile
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), testSuffix) {
			continue
		}
		rel := path.Join(dir, e.Name())
		data, err := repofs.ReadFile(root, rel, repofs.MaxVCL)
		if err != nil {
			diags.Errorf(diag.Pos{File: rel}, repofs.Hint(err, "make it a readable file"), "cannot read test file %s: %s", rel, repofs.Message(err))
			continue
		}
		content, ds := withLibrary(rel, string(data))
		diags.Add(ds...)
		files = append(files, testFile{rel: rel, content: content})
	}
	return files, diags
}

// withLibrary handles the include statements of a test file: the
// library's is replaced by a comment, with the library appended once; any
// other is an error, since falco would silently ignore it.
func withLibrary(rel, src string) (string, diag.List) {
	var diags diag.List
	lines := strings.Split(src, "\n")
	wants := false
	for i, l := range lines {
		trimmed := strings.TrimSpace(l)
		if !strings.HasPrefix(trimmed, "include ") && !strings.HasPrefix(trimmed, `include"`) {
			continue
		}
		if trimmed == LibraryInclude {
			lines[i] = "# " + trimmed + " (appended below by edgectl test)"
			wants = true
			continue
		}
		col := strings.Index(l, "include") + 1
		diags.Errorf(diag.Pos{File: rel, Line: i + 1, Col: col},
			fmt.Sprintf("define what the tests need in the test file itself; the only include a test file may have is %s (edgectl's helpers, docs/testing.md)", LibraryInclude),
			"a test file cannot include VCL: falco's tester ignores %s", diag.Printable(trimmed))
	}
	if !wants {
		return src, diags
	}
	return strings.Join(lines, "\n") + "\n" + library, diags
}

// stage writes the test files of one service below dir, at their paths
// relative to the repository root, for falco's tester, which reads test
// files from disk only.
func stage(dir string, files []testFile) error {
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(f.content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// orphanSuites warns about test files in a directory of vcl/ that names no
// service: they would never run, most likely a misspelt directory.
func orphanSuites(root string) diag.List {
	var diags diag.List
	services := map[string]bool{}
	var names []string
	if entries, err := repofs.ReadDir(root, "services"); err == nil {
		for _, e := range entries {
			if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
				services[name] = true
				names = append(names, name)
			}
		}
	}
	dirs, err := repofs.ReadDir(root, SuitesDir)
	if err != nil {
		return nil
	}
	for _, d := range dirs {
		if !d.IsDir() || services[d.Name()] {
			continue
		}
		entries, err := repofs.ReadDir(root, SuitesDir+"/"+d.Name())
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), testSuffix) {
				diags.Warnf(diag.Pos{File: path.Join(SuitesDir, d.Name(), e.Name())}, diag.DidYouMean(d.Name(), names, "services"),
					"no service %q (services/%s.yaml): these tests never run", diag.Printable(d.Name()), diag.Printable(d.Name()))
			}
		}
	}
	return diags
}
