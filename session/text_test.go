package session

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/webplatform/edgectl/fastlyplan"
)

// TestWriteText: each report says, in one line (a list for a dry run),
// what its command did or would do. Expected text is written out, not
// built.
func TestWriteText(t *testing.T) {
	empty := &fastlyplan.Plan{}
	changed := &fastlyplan.Plan{Changes: []fastlyplan.Change{{Kind: "backend", Name: "app1"}}}
	for _, tt := range []struct {
		name   string
		report interface{ WriteText(io.Writer) error }
		want   string
	}{
		{"publish, up to date", &PublishReport{Service: "www", Level: "staging", Plan: empty},
			"www (staging) is up to date on Fastly; nothing was written\n"},
		{"publish, dry run", &PublishReport{Service: "www", Level: "production", Plan: changed, DryRun: true, Base: 7, Operations: []string{"update backend app1", "upload vcl main"}},
			"dry run: publishing would make these 2 writes on a draft of version 7 (plus the clone, the comment and the activation), then validate; nothing was written:\n  update backend app1\n  upload vcl main\n"},
		{"publish, activated", &PublishReport{Service: "www", Level: "production", Plan: changed, Published: true, Version: 8, Operations: []string{"update backend app1"}},
			"activated version 8 of www (production) (1 object writes)\n"},
		{"publish, versionless", &PublishReport{Service: "www", Level: "production", Plan: changed, Published: true, Version: 7, Versionless: true, Operations: []string{"write content of dynamic snippet blocklist"}},
			"wrote 1 changes outside versions to www (production); version 7 stays active\n"},
		{"publish, staged", &PublishReport{Service: "blog", Level: "production", Plan: changed, Published: true, Version: 3, Staged: true},
			"activated on Fastly's staging network version 3 of blog (production) (0 object writes)\n"},
		{"rollback, dry run", &RollbackReport{Service: "talk", Level: "production", From: 2, To: 1, DryRun: true},
			"dry run: rolling back would activate version 1 of talk (production) (was 2); nothing was written\n"},
		{"rollback", &RollbackReport{Service: "talk", Level: "production", From: 5, To: 3},
			"rolled talk (production) back: version 3 is active (was 5)\n"},
		{"maintenance, dry run from unset", &MaintenanceReport{Service: "www", Level: "production", State: "on", DryRun: true},
			"dry run: maintenance of www (production) would go unset → on; nothing was written\n"},
		{"maintenance, already", &MaintenanceReport{Service: "www", Level: "production", Old: "on", State: "on"},
			"maintenance of www (production) is already on; nothing was written\n"},
		{"maintenance, changed", &MaintenanceReport{Service: "www", Level: "staging", Old: "off", State: "on", Changed: true, Replaced: "off"},
			"maintenance of www (staging): off → on\n"},
		{"maintenance status", MaintenanceStatuses{
			{Service: "blog", Level: "production", State: "absent"},
			{Service: "docs", Level: "production", Err: errors.New("unreadable")},
			{Service: "talk", Level: "production", State: "unset"},
			{Service: "www", Level: "production", State: "on"},
		}, "blog (production): no switch on Fastly yet (publish the service to create it)\ntalk (production): unset (off)\nwww (production): on\n"},
		{"import, dry run", &ImportReport{Name: "legacy", Level: "production", DryRun: true, PrivatePath: "/keys/legacy.vcl", Paths: []string{"services/legacy.yaml", "vcl/legacy/main.vcl"}},
			"dry run: would write the private include to /keys/legacy.vcl (content not shown)\ndry run: would write services/legacy.yaml\ndry run: would write vcl/legacy/main.vcl\ndry run: nothing was written\n"},
		{"import", &ImportReport{Name: "legacy", Level: "staging", Paths: []string{"services/legacy.yaml"}},
			"next: edgectl diff legacy --level staging\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.report.WriteText(&b); err != nil || b.String() != tt.want {
				t.Errorf("got %q, %v\nwant %q", b.String(), err, tt.want)
			}
		})
	}
}
