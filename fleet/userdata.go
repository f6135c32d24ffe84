package fleet

import (
	"bytes"
	"fmt"
	"strconv"
)

// UserData renders the cloud-init user-data a VM boots with: its host name
// in the level's zone, /etc/salt/grains with its level and roles, the salt
// minion's master address and id, and the resolver's search domain (the
// level's zone), then salt-minion installed and started. master is the salt
// master's private address; the salt master itself gets "localhost". The
// same input gives the same bytes.
func (f *Fleet) UserData(level *Level, vm *VM, master string) []byte {
	if vm.Name == f.SaltMaster {
		master = "localhost"
	}
	q := strconv.Quote // a JSON string is a YAML double-quoted scalar
	var b bytes.Buffer
	b.WriteString("#cloud-config\n")
	fmt.Fprintf(&b, "# %s at level %s (roles: %v), from %s by edgectl fleet.\n", vm.Name, level.Name, vm.Roles, FileName)
	fmt.Fprintf(&b, "hostname: %s\n", q(vm.Name))
	fmt.Fprintf(&b, "fqdn: %s\n", q(vm.Name+"."+level.Zone))
	b.WriteString("manage_etc_hosts: true\n")
	b.WriteString("write_files:\n")
	file := func(path, content string) {
		fmt.Fprintf(&b, "  - path: %s\n    owner: \"root:root\"\n    permissions: \"0644\"\n    content: |\n", path)
		for _, line := range bytes.SplitAfter([]byte(content), []byte("\n")) {
			if len(line) > 0 {
				fmt.Fprintf(&b, "      %s", line)
			}
		}
	}
	var grains bytes.Buffer
	fmt.Fprintf(&grains, "level: %s\nroles:\n", q(level.Name))
	for _, r := range vm.Roles {
		fmt.Fprintf(&grains, "  - %s\n", q(r))
	}
	file("/etc/salt/grains", grains.String())
	file("/etc/salt/minion.d/edgectl.conf", fmt.Sprintf("master: %s\nid: %s\n", q(master), q(vm.Name)))
	file("/etc/resolvconf/resolv.conf.d/base", "search "+level.Zone+"\n")
	b.WriteString("packages:\n")
	if vm.Name == f.SaltMaster {
		b.WriteString("  - salt-master\n")
	}
	b.WriteString("  - salt-minion\n")
	b.WriteString("runcmd:\n")
	b.WriteString("  - [resolvconf, -u]\n")
	if vm.Name == f.SaltMaster {
		b.WriteString("  - [service, salt-master, restart]\n")
	}
	b.WriteString("  - [service, salt-minion, restart]\n")
	return b.Bytes()
}
