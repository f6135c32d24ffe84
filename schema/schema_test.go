package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/schema/internal/godoc"
)

// repoRoot is the repository root, seen from this package's directory.
const repoRoot = ".."

// compileAt compiles the part of the generated schema of kind at fragment
// ("" for all of it, "#/$defs/Ident" for one definition); the validator
// checks the schema against the draft 2020-12 meta-schema as it does.
func compileAt(t *testing.T, kind, fragment string) *jsonschema.Schema {
	t.Helper()
	data, err := Generate(kind)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	url := "file:///" + FileName(kind)
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url + fragment)
	if err != nil {
		t.Fatalf("%s schema does not compile: %v", kind, err)
	}
	return sch
}

// compile returns the generated schema of kind.
func compile(t *testing.T, kind string) *jsonschema.Schema { return compileAt(t, kind, "") }

// validateYAML validates a YAML document as yaml-language-server does: the
// document's data, as JSON, against the schema.
func validateYAML(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("invalid YAML: %v", err)
	}
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(inst)
}

func TestDocsUpToDate(t *testing.T) {
	docs, err := godoc.Extract(os.DirFS(repoRoot), godoc.Packages)
	if err != nil {
		t.Fatal(err)
	}
	want, err := godoc.Render("schema", docs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("docs_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("docs_gen.go is stale: a doc comment of a definition type changed; run go generate ./schema")
	}
	if !strings.Contains(string(got), `"github.com/webplatform/edgectl/definition.Backend.Address"`) {
		t.Error("docs_gen.go lacks the doc comment of Backend.Address")
	}
}

func TestCommittedSchemasUpToDate(t *testing.T) {
	for _, kind := range Kinds {
		want, err := Generate(kind)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(repoRoot, Dir, FileName(kind)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s/%s is stale; run go generate ./schema", Dir, FileName(kind))
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	for _, kind := range Kinds {
		a, _ := Generate(kind)
		b, _ := Generate(kind)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs differ", kind)
		}
	}
}

func TestUnknownKind(t *testing.T) {
	_, err := Generate("servce")
	if err == nil || !strings.Contains(err.Error(), `unknown schema "servce"`) || !strings.Contains(err.Error(), `"service"`) {
		t.Errorf("got %v, want an error naming the kind and suggesting service", err)
	}
}

func TestSchemasCompile(t *testing.T) {
	for _, kind := range Kinds {
		compile(t, kind)
	}
}

// at returns the value at a JSON pointer ("/a/b/0") of a decoded document.
func at(doc any, pointer string) any {
	for _, part := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		switch v := doc.(type) {
		case map[string]any:
			doc = v[part]
		case []any:
			i := 0
			for _, c := range part {
				i = i*10 + int(c-'0')
			}
			if i >= len(v) {
				return nil
			}
			doc = v[i]
		default:
			return nil
		}
	}
	return doc
}

func decoded(t *testing.T, kind string) any {
	t.Helper()
	data, err := Generate(kind)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// The descriptions are the doc comments of definition/types.go and
// fleet/definition.go, a field's starting with its YAML key.
func TestDescriptionsFromDocComments(t *testing.T) {
	tests := []struct{ kind, pointer, want string }{
		{"service", "/description", "Service is one services/<name>.yaml file."},
		{"service", "/properties/max_backends/description", "max_backends is the number of backends Fastly allows this service"},
		{"service", "/properties/hooks/description", "hooks maps a subroutine (recv, hash, hit, miss, pass, fetch, error, deliver, log)"},
		{"service", "/$defs/Backend/properties/address/description", "address is a hostname or IP; Role a fleet role. Exactly one is set."},
		{"service", "/$defs/Duration/description", `Duration is a length of time written as Go durations plus days and weeks: "500ms", "15s", "1h30m", "1d", "2w".`},
		{"service", "/$defs/Maintenance/description", "Maintenance is the fallback when the origin is down"},
		{"fleet", "/properties/salt_master/description", "salt_master names the VM whose private address minions use."},
		{"fleet", "/$defs/Type/properties/public/description", "public types get a floating IP; only they can be Fastly backends."},
		{"levels", "/$defs/Level/properties/zone/description", "zone is the internal DNS zone of the level's VMs (production.wpdn)."},
	}
	for _, tt := range tests {
		got, _ := at(decoded(t, tt.kind), tt.pointer).(string)
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s %s = %q, want it to start with %q", tt.kind, tt.pointer, got, tt.want)
		}
	}
}

// Draft 7 validators, which yaml-language-server runs, ignore what stands
// beside a $ref: no schema puts anything there.
func TestNothingBesideRef(t *testing.T) {
	var walk func(kind, pointer string, v any)
	walk = func(kind, pointer string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["$ref"]; ok && len(v) > 1 {
				t.Errorf("%s %s: keywords beside $ref", kind, pointer)
			}
			for k, c := range v {
				walk(kind, pointer+"/"+k, c)
			}
		case []any:
			for _, c := range v {
				walk(kind, pointer+"/-", c)
			}
		}
	}
	for _, kind := range Kinds {
		walk(kind, "", decoded(t, kind))
	}
}

// A rule naming a field the types lack (renamed, say) is an error, not a
// rule silently lost.
func TestRuleForMissingFieldIsAnError(t *testing.T) {
	fieldRules["definition.Backend.adress"] = map[string]any{"minLength": 1}
	defer delete(fieldRules, "definition.Backend.adress")
	_, err := Generate("service")
	if err == nil || !strings.Contains(err.Error(), "definition.Backend.adress") {
		t.Errorf("got %v, want an error naming definition.Backend.adress", err)
	}
}
