package session

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/fastlysync"
	"github.com/webplatform/edgectl/inventory"
	"github.com/webplatform/edgectl/repofs"
)

// serviceNameRE is a valid services/<name>.yaml name (see definition).
var serviceNameRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)

// CheckServiceName refuses a name no definition may have.
func CheckServiceName(name string) error {
	if !serviceNameRE.MatchString(name) {
		return fmt.Errorf("invalid name %q: a service name is lower-case letters, digits and -, starting with a letter (at most 31)", name)
	}
	return nil
}

// ImportSite loads the definitions for import, which needs the levels
// only: a broken service definition (an earlier import, say) does not stop
// it. A nil site comes with the levels' problems (possibly none, when no
// level is defined).
func ImportSite(root string) (*definition.Site, diag.List) {
	site, diags := definition.Load(root)
	var levelDiags diag.List
	for _, d := range diags.Errors() {
		if d.Pos.File == definition.LevelsFileName {
			levelDiags = append(levelDiags, d)
		}
	}
	if len(levelDiags) > 0 || len(site.Levels) == 0 {
		return nil, levelDiags
	}
	return site, nil
}

// ImportServiceIDs maps every level to its Fastly service ID: id for
// level, the others from LEVEL=ID pairs. Every level needs one, and none
// may belong to another definition than name's.
func ImportServiceIDs(site *definition.Site, name, level, id string, levelIDs []string) (map[string]string, error) {
	// Checked in the order given, so that the first mistake is named.
	if _, err := site.LevelNamed(level); err != nil {
		return nil, fmt.Errorf("--level %s: %w", level, err)
	}
	ids := map[string]string{level: id}
	for _, kv := range levelIDs {
		l, v, ok := strings.Cut(kv, "=")
		if !ok || l == "" || v == "" {
			return nil, fmt.Errorf("invalid --level-id %q: write LEVEL=ID", kv)
		}
		if _, err := site.LevelNamed(l); err != nil {
			return nil, fmt.Errorf("--level-id %s: %w", kv, err)
		}
		ids[l] = v
	}
	var missing []string
	for _, l := range site.Levels {
		if ids[string(l.Name)] == "" {
			missing = append(missing, string(l.Name))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("a definition needs a Fastly service ID for every level; add --level-id %s=ID for each of: %s", missing[0], strings.Join(missing, ", "))
	}
	if err := ServiceIDsFree(site, name, ids); err != nil {
		return nil, err
	}
	return ids, nil
}

// ServiceIDsFree refuses service IDs another definition already holds: two
// definitions publishing to one Fastly service would undo each other. The
// definition being re-imported (services/NAME.yaml, with --force) may hold them.
func ServiceIDsFree(site *definition.Site, name string, ids map[string]string) error {
	for _, l := range site.Levels {
		level := string(l.Name)
		for _, other := range site.Services {
			if other.Name != name && other.ServiceIDs[level] == ids[level] {
				return fmt.Errorf("service ID %q (%s) is already used by %s; each Fastly service belongs to one definition: import another service, or edit %s", ids[level], level, other.File, other.File)
			}
		}
	}
	return nil
}

// Imported is a service read from Fastly for import.
type Imported struct {
	*fastlysync.Imported
	// Paths are the keys of Files, sorted.
	Paths []string
	// Private is the content of the private include, nil when the service
	// has none.
	Private *string
}

// Import reads the active version of every level's service (ids from
// ImportServiceIDs) and turns level's into the files of definition name.
func (s *Session) Import(site *definition.Site, name, level string, ids map[string]string) (*Imported, error) {
	opts := fastlysync.ImportOptions{Name: name, ServiceIDs: ids, Level: level, TLDs: map[string]string{}, Others: map[string]*fastlyapi.Remote{},
		Inventories: map[string]*inventory.Inventory{}}
	var r *fastlyapi.Remote
	for _, l := range site.Levels {
		lname := string(l.Name)
		opts.TLDs[lname] = string(l.TLD)
		// Role backends are recognised by the VMs of the inventory; without
		// a usable one, directors are named in the warnings.
		if inv, diags := inventory.Load(site.Root, lname); !diags.HasErrors() {
			opts.Inventories[lname] = inv
		}
		// Logging endpoints are not in the details: list every kind.
		s.Client.ListLogging(ids[lname], desired.KindSyslog, desired.KindHTTPS, desired.KindS3)
		lr, err := s.Client.Details(ids[lname], 0)
		if err != nil {
			return nil, fmt.Errorf("level %s: %w", lname, err)
		}
		// ACL entries live outside versions: one list call per ACL.
		// So are dictionary items: one list call per readable dictionary
		// (edgectl's settings dictionary is operated, not declared).
		if err := s.Client.ReadVersionless(ids[lname], lr, importTables(lr.Config)); err != nil {
			return nil, fmt.Errorf("level %s: %w", lname, err)
		}
		s.Redactor.AddConfig(lr.Config)
		if lname == level {
			r = lr
		} else {
			opts.Others[lname] = lr
		}
	}
	imp, err := fastlysync.Import(r, opts)
	if err != nil {
		return nil, err
	}
	out := &Imported{Imported: imp, Paths: slices.Sorted(maps.Keys(imp.Files))}
	for _, v := range r.Config.VCLs {
		if v.Private {
			c := v.Content
			out.Private = &c
		}
	}
	return out, nil
}

// CheckFree refuses to overwrite any of the files under root unless force.
func (imp *Imported) CheckFree(root string, force bool) error {
	if force {
		return nil
	}
	for _, p := range imp.Paths {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			return fmt.Errorf("%s exists; pass --force to overwrite", p)
		}
	}
	return nil
}

// PrivatePath is where the private include of service name is kept.
func PrivatePath(dir, name string) string { return filepath.Join(dir, name+".vcl") }

// WritePrivate writes the private include into dir (readable by its owner
// only), refusing to overwrite one unless force, and returns its path.
func (imp *Imported) WritePrivate(dir, name string, force bool) (string, error) {
	p := PrivatePath(dir, name)
	if _, err := os.Stat(p); err == nil && !force {
		return "", fmt.Errorf("%s exists; pass --force to overwrite", p)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	if err := os.WriteFile(p, []byte(*imp.Private), 0o600); err != nil {
		return "", err
	}
	return p, nil
}

// WriteFiles writes the files under root in Paths order, calling wrote
// after each, so that the caller can say how far a failure came.
func (imp *Imported) WriteFiles(root string, wrote func(path string)) error {
	for _, p := range imp.Paths {
		// Inside the repository only, never through a symbolic link.
		if err := repofs.WriteFile(root, p, []byte(imp.Files[p]), 0o644); err != nil {
			return fmt.Errorf("%s: %w (%s)", p, err, repofs.Hint(err, "check the repository's permissions"))
		}
		wrote(p)
	}
	return nil
}

// importTables is the target that makes ReadVersionless read every ACL's
// entries and every readable dictionary's items of c.
func importTables(c *fastlyplan.Config) *fastlyplan.Config {
	t := &fastlyplan.Config{ACLs: c.ACLs}
	for _, d := range c.Dictionaries {
		if d.Name != compiler.SettingsTable {
			t.Dictionaries = append(t.Dictionaries, desired.Dictionary{Name: d.Name, WriteOnly: d.WriteOnly, Declared: true})
		}
	}
	return t
}
