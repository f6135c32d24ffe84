package planreport

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"changes", []string{"testdata/diff-production.json", "testdata/diff-staging.json"}, "testdata/plan.md"},
		{"none", []string{"testdata/diff-staging.json"}, "testdata/none.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var docs []*Diff
			for _, f := range tt.files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				d, err := Decode(f, bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				docs = append(docs, d)
			}
			var b strings.Builder
			Markdown(&b, docs)
			want, err := os.ReadFile(tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != string(want) {
				t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
			}
		})
	}
}

func TestDecodeRefuses(t *testing.T) {
	for _, in := range []string{"", "[]", `{"services": 3}`, `{"changes": 0}`} {
		if _, err := Decode("x.json", strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "x.json") {
			t.Errorf("Decode(%q): %v", in, err)
		}
	}
}

// TestEscapes: names from Fastly cannot end the table, inject HTML or
// carry terminal escapes into the artefact.
func TestEscapes(t *testing.T) {
	doc := `{"changes": 1, "services": [{"service": "www", "level": "production", "service_id": "ID",
	  "changes": [{"kind": "header", "name": "<img src=x>|\u001b[31mred\nline", "action": "delete", "drift": true,
	  "fields": [{"name": "n", "old": "a|b` + "`" + `c", "new": null}]}], "vcls": [], "summary": {"add": 0, "change": 0, "destroy": 1}}]}`
	d, err := Decode("doc", strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	Markdown(&b, []*Diff{d})
	out := b.String()
	for _, bad := range []string{"<img", "\x1b", "red\nline", "a|b"} {
		if strings.Contains(out, bad) {
			t.Errorf("output holds %q:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, `&lt;img src=x&gt;\|�\[31mred�line`) {
		t.Errorf("name not escaped as expected:\n%s", out)
	}
}
