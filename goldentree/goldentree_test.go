package goldentree

import (
	"strings"
	"testing"
)

const page = "sub edgectl_maintenance_page_error {\n  synthetic {\"down\"};\n}\n"

// unit is a build of one unit: main.vcl (with the maintenance page when
// maintenance is set), errors.vcl and service.json.
func unit(tree map[string]string, dir, errors string, maintenance bool) {
	main := "# " + dir + "\nsub vcl_recv {\n}\n"
	if maintenance {
		main += "\n" + page
	}
	tree[dir+"/main.vcl"] = main
	tree[dir+"/errors.vcl"] = errors
	tree[dir+"/service.json"] = "{\"unit\": \"" + dir + "\"}\n"
}

// TestPackPinsSharedContentOnce packs units of two levels, production the
// base: shared content once, staging as diffs from production, and what
// has no base whole; then unpacks the tree back into the build.
func TestPackPinsSharedContentOnce(t *testing.T) {
	build := map[string]string{}
	unit(build, "a/production", "pages\n", true)
	unit(build, "a/staging", "pages\n", true)
	build["a/staging/extra.vcl"] = "# only staging has it\n"
	unit(build, "b/production", "pages\n", false)
	unit(build, "c/staging", "pages\n", false) // c has no production unit
	golden, err := Pack(build, "production")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"_shared/errors.vcl":           "pages\n",
		"_shared/maintenance-page.vcl": page,
		"_shared/index": "errors.vcl a/production/errors.vcl\nmaintenance-page.vcl a/production/main.vcl\n" +
			"errors.vcl a/staging/errors.vcl\nmaintenance-page.vcl a/staging/main.vcl\nerrors.vcl b/production/errors.vcl\n" +
			"errors.vcl c/staging/errors.vcl\n",
		"_shared/diffs":             "a/staging/main.vcl.diff a/production/main.vcl\na/staging/service.json.diff a/production/service.json\n",
		"a/production/main.vcl":     "# a/production\nsub vcl_recv {\n}\n\n# golden: sub edgectl_maintenance_page_error is pinned in golden/_shared/maintenance-page.vcl\n",
		"a/production/service.json": "{\"unit\": \"a/production\"}\n",
		// The diff is of the golden files: the maintenance page is cut out
		// of both, and its reference line is context like any other.
		"a/staging/main.vcl.diff": "--- a/production/main.vcl\n+++ a/staging/main.vcl\n@@ -1,4 +1,4 @@\n" +
			"-# a/production\n+# a/staging\n sub vcl_recv {\n }\n \n",
		"a/staging/service.json.diff": "--- a/production/service.json\n+++ a/staging/service.json\n@@ -1 +1 @@\n" +
			"-{\"unit\": \"a/production\"}\n+{\"unit\": \"a/staging\"}\n",
		"a/staging/extra.vcl":       "# only staging has it\n",
		"b/production/main.vcl":     "# b/production\nsub vcl_recv {\n}\n",
		"b/production/service.json": "{\"unit\": \"b/production\"}\n",
		"c/staging/main.vcl":        "# c/staging\nsub vcl_recv {\n}\n",
		"c/staging/service.json":    "{\"unit\": \"c/staging\"}\n",
	}
	for name := range union(golden, want) {
		if golden[name] != want[name] {
			t.Errorf("%s: got %q, want %q", name, golden[name], want[name])
		}
	}
	unpacked, err := Unpack(golden)
	if err != nil {
		t.Fatal(err)
	}
	for name := range union(build, unpacked) {
		if build[name] != unpacked[name] {
			t.Errorf("unpacked %s: got %q, want %q", name, unpacked[name], build[name])
		}
	}
}

func TestPackRefusesABadBaseOrName(t *testing.T) {
	build := map[string]string{}
	unit(build, "a/production", "pages\n", false)
	unit(build, "a/staging", "pages\n", false)
	for _, base := range []string{"", "a/production"} {
		if _, err := Pack(build, base); err == nil || !strings.Contains(err.Error(), "is not a level name") {
			t.Errorf("Pack(build, %q): got %v, want a refusal of the base level", base, err)
		}
	}
	build["a/staging/main.vcl.diff"] = "a build file with the name of a diff\n"
	if _, err := Pack(build, "production"); err == nil || !strings.Contains(err.Error(), "a/staging/main.vcl: the build also writes a/staging/main.vcl.diff") {
		t.Errorf("got %v, want a refusal of the clashing name", err)
	}
}

func TestPackRefusesSharedContentThatDiffers(t *testing.T) {
	cases := []struct {
		name  string
		build func(map[string]string)
		want  []string
	}{
		{"errors.vcl of a level", func(tree map[string]string) {
			unit(tree, "a/production", "pages\n", false)
			unit(tree, "a/staging", "staging pages\n", false)
		}, []string{"a/staging/errors.vcl: its errors.vcl differs from a/production/errors.vcl's", "golden/_shared/errors.vcl", "+staging pages"}},
		{"maintenance page of a service", func(tree map[string]string) {
			unit(tree, "a/production", "pages\n", true)
			unit(tree, "b/production", "pages\n", true)
			tree["b/production/main.vcl"] = strings.Replace(tree["b/production/main.vcl"], "down", "closed", 1)
		}, []string{"b/production/main.vcl: the block sub edgectl_maintenance_page_error of its main.vcl differs", "golden/_shared/maintenance-page.vcl"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			build := map[string]string{}
			tc.build(build)
			_, err := Pack(build, "production")
			if err == nil {
				t.Fatal("Pack accepted units whose shared content differs")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestUnpackRefusesABrokenTree(t *testing.T) {
	cases := []struct {
		name   string
		golden map[string]string
		want   string
	}{
		{"unknown shared name", map[string]string{"_shared/index": "nope.vcl a/production/x.vcl\n"}, "names no shared content"},
		{"reference line missing", map[string]string{
			"_shared/index":                "maintenance-page.vcl a/production/main.vcl\n",
			"_shared/maintenance-page.vcl": page,
			"a/production/main.vcl":        "sub vcl_recv {\n}\n",
		}, "want the line"},
		{"diff whose context does not fit its base", map[string]string{
			"_shared/diffs": "a/staging/main.vcl.diff a/production/main.vcl\n",
			// production changed by hand, without its levels' diffs
			"a/production/main.vcl":   "# a/production\nsub vcl_recv {\n  set req.http.X = \"1\";\n}\n",
			"a/staging/main.vcl.diff": stagingDiff,
		}, `golden/a/staging/main.vcl.diff: hunk 1 (@@ -1,3 +1,3 @@): line 3 of a/production/main.vcl is "  set req.http.X = \"1\";\n", the diff wants "}\n"`},
		{"diff of a missing base", map[string]string{
			"_shared/diffs":           "a/staging/main.vcl.diff a/production/main.vcl\n",
			"a/staging/main.vcl.diff": stagingDiff,
		}, "golden/a/staging/main.vcl.diff is a diff of golden/a/production/main.vcl, which is missing"},
		{"diff missing", map[string]string{
			"_shared/diffs":         "a/staging/main.vcl.diff a/production/main.vcl\n",
			"a/production/main.vcl": "# a/production\nsub vcl_recv {\n}\n",
		}, "names golden/a/staging/main.vcl.diff, which is missing"},
		{"diff index line without .diff", map[string]string{
			"_shared/diffs": "a/staging/main.vcl a/production/main.vcl\n",
		}, `line "a/staging/main.vcl a/production/main.vcl" is not`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Unpack(tc.golden); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// stagingDiff is a/staging/main.vcl pinned as a diff of
// "# a/production\nsub vcl_recv {\n}\n".
const stagingDiff = "--- a/production/main.vcl\n+++ a/staging/main.vcl\n@@ -1,3 +1,3 @@\n-# a/production\n+# a/staging\n sub vcl_recv {\n }\n"

func union(a, b map[string]string) map[string]bool {
	names := map[string]bool{}
	for k := range a {
		names[k] = true
	}
	for k := range b {
		names[k] = true
	}
	return names
}
