package definition

import (
	"strings"
	"testing"
)

// TestSurrogateKeys: good rules load; each mistake is one error at its
// line and column with a hint.
func TestSurrogateKeys(t *testing.T) {
	tests := []struct {
		name, rules string
		want        string // "" for no error
	}{
		{"page key", `[{path: "^/wiki/(.+)", key: 'wiki-\1'}]`, ""},
		{"constant key", `[{path: "^/wiki/", key: "wiki"}]`, ""},
		{"two groups", `[{path: "^/(\\w+)/(.+)", key: '\1-\2'}]`, ""},
		{"group the path lacks", `[{path: "^/wiki/(.+)", key: 'wiki-\2'}]`, `services/legacy.yaml:8:45: error: surrogate key "wiki-\\2" refers to group 2, but the path has 1`},
		{"space in key", `[{path: "^/wiki/", key: "wiki page"}]`, `services/legacy.yaml:8:41: error: surrogate key "wiki page" contains a space, a quote or a control character`},
		{"other backslash", `[{path: "^/wiki/", key: 'wiki\n'}]`, `services/legacy.yaml:8:41: error: surrogate key "wiki\\n" has a backslash that is not \1 to \9`},
		{"no key", `[{path: "^/wiki/"}]`, `services/legacy.yaml:8:18: error: missing required field "key"`},
		{"bad path", `[{path: "^/(x", key: "k"}]`, "services/legacy.yaml:8:25: error: invalid regular expression"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yml := rawHead + "tls: {force: true}\ncookies: {strip: true}\nsurrogate_keys: " + tt.rules + "\n"
			_, diags := Load(writeRoot(t, map[string]string{"services/legacy.yaml": yml}))
			var got []string
			for _, d := range diags.Errors() {
				got = append(got, d.String())
			}
			if tt.want == "" {
				if len(got) != 0 {
					t.Fatalf("errors:\n%s", strings.Join(got, "\n"))
				}
				return
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tt.want) {
				t.Fatalf("got:\n%s\nwant one error starting %q", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}
