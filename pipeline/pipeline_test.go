package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/internal/testtool"
)

// TestLintErrorTracedToHook: a falco error in compiled VCL is reported at
// the hook file's own line, with the compiled line quoted.
func TestLintErrorTracedToHook(t *testing.T) {
	out, diags := Run(Options{Root: withErrorPages(t, "../testdata/hookerr"), Levels: []string{"production"}})
	if out != nil || !diags.HasErrors() {
		t.Fatalf("build with a broken hook succeeded: %v", diags)
	}
	var found bool
	for _, d := range diags.Errors() {
		if d.Pos.File == "vcl/www/deliver.vcl" && d.Pos.Line == 3 {
			found = true
			if !strings.Contains(d.Message, "rsep.http.X-Typo") || !strings.Contains(d.Message, "www/production/main.vcl:") {
				t.Errorf("message lacks the compiled line or its place: %s", d.Message)
			}
		}
	}
	if !found {
		t.Errorf("no error at vcl/www/deliver.vcl:3; got:\n%v", diags.Err())
	}
}

// TestLintErrorOncePerHookLine: a broken hook line is one problem, reported
// once with its column however many levels compile it, naming the levels.
func TestLintErrorOncePerHookLine(t *testing.T) {
	_, diags := Run(Options{Root: withErrorPages(t, "../testdata/hookerr")})
	errs := diags.Errors()
	want := []struct{ pos, text string }{
		{"vcl/www/deliver.vcl:3:5", `Undefined variable "rsep.http.X-Typo"`},
		{"vcl/www/deliver.vcl:3:22", "Type mismatch"},
	}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(errs), len(want), diags.Err())
	}
	for _, w := range want {
		found := false
		for _, d := range errs {
			if d.Pos.String() == w.pos && strings.Contains(d.Message, w.text) {
				found = true
				if !strings.Contains(d.Message, "www/production/main.vcl:") || !strings.Contains(d.Message, "staging, workbench") {
					t.Errorf("message does not name every level: %s", d.Message)
				}
			}
		}
		if !found {
			t.Errorf("no error %s: %s in\n%v", w.pos, w.text, diags.Err())
		}
	}
}

// TestLintErrorInRawVCL: a falco error in a raw VCL file is reported at
// the file's own line and column, once for every level.
func TestLintErrorInRawVCL(t *testing.T) {
	root := withErrorPages(t, "../testdata/hookerr")
	vcl := "sub vcl_recv {\n#FASTLY recv\n  set req.http.X-A = \"1\";\n    set rsep.http.X-B = \"1\";\n}\n"
	testtool.WriteFiles(t, root, map[string]string{"services/www.yaml": rawWWW, "vcl/www/main.vcl": vcl})
	_, diags := Run(Options{Root: root})
	expectUndefinedOnce(t, diags, "vcl/www/main.vcl:4:9")
}

const secret = "s3cr3t-object-store-key-do-not-print"

func writePrivate(t *testing.T, content string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "www.vcl"), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestPrivateInclude: the real private include is linted with the service
// but never written, and its content never appears in output or errors.
func TestPrivateInclude(t *testing.T) {
	good := "table private_keys STRING {\n  \"key\": \"" + secret + "\",\n}\n\nsub private_recv {\n}\n\nsub private_miss {\n  set bereq.http.Authorization = table.lookup(private_keys, \"key\", \"\");\n}\n\nsub private_pass {\n}\n"
	out, diags := Run(Options{Root: "..", Services: []string{"www"}, Levels: []string{"production"}, PrivateDir: writePrivate(t, good)})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if len(diags.Warnings()) != 0 {
		t.Errorf("warnings with the private include given: %v", diags)
	}
	dir := filepath.Join(t.TempDir(), "build")
	if err := out.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		if strings.Contains(string(data), secret) {
			t.Errorf("%s contains the private include's content", path)
		}
		return nil
	})
	placeholder, err := os.ReadFile(filepath.Join(dir, "www/production/private.vcl"))
	if err != nil || string(placeholder) != compiler.PrivatePlaceholder {
		t.Errorf("private.vcl is not the placeholder: %v", err)
	}

	// Warnings about it are located, never quoted.
	noisy := strings.Replace(good, "sub private_recv {\n}", "sub private_recv {\n  declare local var.UNUSED_"+secret[:6]+" STRING;\n}", 1)
	out, diags = Run(Options{Root: "..", Services: []string{"www"}, Levels: []string{"production"}, PrivateDir: writePrivate(t, noisy)})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	var warned bool
	for _, f := range out.Units[0].Findings {
		if f.File == compiler.PrivateName {
			warned = true
			if strings.Contains(f.Message, secret[:6]) || strings.Contains(f.String(), "UNUSED") {
				t.Errorf("a finding quotes the private include: %s", f)
			}
		}
	}
	if !warned {
		t.Error("the unused variable in the private include raised no finding")
	}

	// A broken private include fails the build without quoting it.
	bad := "sub private_recv {\n  set req.http.X = \"" + secret + "\" " + secret + ";\n}\n"
	_, diags = Run(Options{Root: "..", Services: []string{"www"}, Levels: []string{"production"}, PrivateDir: writePrivate(t, bad)})
	if !diags.HasErrors() {
		t.Fatal("a broken private include passed")
	}
	all := diags.Err().Error()
	if strings.Contains(all, secret) {
		t.Errorf("an error message leaks the private include:\n%s", all)
	}
	if !strings.Contains(all, "private include of www/production") || !strings.Contains(all, "content hidden") {
		t.Errorf("error does not say where the private include failed:\n%s", all)
	}
}

// TestPrivateIncludeMissing: a private dir without the service's file is
// an error naming the expected path, not a silent placeholder.
func TestPrivateIncludeMissing(t *testing.T) {
	_, diags := Run(Options{Root: "..", Services: []string{"www"}, Levels: []string{"production"}, PrivateDir: t.TempDir()})
	if !diags.HasErrors() || !strings.Contains(diags.Err().Error(), "cannot read the private include of www") {
		t.Errorf("got %v", diags)
	}
}

// TestPrivateIncludeNotAFile: the private include lives outside the
// repository by design, but a FIFO or /dev/zero in its place is a clear
// error, fast, rather than a hang or a read without end.
func TestPrivateIncludeNotAFile(t *testing.T) {
	for _, tt := range testtool.RefusedFiles() {
		t.Run(tt.Name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tt.Make(filepath.Join(dir, "www.vcl")); err != nil {
				t.Fatal(err)
			}
			err := testtool.Within(t, 10*time.Second, "the build with that private include", func() error {
				_, diags := Run(Options{Root: "..", Services: []string{"www"}, Levels: []string{"production"}, PrivateDir: dir, SkipLint: true})
				return diags.Err()
			})
			if err == nil || !strings.Contains(err.Error(), "cannot read the private include of www: "+filepath.Join(dir, "www.vcl")+": "+tt.Want) {
				t.Errorf("got %v, want %q", err, tt.Want)
			}
		})
	}
}

// TestWriteAtomic: a write replaces the whole tree; a partial build keeps
// the other units; a directory that is not a build tree is refused.
func TestWriteAtomic(t *testing.T) {
	all, dir := writtenSite(t, "out")
	stale := filepath.Join(dir, "gone", "production")
	os.MkdirAll(stale, 0o755)
	os.WriteFile(filepath.Join(stale, "main.vcl"), []byte("# an older build\n"), 0o644)

	one, diags := Run(Options{Root: "..", Services: []string{"docs"}, Levels: []string{"staging"}})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if err := one.Write(dir, true); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"www/production/main.vcl", "docs/staging/service.json", "gone/production/main.vcl"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("partial build lost %s: %v", p, err)
		}
	}
	if err := all.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a full build kept a unit it did not produce")
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if e.Name() != "out" {
			t.Errorf("write left %s behind", e.Name())
		}
	}

	notBuild := t.TempDir()
	os.WriteFile(filepath.Join(notBuild, "go.mod"), []byte("module x\n"), 0o644)
	if err := all.Write(notBuild, false); err == nil || !strings.Contains(err.Error(), "not an edgectl output tree") {
		t.Errorf("writing over a non-build directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(notBuild, "go.mod")); err != nil {
		t.Errorf("the refused directory was changed: %v", err)
	}
}

// TestBackendLimit: more backends than the service's max_backends is an
// error naming the service, level and limit.
func TestBackendLimit(t *testing.T) {
	root := withErrorPages(t, "")
	testtool.CopyFiles(t, root, "..", "levels.yaml", "services/talk.yaml")
	// talk allows 10 backends: salt plus ten app VMs is 11.
	inv := `[{"name": "salt", "roles": ["salt"], "private_ip": "10.0.0.1", "public_ip": "192.0.2.1"}`
	for i := 1; i <= 10; i++ {
		inv += fmt.Sprintf(`, {"name": "app%d", "roles": ["app"], "private_ip": "10.0.1.%d", "public_ip": "192.0.2.%d"}`, i, i, 100+i)
	}
	inv += "]"
	testtool.WriteFiles(t, root, map[string]string{"fleet/inventory/production.json": inv})

	_, diags := Run(Options{Root: root, Levels: []string{"production"}})
	if !diags.HasErrors() {
		t.Fatal("11 backends passed a limit of 10")
	}
	d := diags.Errors()[0]
	if d.Pos.File != "services/talk.yaml" || d.Pos.Line == 0 || !strings.Contains(d.Message, "talk has 11 backends at level production, over the limit of 10") {
		t.Errorf("got %s", d)
	}
}

// withErrorPages copies the test root src (if any) and the real errors/
// into a temporary repository.
func withErrorPages(t *testing.T, src string) string {
	t.Helper()
	root := t.TempDir()
	if src != "" {
		if err := os.CopyFS(root, os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(root, "errors"), os.DirFS("../errors")); err != nil {
		t.Fatal(err)
	}
	return root
}

// TestCompiledLineEscaped: the compiled line a falco error quotes comes from
// a hook file; an escape sequence in it is printed escaped, not sent to the
// terminal (where "\x1b[2K\r" would erase the line and print over it).
func TestCompiledLineEscaped(t *testing.T) {
	root := withErrorPages(t, "../testdata/hookerr")
	hook := filepath.Join(root, "vcl/www/deliver.vcl")
	os.WriteFile(hook, []byte("set resp.http.X-Fine = \"1\";\nset rsep.http.X-Typo = \"1\"; # \x1b[2K\x1b[32mall good\x1b[0m\n"), 0o644)
	_, diags := Run(Options{Root: root, Levels: []string{"production"}})
	out := diags.Err().Error()
	if !strings.Contains(out, "vcl/www/deliver.vcl:2") || !strings.Contains(out, `compiled line: set rsep.http.X-Typo = "1"; # \x1b[2K\x1b[32mall good\x1b[0m`) {
		t.Errorf("no escaped compiled line at vcl/www/deliver.vcl:2 in:\n%s", out)
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("a raw escape character reaches the output: %q", out)
	}
}
