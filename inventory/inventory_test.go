package inventory

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRoles(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"memcache-jobs1", []string{"memcache", "jobs"}},
		{"db1-masterdb", []string{"db", "masterdb"}},
		{"salt", []string{"salt"}},
		{"app12", []string{"app"}},
		{"redis-alpha1", []string{"redis", "alpha"}},
		{"app-app2", []string{"app"}},
	}
	for _, tt := range tests {
		if got := Roles(tt.name); !slices.Equal(got, tt.want) {
			t.Errorf("Roles(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestWithRoleNaturalOrder(t *testing.T) {
	inv := &Inventory{VMs: []VM{
		{Name: "app10", Roles: []string{"app"}},
		{Name: "app2", Roles: []string{"app"}},
		{Name: "blog", Roles: []string{"blog"}},
		{Name: "app1", Roles: []string{"app"}},
	}}
	var names []string
	for _, vm := range inv.WithRole("app") {
		names = append(names, vm.Name)
	}
	if strings.Join(names, " ") != "app1 app2 app10" {
		t.Errorf("WithRole(app) = %v", names)
	}
}

func TestLoadRealInventories(t *testing.T) {
	for _, level := range []string{"production", "staging", "workbench"} {
		inv, diags := Load("../", level)
		if diags.HasErrors() {
			t.Errorf("%s: %v", level, diags.Err())
			continue
		}
		if len(inv.WithRole("salt")) != 1 || len(inv.WithRole("app")) == 0 {
			t.Errorf("%s: want one salt master and app VMs", level)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"missing", "", "cannot read the inventory of level x"},
		{"syntax", "[\n  {\"name\": \"app1\",,}\n]", "fleet/inventory/x.json:2:19: error: invalid inventory"},
		{"unknown field", `[{"name": "app1", "roles": ["app"], "private_ip": "10.0.0.1", "ip": "1"}]`, `unknown field "ip"`},
		{"roles", "[\n {\"name\": \"app1\", \"roles\": [\"db\"], \"private_ip\": \"10.0.0.1\"}\n]", `fleet/inventory/x.json:2: error: VM "app1" has roles [db], its name says [app]`},
		{"bad name", `[{"name": "App_1", "roles": ["app"], "private_ip": "10.0.0.1"}]`, `invalid VM name "App_1"`},
		{"bad ip", `[{"name": "app1", "roles": ["app"], "private_ip": "10.0.0.1", "public_ip": "300.1.1.1"}]`, `invalid public_ip "300.1.1.1"`},
		{"twice", `[{"name": "app1", "roles": ["app"], "private_ip": "10.0.0.1"}, {"name": "app1", "roles": ["app"], "private_ip": "10.0.0.2"}]`, `VM "app1" is listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if tt.json != "" {
				os.MkdirAll(filepath.Join(root, Dir), 0o755)
				os.WriteFile(filepath.Join(root, Dir, "x.json"), []byte(tt.json), 0o644)
			}
			_, diags := Load(root, "x")
			if !diags.HasErrors() {
				t.Fatal("no error")
			}
			got := diags.Err().Error()
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %s\nwant it to contain %s", got, tt.want)
			}
		})
	}
}

func TestMarshalSortedAndRoundTrips(t *testing.T) {
	vms := []VM{
		{Name: "app10", PrivateIP: "10.0.0.10"},
		{Name: "salt", PrivateIP: "10.0.0.1", PublicIP: "192.0.2.1"},
		{Name: "app2", PrivateIP: "10.0.0.2"},
		{Name: "db1-masterdb", PrivateIP: "10.0.0.3"},
	}
	root := t.TempDir()
	if err := Write(root, "x", vms); err != nil {
		t.Fatal(err)
	}
	inv, diags := Load(root, "x")
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	var names []string
	for _, vm := range inv.VMs {
		names = append(names, vm.Name)
	}
	if got := strings.Join(names, " "); got != "app2 app10 db1-masterdb salt" {
		t.Errorf("order %s", got)
	}
	if !slices.Equal(inv.VMs[2].Roles, []string{"db", "masterdb"}) {
		t.Errorf("roles %v", inv.VMs[2].Roles)
	}
	data, _ := os.ReadFile(Path(root, "x"))
	if string(data) != string(Marshal(inv.VMs)) {
		t.Error("Marshal of the loaded inventory differs from the file")
	}
	if string(Marshal(nil)) != "[]\n" {
		t.Errorf("empty inventory: %q", Marshal(nil))
	}
}

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"app1", "memcache-jobs1", "db1-masterdb", "salt"} {
		if err := CheckName(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "App1", "app_1", "1app", "app-", "-app", "app--db", "app-1", strings.Repeat("a", 64)} {
		if CheckName(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
