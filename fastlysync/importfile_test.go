package fastlysync

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

// TestImportWritesModeline: the imported definition starts with the
// modeline every file of services/ carries (README "Editor support"; the
// schema package's repository test refuses a services/*.yaml without it).
func TestImportWritesModeline(t *testing.T) {
	imp, err := Import(fastlytest.DemoRemote(t), ImportOptions{Name: "legacy", ServiceIDs: fastlytest.ServiceIDs})
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(imp.Files["services/legacy.yaml"], "\n")
	if want := "# yaml-language-server: $schema=../docs/schema/service.schema.json"; first != want {
		t.Errorf("first line %q, want %q", first, want)
	}
}

// TestImportWithoutCustomVCL: a service that runs on the VCL Fastly
// generates (no custom VCL uploaded) is refused with what to do, not with
// "mark one main", which it has nothing to mark.
func TestImportWithoutCustomVCL(t *testing.T) {
	for _, x := range []struct {
		name string
		vcls func([]fastlyplan.VCL) []fastlyplan.VCL
		want string
	}{
		{"none", func([]fastlyplan.VCL) []fastlyplan.VCL { return nil }, "has no custom VCL"},
		{"private only", func([]fastlyplan.VCL) []fastlyplan.VCL {
			return []fastlyplan.VCL{{Name: "private", Content: "sub private_recv {}", Private: true}}
		}, "has no custom VCL"},
	} {
		r := fastlytest.DemoRemote(t)
		r.Config.VCLs = x.vcls(r.Config.VCLs)
		_, err := Import(r, ImportOptions{Name: "demo", ServiceIDs: fastlytest.ServiceIDs})
		if err == nil || !strings.Contains(err.Error(), x.want) || !strings.Contains(err.Error(), "upload") {
			t.Errorf("%s: error %v, want %q and how to fix it", x.name, err, x.want)
		}
	}
}
