// Package testtool holds what the tests of several packages share: Path
// finds the programs some tests run (nginx -t, monit -t, Chromium), which
// CI installs (.ci/run), so there a missing one fails the test and
// elsewhere skips it; Within bounds a call that must not hang;
// RefusedFiles are the files a read from outside the repository must
// refuse; SyncBuffer is a log goroutines write while the test reads it;
// WantError checks a table case's expected error; ReadFile, AppendFile,
// WriteFiles and CopyFiles read fixtures and lay out a test's repository,
// ending the test when they cannot; Golden reads (or, with -update,
// rewrites) a golden file; ExpectEscaped checks that text from outside
// reaches the terminal escaped.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Path returns the first of candidates that exec.LookPath finds: a bare
// name is looked up in $PATH, a path is checked as it is, and an empty
// candidate (an unset override variable) is passed over. When none is
// found, t fails if $CI is set and is skipped otherwise; both messages name
// the program and the Debian package pkg that provides it.
func Path(t testing.TB, name, pkg string, candidates ...string) string {
	t.Helper()
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed; .ci/run installs the Debian package %s", name, pkg)
	}
	t.Skipf("%s not installed (apt-get install %s)", name, pkg)
	return ""
}
