package fastlysync

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlytest"
	"github.com/webplatform/edgectl/internal/testtool"
)

// TestImportWarningsEscaped: the names import lists as not imported come
// from Fastly; they are printed with control characters escaped.
func TestImportWarningsEscaped(t *testing.T) {
	r := fastlytest.DemoRemote(t)
	r.Config.Unmanaged = []fastlyplan.Object{{Kind: "condition", Name: "is-api" + fastlytest.Hostile}}
	r.Config.Gzips = []desired.Gzip{{Name: "g\x1b[31m"}}
	imp, err := Import(r, ImportOptions{Name: "demo", ServiceIDs: fastlytest.ServiceIDs})
	if err != nil {
		t.Fatal(err)
	}
	testtool.ExpectEscaped(t, "the warnings", strings.Join(imp.Warnings, "\n"),
		`condition is-api\x1b[2J\x1b]0;pwned\x07\x0d is not imported`, `gzip g\x1b[31m is not imported`)
}
