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

// compile returns the generated schema of kind, checked against the
// draft 2020-12 meta-schema by the validator as it compiles it.
func compile(t *testing.T, kind string) *jsonschema.Schema {
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
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s schema does not compile: %v", kind, err)
	}
	return sch
}

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
	docs, err := godoc.Extract(os.DirFS(repoRoot))
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
