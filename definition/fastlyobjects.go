package definition

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/webplatform/edgectl/definition/yamldec"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/repofs"
)

// FastlyObjects are the web UI's objects a service declares (the
// `fastly_objects:` section), compiled verbatim into the desired state:
// their fields are the Fastly API's own, by the API's names. Declaring an
// object of a kind makes the service own the kind (desired.Service.Owns):
// publish then removes the objects of that kind the section lacks.
type FastlyObjects struct {
	Meta            yamldec.Meta         `yaml:"-" doc:"fastly_objects"`
	Conditions      []FastlyCondition    `yaml:"conditions,omitempty"`
	Headers         []FastlyHeader       `yaml:"headers,omitempty"`
	ResponseObjects []FastlyResponse     `yaml:"response_objects,omitempty"`
	RequestSettings []FastlyRequest      `yaml:"request_settings,omitempty"`
	CacheSettings   []FastlyCacheSetting `yaml:"cache_settings,omitempty"`
	Snippets        []FastlySnippet      `yaml:"snippets,omitempty"`
}

// FastlyCondition is a condition object (API reference, "Condition":
// https://www.fastly.com/documentation/reference/api/vcl-services/condition).
type FastlyCondition struct {
	Meta      yamldec.Meta `yaml:"-" doc:"condition"`
	Name      string       `yaml:"name" required:"true"`
	Type      string       `yaml:"type" required:"true"`
	Statement string       `yaml:"statement" required:"true"`
	Priority  *int         `yaml:"priority,omitempty"`
}

// FastlyHeader is a header object (API reference, "Header":
// https://docs.fastly.com/documentation/reference/api/vcl-services/header).
type FastlyHeader struct {
	Meta              yamldec.Meta `yaml:"-" doc:"header object"`
	Name              string       `yaml:"name" required:"true"`
	Action            string       `yaml:"action" required:"true"`
	Type              string       `yaml:"type" required:"true"`
	Dst               string       `yaml:"dst" required:"true"`
	Src               string       `yaml:"src,omitempty"`
	Regex             string       `yaml:"regex,omitempty"`
	Substitution      string       `yaml:"substitution,omitempty"`
	IgnoreIfSet       bool         `yaml:"ignore_if_set,omitempty"`
	Priority          *int         `yaml:"priority,omitempty"`
	RequestCondition  string       `yaml:"request_condition,omitempty"`
	CacheCondition    string       `yaml:"cache_condition,omitempty"`
	ResponseCondition string       `yaml:"response_condition,omitempty"`
}

// FastlyResponse is a response object (a synthetic answer).
type FastlyResponse struct {
	Meta             yamldec.Meta `yaml:"-" doc:"response object"`
	Name             string       `yaml:"name" required:"true"`
	Status           int          `yaml:"status" required:"true"`
	Response         string       `yaml:"response" required:"true"`
	ContentType      string       `yaml:"content_type,omitempty"`
	Content          string       `yaml:"content,omitempty"`
	RequestCondition string       `yaml:"request_condition,omitempty"`
	CacheCondition   string       `yaml:"cache_condition,omitempty"`
}

// FastlyRequest is a request settings object.
type FastlyRequest struct {
	Meta             yamldec.Meta `yaml:"-" doc:"request settings"`
	Name             string       `yaml:"name" required:"true"`
	Action           string       `yaml:"action,omitempty"`
	ForceMiss        bool         `yaml:"force_miss,omitempty"`
	ForceSSL         bool         `yaml:"force_ssl,omitempty"`
	BypassBusyWait   bool         `yaml:"bypass_busy_wait,omitempty"`
	MaxStaleAge      int          `yaml:"max_stale_age,omitempty"`
	HashKeys         string       `yaml:"hash_keys,omitempty"`
	XFF              string       `yaml:"xff,omitempty"`
	TimerSupport     bool         `yaml:"timer_support,omitempty"`
	GeoHeaders       bool         `yaml:"geo_headers,omitempty"`
	DefaultHost      string       `yaml:"default_host,omitempty"`
	RequestCondition string       `yaml:"request_condition,omitempty"`
}

// FastlyCacheSetting is a cache settings object (API reference, "Cache
// settings": https://www.fastly.com/documentation/reference/api/vcl-services/cache-settings).
type FastlyCacheSetting struct {
	Meta           yamldec.Meta `yaml:"-" doc:"cache settings"`
	Name           string       `yaml:"name" required:"true"`
	Action         string       `yaml:"action,omitempty"`
	TTL            int          `yaml:"ttl,omitempty"`
	StaleTTL       int          `yaml:"stale_ttl,omitempty"`
	CacheCondition string       `yaml:"cache_condition,omitempty"`
}

// FastlySnippet is a VCL snippet, its content inline or in a file of the
// repository under vcl/. Fastly inserts a regular snippet into its
// generated VCL, or at the "#FASTLY <type>" macro of custom VCL ("Using VCL
// snippets", https://www.fastly.com/documentation/guides/full-site-delivery/fastly-vcl/vcl-snippets/using-vcl-snippets);
// a dynamic snippet's content lives outside versions ("About VCL
// snippets", https://www.fastly.com/documentation/guides/full-site-delivery/custom-vcl/about-vcl-snippets).
type FastlySnippet struct {
	Meta     yamldec.Meta `yaml:"-" doc:"snippet"`
	Name     string       `yaml:"name" required:"true"`
	Type     string       `yaml:"type" required:"true"`
	Priority *int         `yaml:"priority,omitempty"`
	Dynamic  bool         `yaml:"dynamic,omitempty"`
	Content  string       `yaml:"content"`
	File     string       `yaml:"file,omitempty"`
	// Source is the content, from Content or read from File by Load.
	Source string `yaml:"-"`
}

// The values Fastly accepts, from the API reference pages above.
var (
	conditionTypes  = []string{"REQUEST", "CACHE", "RESPONSE", "PREFETCH"}
	headerActions   = []string{"set", "append", "delete", "regex", "regex_repeat"}
	headerTypes     = []string{"request", "cache", "response"}
	requestActions  = []string{"", "lookup", "pass"}
	requestXFF      = []string{"", "clear", "leave", "append", "append_all", "overwrite"}
	cacheActions    = []string{"", "cache", "pass", "restart"}
	snippetTypes    = []string{"init", "recv", "hash", "hit", "miss", "pass", "fetch", "error", "deliver", "log", "none"}
	conditionOfType = map[string]string{"request_condition": "REQUEST", "cache_condition": "CACHE", "response_condition": "RESPONSE"}
)

// DefaultPriority is what Fastly sets when priority is not sent, for
// conditions, header objects and snippets ("priority [...] [Default 100]",
// API reference, "Header" and "VCL Snippets",
// https://docs.fastly.com/documentation/reference/api/vcl-services/snippet):
// a definition that gives none compiles to it, and edgectl import leaves it
// out.
const DefaultPriority = 100

func priority(p *int) int {
	if p == nil {
		return DefaultPriority
	}
	return *p
}

// Desired returns the objects in the desired state's terms.
func (f *FastlyObjects) Desired(s *desired.Service) {
	if f == nil {
		return
	}
	for _, o := range f.Conditions {
		s.Conditions = append(s.Conditions, desired.Condition{Name: o.Name, Type: o.Type, Statement: o.Statement, Priority: priority(o.Priority)})
	}
	for _, o := range f.Headers {
		s.Headers = append(s.Headers, desired.Header{Name: o.Name, Action: o.Action, Type: o.Type, Dst: o.Dst, Src: o.Src, Regex: o.Regex,
			Substitution: o.Substitution, IgnoreIfSet: o.IgnoreIfSet, Priority: priority(o.Priority),
			RequestCondition: o.RequestCondition, CacheCondition: o.CacheCondition, ResponseCondition: o.ResponseCondition})
	}
	for _, o := range f.ResponseObjects {
		s.ResponseObjects = append(s.ResponseObjects, desired.ResponseObject{Name: o.Name, Status: o.Status, Response: o.Response,
			ContentType: o.ContentType, Content: o.Content, RequestCondition: o.RequestCondition, CacheCondition: o.CacheCondition})
	}
	for _, o := range f.RequestSettings {
		s.RequestSettings = append(s.RequestSettings, desired.RequestSetting{Name: o.Name, Action: o.Action, ForceMiss: o.ForceMiss,
			ForceSSL: o.ForceSSL, BypassBusyWait: o.BypassBusyWait, MaxStaleAge: o.MaxStaleAge, HashKeys: o.HashKeys, XForwardedFor: o.XFF,
			TimerSupport: o.TimerSupport, GeoHeaders: o.GeoHeaders, DefaultHost: o.DefaultHost, RequestCondition: o.RequestCondition})
	}
	for _, o := range f.CacheSettings {
		s.CacheSettings = append(s.CacheSettings, desired.CacheSetting{Name: o.Name, Action: o.Action, TTL: o.TTL, StaleTTL: o.StaleTTL, CacheCondition: o.CacheCondition})
	}
	for _, o := range f.Snippets {
		s.Snippets = append(s.Snippets, desired.Snippet{Name: o.Name, Type: o.Type, Priority: priority(o.Priority), Dynamic: o.Dynamic, Content: o.Source})
	}
}

// checkFastlyObjects checks the section: known values, unique names,
// conditions that exist and are of the right type, snippet content.
func (c *checker) checkFastlyObjects(root string) {
	f := c.svc.FastlyObjects
	if f == nil {
		return
	}
	conditions := map[string]string{}
	oneOf := func(m yamldec.Meta, field, value string, allowed []string) {
		if !slices.Contains(allowed, value) {
			c.errf(m.At(field), "write one of "+strings.Join(quoteAll(allowed), ", "), "unknown %s %q", field, shorten(value))
		}
	}
	uses := func(m yamldec.Meta, field, cond string) {
		if cond == "" {
			return
		}
		typ, ok := conditions[cond]
		switch {
		case !ok:
			c.errf(m.At(field), diag.DidYouMean(cond, sortedKeys(conditions), "conditions"), "%s %q is not a condition of fastly_objects.conditions", field, shorten(cond))
		case typ != conditionOfType[field]:
			c.errf(m.At(field), fmt.Sprintf("name a condition of type %s", conditionOfType[field]), "%s %q is a %s condition", field, shorten(cond), typ)
		}
	}
	// Conditions first: the other kinds' checks look them up.
	checkObjects(c, "condition", f.Conditions, func(o *FastlyCondition) (yamldec.Meta, string) {
		oneOf(o.Meta, "type", o.Type, conditionTypes)
		conditions[o.Name] = o.Type
		return o.Meta, o.Name
	})
	checkObjects(c, "header object", f.Headers, func(o *FastlyHeader) (yamldec.Meta, string) {
		oneOf(o.Meta, "action", o.Action, headerActions)
		oneOf(o.Meta, "type", o.Type, headerTypes)
		uses(o.Meta, "request_condition", o.RequestCondition)
		uses(o.Meta, "cache_condition", o.CacheCondition)
		uses(o.Meta, "response_condition", o.ResponseCondition)
		return o.Meta, o.Name
	})
	checkObjects(c, "response object", f.ResponseObjects, func(o *FastlyResponse) (yamldec.Meta, string) {
		if o.Status < 100 || o.Status > 999 {
			c.errf(o.Meta.At("status"), "write an HTTP status such as 200 or 503", "response object status %d is out of range", o.Status)
		}
		uses(o.Meta, "request_condition", o.RequestCondition)
		uses(o.Meta, "cache_condition", o.CacheCondition)
		return o.Meta, o.Name
	})
	checkObjects(c, "request settings object", f.RequestSettings, func(o *FastlyRequest) (yamldec.Meta, string) {
		oneOf(o.Meta, "action", o.Action, requestActions)
		oneOf(o.Meta, "xff", o.XFF, requestXFF)
		uses(o.Meta, "request_condition", o.RequestCondition)
		return o.Meta, o.Name
	})
	checkObjects(c, "cache settings object", f.CacheSettings, func(o *FastlyCacheSetting) (yamldec.Meta, string) {
		oneOf(o.Meta, "action", o.Action, cacheActions)
		uses(o.Meta, "cache_condition", o.CacheCondition)
		return o.Meta, o.Name
	})
	checkObjects(c, "snippet", f.Snippets, func(o *FastlySnippet) (yamldec.Meta, string) {
		oneOf(o.Meta, "type", o.Type, snippetTypes)
		c.readSnippet(root, o)
		return o.Meta, o.Name
	})
}

// checkObjects runs check on each object of one kind, in order (check may
// set fields, as a snippet's Source), and refuses a name given twice; check
// returns the object's position and name.
func checkObjects[T any](c *checker, kind string, objs []T, check func(o *T) (yamldec.Meta, string)) {
	seen := map[string]bool{}
	for i := range objs {
		m, n := check(&objs[i])
		if seen[n] {
			c.errf(m.At("name"), "give every "+kind+" its own name", "duplicate %s name %q", kind, shorten(n))
		}
		seen[n] = true
	}
}

// readSnippet sets a snippet's Source from its content or its file.
func (c *checker) readSnippet(root string, o *FastlySnippet) {
	switch {
	case o.Meta.Has("content") == o.Meta.Has("file"):
		c.errf(o.Meta.Pos, "write the VCL inline (content: ...) or name a file under vcl/ (file: vcl/"+c.svc.Name+"/"+o.Name+".vcl)", "snippet %q needs exactly one of content and file", shorten(o.Name))
		return
	case o.Meta.Has("content"):
		o.Source = o.Content
		if ds := checkVCLText(c.svc.File, o.Content); len(ds) > 0 {
			c.errf(o.Meta.At("content"), "remove falco-ignore comments and lone carriage returns", "snippet %q: content hides text from review or from falco", shorten(o.Name))
		}
		return
	}
	clean := path.Clean(o.File)
	if path.IsAbs(o.File) || clean != o.File || !strings.HasPrefix(clean, HooksDir+"/") || !strings.HasSuffix(clean, ".vcl") {
		c.errf(o.Meta.At("file"), fmt.Sprintf("write a path relative to the repository root under %s/, e.g. %s/%s/%s.vcl", HooksDir, HooksDir, c.svc.Name, o.Name), "snippet %s: invalid file path %q", shorten(o.Name), shorten(o.File))
		return
	}
	data, err := repofs.ReadFile(root, clean, maxHookBytes)
	switch {
	case errors.Is(err, repofs.ErrTooLarge):
		c.errf(diag.Pos{File: clean}, "split the snippet", "snippet file %s", pathErr(err))
	case err != nil:
		c.errf(o.Meta.At("file"), repofs.Hint(err, "create the file, or fix the path"), "snippet %s: cannot read %s: %s", shorten(o.Name), clean, pathErr(err))
	case !utf8.Valid(data) || strings.ContainsRune(string(data), 0):
		c.errf(diag.Pos{File: clean}, "save the file as UTF-8 text", "snippet file is not UTF-8 text")
	default:
		if ds := checkVCLText(clean, string(data)); len(ds) > 0 {
			c.diags.Add(ds...)
			return
		}
		o.Source = string(data)
	}
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
