package planreport

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/fastlyplan"
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

// TestDecodesWhatDiffWrites: a plan written by fastlyplan.JSON (what diff
// --output json prints) decodes into the same plan and its tally.
func TestDecodesWhatDiffWrites(t *testing.T) {
	p := &fastlyplan.Plan{Service: "www", Level: "production", ServiceID: "ID", Version: 3,
		Changes: []fastlyplan.Change{
			{Kind: "backend", Name: "app", Action: fastlyplan.Update, Fields: []fastlyplan.Field{{Name: "address", Old: "a.example", New: "b.example"}}},
			{Kind: "header", Name: "old", Action: fastlyplan.Delete, Drift: true},
		},
		VCLs:       []fastlyplan.FileChange{{Name: "main", Action: fastlyplan.Update, Content: true, Diff: "-a\n+b\n"}},
		From:       "active version 3",
		To:         "local",
		Notes:      []string{"private include not compared"},
		NotManaged: []fastlyplan.Object{{Kind: "logging_s3", Name: "archive"}},
		Kept:       []fastlyplan.Object{},
	}
	var b bytes.Buffer
	if err := fastlyplan.JSON(&b, []*fastlyplan.Plan{p}); err != nil {
		t.Fatal(err)
	}
	d, err := Decode("diff.json", &b)
	if err != nil {
		t.Fatal(err)
	}
	if *d.Changes != 3 || len(d.Services) != 1 {
		t.Fatalf("decoded %d changes, %d services", *d.Changes, len(d.Services))
	}
	got := d.Services[0]
	if !reflect.DeepEqual(got.Plan, *p) || got.Summary != (fastlyplan.Tally{Change: 2, Destroy: 1}) {
		t.Errorf("decoded\n%+v %+v\nwant\n%+v", got.Plan, got.Summary, *p)
	}
}
