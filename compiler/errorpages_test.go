package compiler

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
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
			svc := *site.Service("static")
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
