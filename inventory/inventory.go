// Package inventory reads the fleet inventory, fleet/inventory/<level>.json:
// the origin VMs of one deployment level, with their roles and addresses. The
// compiler resolves a backend given by role into one Fastly backend per VM.
package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/repofs"
)

// Dir is where the inventories live, relative to the repository root.
const Dir = "fleet/inventory"

// VM is one origin virtual machine.
type VM struct {
	Name      string   `json:"name"`
	Roles     []string `json:"roles"`
	PrivateIP string   `json:"private_ip"`
	PublicIP  string   `json:"public_ip"`
}

// Inventory is the fleet of one level.
type Inventory struct {
	// File is the inventory's path relative to the repository root.
	File string
	VMs  []VM
}

var vmNameRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$`)

// NameHint says what a VM name must look like.
const NameHint = "VM names are lower-case roles joined by '-', each optionally numbered: app1, memcache-jobs1"

// CheckName reports whether name is a valid VM name: lower-case roles joined
// by "-", each a letter followed by letters and digits, and at most 63
// characters, so that it is also a host name.
func CheckName(name string) error {
	if !vmNameRE.MatchString(name) {
		return fmt.Errorf("invalid VM name %q", name)
	}
	if len(name) > 63 {
		return fmt.Errorf("invalid VM name %q: longer than 63 characters", name)
	}
	return nil
}

// Roles derives a VM's roles from its name, the convention of the 2014 plan:
// strip the digits, split on "-". memcache-jobs1 → [memcache jobs].
func Roles(name string) []string {
	var roles []string
	for _, part := range strings.Split(name, "-") {
		r := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return -1
			}
			return r
		}, part)
		if r != "" && !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	return roles
}

// Path returns the inventory file of a level under root.
func Path(root, level string) string {
	return filepath.Join(root, filepath.FromSlash(Dir), level+".json")
}

// File is the inventory file of a level, relative to the repository root
// with slashes: the name edgectl prints and diagnostics carry.
func File(level string) string { return Dir + "/" + level + ".json" }

// Load reads the inventory of a level. Problems are reported with the file
// and, for decoding errors, the line and column.
func Load(root, level string) (*Inventory, diag.List) {
	rel := File(level)
	inv := &Inventory{File: rel}
	var diags diag.List
	data, err := repofs.ReadFile(root, rel, repofs.MaxInventory)
	if err != nil {
		diags.Errorf(diag.Pos{File: rel}, repofs.Hint(err, "run `edgectl fleet refresh --level "+level+"`, or write the file: a JSON array of {name, roles, private_ip, public_ip}"), "cannot read the inventory of level %s: %s", level, repofs.Message(err))
		return inv, diags
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&inv.VMs); err != nil {
		diags.Errorf(jsonPos(rel, data, err), "the inventory is a JSON array of {name, roles, private_ip, public_ip}", "invalid inventory: %s", err)
		return inv, diags
	}
	seen := map[string]bool{}
	for i, vm := range inv.VMs {
		pos := diag.Pos{File: rel, Line: lineOfEntry(data, i)}
		if err := CheckName(vm.Name); err != nil {
			diags.Errorf(pos, NameHint, "%s", err)
			continue
		}
		if seen[vm.Name] {
			diags.Errorf(pos, "remove the repeated VM", "VM %q is listed twice", vm.Name)
		}
		seen[vm.Name] = true
		if want := Roles(vm.Name); !slices.Equal(want, vm.Roles) {
			diags.Errorf(pos, fmt.Sprintf("the roles come from the name: write \"roles\": [%s], or refresh the inventory", quoteAll(want)), "VM %q has roles %v, its name says %v", vm.Name, vm.Roles, want)
		}
		if ip := net.ParseIP(vm.PublicIP); vm.PublicIP != "" && ip == nil {
			diags.Errorf(pos, "write an IPv4 or IPv6 address, or leave it empty for a private VM", "VM %q has an invalid public_ip %q", vm.Name, vm.PublicIP)
		}
		if ip := net.ParseIP(vm.PrivateIP); ip == nil {
			diags.Errorf(pos, "write the VM's address on the private network", "VM %q has an invalid private_ip %q", vm.Name, vm.PrivateIP)
		}
	}
	return inv, diags
}

// WithRole returns the VMs that have role, sorted by name with numbers in
// numeric order (app2 before app10), so that output is stable.
func (inv *Inventory) WithRole(role string) []VM {
	var vms []VM
	for _, vm := range inv.VMs {
		if slices.Contains(vm.Roles, role) {
			vms = append(vms, vm)
		}
	}
	slices.SortFunc(vms, func(a, b VM) int { return CompareNames(a.Name, b.Name) })
	return vms
}

// Marshal returns the inventory file for vms: a JSON array sorted by name
// with numbers in numeric order, indented by two spaces, ending in a newline.
// Roles are derived from the names. The same VMs give the same bytes.
func Marshal(vms []VM) []byte {
	sorted := slices.Clone(vms)
	for i := range sorted {
		sorted[i].Roles = Roles(sorted[i].Name)
	}
	slices.SortFunc(sorted, func(a, b VM) int { return CompareNames(a.Name, b.Name) })
	if sorted == nil {
		sorted = []VM{}
	}
	data, err := json.MarshalIndent(sorted, "", "  ")
	if err != nil {
		panic(err) // a []VM always marshals
	}
	return append(data, '\n')
}

// Write replaces the inventory of a level under root with vms (see Marshal).
// The file is written beside the old one and renamed over it, so readers see
// either the old inventory or the new one, never half of it.
func Write(root, level string, vms []VM) error {
	path := Path(root, level)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+level+".json.tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(Marshal(vms)); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// CompareNames orders VM names with embedded numbers numerically: app2
// before app10. It is the order of inventories, plans and listings.
func CompareNames(a, b string) int { return naturalCompare(a, b) }

// naturalCompare orders names with embedded numbers numerically.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitsPrefix(a), digitsPrefix(b)
		if da != "" && db != "" {
			na, nb := strings.TrimLeft(da, "0"), strings.TrimLeft(db, "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func digitsPrefix(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// jsonPos turns a decoding error's byte offset into a line and column.
func jsonPos(file string, data []byte, err error) diag.Pos {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset - 1 // Offset is just past the offending byte

	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return diag.Pos{File: file}
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return diag.Pos{File: file, Line: line, Col: col}
}

// lineOfEntry finds the line where the i-th object of the top-level array
// starts, for messages about one VM.
func lineOfEntry(data []byte, i int) int {
	depth, n, line := 0, -1, 1
	inString, escaped := false, false
	for _, c := range data {
		switch {
		case c == '\n':
			line++
		case inString:
			if escaped {
				escaped = false
			} else if c == '\\' {
				escaped = true
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			if c == '{' && depth == 1 {
				n++
				if n == i {
					return line
				}
			}
			depth++
		case c == '}' || c == ']':
			depth--
		}
	}
	return 0
}
