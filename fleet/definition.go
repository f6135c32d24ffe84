// Package fleet runs the origin VMs as code: fleet/fleet.yaml declares the VM
// types and how many VMs of each every deployment level has; the package
// expands it into named VMs, compares them with the servers of the level's
// OpenStack project (Plan), creates and deletes servers until they match
// (Apply), writes the inventory the compiler turns into Fastly backends, and
// renders each VM's cloud-init user-data and Monit configuration.
//
// The cloud is reached through the small Cloud interface; fleet/cloud
// implements it with gophercloud, internal/openstackfake serves a local
// OpenStack API for tests.
package fleet

import (
	"fmt"
	"maps"
	"net/mail"
	"os"
	"regexp"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/definition/yamldec"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/inventory"
	"github.com/webplatform/edgectl/repofs"
)

// FileName is the fleet definition, relative to the repository root.
const FileName = "fleet/fleet.yaml"

// ImageEnv overrides the definition's default image when set.
const ImageEnv = "EDGECTL_FLEET_IMAGE"

// File is fleet/fleet.yaml as written.
type File struct {
	Meta yamldec.Meta `yaml:"-" doc:"fleet definition"`
	// Image is the image every VM boots unless its type names another.
	Image   string `yaml:"image" required:"true"`
	KeyPair string `yaml:"key_pair" required:"true"`
	// Network is the private network VMs attach to; FloatingNetwork the
	// external network floating IPs are allocated from.
	Network         string `yaml:"network" required:"true"`
	FloatingNetwork string `yaml:"floating_network" required:"true"`
	// SaltMaster names the VM whose private address minions use.
	SaltMaster string `yaml:"salt_master" required:"true"`
	// MailServer is where Monit hands its alert mail.
	MailServer string                   `yaml:"mail_server"`
	Levels     map[string]LevelSettings `yaml:"levels" required:"true"`
	Types      map[string]*Type         `yaml:"types" required:"true"`
}

// LevelSettings are the per-level settings of the fleet.
type LevelSettings struct {
	Meta yamldec.Meta `yaml:"-" doc:"level settings"`
	// Cloud is the clouds.yaml entry of the level's OpenStack project.
	Cloud string `yaml:"cloud"`
	// Alert is the address Monit alerts go to.
	Alert string `yaml:"alert" required:"true"`
}

// Type is a kind of VM: its flavor, image, security groups, whether it gets
// a floating IP, what Monit watches on it, and how many VMs of it each level
// has.
type Type struct {
	Meta yamldec.Meta `yaml:"-" doc:"type"`
	// Name is the type's name, its key under types (and the first role of
	// its VMs' names).
	Name           string   `yaml:"-"`
	Description    string   `yaml:"description"`
	Flavor         string   `yaml:"flavor" required:"true"`
	Image          string   `yaml:"image"`
	SecurityGroups []string `yaml:"security_groups" required:"true"`
	// Public types get a floating IP; only they can be Fastly backends.
	Public bool     `yaml:"public"`
	Monit  []string `yaml:"monit"`
	// Pattern is the VM name pattern ("name" in YAML), {n} standing for the
	// VM's number; it defaults to the type's name.
	Pattern string              `yaml:"name"`
	Count   map[string]int      `yaml:"count"`
	Names   map[string][]string `yaml:"names"`
}

// Fleet is the validated definition, expanded into the VMs of every level.
type Fleet struct {
	File
	// Levels are in the order of levels.yaml.
	Levels []*Level
}

// Level is the fleet of one deployment level.
type Level struct {
	Name string
	// Zone is the internal DNS zone (production.wpdn), the resolver's
	// search domain on the level's VMs.
	Zone  string
	Cloud string
	Alert string
	// VMs are sorted by name, numbers in numeric order.
	VMs []*VM
}

// VM is one virtual machine the definition says a level has.
type VM struct {
	Name  string
	Roles []string
	Type  *Type
	// Level is the name of the VM's level.
	Level string
}

// Image is the image the VM boots: its type's, or else the fleet's default.
func (f *Fleet) Image(vm *VM) string {
	if vm.Type.Image != "" {
		return vm.Type.Image
	}
	return f.File.Image
}

// Level returns the level called name, or nil.
func (f *Fleet) Level(name string) *Level {
	for _, l := range f.Levels {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// LevelNames lists the levels in order.
func (f *Fleet) LevelNames() []string {
	var names []string
	for _, l := range f.Levels {
		names = append(names, l.Name)
	}
	return names
}

// TypeOf returns the type of a VM name (its first role), or nil.
func (f *Fleet) TypeOf(name string) *Type {
	roles := inventory.Roles(name)
	if len(roles) == 0 {
		return nil
	}
	return f.Types[roles[0]]
}

// VM returns the level's VM called name, or nil.
func (l *Level) VM(name string) *VM {
	i, ok := slices.BinarySearchFunc(l.VMs, name, func(vm *VM, name string) int { return inventory.CompareNames(vm.Name, name) })
	if !ok {
		return nil
	}
	return l.VMs[i]
}

var (
	typeNameRE = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	// cloudRefRE is what flavor, image, key pair, network and security
	// group names may look like: printable, no quotes or control characters.
	cloudRefRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._:/+@()-]*$`)
)

// Load reads levels.yaml and fleet/fleet.yaml under root, validates them and
// expands every type into the VMs of each level. image, when not empty,
// replaces the definition's default image (--image, $EDGECTL_FLEET_IMAGE).
// Every problem is reported, with its file, line and column.
func Load(root, image string) (*Fleet, diag.List) {
	var diags diag.List
	var lf definition.LevelsFile
	data, err := repofs.ReadFile(root, definition.LevelsFileName, repofs.MaxDefinition)
	if err != nil {
		diags.Errorf(diag.Pos{File: definition.LevelsFileName}, repofs.Hint(err, definition.RootHint), "cannot read the levels file: %s", pathErr(err))
		return nil, diags
	}
	diags.Add(yamldec.Decode(definition.LevelsFileName, data, &lf)...)
	f := &Fleet{}
	data, err = repofs.ReadFile(root, FileName, repofs.MaxDefinition)
	if err != nil {
		diags.Errorf(diag.Pos{File: FileName}, repofs.Hint(err, "write the fleet definition: image, key_pair, network, floating_network, salt_master, levels and types"), "cannot read the fleet definition: %s", pathErr(err))
		return nil, diags
	}
	diags.Add(yamldec.Decode(FileName, data, &f.File)...)
	if diags.HasErrors() {
		return nil, diags
	}
	if image != "" {
		f.File.Image = image
	}
	diags.Add(f.validate(lf)...)
	diags.Sort()
	if diags.HasErrors() {
		return nil, diags
	}
	return f, diags
}

// ImageFromEnv returns the image override of $EDGECTL_FLEET_IMAGE.
func ImageFromEnv() string { return os.Getenv(ImageEnv) }

func pathErr(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

func (f *Fleet) validate(lf definition.LevelsFile) diag.List {
	var diags diag.List
	m := f.File.Meta
	for _, ref := range []struct{ key, value string }{
		{"image", f.File.Image}, {"key_pair", f.KeyPair}, {"network", f.Network}, {"floating_network", f.FloatingNetwork},
	} {
		if !cloudRefRE.MatchString(ref.value) {
			diags.Errorf(m.At(ref.key), "write the name the cloud knows it by: letters, digits, spaces and . _ - : / + @ ( )", "invalid %s %q", ref.key, ref.value)
		}
	}
	if f.MailServer == "" {
		f.MailServer = "localhost"
	} else if err := definition.CheckHostname(f.MailServer); err != nil {
		diags.Errorf(m.At("mail_server"), "write a host name such as localhost or mail.production.wpdn", "invalid mail_server %q: %s", f.MailServer, err)
	}

	// Levels: exactly those of levels.yaml, in its order.
	known := map[string]bool{}
	for _, l := range lf.Levels {
		name := string(l.Name)
		known[name] = true
		s, ok := f.File.Levels[name]
		if !ok {
			diags.Errorf(m.At("levels"), fmt.Sprintf("add \"%s: {alert: ...}\" under levels", name), "level %s of %s has no settings in the fleet definition", name, definition.LevelsFileName)
			continue
		}
		if _, err := mail.ParseAddress(s.Alert); err != nil || strings.ContainsAny(s.Alert, "<> \"") {
			diags.Errorf(s.Meta.At("alert"), "write a plain mail address such as ops@webplatform.org", "invalid alert address %q", s.Alert)
		}
		if s.Cloud != "" && !cloudRefRE.MatchString(s.Cloud) {
			diags.Errorf(s.Meta.At("cloud"), "write the name of an entry of clouds.yaml", "invalid cloud %q", s.Cloud)
		}
		f.Levels = append(f.Levels, &Level{Name: name, Zone: string(l.Zone), Cloud: s.Cloud, Alert: s.Alert})
	}
	for _, name := range sortedKeys(f.File.Levels) {
		if !known[name] {
			diags.Errorf(f.File.Meta.KeyAt("levels", name), diag.DidYouMean(name, f.LevelNames(), "levels"), "unknown level %q: %s does not define it", name, definition.LevelsFileName)
		}
	}

	inFleet := map[string]bool{}
	for _, l := range f.Levels {
		inFleet[l.Name] = true
	}
	for _, name := range sortedKeys(f.Types) {
		t := f.Types[name]
		t.Name = name
		diags.Add(f.expandType(t, inFleet)...)
	}

	for _, l := range f.Levels {
		slices.SortFunc(l.VMs, func(a, b *VM) int { return inventory.CompareNames(a.Name, b.Name) })
		for i := 1; i < len(l.VMs); i++ {
			if a, b := l.VMs[i-1], l.VMs[i]; a.Name == b.Name {
				diags.Errorf(b.Type.Meta.Pos, fmt.Sprintf("VM names are unique in a level; type %s makes it too", a.Type.Name), "VM %s is defined twice at level %s", b.Name, l.Name)
			}
		}
		if len(l.VMs) > 0 && l.VM(f.SaltMaster) == nil {
			diags.Errorf(m.At("salt_master"), fmt.Sprintf("every level with VMs needs its salt master: give type %s a VM at level %s", firstRole(f.SaltMaster), l.Name), "salt master %q is not a VM of level %s", f.SaltMaster, l.Name)
		}
	}
	if err := inventory.CheckName(f.SaltMaster); err != nil {
		diags.Errorf(m.At("salt_master"), inventory.NameHint, "%s", err)
	}
	return diags
}

// expandType validates one type and adds its VMs to the levels.
func (f *Fleet) expandType(t *Type, levels map[string]bool) diag.List {
	var diags diag.List
	at := t.Meta.At
	if !typeNameRE.MatchString(t.Name) {
		diags.Errorf(t.Meta.Pos, "type names are roles: a lower-case letter followed by letters and digits, e.g. memcache", "invalid type name %q", t.Name)
		return diags
	}
	if !cloudRefRE.MatchString(t.Flavor) {
		diags.Errorf(at("flavor"), "write the flavor's name, e.g. subsonic", "invalid flavor %q", t.Flavor)
	}
	if t.Image != "" && !cloudRefRE.MatchString(t.Image) {
		diags.Errorf(at("image"), "write the image's name, or leave image out to use the fleet's", "invalid image %q", t.Image)
	}
	if len(t.SecurityGroups) == 0 {
		diags.Errorf(at("security_groups"), "list at least one security group, e.g. [default]", "type %s has no security group", t.Name)
	}
	for _, g := range t.SecurityGroups {
		if !cloudRefRE.MatchString(g) {
			diags.Errorf(at("security_groups"), "write the security group's name", "invalid security group %q", g)
		}
	}
	for _, c := range t.Monit {
		if _, ok := monitChecks[c]; !ok {
			diags.Errorf(at("monit"), "known services: "+strings.Join(MonitServices(), ", "), "unknown Monit service %q", c)
		}
	}
	if len(t.Count) > 0 && len(t.Names) > 0 {
		diags.Errorf(at("names"), "give either count (with name) or names, not both", "type %s has both count and names", t.Name)
		return diags
	}
	if t.Pattern == "" {
		t.Pattern = t.Name
	}
	if n := strings.Count(t.Pattern, "{n}"); n > 1 {
		diags.Errorf(at("name"), "write {n} once, where the number goes: app{n}", "name pattern %q has {n} %d times", t.Pattern, n)
		return diags
	}
	byLevel := map[string][]string{}
	for _, level := range sortedKeys(t.Count) {
		n := t.Count[level]
		switch {
		case !levels[level]:
			diags.Errorf(t.Meta.KeyAt("count", level), diag.DidYouMean(level, f.LevelNames(), "levels"), "unknown level %q in the count of type %s", level, t.Name)
			continue
		case n < 0:
			diags.Errorf(at("count"), "write 0 or more", "type %s has a negative count %d at level %s", t.Name, n, level)
			continue
		case n > 1 && !strings.Contains(t.Pattern, "{n}"):
			diags.Errorf(at("count"), fmt.Sprintf("write a name pattern with {n}, e.g. \"name: %s{n}\"", t.Name), "type %s has %d VMs at level %s but its name %q has no {n}", t.Name, n, level, t.Pattern)
			continue
		}
		for i := 1; i <= n; i++ {
			byLevel[level] = append(byLevel[level], strings.ReplaceAll(t.Pattern, "{n}", fmt.Sprint(i)))
		}
	}
	if t.Meta.Has("name") && len(t.Names) > 0 {
		diags.Errorf(at("name"), "names lists the VM names; drop name", "type %s has both name and names", t.Name)
	}
	for _, level := range sortedKeys(t.Names) {
		if !levels[level] {
			diags.Errorf(t.Meta.KeyAt("names", level), diag.DidYouMean(level, f.LevelNames(), "levels"), "unknown level %q in the names of type %s", level, t.Name)
			continue
		}
		byLevel[level] = t.Names[level]
	}
	for _, level := range sortedKeys(byLevel) {
		l := f.Level(level)
		for _, name := range byLevel[level] {
			pos := at("count")
			if len(t.Names) > 0 {
				pos = at("names")
			}
			if err := inventory.CheckName(name); err != nil {
				diags.Errorf(pos, inventory.NameHint, "%s (type %s, level %s)", err, t.Name, level)
				continue
			}
			roles := inventory.Roles(name)
			if roles[0] != t.Name {
				diags.Errorf(pos, fmt.Sprintf("a VM's type is the first role of its name: start it with %s, e.g. %s1", t.Name, t.Name), "VM %s of type %s has roles %v", name, t.Name, roles)
				continue
			}
			l.VMs = append(l.VMs, &VM{Name: name, Roles: roles, Type: t, Level: level})
		}
	}
	return diags
}

func firstRole(name string) string {
	if r := inventory.Roles(name); len(r) > 0 {
		return r[0]
	}
	return name
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
