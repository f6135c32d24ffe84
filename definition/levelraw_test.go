package definition

import (
	"strings"
	"testing"
)

// TestLevelRawVCL: a level's raw_vcl replaces the service's files at that
// level and keeps the service's maintenance_switch; it needs the service's
// raw_vcl, cannot set the switch itself, and its files are read and
// checked as the service's are.
func TestLevelRawVCL(t *testing.T) {
	const generated = "description: imported\nservice_ids: {production: A1, staging: B1, workbench: C1}\ndomains: [legacy]\n" +
		"backends:\n  - {name: origin, address: origin.example.net, port: 80}\ntls: {force: true}\ncookies: {strip: true}\n"
	files := map[string]string{"vcl/legacy/main.vcl": "sub vcl_recv {\n}\n", "vcl/legacy/staging/main.vcl": "# staging\nsub vcl_recv {\n}\n"}
	for _, tt := range []struct {
		name, yaml string
		want       string // an error; "" for valid
	}{
		{"valid", rawHead + "raw_vcl: {main: vcl/legacy/main.vcl, maintenance_switch: true}\nlevels:\n  staging:\n    raw_vcl: {main: vcl/legacy/staging/main.vcl}\n", ""},
		{"service without raw_vcl", generated + "levels:\n  staging:\n    raw_vcl: {main: vcl/legacy/staging/main.vcl}\n",
			"services/legacy.yaml:10:14: error: level staging has raw_vcl, but the service has none"},
		{"the switch at a level", rawHead + "raw_vcl: {main: vcl/legacy/main.vcl}\nlevels:\n  staging:\n    raw_vcl: {main: vcl/legacy/staging/main.vcl, maintenance_switch: true}\n",
			"services/legacy.yaml:9:70: error: maintenance_switch cannot be given for level staging"},
		{"a missing file", rawHead + "raw_vcl: {main: vcl/legacy/main.vcl}\nlevels:\n  staging:\n    raw_vcl: {main: vcl/legacy/workbench/main.vcl}\n",
			"services/legacy.yaml:9:21: error: cannot read raw VCL vcl/legacy/workbench/main.vcl"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			all := map[string]string{"services/legacy.yaml": tt.yaml}
			for k, v := range files {
				all[k] = v
			}
			site, diags := Load(writeRoot(t, all))
			got := ""
			for _, d := range diags.Errors() {
				got += d.String() + "\n"
			}
			if tt.want != "" {
				if !strings.Contains(got, tt.want) {
					t.Errorf("want %q in:\n%s", tt.want, got)
				}
				return
			}
			if got != "" {
				t.Fatalf("errors:\n%s", got)
			}
			svc := site.Service("legacy")
			staging, production := svc.ForLevel("staging").RawVCL, svc.ForLevel("production").RawVCL
			if staging.Sources[0].Content != files["vcl/legacy/staging/main.vcl"] || !staging.MaintenanceSwitch || !svc.ForLevel("staging").HasMaintenanceSwitch() {
				t.Errorf("staging raw VCL %+v", staging)
			}
			if production.Sources[0].Content != files["vcl/legacy/main.vcl"] || !production.MaintenanceSwitch {
				t.Errorf("production raw VCL %+v", production)
			}
		})
	}
}
