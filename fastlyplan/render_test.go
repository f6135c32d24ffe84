package fastlyplan_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"regexp"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlytest"
	"github.com/webplatform/edgectl/internal/testtool"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/render")

// renderPlans is a plan of each kind of change on the demo service, and a
// plan without changes.
func renderPlans(t *testing.T) []*fastlyplan.Plan {
	d, _ := fastlytest.Demo(t, true)
	d.Service.Ownership = &desired.Ownership{Keep: map[desired.Kind][]string{desired.KindDictionary: {"Edge_*"}}}
	target, err := d.Config()
	if err != nil {
		t.Fatal(err)
	}
	cur := fastlytest.Clone(target)
	cur.Dictionaries = append(cur.Dictionaries, desired.Dictionary{Name: "Edge_Security"})
	fastlytest.Backend(cur, "app1").FirstByteTimeout = 34000
	fastlytest.Backend(cur, "app1").MaxConn = 600
	cur.Backends = append(cur.Backends, desired.Backend{Name: "legacy", Address: "192.0.2.1", Port: 80})
	cur.Directors[0].Backends = []string{"app1"}
	cur.Domains = cur.Domains[:1]
	cur.Unmanaged = []fastlyplan.Object{{"header", "x-served-by"}}
	cur.Settings.DefaultTTL = 86400
	cur.VCLs[0].Content = strings.Replace(cur.VCLs[0].Content, "set beresp.ttl = 1h;", "set beresp.ttl = 2h;", 1)
	cur.VCLs[2].Content = "sub private_recv {\n  set req.http.Authorization = \"AWS OLD-PRIVATE-KEY:OLD-SIG\";\n}\n"
	p := fastlyplan.Compare(cur, target, fastlyplan.Labels{From: "active version 7", To: "local"})
	p.Service, p.Level, p.ServiceID, p.Version = "demo", "production", "SU1Z0isxPaozGVKXdv0eY", 7
	same := fastlyplan.Compare(target, target, fastlyplan.Labels{From: "active version 8", To: "local"})
	same.Service, same.Level, same.ServiceID, same.Version = "docs", "production", "hSrcTy1vLSXbKNaJwYBWv6", 8
	return []*fastlyplan.Plan{p, same}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := "testdata/render/" + name
	want := testtool.Golden(t, path, got, *update, "go test ./fastlyplan -run "+t.Name()+" -update")
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test ./fastlyplan -run %s -update, then read git diff):\n%s", path, t.Name(), fastlyplan.UnifiedDiff(string(want), string(got), name, fastlyplan.Labels{From: "golden", To: "output"}))
	}
}

var ansiRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestText(t *testing.T) {
	plans := renderPlans(t)
	var plain, color bytes.Buffer
	if err := fastlyplan.Text(&plain, plans, false); err != nil {
		t.Fatal(err)
	}
	if err := fastlyplan.Text(&color, plans, true); err != nil {
		t.Fatal(err)
	}
	golden(t, "demo.txt", plain.Bytes())
	if bytes.Contains(plain.Bytes(), []byte("\x1b")) {
		t.Error("plain output has escape sequences")
	}
	if !bytes.Contains(color.Bytes(), []byte(fastlyplan.AnsiRed)) || !bytes.Contains(color.Bytes(), []byte(fastlyplan.AnsiGreen)) {
		t.Error("coloured output has no colours")
	}
	if stripped := ansiRE.ReplaceAll(color.Bytes(), nil); !bytes.Equal(stripped, plain.Bytes()) {
		t.Errorf("coloured output says something else than plain output:\n%s", fastlyplan.UnifiedDiff(plain.String(), string(stripped), "out", fastlyplan.Labels{}))
	}
	for _, want := range []string{
		"~ backend app1: first_byte_timeout 34s → 15s",
		"~ settings: general.default_ttl 1d → 1h",
		"@@ -18,7 +18,7 @@ sub vcl_fetch {\n",
		"\nsummary:\n  demo (production): 1 to add, 5 to change, 1 to destroy\n  docs (production): no changes\n",
		"= header x-served-by: not managed, left alone (to have publish remove it, add headers to ownership.adopt)",
		"= dictionary Edge_Security: kept (ownership.keep.dictionaries)",
		"- backend legacy: on Fastly but not in the source; will be removed",
		"~ vcl private: changed (content hidden)",
		"-  set beresp.ttl = 2h;",
		"docs (production), Fastly service hSrcTy1vLSXbKNaJwYBWv6: active version 8 → local: no changes",
	} {
		if !strings.Contains(plain.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, secret := range []string{"PRIVATE-KEY-ID", "PRIVATE-SIGNATURE", "OLD-PRIVATE-KEY", "Authorization"} {
		if strings.Contains(plain.String(), secret) || strings.Contains(color.String(), secret) {
			t.Errorf("output shows private content %q", secret)
		}
	}
	// Same input, same bytes.
	var again bytes.Buffer
	if err := fastlyplan.Text(&again, renderPlans(t), false); err != nil || !bytes.Equal(again.Bytes(), plain.Bytes()) {
		t.Error("two renderings of the same plans differ")
	}
}

func TestJSON(t *testing.T) {
	var out bytes.Buffer
	if err := fastlyplan.JSON(&out, renderPlans(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, "demo.json", out.Bytes())
	var doc struct {
		Changes  int `json:"changes"`
		Services []struct {
			Service string `json:"service"`
			Changes []struct {
				Kind, Name, Action string
				Fields             []struct {
					Name     string
					Old, New any
				}
			} `json:"changes"`
			NotManaged []fastlyplan.Object `json:"not_managed"`
			Kept       []fastlyplan.Object `json:"kept"`
			Summary    struct {
				Add     int `json:"add"`
				Change  int `json:"change"`
				Destroy int `json:"destroy"`
			} `json:"summary"`
			VCLs []struct {
				Name    string `json:"name"`
				Private bool   `json:"private"`
				Diff    string `json:"diff"`
			} `json:"vcls"`
		} `json:"services"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Changes != 7 || len(doc.Services) != 2 || len(doc.Services[1].Changes) != 0 {
		t.Errorf("changes %d, services %d", doc.Changes, len(doc.Services))
	}
	if s := doc.Services[0].Summary; s.Add != 1 || s.Change != 5 || s.Destroy != 1 {
		t.Errorf("summary %+v, want 1 to add, 5 to change, 1 to destroy", s)
	}
	if nm, kept := doc.Services[0].NotManaged, doc.Services[0].Kept; len(nm) != 1 || nm[0] != (fastlyplan.Object{Kind: "header", Name: "x-served-by"}) ||
		len(kept) != 1 || kept[0] != (fastlyplan.Object{Kind: "dictionary", Name: "Edge_Security"}) {
		t.Errorf("not_managed %+v, kept %+v", nm, kept)
	}
	for _, v := range doc.Services[0].VCLs {
		if v.Private != (v.Name == "private") || (v.Private && v.Diff != "") || (v.Name == "main" && !strings.Contains(v.Diff, "+  set beresp.ttl = 1h;")) {
			t.Errorf("vcl %+v", v)
		}
	}
	if strings.Contains(out.String(), "PRIVATE") {
		t.Error("JSON shows private content")
	}
}

func TestHunkFunction(t *testing.T) {
	old := "sub vcl_recv {\n  set req.http.A = \"1\";\n}\n\nsub vcl_deliver {\n  set resp.http.A = \"1\";\n  set resp.http.B = \"1\";\n  set resp.http.C = \"1\";\n  set resp.http.D = \"1\";\n}\n"
	new := strings.Replace(old, "resp.http.C = \"1\"", "resp.http.C = \"2\"", 1)
	d := fastlyplan.UnifiedDiff(old, new, "main.vcl", fastlyplan.Labels{})
	if !strings.Contains(d, "@@ -5,6 +5,6 @@ sub vcl_deliver {\n") {
		t.Errorf("hunk header names no subroutine:\n%s", d)
	}
	top := fastlyplan.UnifiedDiff("# a\n", "# b\n", "main.vcl", fastlyplan.Labels{})
	if !strings.Contains(top, "@@ -1 +1 @@\n") {
		t.Errorf("a hunk outside any subroutine names one:\n%s", top)
	}
}

func TestFieldDurations(t *testing.T) {
	for _, tt := range []struct {
		field string
		v     any
		want  string
	}{
		{"general.default_ttl", 604800, "7d"},
		{"general.default_ttl", 3600, "1h"},
		{"general.stale_if_error_ttl", 90, "90s"},
		{"first_byte_timeout", 15000, "15s"},
		{"connect_timeout", 1500, "1500ms"},
		{"check_interval", 60000, "1m"},
		{"max_conn", 200, "200"},
		{"general.default_ttl", 0, "0s"},
	} {
		if got := fastlyplan.FormatField(tt.field, tt.v); got != tt.want {
			t.Errorf("formatField(%s, %v) = %q, want %q", tt.field, tt.v, got, tt.want)
		}
	}
}
