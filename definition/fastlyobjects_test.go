package definition

import (
	"reflect"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/internal/testtool"
)

// TestFastlyObjects (input: a fastly_objects section, section.yaml.in, a
// fragment and so no definition of its own): the section compiles verbatim into the desired state,
// with Fastly's default priority where none is written and a snippet's
// content read from its file.
func TestFastlyObjects(t *testing.T) {
	yml := rawHead + "tls: {force: true}\ncookies: {strip: true}\n" + testtool.ReadFile(t, "testdata/fastlyobjects/section.yaml.in")
	site, diags := Load(writeRoot(t, map[string]string{"services/legacy.yaml": yml, "vcl/legacy/blocklist.vcl": "# none yet\n"}))
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	got := &desired.Service{}
	site.Service("legacy").FastlyObjects.Desired(got)
	want := &desired.Service{
		Conditions: []desired.Condition{
			{Name: "is-api", Type: "REQUEST", Statement: `req.url ~ "^/api/"`, Priority: 10},
			{Name: "is-error", Type: "RESPONSE", Statement: "resp.status >= 500", Priority: 100},
		},
		Headers:         []desired.Header{{Name: "served-by", Action: "set", Type: "response", Dst: "http.X-Served-By", Src: "server.identity", Priority: 100, ResponseCondition: "is-error"}},
		ResponseObjects: []desired.ResponseObject{{Name: "api-gone", Status: 410, Response: "Gone", RequestCondition: "is-api"}},
		RequestSettings: []desired.RequestSetting{{Name: "api-pass", Action: "pass", XForwardedFor: "append", RequestCondition: "is-api"}},
		CacheSettings:   []desired.CacheSetting{{Name: "short", Action: "cache", TTL: 60, StaleTTL: 30}},
		Snippets: []desired.Snippet{
			{Name: "inline", Type: "recv", Priority: 100, Content: "set req.http.X-A = \"1\";\n"},
			{Name: "blocklist", Type: "recv", Priority: 5, Dynamic: true, Content: "# none yet\n"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("desired\n%+v\nwant\n%+v", got, want)
	}
	if !got.Owns(desired.KindSnippet) || !got.Owns(desired.KindCondition) || got.Owns(desired.KindACL) {
		t.Error("declared kinds are not owned, or an undeclared one is")
	}
}

// TestFastlyObjectsWrong: a condition of the wrong type, a duplicate name,
// a snippet file outside vcl/.
func TestFastlyObjectsWrong(t *testing.T) {
	yml := rawHead + "tls: {force: true}\ncookies: {strip: true}\n" + `fastly_objects:
  conditions:
    - {name: c, type: CACHE, statement: "true"}
    - {name: c, type: CACHE, statement: "false"}
  headers:
    - {name: h, action: set, type: request, dst: http.X, request_condition: c}
  snippets:
    - {name: s, type: recv, file: ../outside.vcl}
`
	_, diags := Load(writeRoot(t, map[string]string{"services/legacy.yaml": yml}))
	for _, w := range []struct{ pos, text string }{
		{"services/legacy.yaml:11:14", `duplicate condition name "c"`},
		{"services/legacy.yaml:13:77", `request_condition "c" is a CACHE condition`},
		{"services/legacy.yaml:15:35", `snippet s: invalid file path "../outside.vcl"`},
	} {
		if !hasDiag(diags.Errors(), w.pos, w.text) {
			t.Errorf("missing %s: %s in\n%v", w.pos, w.text, diags)
		}
	}
}
