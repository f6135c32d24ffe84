package fleet

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
)

// monitCheck is a service Monit watches: a process found by its pid file,
// started and stopped through its init script, and the tests that prove it
// answers.
type monitCheck struct {
	// Process is the name of the check; Service the init script.
	Process, Service, Pidfile string
	// StartTimeout is how long the start program may take, in seconds.
	StartTimeout int
	// Tests are Monit "if ..." rules.
	Tests []string
}

// monitChecks are the services a type can list under monit. Paths are those
// of Ubuntu 14.04's packages (the fleet's image).
var monitChecks = map[string]monitCheck{
	"apache": {Process: "apache2", Service: "apache2", Pidfile: "/var/run/apache2/apache2.pid", StartTimeout: 60, Tests: []string{
		`if failed host 127.0.0.1 port 80 protocol http request "/server-status" for 2 cycles then restart`,
	}},
	"nginx": {Process: "nginx", Service: "nginx", Pidfile: "/run/nginx.pid", StartTimeout: 60, Tests: []string{
		`if failed host 127.0.0.1 port 80 protocol http request "/nginx-status" for 2 cycles then restart`,
	}},
	"php-fpm": {Process: "php5-fpm", Service: "php5-fpm", Pidfile: "/var/run/php5-fpm.pid", StartTimeout: 60, Tests: []string{
		`if failed host 127.0.0.1 port 9000 type tcp for 2 cycles then restart`,
	}},
	// Nutcracker is the local keystore broker of the web apps: its stats
	// port, the sessions pool and the object keystore pool.
	"nutcracker": {Process: "nutcracker", Service: "nutcracker", Pidfile: "/var/run/nutcracker/nutcracker.pid", StartTimeout: 30, Tests: []string{
		`if failed host 127.0.0.1 port 22222 type tcp for 2 cycles then restart`,
		`if failed host 127.0.0.1 port 11211 type tcp for 2 cycles then restart`,
		`if failed host 127.0.0.1 port 11212 type tcp for 2 cycles then restart`,
	}},
	"memcached": {Process: "memcached", Service: "memcached", Pidfile: "/var/run/memcached.pid", StartTimeout: 30, Tests: []string{
		`if failed host 127.0.0.1 port 11211 protocol memcache for 2 cycles then restart`,
	}},
	"redis": {Process: "redis-server", Service: "redis-server", Pidfile: "/var/run/redis/redis-server.pid", StartTimeout: 30, Tests: []string{
		`if failed host 127.0.0.1 port 6379 protocol redis for 2 cycles then restart`,
	}},
	"mysql": {Process: "mysql", Service: "mysql", Pidfile: "/var/run/mysqld/mysqld.pid", StartTimeout: 300, Tests: []string{
		`if failed host 127.0.0.1 port 3306 protocol mysql for 3 cycles then restart`,
	}},
	// Elasticsearch is restarted when it stops answering; a red cluster is
	// only reported, a restart would not mend it.
	"elasticsearch": {Process: "elasticsearch", Service: "elasticsearch", Pidfile: "/var/run/elasticsearch/elasticsearch.pid", StartTimeout: 120, Tests: []string{
		`if failed host 127.0.0.1 port 9200 protocol http request "/_cluster/health" for 3 cycles then restart`,
		`if failed host 127.0.0.1 port 9200 protocol http request "/_cluster/health" and content = "green|yellow" for 2 cycles then alert`,
	}},
	"salt-master": {Process: "salt-master", Service: "salt-master", Pidfile: "/var/run/salt-master.pid", StartTimeout: 60, Tests: []string{
		`if failed host 127.0.0.1 port 4505 type tcp for 2 cycles then restart`,
		`if failed host 127.0.0.1 port 4506 type tcp for 2 cycles then restart`,
	}},
	"postfix": {Process: "postfix", Service: "postfix", Pidfile: "/var/spool/postfix/pid/master.pid", StartTimeout: 60, Tests: []string{
		`if failed host 127.0.0.1 port 25 protocol smtp for 2 cycles then restart`,
	}},
	"docker": {Process: "docker", Service: "docker", Pidfile: "/var/run/docker.pid", StartTimeout: 60, Tests: []string{
		`if failed unixsocket /var/run/docker.sock protocol http request "/_ping" for 2 cycles then restart`,
	}},
}

// everyVM are the checks of every VM, after the system and disk checks.
var everyVM = []monitCheck{
	{Process: "sshd", Service: "ssh", Pidfile: "/var/run/sshd.pid", StartTimeout: 30, Tests: []string{
		`if failed host 127.0.0.1 port 22 protocol ssh for 2 cycles then restart`,
	}},
	{Process: "salt-minion", Service: "salt-minion", Pidfile: "/var/run/salt-minion.pid", StartTimeout: 60},
}

// monitOrder is the order services appear in a control file.
var monitOrder = []string{"salt-master", "apache", "nginx", "php-fpm", "nutcracker", "memcached", "redis", "mysql", "elasticsearch", "postfix", "docker"}

// MonitServices lists the services a type can name under monit.
func MonitServices() []string { return slices.Clone(monitOrder) }

// MonitOptions change where Monit keeps its state; the zero value is the
// Debian layout.
type MonitOptions struct {
	// StateDir holds Monit's id file, state file and event queue
	// (default /var/lib/monit). Tests point it at a temporary directory,
	// because monit -t creates the id file.
	StateDir string
}

// Monit renders the Monit control file (/etc/monit/monitrc, mode 0600) of
// the VM called name at level: system load, memory, swap and CPU alerts, disk
// space and inodes, sshd and salt-minion on every VM, then the services the
// types of its roles list under monit. Alerts go to the level's address.
func (f *Fleet) Monit(level *Level, name string, opts MonitOptions) ([]byte, error) {
	vm := level.VM(name)
	if vm == nil {
		return nil, fmt.Errorf("%s is not a VM of level %s in %s (its VMs: %s)", name, level.Name, FileName, vmNames(level))
	}
	stateDir := opts.StateDir
	if stateDir == "" {
		stateDir = "/var/lib/monit"
	}
	host := vm.Name + "." + level.Zone
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Monit control file of %s at level %s (roles: %s).\n", vm.Name, level.Name, strings.Join(vm.Roles, ", "))
	fmt.Fprintf(&b, "# Written by `edgectl fleet monit %s --level %s` from %s; install it as\n", vm.Name, level.Name, FileName)
	b.WriteString("# /etc/monit/monitrc, mode 0600. Edit the fleet definition, not this file.\n\n")

	fmt.Fprintf(&b, "set daemon 60 with start delay 120\n")
	fmt.Fprintf(&b, "set log /var/log/monit.log\n")
	fmt.Fprintf(&b, "set idfile %s\n", path.Join(stateDir, "id"))
	fmt.Fprintf(&b, "set statefile %s\n", path.Join(stateDir, "state"))
	fmt.Fprintf(&b, "set eventqueue basedir %s slots 100\n", path.Join(stateDir, "events"))
	fmt.Fprintf(&b, "set mailserver %s port 25\n", f.MailServer)
	fmt.Fprintf(&b, "set mail-format {\n  from: monit@%s\n  subject: [%s] $SERVICE $EVENT on $HOST\n}\n", host, level.Name)
	fmt.Fprintf(&b, "set alert %s not on { instance }\n", level.Alert)
	fmt.Fprintf(&b, "set httpd unixsocket /var/run/monit.sock\n  allow localhost\n\n")

	fmt.Fprintf(&b, "check system %s\n", host)
	for _, rule := range []string{
		"if loadavg (1min) per core > 2 for 5 cycles then alert",
		"if loadavg (5min) per core > 1.5 for 10 cycles then alert",
		"if memory usage > 85% for 5 cycles then alert",
		"if swap usage > 25% for 5 cycles then alert",
		"if cpu usage (user) > 80% for 10 cycles then alert",
		"if cpu usage (system) > 30% for 10 cycles then alert",
		"if cpu usage (wait) > 30% for 10 cycles then alert",
	} {
		fmt.Fprintf(&b, "  %s\n", rule)
	}
	b.WriteString("\ncheck filesystem rootfs with path /\n")
	b.WriteString("  if space usage > 80% then alert\n")
	b.WriteString("  if space usage > 95% then alert\n")
	b.WriteString("  if inode usage > 85% then alert\n")

	for _, c := range everyVM {
		writeMonitCheck(&b, c)
	}
	for _, c := range f.monitServices(vm) {
		writeMonitCheck(&b, monitChecks[c])
	}
	return b.Bytes(), nil
}

// monitServices are the services the types of the VM's roles list, each
// once, in monitOrder.
func (f *Fleet) monitServices(vm *VM) []string {
	want := map[string]bool{}
	for _, role := range vm.Roles {
		if t := f.Types[role]; t != nil {
			for _, c := range t.Monit {
				want[c] = true
			}
		}
	}
	var out []string
	for _, c := range monitOrder {
		if want[c] {
			out = append(out, c)
		}
	}
	return out
}

func writeMonitCheck(b *bytes.Buffer, c monitCheck) {
	fmt.Fprintf(b, "\ncheck process %s with pidfile %s\n", c.Process, c.Pidfile)
	fmt.Fprintf(b, "  start program = \"/usr/sbin/service %s start\" with timeout %d seconds\n", c.Service, c.StartTimeout)
	fmt.Fprintf(b, "  stop program = \"/usr/sbin/service %s stop\"\n", c.Service)
	for _, t := range c.Tests {
		fmt.Fprintf(b, "  %s\n", t)
	}
	b.WriteString("  if 3 restarts within 5 cycles then alert\n")
}

func vmNames(l *Level) string {
	var names []string
	for _, vm := range l.VMs {
		names = append(names, vm.Name)
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
