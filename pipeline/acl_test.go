package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/internal/testtool"
	"github.com/webplatform/edgectl/vcltest"
)

// TestACLInsideMayPurge builds www at production with 192.0.2.1, the
// address falco runs every test request from, added to the ACL "internal",
// and runs testdata/acl-inside: a client in the ACL may purge and reach the
// status pages. (The real site's suites, testdata/falco/common/acl.test.vcl,
// check the refusals from outside.)
func TestACLInsideMayPurge(t *testing.T) {
	root := t.TempDir()
	for _, dir := range []string{"services", "vcl", "errors", "fleet"} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(filepath.Join("..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	www := testtool.ReadFile(t, "../services/www.yaml")
	const fleet = "    fleet: true\n"
	if !strings.Contains(www, fleet) {
		t.Fatal("services/www.yaml has no ACL with fleet: true")
	}
	inside := strings.Replace(www, fleet, fleet+"    entries: [\"192.0.2.1\"]\n", 1)
	testtool.CopyFiles(t, root, "..", "levels.yaml")
	testtool.WriteFiles(t, root, map[string]string{"services/www.yaml": inside})
	out, diags := Run(Options{Root: root, Services: []string{"www"}, Levels: []string{"production"}})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	dir := filepath.Join(t.TempDir(), "build")
	if err := out.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	unit := filepath.Join(dir, "www", "production")
	cases, err := vcltest.Run(filepath.Join(unit, "local.vcl"), "testdata/acl-inside", unit)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 3 {
		t.Errorf("%d cases ran, want 3", len(cases))
	}
	for _, c := range cases {
		if !c.Passed {
			t.Errorf("%s", c)
		}
	}
}
