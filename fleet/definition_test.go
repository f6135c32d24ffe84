package fleet

import (
	"os"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/internal/testtool"
	"github.com/webplatform/edgectl/inventory"
)

const repoRoot = ".."

func loadReal(t testing.TB) *Fleet {
	t.Helper()
	f, diags := Load(repoRoot, "")
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return f
}

func names(l *Level) string {
	var n []string
	for _, vm := range l.VMs {
		n = append(n, vm.Name)
	}
	return strings.Join(n, " ")
}

func TestLoadRealFleet(t *testing.T) {
	f := loadReal(t)
	if got := strings.Join(f.LevelNames(), " "); got != "production staging workbench" {
		t.Errorf("levels %s", got)
	}
	want := map[string]string{
		"production": "accounts app1 app2 app3 backup blog bots db1-masterdb db2 docker elastic mail memcache-alpha1 notes piwik project redis-alpha1 salt sessions1 source",
		"staging":    "accounts app1 app2 blog db1-masterdb elastic memcache-alpha1 notes piwik project redis-alpha1 salt sessions1",
		"workbench":  "app1 blog db1-masterdb memcache-alpha1 piwik project salt sessions1",
	}
	for level, w := range want {
		if got := names(f.Level(level)); got != w {
			t.Errorf("%s:\n got %s\nwant %s", level, got, w)
		}
	}
	vm := f.Level("production").VM("db1-masterdb")
	if vm == nil || vm.Type.Name != "db" || strings.Join(vm.Roles, ",") != "db,masterdb" {
		t.Errorf("db1-masterdb: %+v", vm)
	}
	if f.Level("production").Zone != "production.wpdn" {
		t.Error("zone not taken from levels.yaml")
	}
}

// TestRealInventoriesFresh: the inventories the repository carries match the
// definition, so the stale check passes on the real fleet.
func TestRealInventoriesFresh(t *testing.T) {
	f := loadReal(t)
	for _, l := range f.Levels {
		inv, diags := inventory.Load(repoRoot, l.Name)
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		if ds := f.CheckInventory(l, inv); len(ds) > 0 {
			t.Errorf("%s: %v", l.Name, ds)
		}
		// In the form refresh writes, so that a refresh shows only changes.
		data, _ := os.ReadFile(inventory.Path(repoRoot, l.Name))
		if string(data) != string(inventory.Marshal(inv.VMs)) {
			t.Errorf("%s is not in the form edgectl fleet refresh writes (sorted by name, two-space indent)", inv.File)
		}
	}
}

// writeRoot makes a repository root with the real levels.yaml and the given
// fleet definition.
func writeRoot(t testing.TB, fleetYAML string) string {
	t.Helper()
	root := t.TempDir()
	testtool.CopyFiles(t, root, repoRoot, "levels.yaml")
	testtool.WriteFiles(t, root, map[string]string{FileName: fleetYAML})
	return root
}

// minimalFleet is a fleet of one salt master at every level, for the
// definition tests to add types to and the benchmarks (bench_test.go) to
// apply: its image, key pair and flavor are ones the local OpenStack API
// knows.
const minimalFleet = `image: Ubuntu-14.04-Trusty
key_pair: webplatform
network: private
floating_network: public
salt_master: salt
levels:
  production: {alert: ops@example.org}
  staging: {alert: ops@example.org}
  workbench: {alert: ops@example.org}
types:
  salt:
    flavor: supersonic
    security_groups: [default]
    count: {production: 1, staging: 1, workbench: 1}
`

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, types, want string
	}{
		{"count without n", "  app:\n    flavor: f\n    security_groups: [default]\n    count: {production: 2}\n",
			`fleet/fleet.yaml:18:12: error: type app has 2 VMs at level production but its name "app" has no {n}`},
		{"unknown level", "  app:\n    flavor: f\n    security_groups: [default]\n    name: app{n}\n    count: {prod: 2}\n",
			`fleet/fleet.yaml:19:13: error: unknown level "prod" in the count of type app
    hint: did you mean "production"?`},
		{"unknown level in names", "  app:\n    flavor: f\n    security_groups: [default]\n    names: {stagin: [app1]}\n",
			`fleet/fleet.yaml:18:13: error: unknown level "stagin" in the names of type app
    hint: did you mean "staging"?`},
		{"name of another type", "  db:\n    flavor: f\n    security_groups: [default]\n    names: {production: [masterdb-db1]}\n",
			`VM masterdb-db1 of type db has roles [masterdb db]`},
		{"invalid name", "  db:\n    flavor: f\n    security_groups: [default]\n    names: {production: [db_1]}\n",
			`invalid VM name "db_1" (type db, level production)`},
		{"defined twice", "  app:\n    flavor: f\n    security_groups: [default]\n    names: {production: [app1, app1]}\n",
			`VM app1 is defined twice at level production`},
		{"count and names", "  app:\n    flavor: f\n    security_groups: [default]\n    count: {production: 1}\n    names: {production: [app1]}\n",
			`type app has both count and names`},
		{"unknown monit service", "  app:\n    flavor: f\n    security_groups: [default]\n    monit: [apachee]\n",
			`unknown Monit service "apachee"`},
		{"no security group", "  app:\n    flavor: f\n    security_groups: []\n",
			`type app has no security group`},
		{"unknown field", "  app:\n    flavour: f\n    security_groups: [default]\n",
			`unknown field "flavour"`},
		{"two n", "  app:\n    flavor: f\n    security_groups: [default]\n    name: app{n}-{n}\n",
			`name pattern "app{n}-{n}" has {n} 2 times`},
		{"type name", "  App:\n    flavor: f\n    security_groups: [default]\n",
			`invalid type name "App"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Load(writeRoot(t, minimalFleet+tt.types), "")
			if !diags.HasErrors() {
				t.Fatal("no error")
			}
			if got := diags.Err().Error(); !strings.Contains(got, tt.want) {
				t.Errorf("got\n%s\nwant it to contain\n%s", got, tt.want)
			}
		})
	}
}

func TestLoadSettingErrors(t *testing.T) {
	tests := []struct {
		name, from, to, want string
	}{
		{"missing level", "  workbench: {alert: ops@example.org}\n", "", "level workbench of levels.yaml has no settings in the fleet definition"},
		{"extra level", "  workbench: {alert: ops@example.org}\n", "  workbench: {alert: ops@example.org}\n  qa: {alert: a@b.c}\n", `unknown level "qa"`},
		{"bad alert", "production: {alert: ops@example.org}", "production: {alert: not an address}", `invalid alert address "not an address"`},
		{"no salt master", "salt_master: salt", "salt_master: master", `salt master "master" is not a VM of level production`},
		{"missing key", "key_pair: webplatform\n", "", `missing required field "key_pair"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := strings.Replace(minimalFleet, tt.from, tt.to, 1)
			_, diags := Load(writeRoot(t, def), "")
			if got := diags.Err(); got == nil || !strings.Contains(got.Error(), tt.want) {
				t.Errorf("got %v\nwant it to contain %s", got, tt.want)
			}
		})
	}
	if _, diags := Load(t.TempDir(), ""); !strings.Contains(diags.Err().Error(), "cannot read the levels file") {
		t.Errorf("empty root: %v", diags.Err())
	}
}

func TestImageOverride(t *testing.T) {
	root := writeRoot(t, minimalFleet+"  docker:\n    flavor: f\n    image: Docker-Host\n    security_groups: [default]\n    count: {production: 1}\n")
	f, diags := Load(root, "Ubuntu-16.04")
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	l := f.Level("production")
	if got := f.Image(l.VM("salt")); got != "Ubuntu-16.04" {
		t.Errorf("salt boots %s, want the override", got)
	}
	if got := f.Image(l.VM("docker")); got != "Docker-Host" {
		t.Errorf("docker boots %s, want its type's image", got)
	}
}
