package fleet

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/internal/testtool"
)

// TestMonitEveryVMPassesMonitT renders the control file of every VM of
// every level and checks it with the real monit -t.
func TestMonitEveryVMPassesMonitT(t *testing.T) {
	monit := testtool.Path(t, "monit", "monit", "monit", "/usr/bin/monit")
	f := loadReal(t)
	n := 0
	for _, l := range f.Levels {
		for _, vm := range l.VMs {
			t.Run(l.Name+"/"+vm.Name, func(t *testing.T) {
				dir := t.TempDir()
				// monit -t creates the id file: keep it out of /var/lib/monit.
				conf, err := f.Monit(l, vm.Name, MonitOptions{StateDir: filepath.Join(dir, "state")})
				if err != nil {
					t.Fatal(err)
				}
				os.Mkdir(filepath.Join(dir, "state"), 0o700)
				path := filepath.Join(dir, "monitrc")
				if err := os.WriteFile(path, conf, 0o600); err != nil {
					t.Fatal(err)
				}
				out, err := exec.Command(monit, "-t", "-c", path).CombinedOutput()
				if err != nil || !strings.Contains(string(out), "Control file syntax OK") {
					t.Fatalf("monit -t rejects the control file: %v\n%s\n%s", err, out, conf)
				}
			})
			n++
		}
	}
	if n < 40 {
		t.Errorf("checked %d control files, want every VM of every level", n)
	}
}

func TestMonitGolden(t *testing.T) {
	f := loadReal(t)
	for _, c := range []struct{ level, name string }{{"production", "app1"}, {"staging", "elastic"}, {"production", "salt"}, {"workbench", "piwik"}} {
		conf, err := f.Monit(f.Level(c.level), c.name, MonitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "monit/"+c.level+"-"+c.name+".monitrc", conf)
	}
}

// TestMonitServicesPerType: what the 2014 plan asks Monit to watch.
func TestMonitServicesPerType(t *testing.T) {
	f := loadReal(t)
	prod := f.Level("production")
	has := func(name, check string) bool {
		conf, err := f.Monit(prod, name, MonitOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Contains(string(conf), "\ncheck "+check+" ") || strings.Contains(string(conf), "\ncheck "+check+"\n")
	}
	for _, vm := range prod.VMs {
		for _, common := range []string{"system " + vm.Name + ".production.wpdn", "filesystem rootfs", "process sshd", "process salt-minion"} {
			if !has(vm.Name, common) {
				t.Errorf("%s lacks check %s", vm.Name, common)
			}
		}
	}
	want := map[string][]string{
		"app1": {"process apache2", "process nutcracker"}, "blog": {"process apache2", "process nutcracker"},
		"project": {"process apache2", "process nutcracker"}, "piwik": {"process nginx", "process php5-fpm", "process nutcracker"},
		"notes": {"process nginx"}, "accounts": {"process nginx"}, "memcache-alpha1": {"process memcached"},
		"sessions1": {"process memcached"}, "redis-alpha1": {"process redis-server"}, "db1-masterdb": {"process mysql"},
		"db2": {"process mysql"}, "elastic": {"process elasticsearch"}, "salt": {"process salt-master"}, "mail": {"process postfix"},
	}
	for name, checks := range want {
		for _, c := range checks {
			if !has(name, c) {
				t.Errorf("%s lacks check %s", name, c)
			}
		}
	}
	for _, name := range []string{"notes", "accounts", "db2", "bots"} {
		if has(name, "process nutcracker") {
			t.Errorf("%s watches nutcracker", name)
		}
	}
	staging, _ := f.Monit(f.Level("staging"), "app1", MonitOptions{})
	if !strings.Contains(string(staging), "set alert ops+staging@webplatform.org") {
		t.Error("staging alerts do not go to the staging address")
	}
	if _, err := f.Monit(f.Level("workbench"), "bots", MonitOptions{}); err == nil || !strings.Contains(err.Error(), "bots is not a VM of level workbench") {
		t.Errorf("unknown VM: %v", err)
	}
}
