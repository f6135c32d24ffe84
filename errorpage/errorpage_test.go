package errorpage

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/internal/testtool"
)

func loadReal(t *testing.T) *Set {
	t.Helper()
	set, diags := Load("..")
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return set
}

// TestRealPages: the 15 Fastly causes the 2014 plan and Fastly's guide list,
// the generic and maintenance pages, and the origin pages all exist.
func TestRealPages(t *testing.T) {
	set := loadReal(t)
	want := []string{
		"Connection refused", "Network unreachable", "Connection timed out", "Backend.max_conn reached",
		"Backend is unhealthy", "No healthy backends", "All backends failed or unhealthy", "backend read error",
		"backend write error", "first byte timeout", "fetch timeout", "Response object too large",
		"Quorum weight not reached", "Maximum threads for service reached", "No stale object available",
	}
	matches := map[string]bool{}
	for _, p := range set.Causes() {
		matches[p.Match] = true
	}
	for _, m := range want {
		if !matches[m] {
			t.Errorf("no page for Fastly cause %q", m)
		}
	}
	if len(set.Causes()) != len(want) {
		t.Errorf("%d cause pages, want %d", len(set.Causes()), len(want))
	}
	if set.Generic() == nil || set.Maintenance() == nil {
		t.Error("generic or maintenance page missing")
	}
	for _, s := range []int{403, 404, 410, 500, 502, 503, 504} {
		if set.Origin(s) == nil {
			t.Errorf("no origin page for %d", s)
		}
	}
}

func TestRenderSelfContained(t *testing.T) {
	set := loadReal(t)
	for _, p := range set.Pages {
		html, err := set.Render(p, Vars{StatusURL: "https://status.webplatform.org/", RequestID: MarkerRequestID, POP: MarkerPOP})
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"<script", "<img", "<iframe", "@import", "url(", "src=", `rel="stylesheet"`} {
			if strings.Contains(html, bad) {
				t.Errorf("%s: rendered page contains %q: it must need nothing from the network", p.File, bad)
			}
		}
		for _, want := range []string{`<html lang="en">`, "<h1>" + htmlText(p.Title) + "</h1>", `href="https://status.webplatform.org/"`, MarkerRequestID, MarkerPOP, `name="viewport"`} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: rendered page lacks %q", p.File, want)
			}
		}
		if p.Match != "" && !strings.Contains(html, htmlText(p.Match)) {
			t.Errorf("%s: technical line lacks the cause", p.File)
		}
	}
	if diags := set.CheckBudget("https://status.webplatform.org/"); diags.HasErrors() {
		t.Error(diags.Err())
	}
}

// htmlText escapes the way html/template does for text in an element.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func TestMarkdownHTMLDropped(t *testing.T) {
	root := writeSet(t, map[string]string{
		"evil.md":        "---\ncause: evil\nkind: generic\nstatus: 503\ntitle: \"x\"\n---\nHello <script>alert(1)</script> <img src=x onerror=alert(1)>\n",
		"maintenance.md": "---\ncause: maintenance\nkind: maintenance\nstatus: 503\ntitle: \"m\"\n---\nm\n",
	})
	set, diags := Load(root)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	html, err := set.Render(set.Generic(), Vars{StatusURL: "https://s/"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, "<script>alert") || strings.Contains(html, "<img") {
		t.Errorf("raw HTML in Markdown reached the page:\n%s", html)
	}
}

func TestLoadErrors(t *testing.T) {
	big := strings.Repeat("A long sentence that fills the page. ", 600)
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"no front matter", map[string]string{"x.md": "hello\n"}, []string{"errors/x.md:1:1: error: no front matter"}},
		{"unknown field", map[string]string{"x.md": "---\ncause: x\nkind: generic\nstatus: 503\ntitle: t\ncolour: red\n---\nbody\n"}, []string{`errors/x.md:6:1: error: unknown field "colour"`}},
		{"fastly without match", map[string]string{"x.md": "---\ncause: x\nkind: fastly\nstatus: 503\ntitle: t\n---\nbody\n"}, []string{"errors/x.md:3:7: error: a Fastly cause page needs match"}},
		{"name mismatch", map[string]string{"x.md": "---\ncause: y\nkind: generic\nstatus: 503\ntitle: t\n---\nbody\n"}, []string{`errors/x.md:2:8: error: cause "y" does not match the file name`}},
		{"shadowing match", map[string]string{
			"a.md": "---\ncause: a\nkind: fastly\nmatch: backend\nstatus: 503\ntitle: t\n---\nbody\n",
			"b.md": "---\ncause: b\nkind: fastly\nmatch: backend read error\nstatus: 503\ntitle: t\n---\nbody\n",
		}, []string{`match "backend" is a prefix of "backend read error"`}},
		{"over budget", map[string]string{"x.md": "---\ncause: x\nkind: generic\nstatus: 503\ntitle: t\n---\n" + big + "\n"}, []string{"rendered page is", "over the budget of 16384"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"maintenance.md": "---\ncause: maintenance\nkind: maintenance\nstatus: 503\ntitle: m\n---\nm\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			set, diags := Load(writeSet(t, files))
			diags.Add(set.CheckBudget("https://s/")...)
			got := ""
			for _, d := range diags {
				got += d.String() + "\n"
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("want %q in:\n%s", w, got)
				}
			}
		})
	}
}

func writeSet(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	testtool.CopyFiles(t, root, "..", Dir+"/"+LayoutFile)
	below := map[string]string{}
	for name, content := range files {
		below[Dir+"/"+name] = content
	}
	testtool.WriteFiles(t, root, below)
	return root
}
