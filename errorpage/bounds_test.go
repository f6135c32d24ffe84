package errorpage

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/internal/testtool"
)

const pageHead = "---\ncause: x\nkind: generic\nstatus: 503\ntitle: t\n---\n"

// loadAndCheck loads a set and runs the build's checks, failing the test if
// it does not finish at all (goldmark is superlinear on some inputs: 64 KiB
// of nested block quotes took 28 s before the bounds, 33 s for nested list
// markers). The guard is for a hang, not a speed target: it stays far above
// what a loaded machine needs; BenchmarkBoundedMarkdown measures the cost.
func loadAndCheck(t *testing.T, root string) diag.List {
	t.Helper()
	return testtool.Within(t, 60*time.Second, "loading and rendering the error pages", func() diag.List {
		set, diags := Load(root)
		diags.Add(set.CheckBudget("https://status.example.org/")...)
		return diags
	})
}

func diagText(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func withMaintenance(files map[string]string) map[string]string {
	files["maintenance.md"] = "---\ncause: maintenance\nkind: maintenance\nstatus: 503\ntitle: m\n---\nm\n"
	return files
}

// TestMarkdownCostBounded: Markdown that would take goldmark seconds is
// refused before rendering, at the line where it goes too deep.
func TestMarkdownCostBounded(t *testing.T) {
	var indented strings.Builder
	for i := 0; indented.Len() < 30<<10; i++ {
		indented.WriteString(strings.Repeat("  ", i%200) + "- x\n")
	}
	tests := []struct {
		name, body, want string
	}{
		{"nested list markers", "Intro.\n\n" + strings.Repeat("- ", 8000) + "x\n", "errors/x.md:9:17: error: Markdown nests more than 8 levels deep"},
		{"nested block quotes", strings.Repeat(">", 20000) + "x\n", "errors/x.md:7:9: error: Markdown nests more than 8 levels deep"},
		{"nested by indentation", indented.String(), "errors/x.md:15:17: error: Markdown nests more than 8 levels deep"},
		{"unclosed links", strings.Repeat("[a](", 8000), "errors/x.md:7:201: error: Markdown has more than 50 links or brackets"},
		{"too large", strings.Repeat("Text. ", 6000), "errors/x.md: error: cannot read the page: is larger than the limit of 32 KiB"},
		// Just within the bounds, the worst inputs render fast (and fail the budget).
		{"deepest quotes allowed", strings.Repeat("> > > > > > > > x\n\n", 1600), "over the budget"},
		{"deepest lists allowed", strings.Repeat("- - - - - - - - x\n", 1800), "over the budget"},
		{"most brackets allowed", strings.Repeat("[a](", 50) + strings.Repeat("*a **a ", 4500), "over the budget"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagText(loadAndCheck(t, writeSet(t, withMaintenance(map[string]string{"x.md": pageHead + tt.body}))))
			if !strings.Contains(got, tt.want) {
				t.Errorf("want %q in:\n%s", tt.want, got)
			}
		})
	}
}

// TestSelfContainedEnforced: the build refuses a page or layout that would
// load anything from the network (the origin is down when the page shows);
// links to follow are fine. Invalid UTF-8 is refused at its position.
func TestSelfContainedEnforced(t *testing.T) {
	layout := testtool.ReadFile(t, filepath.Join("..", Dir, LayoutFile))
	withLayout := func(old, new string) string {
		if !strings.Contains(layout, old) {
			t.Fatalf("layout lacks %q", old)
		}
		return strings.Replace(layout, old, new, 1)
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string // empty: no error
	}{
		{"links are fine", map[string]string{"x.md": pageHead + "See [the status page](https://status.example.org/) or <https://example.org/>.\n"}, ""},
		{"image https", map[string]string{"x.md": pageHead + "Text.\n\n![logo](https://example.org/logo.png)\n"}, `errors/x.md:9: error: the page loads "https://example.org/logo.png" (img src)`},
		{"image scheme-relative", map[string]string{"x.md": pageHead + "![logo](//cdn.example.org/logo.png)\n"}, `errors/x.md:7: error: the page loads "//cdn.example.org/logo.png" (img src)`},
		{"image relative", map[string]string{"x.md": pageHead + "![logo](logo.png)\n"}, `errors/x.md:7: error: the page loads "logo.png" (img src)`},
		{"layout stylesheet", map[string]string{LayoutFile: withLayout("<style>", "<link rel=\"stylesheet\" href=\"https://fonts.example.org/a.css\">\n<style>")}, `errors/layout.html:9: error: the page loads "https://fonts.example.org/a.css" (link href)`},
		{"layout script", map[string]string{LayoutFile: withLayout("</main>", "</main><script src='https://example.org/a.js'></script>")}, `error: the page loads "https://example.org/a.js" (script src)`},
		{"layout css url", map[string]string{LayoutFile: withLayout("*{box-sizing:border-box}", "body{background:url(https://example.org/bg.png)}")}, `errors/layout.html:11: error: the page loads "https://example.org/bg.png" (CSS url())`},
		{"layout css import", map[string]string{LayoutFile: withLayout("*{box-sizing:border-box}", "@import 'https://example.org/a.css';")}, `errors/layout.html:11: error: the page loads "https://example.org/a.css" (CSS @import)`},
		{"control character in title", map[string]string{"x.md": "---\ncause: x\nkind: generic\nstatus: 503\ntitle: \"Down\\e[8m\"\n---\nbody\n"}, "errors/x.md:5:8: error: title or match contains a control character"},
		{"invalid utf-8", map[string]string{"x.md": pageHead + "Fine line.\nBad \xff byte.\n"}, "errors/x.md:8:5: error: the page is not valid UTF-8"},
		{"invalid utf-8 layout", map[string]string{LayoutFile: withLayout("<main>", "<main>\xc3")}, "errors/layout.html:26:7: error: the layout is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := withMaintenance(tt.files)
			if _, ok := files["x.md"]; !ok {
				files["x.md"] = pageHead + "body\n"
			}
			root := writeSet(t, files)
			got := diagText(loadAndCheck(t, root))
			if tt.want == "" {
				if strings.Contains(got, "error:") {
					t.Errorf("errors:\n%s", got)
				}
				return
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("want %q in:\n%s", tt.want, got)
			}
		})
	}
}

// BenchmarkBoundedMarkdown measures loading and checking the worst pages
// the bounds let through (go test ./errorpage -run XXX -bench Bounded).
func BenchmarkBoundedMarkdown(b *testing.B) {
	for _, c := range []struct{ name, body string }{
		{"quotes", strings.Repeat("> > > > > > > > x\n\n", 1600)},
		{"lists", strings.Repeat("- - - - - - - - x\n", 1800)},
		{"brackets", strings.Repeat("[a](", 50) + strings.Repeat("*a **a ", 4500)},
	} {
		root := writeSet(b, withMaintenance(map[string]string{"x.md": pageHead + c.body}))
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				set, _ := Load(root)
				set.CheckBudget("https://status.example.org/")
			}
		})
	}
}
