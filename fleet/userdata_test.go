package fleet

import (
	"bytes"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestUserDataGolden(t *testing.T) {
	f := loadReal(t)
	for _, c := range []struct{ level, name string }{{"production", "app1"}, {"production", "salt"}, {"workbench", "memcache-alpha1"}, {"staging", "db1-masterdb"}} {
		l := f.Level(c.level)
		ud := f.UserData(l, l.VM(c.name), "10.10.10.10")
		if !bytes.Equal(ud, f.UserData(l, l.VM(c.name), "10.10.10.10")) {
			t.Error("user-data differs between two renderings")
		}
		checkGolden(t, "userdata/"+c.level+"-"+c.name+".yaml", ud)
	}
}

// TestUserDataContent parses the user-data as cloud-init would and checks
// the grains, the master address and the search domain.
func TestUserDataContent(t *testing.T) {
	f := loadReal(t)
	l := f.Level("staging")
	ud := f.UserData(l, l.VM("memcache-alpha1"), "10.10.10.42")
	if !bytes.HasPrefix(ud, []byte("#cloud-config\n")) {
		t.Fatal("user-data does not start with #cloud-config")
	}
	var doc struct {
		Hostname   string `yaml:"hostname"`
		FQDN       string `yaml:"fqdn"`
		WriteFiles []struct {
			Path    string `yaml:"path"`
			Content string `yaml:"content"`
		} `yaml:"write_files"`
		Packages []string `yaml:"packages"`
	}
	if err := yaml.Unmarshal(ud, &doc); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, wf := range doc.WriteFiles {
		files[wf.Path] = wf.Content
	}
	var grains struct {
		Level string   `yaml:"level"`
		Roles []string `yaml:"roles"`
	}
	if err := yaml.Unmarshal([]byte(files["/etc/salt/grains"]), &grains); err != nil {
		t.Fatal(err)
	}
	if grains.Level != "staging" || strings.Join(grains.Roles, ",") != "memcache,alpha" {
		t.Errorf("grains %+v", grains)
	}
	var minion map[string]string
	yaml.Unmarshal([]byte(files["/etc/salt/minion.d/edgectl.conf"]), &minion)
	if minion["master"] != "10.10.10.42" || minion["id"] != "memcache-alpha1" {
		t.Errorf("minion config %v", minion)
	}
	if files["/etc/resolvconf/resolv.conf.d/base"] != "search staging.wpdn\n" {
		t.Errorf("resolver %q", files["/etc/resolvconf/resolv.conf.d/base"])
	}
	if doc.Hostname != "memcache-alpha1" || doc.FQDN != "memcache-alpha1.staging.wpdn" {
		t.Errorf("host %s %s", doc.Hostname, doc.FQDN)
	}
	master := f.UserData(l, l.VM("salt"), "10.10.10.42")
	if !bytes.Contains(master, []byte(`master: "localhost"`)) || !bytes.Contains(master, []byte("- salt-master")) {
		t.Errorf("the salt master's user-data:\n%s", master)
	}
}
