package fastlyfake

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffMatchesRecording replays go-fastly's diff cassettes and compares
// the diff text itself with Fastly's, line by line. The only lines allowed
// to differ are those of backend fields Fastly added after the recording
// (keepalive_time, share_key), which the sandbox has.
func TestDiffMatchesRecording(t *testing.T) {
	dir, err := fixturesDir()
	if err != nil {
		t.Fatal(err)
	}
	_, u := NewTest(t, Options{}, ServiceSeed{ID: "kKJb5bOFI47uHeBVluGfX1", Drafts: 54})
	for _, name := range []string{"version_1", "version_2", "get", "create_backend", "get_again"} {
		c := readCassette(t, filepath.Join(dir, "diff", name+".yaml"))
		for _, in := range c.Interactions {
			path := strings.TrimPrefix(in.Request.URL, "https://api.fastly.com")
			var form url.Values
			if in.Request.Body != "" {
				if form, err = url.ParseQuery(in.Request.Body); err != nil {
					t.Fatal(err)
				}
			}
			r := do(t, u, in.Request.Method, path, form)
			if r.status != in.Response.Code {
				t.Fatalf("%s %s: %d, recorded %d: %s", in.Request.Method, path, r.status, in.Response.Code, r.body)
			}
			if !strings.Contains(path, "/diff/") {
				continue
			}
			var want struct{ Diff string }
			if err := json.Unmarshal([]byte(in.Response.Body), &want); err != nil {
				t.Fatal(err)
			}
			got, _ := r.obj(t)["diff"].(string)
			var kept []string
			for _, l := range strings.SplitAfter(got, "\n") {
				if !strings.Contains(l, "keepalive_time:") && !strings.Contains(l, "share_key:") {
					kept = append(kept, l)
				}
			}
			if g := strings.Join(kept, ""); g != want.Diff {
				t.Errorf("%s: diff differs from Fastly's.\ngot:\n%s\nrecorded:\n%s", name, g, want.Diff)
			}
		}
	}
}

// TestYAMLScalar pins the quoting of the diff's values.
func TestYAMLScalar(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "''"},
		{"integ-test.go-fastly.com", "integ-test.go-fastly.com"},
		{"1.1", "'1.1'"},
		{"true", "'true'"},
		{"it's: here", "'it''s: here'"},
		{"- dash", "'- dash'"},
		{"a\nb\n", "|\n  a\n  b"},
		{"a\n\nb", "|-\n  a\n\n  b"},
	}
	for _, tt := range tests {
		if got := yamlScalar(tt.in, "  "); got != tt.want {
			t.Errorf("yamlScalar(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDiffLines checks the line diff the diff endpoint is made of.
func TestDiffLines(t *testing.T) {
	a := []string{"a\n", "b\n", "c\n"}
	b := []string{"a\n", "B\n", "c\n", "d\n"}
	got := strings.Join(diffLines(a, b), "")
	want := " a\n-b\n+B\n c\n+d\n"
	if got != want {
		t.Errorf("diffLines = %q, want %q", got, want)
	}
}
