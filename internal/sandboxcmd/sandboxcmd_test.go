package sandboxcmd

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/diag"
)

const repoRoot = "../.."

// TestRefusals: what stops a sandbox before it serves is printed once and
// is diag.ErrReported (exit 1), or an error naming the address.
func TestRefusals(t *testing.T) {
	tests := []struct {
		name       string
		run        func(out, errOut *strings.Builder, diags func(diag.List)) error
		reported   bool
		wantStderr string
		wantErr    string
	}{
		{"OpenStack on a bad address", func(out, errOut *strings.Builder, diags func(diag.List)) error {
			return OpenStack{Root: repoRoot, Listen: "256.0.0.1:1", Out: out, Err: errOut, Diags: diags}.Run(context.Background())
		}, true, "edgectl: listen tcp", ""},
		{"OpenStack seeded with an unknown level", func(out, errOut *strings.Builder, diags func(diag.List)) error {
			return OpenStack{Root: repoRoot, Seed: "nosuch", Listen: "127.0.0.1:0", Out: out, Err: errOut, Diags: diags}.Run(context.Background())
		}, true, "fleet/inventory/nosuch.json: error: cannot read the inventory of level nosuch", ""},
		{"Fastly on a bad address", func(out, errOut *strings.Builder, diags func(diag.List)) error {
			return Fastly{Root: repoRoot, Level: "production", Listen: "256.0.0.1:1", Out: out, Err: errOut, Diags: diags}.Run(context.Background())
		}, false, "", "cannot listen on 256.0.0.1:1"},
		{"Fastly on a broken definition", func(out, errOut *strings.Builder, diags func(diag.List)) error {
			return Fastly{Root: t.TempDir(), Level: "production", Listen: "127.0.0.1:0", Out: out, Err: errOut, Diags: diags}.Run(context.Background())
		}, true, "levels.yaml: error", ""},
	}
	for _, tt := range tests {
		var out, errOut strings.Builder
		err := tt.run(&out, &errOut, func(l diag.List) { l.Print(&errOut, false) })
		if errors.Is(err, diag.ErrReported) != tt.reported || (tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr))) {
			t.Errorf("%s: error %v", tt.name, err)
		}
		if !strings.HasPrefix(errOut.String(), tt.wantStderr) || out.Len() > 0 {
			t.Errorf("%s: stdout %q, stderr %q; want nothing, then %q", tt.name, out.String(), errOut.String(), tt.wantStderr)
		}
	}
}
