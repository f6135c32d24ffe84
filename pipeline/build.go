// Package pipeline runs the whole pipeline for edgectl build and edgectl lint:
// load the definitions, compile every service for every level against that
// level's inventory, verify the result with falco and Fastly's limits, and
// write the output tree atomically.
package pipeline

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/inventory"
	"github.com/webplatform/edgectl/repofs"
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
	// Placeholder says the caller builds with the private include's
	// placeholder on purpose (edgectl test: a test must never run against
	// the secret file), so PrivateDir is not read and no warning says it
	// was not given.
	Placeholder bool
	// SkipLint compiles without running falco (benchmarks only).
	SkipLint bool
}

// Unit is one service compiled for one level.
type Unit struct {
	Service string
	Level   string
	Result  *compiler.Result
	// MaxBackends is the number of backends Fastly allows the service: its
	// max_backends, or DefaultMaxBackends (falco's interpreter needs it to
	// run the unit's tests).
	MaxBackends int
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

	// The pages are the same for every service and level: render them once.
	errs, ds := compiler.ErrorsVCL(pages)
	diags.Add(ds...)
	maintenancePage, ds := compiler.MaintenancePageExpr(pages)
	diags.Add(ds...)
	if diags.HasErrors() {
		diags = dedupe(diags)
		diags.Sort()
		return nil, diags
	}

	out := &Output{}
	var traced []tracedError
	for _, lvl := range levels {
		inv, ds := inventory.Load(opts.Root, string(lvl.Name))
		if ds.HasErrors() {
			diags.Add(ds...)
			continue
		}
		for _, svc := range services {
			u, ds, lintErrs := compileUnit(compiler.Input{Service: svc, Level: lvl, Inventory: inv, Pages: pages, Errors: errs, MaintenancePage: maintenancePage}, opts)
			diags.Add(ds...)
			traced = append(traced, lintErrs...)
			if u != nil {
				out.Units = append(out.Units, u)
			}
		}
	}
	diags.Add(mergeLevels(traced)...)
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
			diags.Errorf(diag.Pos{File: definition.LevelsFileName}, diag.DidYouMean(l, levelNames(site), "levels"), "unknown level %q", l)
		}
	}
	for _, svc := range site.Services {
		if len(opts.Services) == 0 || slices.Contains(opts.Services, svc.Name) {
			services = append(services, svc)
		}
	}
	for _, s := range opts.Services {
		if site.Service(s) == nil {
			diags.Errorf(diag.Pos{File: definition.ServicesDir}, diag.DidYouMean(s, serviceNames(site), "services"), "unknown service %q", s)
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

// compileUnit compiles and lints one service at one level. falco's errors
// come back apart, traced to their source, so that Run can report an error
// every level shares once.
func compileUnit(in compiler.Input, opts Options) (*Unit, diag.List, []tracedError) {
	svc := in.Service
	res, diags := compiler.Compile(in)
	if res == nil || diags.HasErrors() {
		return nil, diags, nil
	}
	u := &Unit{Service: svc.Name, Level: string(in.Level.Name), Result: res, MaxBackends: maxBackends(svc)}
	private, havePrivate, ds := "", false, diag.List(nil)
	if !opts.Placeholder {
		private, havePrivate, ds = readPrivate(svc, opts.PrivateDir)
	}
	diags.Add(ds...)
	if ds.HasErrors() {
		return nil, diags, nil
	}
	diags.Add(checkLimits(u, svc, private)...)
	if opts.SkipLint {
		return u, diags, nil
	}
	files := verify.Files{}
	for _, f := range res.Files {
		files[f.Name] = f.Content
	}
	if havePrivate {
		files[compiler.PrivateName] = private
	}
	findings, err := verify.LintWithSnippets(files, compiler.LocalName, lintSnippets(res.Service))
	if err != nil {
		diags.Errorf(diag.Pos{File: svc.File}, "this is a bug in edgectl; please report it with the definition", "cannot lint %s: %v", u.Dir(), err)
		return nil, diags, nil
	}
	var lintErrs []tracedError
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
		lintErrs = append(lintErrs, lintError(u, svc, f, havePrivate))
	}
	return u, diags, lintErrs
}

// tracedError is a falco error in one unit's compiled VCL, traced to the
// definition or hook position that produced it.
type tracedError struct {
	diag.Diagnostic
	// where is the compiled position (www/production/main.vcl:194:7), level
	// the unit's level; text the compiled line, trimmed.
	where, level, text, rule, message string
}

// lintError turns a falco error in compiled VCL into an error at the
// definition (or hook fragment) line and column that produced it.
func lintError(u *Unit, svc *definition.Service, f verify.Finding, privateReal bool) tracedError {
	t := tracedError{Diagnostic: diag.Diagnostic{Severity: diag.Error}, level: u.Level, rule: f.Rule, message: f.Message,
		where: fmt.Sprintf("%s/%s.vcl:%d:%d", u.Dir(), f.File, f.Line, f.Col)}
	if f.File == compiler.PrivateName && privateReal {
		// The private include's content and message stay hidden: falco's
		// messages can quote the offending text.
		t.Pos = diag.Pos{File: svc.File}
		t.Message = fmt.Sprintf("falco reports an error in the private include of %s at line %d, column %d (content hidden)", u.Dir(), f.Line, f.Col)
		t.Hint = "run falco on the private file itself, outside the repository, to see the message"
		return t
	}
	if pos, ok := snippetOrigin(svc, f); ok {
		t.Pos = pos
		t.where = fmt.Sprintf("%s/snippet %s:%d:%d", u.Dir(), strings.TrimPrefix(f.File, snippetPrefix), f.Line, f.Col)
		t.Hint = "fix the snippet at this position"
		return t
	}
	file := u.Result.File(f.File)
	var origin diag.Pos
	var compiled string
	if file != nil {
		origin = file.Origin(f.Line)
		lines := strings.Split(file.Content, "\n")
		if f.Line >= 1 && f.Line <= len(lines) {
			compiled = lines[f.Line-1]
		}
	}
	if origin.File == "" {
		origin = diag.Pos{File: svc.File}
	}
	if origin.Col == 0 && origin.Line > 0 {
		origin.Col = sourceColumn(svc, origin, compiled, f.Col)
	}
	t.Pos = origin
	t.text = strings.TrimSpace(compiled)
	t.Hint = "fix the definition or hook at this position; if it looks right, this is a bug in edgectl"
	return t
}

// sourceColumn maps a column of a compiled line copied from a hand-written
// file (a hook, indented by the compiler, or a raw VCL file) to the column in
// that file; 0 when the line is not such a copy.
func sourceColumn(svc *definition.Service, origin diag.Pos, compiled string, col int) int {
	src, ok := sourceLine(svc, origin)
	if !ok {
		return 0
	}
	src = strings.TrimRight(src, " \t\r")
	if src == "" || !strings.HasSuffix(compiled, src) {
		return 0
	}
	// The compiler only adds indentation in front: ASCII spaces, one
	// column each.
	return max(1, col-(len(compiled)-len(src)))
}

// sourceLine returns line origin.Line of the hook or raw VCL file origin.File.
func sourceLine(svc *definition.Service, origin diag.Pos) (string, bool) {
	content, found := "", false
	for _, h := range svc.HookSources {
		if h.File == origin.File {
			content, found = h.Content, true
		}
	}
	if raw := svc.RawVCL; raw != nil {
		for _, r := range raw.Sources {
			if r.File == origin.File {
				content, found = r.Content, true
			}
		}
	}
	lines := strings.Split(content, "\n")
	if !found || origin.Line > len(lines) {
		return "", false
	}
	return lines[origin.Line-1], true
}

// mergeLevels reports each falco error once: the same message at the same
// source position in several levels is one mistake, named with the first
// level's compiled position and the other levels.
func mergeLevels(traced []tracedError) diag.List {
	var order []string
	groups := map[string][]tracedError{}
	for _, t := range traced {
		key := t.Pos.String() + "\x00" + t.Message + "\x00" + t.message + "\x00" + t.rule + "\x00" + t.text
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], t)
	}
	var out diag.List
	for _, key := range order {
		g := groups[key]
		d := g[0].Diagnostic
		if d.Message == "" { // not hidden: say what falco saw, and where
			d.Message = falcoMessage(g)
		}
		out = append(out, d)
	}
	return out
}

// falcoMessage describes a group of identical falco errors, one per level.
func falcoMessage(g []tracedError) string {
	first := g[0]
	rule := ""
	if first.rule != "" {
		rule = first.rule + " "
	}
	also := ""
	if len(g) > 1 {
		var levels []string
		for _, t := range g[1:] {
			levels = append(levels, t.level)
		}
		also = ", also at " + strings.Join(levels, ", ")
	}
	msg := fmt.Sprintf("compiled VCL does not pass falco: %s (%sat %s%s)", first.message, rule, first.where, also)
	if first.text != "" {
		msg += "\n    compiled line: " + first.text
	}
	return msg
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
	// Outside the repository by design, but bounded and a regular file all
	// the same: a FIFO or /dev/zero must not hang or exhaust a build.
	path := privateFile(dir, svc.Name)
	data, err := repofs.ReadOutside(path, repofs.MaxVCL)
	if err != nil {
		// The path is the operator's own; print it, never the content.
		diags.Errorf(svc.Meta.At("private_include"), repofs.Hint(err, "put the service's private VCL at <private dir>/"+svc.Name+".vcl"), "cannot read the private include of %s: %s: %s", svc.Name, path, repofs.Message(err))
		return "", false, diags
	}
	return string(data), true, diags
}
