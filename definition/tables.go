package definition

// ACLs and dictionaries: the acls: and dictionaries: sections, with entries
// and items written inline or read from a file of the repository.

import (
	"errors"
	"fmt"
	"net/netip"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/definition/yamldec"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/repofs"
)

// ReservedPrefix starts the names of the ACLs and dictionaries edgectl
// declares itself (edgectl_settings); a definition cannot use it.
const ReservedPrefix = "edgectl_"

// Fastly's limits on a dictionary item (API reference, "Dictionary item":
// https://www.fastly.com/documentation/reference/api/dictionaries/dictionary-item/,
// item_key "maximum 256 characters", item_value "maximum 8000 characters").
const (
	MaxItemKey   = 256
	MaxItemValue = 8000
)

// ACL is an access control list of the service (acls:): a Fastly ACL
// object, declared to VCL as `acl NAME { ... }`, whose entries change
// without a new version. Fastly matches it against client.ip, the public
// address a request comes from.
type ACL struct {
	Meta yamldec.Meta `yaml:"-" doc:"acl"`
	Name Ident        `yaml:"name" required:"true"`
	// Fleet adds the public address of every VM of the level's inventory
	// (fleet/inventory/<level>.json): the addresses the level's machines
	// reach Fastly from. Their private network (10.10.10.0/24) never
	// reaches Fastly, so it would match nothing.
	Fleet bool `yaml:"fleet,omitempty"`
	// Entries are addresses and subnets ("198.51.100.0/24"), with a
	// leading "!" for an exception.
	Entries []ACLEntry `yaml:"entries,omitempty"`
	// EntriesFile is a YAML file of the repository with more entries
	// (entries: [...]).
	EntriesFile string `yaml:"entries_file,omitempty"`
	// Purge restricts purging: a FASTLYPURGE request from a client outside
	// the ACL gets 403.
	Purge bool `yaml:"purge,omitempty"`
	// Paths are origin paths (status pages) only clients in the ACL reach;
	// any other client gets 403.
	Paths []URLPath `yaml:"paths,omitempty"`

	// Listed are Entries then the file's entries, with where each was
	// written; filled by Load.
	Listed []ListedEntry `yaml:"-"`
}

// ListedEntry is one entry of an ACL and where it was written.
type ListedEntry struct {
	ACLEntry
	Pos diag.Pos
}

// ACLEntry is one address or subnet of an ACL.
type ACLEntry struct {
	// IP is the address as netip writes it; Subnet the prefix length, 0
	// for the address alone.
	IP      string
	Subnet  int
	Negated bool
}

// String writes the entry as a definition does: "!198.51.100.0/24".
func (e ACLEntry) String() string {
	return desired.ACLEntry{IP: e.IP, Subnet: e.Subnet, Negated: e.Negated}.String()
}

// MarshalYAML writes the entry as String does, the form UnmarshalYAMLNode
// reads, so that an ACL edgectl import writes reads back as the same entries.
func (e ACLEntry) MarshalYAML() (any, error) { return e.String(), nil }

const aclEntryHint = `write an IPv4 or IPv6 address, optionally with /bits, and a leading "!" for an exception: "198.51.100.0/24", "!198.51.100.9"`

// UnmarshalYAMLNode parses an entry.
func (e *ACLEntry) UnmarshalYAMLNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &yamldec.Problem{Message: "expected an address, found " + yamldec.Describe(n), Hint: aclEntryHint}
	}
	v, err := ParseACLEntry(n.Value)
	if err != nil {
		return err
	}
	*e = v
	return nil
}

// ParseACLEntry parses "[!]ADDRESS[/BITS]". A subnet must be written as
// its network address, and a full-length prefix (/32, /128) is the
// address alone, as Fastly matches it.
func ParseACLEntry(s string) (ACLEntry, error) {
	var e ACLEntry
	rest := s
	if strings.HasPrefix(rest, "!") {
		e.Negated, rest = true, rest[1:]
	}
	addr, bits, hasBits := strings.Cut(rest, "/")
	ip, err := netip.ParseAddr(addr)
	if err != nil || ip.Zone() != "" {
		return e, &yamldec.Problem{Message: "invalid ACL entry " + quote(s), Hint: aclEntryHint}
	}
	ip = ip.Unmap()
	e.IP = ip.String()
	if !hasBits {
		return e, nil
	}
	n, err := strconv.Atoi(bits)
	if err != nil || n < 0 || n > ip.BitLen() {
		return e, &yamldec.Problem{Message: fmt.Sprintf("ACL entry %s: /%s is not a prefix length of an IPv%d address", quote(s), bits, map[int]int{32: 4, 128: 6}[ip.BitLen()]), Hint: fmt.Sprintf("write a length from 0 to %d", ip.BitLen())}
	}
	prefix := netip.PrefixFrom(ip, n)
	if masked := prefix.Masked(); masked.Addr() != ip {
		fix := ACLEntry{IP: masked.Addr().String(), Subnet: n, Negated: e.Negated}
		return e, &yamldec.Problem{Message: fmt.Sprintf("ACL entry %s has bits set beyond /%d", quote(s), n), Hint: fmt.Sprintf("write the network address: %q", fix.String())}
	}
	if n < ip.BitLen() {
		e.Subnet = n
	}
	return e, nil
}

// Dictionary is an edge dictionary of the service (dictionaries:): a
// Fastly dictionary object, declared to VCL as `table NAME { ... }`, whose
// items change without a new version.
type Dictionary struct {
	Meta yamldec.Meta `yaml:"-" doc:"dictionary"`
	Name Ident        `yaml:"name" required:"true"`
	// WriteOnly makes the items unreadable through the API (Fastly's
	// "private" dictionaries): diff can compare neither keys nor values.
	WriteOnly bool              `yaml:"write_only,omitempty"`
	Items     map[string]string `yaml:"items,omitempty"`
	// ItemsFile is a YAML file of the repository with more items
	// (items: {key: value}).
	ItemsFile string `yaml:"items_file,omitempty"`

	// All are Items and the file's items; filled by Load.
	All map[string]string `yaml:"-"`
}

// aclEntriesFile is an ACL's entries_file.
type aclEntriesFile struct {
	Meta    yamldec.Meta `yaml:"-" doc:"ACL entries file"`
	Entries []ACLEntry   `yaml:"entries" required:"true"`
}

// itemsFile is a dictionary's items_file.
type itemsFile struct {
	Meta  yamldec.Meta      `yaml:"-" doc:"dictionary items file"`
	Items map[string]string `yaml:"items" required:"true"`
}

// checkTables checks the ACLs and dictionaries and reads their files.
func (c *checker) checkTables(root string) {
	svc := c.svc
	names := map[Ident]string{}
	claim := func(name Ident, what string, pos diag.Pos) {
		switch {
		case name == "":
		case strings.HasPrefix(string(name), ReservedPrefix):
			c.errf(pos, "names starting with "+ReservedPrefix+" are edgectl's own (edgectl_settings): choose another", "%s name %q is reserved", what, name)
		case names[name] != "":
			c.errf(pos, "VCL refers to ACLs and dictionaries by name: give each its own", "%s name %q is already the name of %s", what, name, names[name])
		default:
			names[name] = "an " + what
			if what == "dictionary" {
				names[name] = "a dictionary"
			}
		}
	}
	for i := range svc.ACLs {
		a := &svc.ACLs[i]
		claim(a.Name, "ACL", a.Meta.At("name"))
		c.checkACL(root, a)
	}
	for i := range svc.Dictionaries {
		d := &svc.Dictionaries[i]
		claim(d.Name, "dictionary", d.Meta.At("name"))
		c.checkDictionary(root, d)
	}
	if svc.RawVCL != nil {
		for _, a := range svc.ACLs {
			for _, f := range []string{"purge", "paths"} {
				if a.Meta.Has(f) {
					c.errf(a.Meta.At(f), "with raw_vcl the hand-written VCL decides who may purge: match client.ip against the ACL there", "acl %s: %s cannot be combined with raw_vcl", a.Name, f)
				}
			}
		}
	}
}

func (c *checker) checkACL(root string, a *ACL) {
	seen := map[ACLEntry]diag.Pos{}
	add := func(e ACLEntry, pos diag.Pos) {
		if first, dup := seen[e]; dup {
			c.errf(pos, fmt.Sprintf("remove one; the first is at %s", first), "ACL entry %q is listed twice", e.String())
			return
		}
		seen[e] = pos
		a.Listed = append(a.Listed, ListedEntry{ACLEntry: e, Pos: pos})
	}
	for i, e := range a.Entries {
		if e.IP != "" { // "" failed to decode, and was reported
			add(e, a.Meta.ItemAt("entries", i))
		}
	}
	if a.EntriesFile != "" {
		var f aclEntriesFile
		if c.readDataFile(root, a.Meta.At("entries_file"), "ACL "+string(a.Name)+" entries_file", a.EntriesFile, &f) {
			for i, e := range f.Entries {
				if e.IP != "" {
					add(e, f.Meta.ItemAt("entries", i))
				}
			}
		}
	}
	for i, p := range a.Paths {
		if strings.ContainsAny(string(p), "?#") {
			c.errf(a.Meta.ItemAt("paths", i), "write the path alone: it is matched with any query, e.g. \"/server-status\" also covers /server-status?auto", "ACL %s: path %q has a query", a.Name, shorten(string(p)))
		}
	}
	if len(a.Listed) == 0 && !a.Fleet && !c.failedAt(a.Meta.At("entries")) && a.EntriesFile == "" {
		c.errf(a.Meta.Pos, "list entries, an entries_file, or fleet: true for the public addresses of the level's VMs", "ACL %q has no entries", a.Name)
	}
}

func (c *checker) checkDictionary(root string, d *Dictionary) {
	d.All = map[string]string{}
	where := map[string]diag.Pos{}
	add := func(k, v string, keyPos, valuePos diag.Pos) {
		if first, dup := where[k]; dup {
			c.errf(keyPos, fmt.Sprintf("give each key once; the first is at %s", first), "dictionary item %q is given twice", shorten(k))
			return
		}
		where[k] = keyPos
		switch {
		case k == "" || len(k) > MaxItemKey || !utf8.ValidString(k):
			c.errf(keyPos, fmt.Sprintf("Fastly takes keys of 1 to %d characters of UTF-8 text", MaxItemKey), "invalid dictionary key %q", shorten(k))
			return
		case len(v) > MaxItemValue || !utf8.ValidString(v):
			c.errf(valuePos, fmt.Sprintf("Fastly takes values of up to %d characters of UTF-8 text", MaxItemValue), "dictionary item %q: value too long or not UTF-8", shorten(k))
			return
		}
		d.All[k] = v
	}
	for _, k := range sortedKeys(d.Items) {
		add(k, d.Items[k], d.Meta.KeyAt("items", k), d.Meta.ValueAt("items", k))
	}
	if d.ItemsFile != "" {
		var f itemsFile
		if c.readDataFile(root, d.Meta.At("items_file"), "dictionary "+string(d.Name)+" items_file", d.ItemsFile, &f) {
			for _, k := range sortedKeys(f.Items) {
				add(k, f.Items[k], f.Meta.KeyAt("items", k), f.Meta.ValueAt("items", k))
			}
		}
	}
}

// readDataFile reads a YAML data file of the repository named at pos into
// v, reporting what is wrong; it returns whether the file was read (a value
// that failed to decode is left zero, and reported).
func (c *checker) readDataFile(root string, pos diag.Pos, what, file string, v any) bool {
	clean := path.Clean(file)
	if path.IsAbs(file) || clean != file || strings.HasPrefix(clean, "../") || !strings.HasSuffix(clean, ".yaml") {
		c.errf(pos, "write a path relative to the repository root ending in .yaml, e.g. data/"+path.Base(strings.TrimSuffix(clean, ".yaml"))+".yaml", "%s: invalid path %q", what, shorten(file))
		return false
	}
	data, err := repofs.ReadFile(root, clean, repofs.MaxDefinition)
	if err != nil {
		hint := repofs.Hint(err, "create the file, or fix the path")
		if errors.Is(err, repofs.ErrTooLarge) {
			hint = "split the data over several ACLs or dictionaries"
		}
		c.errf(pos, hint, "%s: cannot read %s: %s", what, clean, pathErr(err))
		return false
	}
	c.diags.Add(yamldec.Decode(clean, data, v)...)
	return true
}
