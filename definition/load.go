package definition

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/webplatform/edgectl/definition/yamldec"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/repofs"
)

// LevelsFileName and ServicesDir locate the definitions under a repository root.
const (
	LevelsFileName = "levels.yaml"
	ServicesDir    = "services"
	HooksDir       = "vcl"
)

// RootHint says how edgectl finds the repository, for a levels.yaml it
// cannot read.
const RootHint = "run edgectl inside the repository: without --root it looks for " + LevelsFileName + " in the working directory and every directory above; or give --root DIR"

// serviceFileRE is what a service file name must look like: the name becomes
// a directory of the build output and a part of Fastly object names.
var serviceFileRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}\.yaml$`)

// Load reads levels.yaml and every services/*.yaml under root, and the hook
// fragments they name. It returns every problem found; the Site is only
// meaningful when the list holds no error.
func Load(root string) (*Site, diag.List) {
	var diags diag.List
	site := &Site{Root: root}

	var lf LevelsFile
	data, err := repofs.ReadFile(root, LevelsFileName, repofs.MaxDefinition)
	if err != nil {
		diags.Errorf(diag.Pos{File: LevelsFileName}, repofs.Hint(err, RootHint), "cannot read the levels file: %s", pathErr(err))
		return site, diags
	}
	diags.Add(yamldec.Decode(LevelsFileName, data, &lf)...)
	site.Levels = lf.Levels
	diags.Add(checkLevels(lf)...)

	entries, err := repofs.ReadDir(root, ServicesDir)
	if err != nil {
		diags.Errorf(diag.Pos{File: ServicesDir}, repofs.Hint(err, "create the services/ directory with one <name>.yaml per Fastly service"), "cannot read the services directory: %s", pathErr(err))
		return site, diags
	}
	for _, e := range entries { // ReadDir sorts by name: deterministic order
		name := e.Name()
		if e.IsDir() && strings.HasSuffix(name, ".yaml") {
			// Skipping it would silently drop a service someone meant to define.
			diags.Errorf(diag.Pos{File: ServicesDir + "/" + name}, "a service definition is a file: remove or rename the directory", "%s/%s is a directory, not a service file", ServicesDir, name)
			continue
		}
		if e.IsDir() || !strings.HasSuffix(name, ".yaml") {
			if strings.HasSuffix(name, ".yml") {
				diags.Errorf(diag.Pos{File: filepath.ToSlash(filepath.Join(ServicesDir, name))}, "rename it to end in .yaml", "service file has the .yml extension and would be ignored")
			}
			continue
		}
		rel := ServicesDir + "/" + name
		if !serviceFileRE.MatchString(name) {
			diags.Errorf(diag.Pos{File: rel}, "name service files with a lower-case letter followed by lower-case letters, digits or hyphens, e.g. services/www.yaml", "invalid service file name %q", name)
			continue
		}
		svc, ds := loadService(root, rel, site)
		diags.Add(ds...)
		if svc != nil {
			site.Services = append(site.Services, svc)
		}
	}
	diags.Add(checkSite(site)...)
	if len(site.Services) == 0 && !diags.HasErrors() {
		diags.Errorf(diag.Pos{File: ServicesDir}, "add a service definition such as services/www.yaml", "no service definitions found")
	}
	diags.Sort()
	return site, diags
}

func pathErr(err error) string { return repofs.Message(err) }

func checkLevels(lf LevelsFile) diag.List {
	var diags diag.List
	if lf.Meta.Has("levels") && len(lf.Levels) == 0 {
		diags.Errorf(lf.Meta.At("levels"), "list at least one level with name, tld and zone", "no levels defined")
	}
	seen := map[Ident]diag.Pos{}
	tlds := map[Hostname]diag.Pos{}
	for _, l := range lf.Levels {
		if l.Name == "" {
			continue
		}
		if p, dup := seen[l.Name]; dup {
			diags.Errorf(l.Meta.At("name"), fmt.Sprintf("level names are unique; the first is at line %d", p.Line), "duplicate level %q", l.Name)
		}
		seen[l.Name] = l.Meta.At("name")
		if l.TLD != "" && IsRelativeHost(string(l.TLD)) {
			diags.Errorf(l.Meta.At("tld"), `write the full domain, e.g. "webplatform.org"`, "tld %q is not a full domain name", l.TLD)
		}
		if p, dup := tlds[l.TLD]; dup && l.TLD != "" {
			diags.Errorf(l.Meta.At("tld"), fmt.Sprintf("each level has its own domain; the first use is at line %d", p.Line), "tld %q is used by two levels", l.TLD)
		}
		tlds[l.TLD] = l.Meta.At("tld")
	}
	return diags
}

func loadService(root, rel string, site *Site) (*Service, diag.List) {
	var diags diag.List
	data, err := repofs.ReadFile(root, rel, repofs.MaxDefinition)
	if err != nil {
		diags.Errorf(diag.Pos{File: rel}, repofs.Hint(err, "check the file's permissions"), "cannot read service file: %s", pathErr(err))
		return nil, diags
	}
	svc := &Service{Name: strings.TrimSuffix(filepath.Base(rel), ".yaml"), File: rel}
	decoded := yamldec.Decode(rel, data, svc)
	diags.Add(decoded...)
	diags.Add(checkService(root, svc, site, decoded)...)
	return svc, diags
}
