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

func TestPackPinsSharedContentOnce(t *testing.T) {
	build := map[string]string{}
	unit(build, "a/production", "pages\n", true)
	unit(build, "a/staging", "pages\n", true)
	unit(build, "b/production", "pages\n", false)
	golden, err := Pack(build)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"_shared/errors.vcl":           "pages\n",
		"_shared/maintenance-page.vcl": page,
		"_shared/index": "errors.vcl a/production/errors.vcl\nmaintenance-page.vcl a/production/main.vcl\n" +
			"errors.vcl a/staging/errors.vcl\nmaintenance-page.vcl a/staging/main.vcl\nerrors.vcl b/production/errors.vcl\n",
		"a/production/main.vcl":     "# a/production\nsub vcl_recv {\n}\n\n# golden: sub edgectl_maintenance_page_error is pinned in golden/_shared/maintenance-page.vcl\n",
		"a/production/service.json": "{\"unit\": \"a/production\"}\n",
		"a/staging/main.vcl":        "# a/staging\nsub vcl_recv {\n}\n\n# golden: sub edgectl_maintenance_page_error is pinned in golden/_shared/maintenance-page.vcl\n",
		"a/staging/service.json":    "{\"unit\": \"a/staging\"}\n",
		"b/production/main.vcl":     "# b/production\nsub vcl_recv {\n}\n",
		"b/production/service.json": "{\"unit\": \"b/production\"}\n",
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
			_, err := Pack(build)
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
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Unpack(tc.golden); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

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
