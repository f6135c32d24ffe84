// Package pipeline runs the whole pipeline for edgectl build and edgectl lint:
// load the definitions, compile every service for every level against that
// level's inventory, verify the result with falco and Fastly's limits, and
// write the output tree atomically.
package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/inventory"
	"github.com/webplatform/edgectl/verify"
)

// Options select what to build.
type Options struct {
	// Root is the repository holding levels.yaml, services/, vcl/ and fleet/.
	Root string
	// Levels and Services restrict the build; empty means all.
	Levels   []string
	Services []string
	// PrivateDir holds the private includes, <service>.vcl each, outside the
	// repository. Empty means the placeholder is linted instead.
	PrivateDir string
	// SkipLint compiles without running falco (benchmarks only).
	SkipLint bool
}

// Unit is one service compiled for one level.
type Unit struct {
	Service string
	Level   string
	Result  *compiler.Result
	// Findings are falco's warnings and infos on the unit (errors fail the
	// build and are reported as diagnostics instead).
	Findings []verify.Finding
}

// Dir is the unit's directory in the output tree: <service>/<level>.
func (u *Unit) Dir() string { return u.Service + "/" + u.Level }

// Output is a successful build.
type Output struct {
	Units []*Unit
}

// Run compiles and verifies. It returns every problem found in one run:
// definition errors stop before compiling; compile and lint errors are
// collected over all units. Warnings come back in the list even on success.
func Run(opts Options) (*Output, diag.List) {
	site, diags := definition.Load(opts.Root)
	if diags.HasErrors() {
		return nil, diags
	}
	levels, services, sel := selection(site, opts)
	diags.Add(sel...)
	if diags.HasErrors() {
		diags.Sort()
		return nil, diags
	}

	pages, ds := errorpage.Load(opts.Root)
	diags.Add(ds...)
	for _, lvl := range levels {
		diags.Add(pages.CheckBudget(compiler.StatusURL(lvl))...)
	}
	if diags.HasErrors() {
		diags = dedupe(diags)
		diags.Sort()
		return nil, diags
	}

	out := &Output{}
	for _, lvl := range levels {
		inv, ds := inventory.Load(opts.Root, string(lvl.Name))
		if ds.HasErrors() {
			diags.Add(ds...)
			continue
		}
		errs, ds := compiler.ErrorsVCL(lvl, pages)
		if ds.HasErrors() {
			diags.Add(ds...)
			continue
		}
		maintenancePage, ds := compiler.MaintenancePageExpr(lvl, pages)
		if ds.HasErrors() {
			diags.Add(ds...)
			continue
		}
		for _, svc := range services {
			u, ds := compileUnit(compiler.Input{Service: svc, Level: lvl, Inventory: inv, Pages: pages, Errors: errs, MaintenancePage: maintenancePage}, opts)
			diags.Add(ds...)
			if u != nil {
				out.Units = append(out.Units, u)
			}
		}
	}
	diags = dedupe(diags)
	diags.Sort()
	if diags.HasErrors() {
		return nil, diags
	}
	return out, diags
}

func selection(site *definition.Site, opts Options) ([]*definition.Level, []*definition.Service, diag.List) {
	var diags diag.List
	var levels []*definition.Level
	var services []*definition.Service
	for i := range site.Levels {
		if len(opts.Levels) == 0 || slices.Contains(opts.Levels, string(site.Levels[i].Name)) {
			levels = append(levels, &site.Levels[i])
		}
	}
	for _, l := range opts.Levels {
		if site.Level(l) == nil {
			diags.Errorf(diag.Pos{File: definition.LevelsFileName}, "levels are: "+strings.Join(levelNames(site), ", "), "unknown level %q", l)
		}
	}
	for _, svc := range site.Services {
		if len(opts.Services) == 0 || slices.Contains(opts.Services, svc.Name) {
			services = append(services, svc)
		}
	}
	for _, s := range opts.Services {
		if site.Service(s) == nil {
			diags.Errorf(diag.Pos{File: definition.ServicesDir}, "services are: "+strings.Join(serviceNames(site), ", "), "unknown service %q", s)
		}
	}
	return levels, services, diags
}

func levelNames(site *definition.Site) []string {
	var n []string
	for _, l := range site.Levels {
		n = append(n, string(l.Name))
	}
	return n
}

func serviceNames(site *definition.Site) []string {
	var n []string
	for _, s := range site.Services {
		n = append(n, s.Name)
	}
	return n
}

// dedupe drops repeated diagnostics: a definition error found once per
// level is one problem, not three.
func dedupe(l diag.List) diag.List {
	seen := map[string]bool{}
	var out diag.List
	for _, d := range l {
		k := d.String()
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

func compileUnit(in compiler.Input, opts Options) (*Unit, diag.List) {
	svc := in.Service
	res, diags := compiler.Compile(in)
	if res == nil || diags.HasErrors() {
		return nil, diags
	}
	u := &Unit{Service: svc.Name, Level: string(in.Level.Name), Result: res}
	private, havePrivate, ds := readPrivate(svc, opts.PrivateDir)
	diags.Add(ds...)
	if ds.HasErrors() {
		return nil, diags
	}
	diags.Add(checkLimits(u, svc, private)...)
	if opts.SkipLint {
		return u, diags
	}
	files := verify.Files{}
	for _, f := range res.Files {
		files[f.Name] = f.Content
	}
	if havePrivate {
		files[compiler.PrivateName] = private
	}
	findings, err := verify.Lint(files, compiler.LocalName)
	if err != nil {
		diags.Errorf(diag.Pos{File: svc.File}, "this is a bug in edgectl; please report it with the definition", "cannot lint %s: %v", u.Dir(), err)
		return nil, diags
	}
	for _, f := range findings {
		if f.Severity != verify.SeverityError {
			if f.File == compiler.PrivateName && havePrivate {
				// falco's messages quote names from the file: keep only
				// where the finding is.
				f.Message, f.Reference = "a finding in the private include (content hidden)", ""
			}
			u.Findings = append(u.Findings, f)
			continue
		}
		diags.Add(lintDiagnostic(u, svc, f, havePrivate))
	}
	return u, diags
}

// lintDiagnostic turns a falco error in compiled VCL into a diagnostic at the
// definition (or hook fragment) line that produced it, quoting the compiled
// line so the reader sees what falco saw.
func lintDiagnostic(u *Unit, svc *definition.Service, f verify.Finding, privateReal bool) diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.Error}
	where := fmt.Sprintf("%s/%s.vcl:%d:%d", u.Dir(), f.File, f.Line, f.Col)
	if f.File == compiler.PrivateName && privateReal {
		// The private include's content and message stay hidden: falco's
		// messages can quote the offending text.
		d.Pos = diag.Pos{File: svc.File}
		d.Message = fmt.Sprintf("falco reports an error in the private include of %s at line %d, column %d (content hidden)", u.Dir(), f.Line, f.Col)
		d.Hint = "run falco on the private file itself, outside the repository, to see the message"
		return d
	}
	file := u.Result.File(f.File)
	var origin diag.Pos
	var text string
	if file != nil {
		origin = file.Origin(f.Line)
		lines := strings.Split(file.Content, "\n")
		if f.Line >= 1 && f.Line <= len(lines) {
			text = strings.TrimSpace(lines[f.Line-1])
		}
	}
	if origin.File == "" {
		origin = diag.Pos{File: svc.File}
	}
	d.Pos = origin
	rule := ""
	if f.Rule != "" {
		rule = f.Rule + " "
	}
	d.Message = fmt.Sprintf("compiled VCL does not pass falco: %s (%sat %s)", f.Message, rule, where)
	if text != "" {
		d.Message += "\n    compiled line: " + text
	}
	d.Hint = "fix the definition or hook at this position; if it looks right, this is a bug in edgectl"
	return d
}

// privateFile is where the private include of a service is read from.
func privateFile(dir, service string) string { return filepath.Join(dir, service+".vcl") }

func readPrivate(svc *definition.Service, dir string) (string, bool, diag.List) {
	var diags diag.List
	if !svc.PrivateInclude {
		return "", false, nil
	}
	if dir == "" {
		diags.Warnf(svc.Meta.At("private_include"), "pass --private-dir or set EDGECTL_PRIVATE_DIR to the directory holding "+svc.Name+".vcl", "%s: private include not given; built and linted with the placeholder", svc.Name)
		return "", false, diags
	}
	data, err := os.ReadFile(privateFile(dir, svc.Name))
	if err != nil {
		// The path is the operator's own; print it, never the content.
		diags.Errorf(svc.Meta.At("private_include"), "put the service's private VCL at <private dir>/"+svc.Name+".vcl", "cannot read the private include of %s: %v", svc.Name, err)
		return "", false, diags
	}
	return string(data), true, diags
}
