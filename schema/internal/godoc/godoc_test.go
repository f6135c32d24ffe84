package godoc

import (
	"os"
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	docs, err := Extract(os.DirFS("testdata"), []Package{{"example.org/example", "example"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"example.org/example.Thing":      "Thing is a documented type over two lines.\n\nWith a second paragraph.",
		"example.org/example.Thing.Name": "Name is documented above.",
		"example.org/example.Thing.Port": "Port has a line comment.",
		"example.org/example.Thing.Low":  "Low and High share one comment.",
		"example.org/example.Thing.High": "Low and High share one comment.",
	}
	for k, v := range want {
		if docs[k] != v {
			t.Errorf("%s = %q, want %q", k, docs[k], v)
		}
	}
	for k := range docs {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected key %s = %q", k, docs[k])
		}
	}
}

func TestRenderIsSortedGo(t *testing.T) {
	src, err := Render("p", map[string]string{"b": "two", "a": `one "quoted"`})
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	if !strings.HasPrefix(s, "// Code generated") || strings.Index(s, `"a"`) > strings.Index(s, `"b"`) || !strings.Contains(s, `"one \"quoted\""`) {
		t.Errorf("unexpected output:\n%s", s)
	}
}
