package fastlyplan_test

import (
	"os/exec"
	"strings"
	"testing"
)

// ioPackages are the packages through which code reaches the network, files
// or processes. fastlyplan compares and renders; whatever it needs comes in
// as arguments (Config, io.Writer), so none of these may appear.
var ioPackages = []string{
	"net", "net/http", "net/url", "os", "os/exec", "io/ioutil", "io/fs", "path/filepath", "syscall",
	"github.com/fastly/go-fastly/v9/fastly",
	"github.com/webplatform/edgectl/fastlyapi",
	"github.com/webplatform/edgectl/fastlysync",
	"github.com/webplatform/edgectl/repofs",
}

// TestNoIO lists, with go list, the imports of fastlyplan and of every
// package of this module it depends on (the standard library's own
// packages import os, which says nothing about this code), and fails on
// any package of ioPackages.
func TestNoIO(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", `{{if not .Standard}}{{.ImportPath}}:{{join .Imports " "}}{{end}}`, ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		if !strings.HasPrefix(pkg, "github.com/webplatform/edgectl/") {
			continue
		}
		seen++
		for _, imp := range strings.Fields(imports) {
			for _, bad := range ioPackages {
				if imp == bad {
					t.Errorf("%s imports %s: fastlyplan must stay pure (no network, files or processes)", pkg, imp)
				}
			}
		}
	}
	if seen == 0 {
		t.Fatalf("go list named no package of this module:\n%s", out)
	}
}
