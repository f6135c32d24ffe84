package session

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/fastlysync"
	"github.com/webplatform/edgectl/pipeline"
	"github.com/webplatform/edgectl/redact"
)

// Session is one command's access to Fastly. Whatever it reads from Fastly
// is added to Redactor before it is returned.
type Session struct {
	Client   *fastlyapi.Client
	Redactor *redact.Redactor
	// Stderr is where problems and progress go, redacted and safe for
	// concurrent writes (nil: progress is dropped).
	Stderr io.Writer
	quiet  bool
}

// Unit is one compiled service at one level, as sync sees it.
type Unit struct {
	Name    string
	Level   string
	Desired *fastlyplan.Desired
}

// Compared is one service's remote state and plan; Err is what kept them
// from being read or made.
type Compared struct {
	Unit   *Unit
	Remote *fastlyapi.Remote
	Target *fastlyplan.Config
	Plan   *fastlyplan.Plan
	Err    error
}

// Build says what to compile: the repository, one level, the services
// (all when none is named) and the private includes' directory ("" for
// none).
type Build struct {
	Root       string
	Level      string
	Services   []string
	PrivateDir string
}

// Compile builds the services at one level in memory (with falco's checks,
// as edgectl build does) and returns what sync needs, sorted by name.
// Compile problems come back as diagnostics (units nil when they hold
// errors); err is a private include that cannot be read.
func Compile(b Build) ([]*Unit, diag.List, error) {
	out, diags := pipeline.Run(pipeline.Options{Root: b.Root, Levels: []string{b.Level}, Services: b.Services, PrivateDir: b.PrivateDir})
	if diags.HasErrors() {
		return nil, diags, nil
	}
	var units []*Unit
	for _, u := range out.Units {
		d := &fastlyplan.Desired{Service: u.Result.Service, Files: map[string]string{}}
		for _, file := range u.Result.Files {
			if file.Upload {
				d.Files[file.Name+".vcl"] = file.Content
			}
		}
		if b.PrivateDir != "" && slices.ContainsFunc(d.Service.VCLs, func(v desired.VCL) bool { return v.Private }) {
			p, err := fastlysync.ReadPrivate(b.PrivateDir, u.Service)
			if err != nil {
				return nil, nil, err
			}
			d.Private = &p
		}
		if files := fastlyplan.SecretFiles(d.Service); b.PrivateDir != "" && len(files) > 0 {
			secrets, err := fastlysync.ReadSecrets(b.PrivateDir, u.Service, files)
			if err != nil {
				return nil, nil, err
			}
			d.Secrets = secrets
		}
		units = append(units, &Unit{Name: u.Service, Level: u.Level, Desired: d})
	}
	sort.Slice(units, func(i, j int) bool { return units[i].Name < units[j].Name })
	return units, nil, nil
}

// prefetched holds the active versions of the services' Fastly services,
// read (one GET each, all at once) while the caller compiles: the
// definitions name the IDs, so reading Fastly need not wait for falco.
type prefetched struct {
	wg      sync.WaitGroup
	remotes map[string]*fetched
}

type fetched struct {
	remote *fastlyapi.Remote
	err    error
}

// prefetch starts reading the active versions of the named services (all
// when none is named) at a level.
func (s *Session) prefetch(root, level string, services []string) *prefetched {
	p := &prefetched{remotes: map[string]*fetched{}}
	site, diags := definition.Load(root)
	if diags.HasErrors() {
		return p // compile reports the errors
	}
	for _, svc := range site.Services {
		id := svc.ServiceIDs[level]
		if id == "" || (len(services) > 0 && !slices.Contains(services, svc.Name)) || p.remotes[id] != nil {
			continue
		}
		f := &fetched{}
		p.remotes[id] = f
		s.Client.ListLogging(id, svc.LoggingKinds()...)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			f.remote, f.err = s.Client.Details(id, 0)
		}()
	}
	return p
}

// CompileAndCompare reads the services' active versions while it compiles
// them, then compares each with its build. Diagnostics and err are
// Compile's; a service that could not be read or compared has its Err set.
func (s *Session) CompileAndCompare(b Build) ([]*Compared, diag.List, error) {
	pre := s.prefetch(b.Root, b.Level, b.Services)
	units, diags, err := Compile(b)
	if err != nil || diags.HasErrors() {
		pre.wg.Wait()
		return nil, diags, err
	}
	return s.compare(units, pre), nil, nil
}

// compare compares every unit with its prefetched remote state (reading
// what was not prefetched).
func (s *Session) compare(units []*Unit, pre *prefetched) []*Compared {
	pre.wg.Wait()
	res := make([]*Compared, len(units))
	var wg sync.WaitGroup
	for i, u := range units {
		res[i] = &Compared{Unit: u}
		wg.Add(1)
		go func(c *Compared) {
			defer wg.Done()
			c.Target, c.Err = c.Unit.Desired.Config()
			if c.Err != nil {
				return
			}
			s.Redactor.AddConfig(c.Target)
			id := c.Unit.Desired.Service.ServiceID
			if f := pre.remotes[id]; f != nil {
				c.Remote, c.Err = f.remote, f.err
			} else {
				s.Client.ListLogging(id, ownedLoggingKinds(c.Unit.Desired.Service)...)
				c.Remote, c.Err = s.Client.Details(id, 0)
			}
			if c.Err != nil {
				return
			}
			s.Redactor.AddConfig(c.Remote.Config)
			c.Plan = plan(c.Unit, c.Remote, c.Target)
		}(res[i])
	}
	wg.Wait()
	return res
}

// plan compares a remote version with a unit's target, labelled with
// what the remote version is.
func plan(u *Unit, r *fastlyapi.Remote, target *fastlyplan.Config) *fastlyplan.Plan {
	from := "no active version"
	if r.ActiveVersion > 0 {
		from = fmt.Sprintf("active version %d", r.ActiveVersion)
	} else if r.Version > 0 {
		from = fmt.Sprintf("version %d (none active)", r.Version)
	}
	p := fastlyplan.Compare(r.Config, target, fastlyplan.Labels{From: from, To: "local"})
	p.Service, p.Level, p.ServiceID, p.Version = u.Name, u.Level, r.ServiceID, r.ActiveVersion
	return p
}

// ownedLoggingKinds are the logging kinds a desired state owns: the ones
// Fastly is asked for (definition.Service.LoggingKinds, before compiling).
func ownedLoggingKinds(s *desired.Service) []desired.Kind {
	var kinds []desired.Kind
	for _, k := range []desired.Kind{desired.KindHTTPS, desired.KindS3, desired.KindSyslog} {
		if s.Owns(k) {
			kinds = append(kinds, k)
		}
	}
	return kinds
}
