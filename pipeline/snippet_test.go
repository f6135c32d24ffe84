package pipeline

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/internal/testtool"
)

// TestSnippetsLinted: the content of a service's snippets is linted with
// its unit, inserted where Fastly puts it (at the "#FASTLY <type>" macro of
// the subroutine of its type), and a falco error in it is reported at the
// snippet file's own line and column; a clean snippet adds no warning.
func TestSnippetsLinted(t *testing.T) {
	root := withErrorPages(t, "../testdata/hookerr")
	yml := rawWWW +
		"fastly_objects:\n  snippets:\n    - {name: clean, type: recv, content: \"set req.http.X-Clean = \\\"1\\\";\\n\"}\n    - {name: typo, type: deliver, file: vcl/www/typo.vcl}\n"
	vcl := "sub vcl_recv {\n#FASTLY recv\n  return(lookup);\n}\n\nsub vcl_deliver {\n#FASTLY deliver\n  return(deliver);\n}\n"
	typo := "# a snippet\nset resp.http.X-A = \"1\";\n  set rsep.http.X-B = \"1\";\n"
	testtool.WriteFiles(t, root, map[string]string{"services/www.yaml": yml, "vcl/www/main.vcl": vcl, "vcl/www/typo.vcl": typo})
	_, diags := Run(Options{Root: root, Levels: []string{"production"}})
	expectUndefinedOnce(t, diags, "vcl/www/typo.vcl:3:7")

	// Without the typo the unit lints clean: 0 errors, 0 warnings.
	testtool.WriteFiles(t, root, map[string]string{"vcl/www/typo.vcl": "set resp.http.X-A = \"1\";\n"})
	out, diags := Run(Options{Root: root, Levels: []string{"production"}})
	if diags.HasErrors() {
		t.Fatalf("clean snippets: %v", diags)
	}
	for _, f := range out.Units[0].Findings {
		if strings.HasPrefix(f.File, "snippet::") {
			t.Errorf("finding in a clean snippet: %s", f)
		}
	}
}

// TestInitSnippetLinted: an init snippet is inserted above every
// subroutine, as Fastly does, so a table it declares is known to the
// snippets that use it; an error in it is reported in it.
func TestInitSnippetLinted(t *testing.T) {
	root := withErrorPages(t, "../testdata/hookerr")
	yml := rawWWW +
		"fastly_objects:\n  snippets:\n    - {name: tables, type: init, file: vcl/www/tables.vcl}\n    - {name: use, type: recv, content: \"set req.http.X-Team = table.lookup(teams, req.http.Host, \\\"none\\\");\\n\"}\n"
	vcl := "sub vcl_recv {\n#FASTLY recv\n  return(lookup);\n}\n"
	testtool.WriteFiles(t, root, map[string]string{"services/www.yaml": yml, "vcl/www/main.vcl": vcl, "vcl/www/tables.vcl": "table teams {\n  \"www.webplatform.org\": \"docs\",\n}\n"})
	if _, diags := Run(Options{Root: root, Levels: []string{"production"}}); diags.HasErrors() {
		t.Fatalf("an init snippet's table is unknown to the recv snippet:\n%v", diags.Err())
	}
	testtool.WriteFiles(t, root, map[string]string{"vcl/www/tables.vcl": "table teams {\n  \"www.webplatform.org\": \"docs\",\n}\n\nsub vcl_x {\n  set rsep.http.X = \"1\";\n}\n"})
	_, diags := Run(Options{Root: root, Levels: []string{"production"}})
	if !hasError(diags, "vcl/www/tables.vcl:6:7", "Undefined variable") {
		t.Errorf("want the error in the init snippet at vcl/www/tables.vcl:6:7:\n%v", diags.Err())
	}
}

func hasError(diags diag.List, pos, text string) bool {
	for _, d := range diags.Errors() {
		if d.Pos.String() == pos && strings.Contains(d.Message, text) {
			return true
		}
	}
	return false
}
