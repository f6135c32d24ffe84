package fastlyplan

import (
	"fmt"

	"github.com/webplatform/edgectl/desired"
)

// Config is the configuration of one service version in the desired state's
// terms. Both sides of a comparison are a Config: the desired state
// (Desired.Config) and a version read from Fastly (fastlyapi.Remote.Config), so the
// same Compare serves diff, publish and rollback (old version against active).
type Config struct {
	Domains      []desired.Domain
	Backends     []desired.Backend
	Healthchecks []desired.Healthcheck
	Directors    []desired.Director
	Gzips        []desired.Gzip
	Settings     desired.Settings
	// Dictionaries carry their initial items on the desired side only: items
	// are not part of a version (see desired.Dictionary).
	Dictionaries []desired.Dictionary
	VCLs         []VCL
	// Logging are the logging endpoints and their credentials (logging.go).
	Logging Logging
	// The web UI's kinds (webui.go); a dynamic snippet's content is not
	// part of a version, read and written apart.
	Snippets        []desired.Snippet
	Headers         []desired.Header
	ResponseObjects []desired.ResponseObject
	Conditions      []desired.Condition
	RequestSettings []desired.RequestSetting
	CacheSettings   []desired.CacheSetting
	// Unmanaged are objects of kinds read by name only (ACLs): on Fastly
	// they are drift when the target owns their kind (see Owner).
	Unmanaged []Object
	// Owner is the target's ownership rule: which kinds it owns and which
	// objects it keeps. A Config read from Fastly has none: it owns
	// everything (a rollback target).
	Owner Owner
}

// VCL is one custom VCL file of a version.
type VCL struct {
	Name    string
	Main    bool
	Content string
	// Private marks the private include: compared, never shown.
	Private bool
	// Unknown says the content is not available (the private include when
	// no private directory was given): Compare leaves such a file alone.
	Unknown bool
}

// Object names an object on Fastly: one read by name only (Config.Unmanaged),
// or one a plan lists as not managed or kept.
type Object struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// PrivateName is the include name of the private VCL in the output contract.
// A remote VCL of this name is treated as private even when the desired
// state does not say so, so that its content can never be printed.
const PrivateName = "private"

// Desired is what sync publishes for one service at one level: the desired
// state and the content of the VCL files it lists. sync never sees the
// definitions: this is the build output (service.json and the files beside
// it), in memory.
type Desired struct {
	Service *desired.Service
	// Files maps a file name listed in Service.VCLs (main.vcl) to its content.
	Files map[string]string
	// Private is the private include's content, nil when not given.
	Private *string
	// Secrets maps the private directory's files the logging credentials
	// name (SecretFiles) to their content; nil when not given.
	Secrets map[string]string
}

// Config returns the desired configuration. It fails when a VCL file the
// service lists has no content: the build output is incomplete.
func (d *Desired) Config() (*Config, error) {
	s := d.Service
	c := &Config{
		Domains:      s.Domains,
		Backends:     s.Backends,
		Healthchecks: s.Healthchecks,
		Directors:    s.Directors,
		Gzips:        s.Gzips,
		Settings:     s.Settings,
		Dictionaries: s.Dictionaries,
		Owner:        s,

		Snippets:        s.Snippets,
		Headers:         s.Headers,
		ResponseObjects: s.ResponseObjects,
		Conditions:      s.Conditions,
		RequestSettings: s.RequestSettings,
		CacheSettings:   s.CacheSettings,
	}
	var err error
	if c.Logging, err = desiredLogging(s, d.Secrets); err != nil {
		return nil, err
	}
	for _, v := range s.VCLs {
		f := VCL{Name: v.Name, Main: v.Main, Private: v.Private}
		switch {
		case v.Private && d.Private != nil:
			f.Content = *d.Private
		case v.Private:
			f.Unknown = true
		default:
			content, ok := d.Files[v.File]
			if !ok {
				return nil, fmt.Errorf("%s/%s: service.json lists VCL %q in %s, which is missing from the build output; rebuild with edgectl build", s.Service, s.Level, v.Name, v.File)
			}
			f.Content = content
		}
		c.VCLs = append(c.VCLs, f)
	}
	return c, nil
}
