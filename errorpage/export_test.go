package errorpage

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
)

var update = flag.Bool("update", false, "rewrite testdata/golden with the exported pages")

// TestExportGolden pins every exported page and snippet (production level):
//
//	go test ./errorpage -run TestExportGolden -update
func TestExportGolden(t *testing.T) {
	files, err := loadReal(t).Export("https://status.webplatform.org/")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden")
	if *update {
		os.RemoveAll(golden)
		os.MkdirAll(golden, 0o755)
		for name, content := range files {
			if err := os.WriteFile(filepath.Join(golden, name), content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	entries, err := os.ReadDir(golden)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(files) {
		t.Errorf("export writes %d files, golden has %d", len(files), len(entries))
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		want, err := os.ReadFile(filepath.Join(golden, name))
		if err != nil {
			t.Errorf("%s: not in golden (run with -update)", name)
			continue
		}
		if got := string(files[name]); got != string(want) {
			diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{A: difflib.SplitLines(string(want)), B: difflib.SplitLines(got), FromFile: "golden/" + name, ToFile: "export/" + name, Context: 3})
			t.Errorf("%s differs:\n%s", name, diff)
		}
		if strings.HasSuffix(name, ".html") && len(files[name]) > MaxBytes {
			t.Errorf("%s is %d bytes, over %d", name, len(files[name]), MaxBytes)
		}
	}
}

// TestNginxSnippet checks the nginx snippet with the real nginx -t.
func TestNginxSnippet(t *testing.T) {
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		if _, err = os.Stat("/usr/sbin/nginx"); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("nginx is not installed; .ci/run installs nginx-light")
			}
			t.Skip("nginx not installed")
		}
		nginx = "/usr/sbin/nginx"
	}
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
