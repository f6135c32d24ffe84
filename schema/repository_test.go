package schema

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// notDefinitions are the trees whose YAML files are not definitions the
// schemas describe, or must keep their line numbers: testdata/broken holds
// deliberately invalid definitions whose diagnostics pin line:col, and so
// does testdata/tables (ACLs and dictionaries, with their data files); the
// yamldec fixtures do the same; the userdata files are cloud-init output,
// whose first line must be #cloud-config; the Fastly fake's are recorded
// API traffic; schema/testdata holds this package's rejected inputs.
var notDefinitions = []string{
	".git", "testdata/broken", "testdata/tables", "schema/testdata", "definition/yamldec/testdata", "fleet/testdata", "internal/fastlyfake/testdata",
}

// pinnedLines are trees of definitions whose tests pin the line numbers of
// the files (the compiler's source-map tests): they are validated, but carry
// no modeline, which would move every line down.
var pinnedLines = []string{"compiler/testdata/site/"}

// definitionKind returns the schema a YAML file of the repository follows,
// from where it stands in its tree, or "" for a file that is none.
func definitionKind(rel string) string {
	dir, base := path.Split(rel)
	switch {
	case base == "levels.yaml":
		return "levels"
	case base == "fleet.yaml" && path.Base(dir) == "fleet":
		return "fleet"
	case path.Base(dir) == "services" && strings.HasSuffix(base, ".yaml"):
		return "service"
	}
	return ""
}

// definitionFiles lists every definition file in the repository by kind.
func definitionFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := fs.WalkDir(os.DirFS(repoRoot), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, skip := range notDefinitions {
			if p == skip && d.IsDir() {
				return fs.SkipDir
			}
		}
		if d.IsDir() || p == ".git" || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			return nil
		}
		kind := definitionKind(p)
		if kind == "" {
			t.Errorf("%s: a YAML file that is no definition; add its tree to notDefinitions or give it a schema", p)
			return nil
		}
		files[p] = kind
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, must := range []string{"levels.yaml", "fleet/fleet.yaml", "services/www.yaml"} {
		if files[must] == "" {
			t.Fatalf("%s not found: the walk is broken", must)
		}
	}
	return files
}

// modeline is the first line yaml-language-server reads the schema from:
// "# yaml-language-server: $schema=<urlToTheSchema|relativeFilePath>", a
// relative path being relative to the YAML file
// (https://github.com/redhat-developer/yaml-language-server#using-inlined-schema;
// relative paths since https://github.com/redhat-developer/yaml-language-server/pull/499).
func modeline(rel, kind string) string {
	target, _ := filepath.Rel(filepath.Dir(filepath.FromSlash(rel)), filepath.Join(filepath.FromSlash(Dir), FileName(kind)))
	return "# yaml-language-server: $schema=" + filepath.ToSlash(target)
}

func TestRepositoryDefinitionsValidate(t *testing.T) {
	schemas := map[string]any{}
	for rel, kind := range definitionFiles(t) {
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(repoRoot, rel))
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(data), "\n")
			pinned := slices.ContainsFunc(pinnedLines, func(p string) bool { return strings.HasPrefix(rel, p) })
			if want := modeline(rel, kind); first != want && !pinned {
				t.Errorf("first line is %q, want the modeline %q", first, want)
			}
			if schemas[kind] == nil {
				schemas[kind] = compile(t, kind)
			}
			if err := validateYAML(t, schemas[kind].(*jsonschema.Schema), data); err != nil {
				t.Errorf("does not validate against %s: %v", FileName(kind), err)
			}
		})
	}
}
