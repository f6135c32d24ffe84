package compiler

import (
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/internal/testtool"
)

// TestReplaceOriginSetting: error_pages.replace_origin decides whether
// vcl_deliver replaces origin errors with our pages, and keep_paths are left
// out of the replacement.
func TestReplaceOriginSetting(t *testing.T) {
	site := loadSite(t)
	lvl := site.Level("production")
	inv := loadInventory(t, "production")
	const restart = "set req.http.X-Edgectl-Origin-Error = resp.status;"
	cases := []struct {
		name    string
		setting definition.ErrorPages
		want    []string // in vcl_deliver
		absent  []string
	}{
		{"default", definition.ErrorPages{}, []string{restart, `(req.method == "GET" || req.method == "HEAD") && req.http.Accept ~ "text/html"`}, []string{"req.url.path ~"}},
		{"navigations with keep_paths", definition.ErrorPages{ReplaceOrigin: definition.ReplaceNavigations, KeepPaths: []definition.Regexp{mustRegexp(t, `^/api/`)}}, []string{restart, `!(req.url.path ~ "^/api/")`}, nil},
		{"never", definition.ErrorPages{ReplaceOrigin: definition.ReplaceNever}, nil, []string{restart}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc := *site.Service("tracker")
			svc.ErrorPages = tc.setting
			res, diags := Compile(Input{Service: &svc, Level: lvl, Inventory: inv, Pages: loadPages(t)})
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			main := res.File(MainName).Content
			deliver := main[strings.Index(main, "sub vcl_deliver {"):]
			for _, w := range tc.want {
				if !strings.Contains(deliver, w) {
					t.Errorf("vcl_deliver lacks %q", w)
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(deliver, a) {
					t.Errorf("vcl_deliver has %q", a)
				}
			}
		})
	}
}

func mustRegexp(t *testing.T, src string) definition.Regexp {
	t.Helper()
	if err := definition.CheckRegexp(src); err != nil {
		t.Fatal(err)
	}
	return definition.Regexp{Source: src}
}

// TestStatusPageSplicedAsRendered: errors.vcl renders the pages once with a
// marker for the status page and main.vcl returns the URL HTML-escaped; the
// page a visitor gets must be the bytes html/template renders with the URL
// itself, in the href attribute and in page text alike.
func TestStatusPageSplicedAsRendered(t *testing.T) {
	t.Run("errors", func(t *testing.T) { checkStatusPageSplice(t, loadPages(t)) })
	// No page of errors/ writes {status_page} in its text today; one that
	// does, as a link and as text, must splice the same.
	t.Run("status_page in page text", func(t *testing.T) {
		root := t.TempDir()
		if err := os.CopyFS(filepath.Join(root, "errors"), os.DirFS("../errors")); err != nil {
			t.Fatal(err)
		}
		testtool.AppendFile(t, filepath.Join(root, "errors", "generic.md"), "\nSee [the status page]({status_page}), at {status_page}.\n")
		set, diags := errorpage.Load(root)
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		checkStatusPageSplice(t, set)
	})
}

func checkStatusPageSplice(t *testing.T, set *errorpage.Set) {
	urls := []string{
		"https://status.webplatform.org/",
		"https://status.webplatformstaging.org/",
		"https://status.webplatform.local/",
		"https://status.example.org/?a=1&b=2",
	}
	for _, url := range urls {
		for _, p := range set.Pages {
			want, err := set.Render(p, errorpage.Vars{StatusURL: url, RequestID: errorpage.MarkerRequestID, POP: errorpage.MarkerPOP})
			if err != nil {
				t.Fatal(err)
			}
			marked, err := set.Render(p, errorpage.Vars{StatusURL: errorpage.MarkerStatusURL, RequestID: errorpage.MarkerRequestID, POP: errorpage.MarkerPOP})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(marked, errorpage.MarkerStatusURL) {
				t.Errorf("%s: the rendering lost the status page marker", p.File)
			}
			if got := strings.ReplaceAll(marked, errorpage.MarkerStatusURL, html.EscapeString(url)); got != want {
				t.Errorf("%s with %s: the spliced page differs from the page rendered with the URL", p.File, url)
			}
		}
	}
}

// TestErrorsVCLWithoutOptionalPages: a level whose errors/ holds only the
// two pages validation requires (generic and maintenance: no Fastly cause,
// no origin status) still compiles: both page subroutines serve the generic
// page, without an if.
func TestErrorsVCLWithoutOptionalPages(t *testing.T) {
	root := t.TempDir()
	testtool.CopyFiles(t, root, testSite, "errors/layout.html", "errors/generic.md", "errors/maintenance.md")
	set, diags := errorpage.Load(root)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	f, diags := ErrorsVCL(set)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	for _, sub := range []string{"edgectl_cause_page_error", "edgectl_origin_page_error"} {
		body := subBody(t, f.Content, sub)
		if strings.Contains(body, "if (") {
			t.Errorf("%s tests a cause or status it has no page for:\n%s", sub, body)
		}
		for _, want := range []string{"  set obj.http.Retry-After = \"60\";\n", "Generic test page"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q:\n%s", sub, want, body)
			}
		}
	}
}

// subBody is the text of a subroutine of compiled VCL, without its braces.
func subBody(t *testing.T, vcl, name string) string {
	t.Helper()
	start := strings.Index(vcl, "sub "+name+" {\n")
	if start < 0 {
		t.Fatalf("no sub %s in:\n%s", name, vcl)
	}
	body := vcl[start+len("sub "+name+" {\n"):]
	end := strings.Index(body, "\n}\n")
	if end < 0 {
		t.Fatalf("sub %s is not closed", name)
	}
	return body[:end+1]
}
