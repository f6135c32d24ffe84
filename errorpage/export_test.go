package errorpage

import (
	"flag"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/webplatform/edgectl/internal/testtool"
)

var update = flag.Bool("update", false, "rewrite "+goldenArchive+" with the exported pages")

// goldenArchive pins every exported page and snippet in one file (see
// formatArchive).
const goldenArchive = "testdata/pages.golden.txtar"

// goldenComment heads goldenArchive.
const goldenComment = `The error pages and server snippets errorpage.Export writes (production level,
status page https://status.webplatform.org/), one file each after its "-- name --" line.
Written by: go test ./errorpage -run TestExportGolden -update
`

// TestExportGolden pins every exported page and snippet (production level)
// in goldenArchive:
//
//	go test ./errorpage -run TestExportGolden -update
func TestExportGolden(t *testing.T) {
	files, err := loadReal(t).Export("https://status.webplatform.org/")
	if err != nil {
		t.Fatal(err)
	}
	archive, err := formatArchive(goldenComment, files)
	if err != nil {
		t.Fatal(err)
	}
	golden, err := parseArchive(testtool.Golden(t, goldenArchive, archive, *update, "go test ./errorpage -run TestExportGolden -update"))
	if err != nil {
		t.Fatalf("%s: %v", goldenArchive, err)
	}
	if len(golden) == 0 {
		t.Fatalf("%s pins no file: the comparison would pass vacuously", goldenArchive)
	}
	for name := range golden {
		if _, ok := files[name]; !ok {
			t.Errorf("%s pins %s, which export no longer writes (run with -update)", goldenArchive, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		want, ok := golden[name]
		if !ok {
			t.Errorf("%s: not in %s (run with -update)", name, goldenArchive)
			continue
		}
		if got := string(files[name]); got != want {
			diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{A: difflib.SplitLines(want), B: difflib.SplitLines(got), FromFile: "golden/" + name, ToFile: "export/" + name, Context: 3})
			t.Errorf("%s differs:\n%s", name, diff)
		}
		if strings.HasSuffix(name, ".html") && len(files[name]) > MaxBytes {
			t.Errorf("%s is %d bytes, over %d", name, len(files[name]), MaxBytes)
		}
	}
}

// TestNginxSnippet checks the nginx snippet with the real nginx -t.
func TestNginxSnippet(t *testing.T) {
	nginx := testtool.Path(t, "nginx", "nginx-light", "nginx", "/usr/sbin/nginx")
	files, err := loadReal(t).Export("https://status.webplatform.org/")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "nginx-errors.conf"), files["nginx-errors.conf"], 0o644)
	conf := `daemon off;
error_log ` + dir + `/error.log;
pid ` + dir + `/nginx.pid;
events {}
http {
  access_log off;
  client_body_temp_path ` + dir + `;
  proxy_temp_path ` + dir + `;
  fastcgi_temp_path ` + dir + `;
  uwsgi_temp_path ` + dir + `;
  scgi_temp_path ` + dir + `;
  server {
    listen 127.0.0.1:18080;
    include ` + dir + `/nginx-errors.conf;
  }
}
`
	os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644)
	out, err := exec.Command(nginx, "-t", "-p", dir, "-c", filepath.Join(dir, "nginx.conf")).CombinedOutput()
	if err != nil {
		t.Fatalf("nginx -t rejects the snippet: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "test is successful") {
		t.Errorf("nginx -t: %s", out)
	}
}
