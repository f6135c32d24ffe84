package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fleet"
)

// loaderVerdict loads data as a file of kind in a repository of its own,
// with the repository's levels.yaml, and returns what edgectl reports.
func loaderVerdict(t *testing.T, kind string, data []byte) diag.List {
	t.Helper()
	root := t.TempDir()
	levels, err := os.ReadFile(filepath.Join(repoRoot, definition.LevelsFileName))
	if err != nil {
		t.Fatal(err)
	}
	write := func(rel string, data []byte) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(definition.LevelsFileName, levels)
	switch kind {
	case "service":
		write("services/test.yaml", data)
	case "levels":
		write(definition.LevelsFileName, data)
		svc, err := os.ReadFile("testdata/service/valid.yaml")
		if err != nil {
			t.Fatal(err)
		}
		write("services/test.yaml", svc)
	case "fleet":
		write(fleet.FileName, data)
		_, diags := fleet.Load(root, "")
		return diags.Errors()
	}
	_, diags := definition.Load(root)
	return diags.Errors()
}

// The schema refuses what the loader refuses, and says where: each case
// is a file of testdata/<kind>/ and the text the validator's message must
// hold (the key or the location of the value). valid.yaml must pass both.
func TestRejects(t *testing.T) {
	want := map[string]string{
		"service/typo_key.yaml":              "'domians'",
		"service/wrong_type.yaml":            "/backends/0/port",
		"service/quoted_bool.yaml":           "/backends/0/tls",
		"service/missing_tls.yaml":           "tls",
		"service/address_and_role.yaml":      "/backends/0",
		"service/unknown_hook.yaml":          "recieve",
		"service/bad_duration.yaml":          "/cache/default_ttl",
		"service/duration_without_unit.yaml": "/cache/default_ttl",
		"service/redirect_status.yaml":       "/redirects/0/status",
		"service/replace_origin.yaml":        "/error_pages/replace_origin",
		"service/upper_case_host.yaml":       "/domains/0",
		"service/port_range.yaml":            "/backends/0/port",
		"service/director_on_address.yaml":   "/backends/0/director/type",
		"service/cache_grace.yaml":           "/cache/grace",
		"service/ownership_kind.yaml":        "/ownership/adopt/0",
		"service/raw_vcl_with_tls.yaml":      "'not' failed",
		"fleet/typo_key.yaml":                "'flavour'",
		"fleet/unknown_monit.yaml":           "/types/salt/monit/0",
		"fleet/wrong_type.yaml":              "/types/salt/count/production",
		"fleet/count_and_names.yaml":         "/types/salt",
		"levels/missing_zone.yaml":           "zone",
		"levels/bad_name.yaml":               "/levels/1/name",
		"levels/typo_key.yaml":               "'statuspage'",
	}
	files, err := filepath.Glob("testdata/*/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test inputs: %v", err)
	}
	seen := 0
	for _, file := range files {
		rel := filepath.ToSlash(strings.TrimPrefix(file, "testdata"+string(filepath.Separator)))
		kind := filepath.Base(filepath.Dir(file))
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			schemaErr := validateYAML(t, compile(t, kind), data)
			loaderErrs := loaderVerdict(t, kind, data)
			if filepath.Base(file) == "valid.yaml" {
				if schemaErr != nil || len(loaderErrs) > 0 {
					t.Fatalf("valid input refused: schema: %v; loader: %v", schemaErr, loaderErrs)
				}
				return
			}
			text, ok := want[rel]
			if !ok {
				t.Fatalf("no expected message for %s: add it to the table", rel)
			}
			seen++
			if len(loaderErrs) == 0 {
				t.Errorf("the loader accepts this input: the case tests nothing")
			}
			if schemaErr == nil {
				t.Fatalf("the schema accepts what the loader refuses: %v", loaderErrs)
			}
			if !strings.Contains(schemaErr.Error(), text) {
				t.Errorf("schema error does not name %s:\n%v", text, schemaErr)
			}
		})
	}
	if seen != len(want) {
		t.Errorf("%d cases ran, the table has %d: an input is missing", seen, len(want))
	}
}
