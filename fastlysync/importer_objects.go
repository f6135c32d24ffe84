package fastlysync

import (
	"reflect"

	"github.com/webplatform/edgectl/fastlyplan"
)

// The fastly_objects: section written by Import (definition.FastlyObjects):
// the web UI's objects by the API's field names, Fastly's defaults left out.
type importObjects struct {
	Conditions      []importCondition    `yaml:"conditions,omitempty"`
	Headers         []importHeader       `yaml:"headers,omitempty"`
	ResponseObjects []importResponse     `yaml:"response_objects,omitempty"`
	RequestSettings []importRequest      `yaml:"request_settings,omitempty"`
	CacheSettings   []importCacheSetting `yaml:"cache_settings,omitempty"`
	Snippets        []importSnippet      `yaml:"snippets,omitempty"`
}

type importCondition struct {
	Name      string `yaml:"name"`
	Type      string `yaml:"type"`
	Statement string `yaml:"statement"`
	Priority  *int   `yaml:"priority,omitempty"`
}

type importHeader struct {
	Name              string `yaml:"name"`
	Action            string `yaml:"action"`
	Type              string `yaml:"type"`
	Dst               string `yaml:"dst"`
	Src               string `yaml:"src,omitempty"`
	Regex             string `yaml:"regex,omitempty"`
	Substitution      string `yaml:"substitution,omitempty"`
	IgnoreIfSet       bool   `yaml:"ignore_if_set,omitempty"`
	Priority          *int   `yaml:"priority,omitempty"`
	RequestCondition  string `yaml:"request_condition,omitempty"`
	CacheCondition    string `yaml:"cache_condition,omitempty"`
	ResponseCondition string `yaml:"response_condition,omitempty"`
}

type importResponse struct {
	Name             string `yaml:"name"`
	Status           int    `yaml:"status"`
	Response         string `yaml:"response"`
	ContentType      string `yaml:"content_type,omitempty"`
	Content          string `yaml:"content,omitempty"`
	RequestCondition string `yaml:"request_condition,omitempty"`
	CacheCondition   string `yaml:"cache_condition,omitempty"`
}

type importRequest struct {
	Name             string `yaml:"name"`
	Action           string `yaml:"action,omitempty"`
	ForceMiss        bool   `yaml:"force_miss,omitempty"`
	ForceSSL         bool   `yaml:"force_ssl,omitempty"`
	BypassBusyWait   bool   `yaml:"bypass_busy_wait,omitempty"`
	MaxStaleAge      int    `yaml:"max_stale_age,omitempty"`
	HashKeys         string `yaml:"hash_keys,omitempty"`
	XFF              string `yaml:"xff,omitempty"`
	TimerSupport     bool   `yaml:"timer_support,omitempty"`
	GeoHeaders       bool   `yaml:"geo_headers,omitempty"`
	DefaultHost      string `yaml:"default_host,omitempty"`
	RequestCondition string `yaml:"request_condition,omitempty"`
}

type importCacheSetting struct {
	Name           string `yaml:"name"`
	Action         string `yaml:"action,omitempty"`
	TTL            int    `yaml:"ttl,omitempty"`
	StaleTTL       int    `yaml:"stale_ttl,omitempty"`
	CacheCondition string `yaml:"cache_condition,omitempty"`
}

type importSnippet struct {
	Name     string `yaml:"name"`
	Type     string `yaml:"type"`
	Priority *int   `yaml:"priority,omitempty"`
	Dynamic  bool   `yaml:"dynamic,omitempty"`
	Content  string `yaml:"content"`
}

// fastlyDefaultPriority is the priority Fastly gives conditions, header
// objects and snippets when none is sent ("priority [...] [Default 100]",
// API reference, "Header" and "VCL Snippets",
// https://docs.fastly.com/documentation/reference/api/vcl-services/snippet).
const fastlyDefaultPriority = 100

// importPriority is nil for Fastly's default.
func importPriority(p int) *int {
	if p == fastlyDefaultPriority {
		return nil
	}
	return &p
}

// importFastlyObjects converts the web UI's objects of c (nil for none):
// declaring them makes the service own their kinds, so that the diff
// compares them.
func importFastlyObjects(c *fastlyplan.Config) *importObjects {
	out := &importObjects{}
	for _, o := range c.Conditions {
		out.Conditions = append(out.Conditions, importCondition{Name: o.Name, Type: o.Type, Statement: o.Statement, Priority: importPriority(o.Priority)})
	}
	for _, o := range c.Headers {
		out.Headers = append(out.Headers, importHeader{Name: o.Name, Action: o.Action, Type: o.Type, Dst: o.Dst, Src: o.Src, Regex: o.Regex,
			Substitution: o.Substitution, IgnoreIfSet: o.IgnoreIfSet, Priority: importPriority(o.Priority),
			RequestCondition: o.RequestCondition, CacheCondition: o.CacheCondition, ResponseCondition: o.ResponseCondition})
	}
	for _, o := range c.ResponseObjects {
		out.ResponseObjects = append(out.ResponseObjects, importResponse{Name: o.Name, Status: o.Status, Response: o.Response,
			ContentType: o.ContentType, Content: o.Content, RequestCondition: o.RequestCondition, CacheCondition: o.CacheCondition})
	}
	for _, o := range c.RequestSettings {
		out.RequestSettings = append(out.RequestSettings, importRequest{Name: o.Name, Action: o.Action, ForceMiss: o.ForceMiss, ForceSSL: o.ForceSSL,
			BypassBusyWait: o.BypassBusyWait, MaxStaleAge: o.MaxStaleAge, HashKeys: o.HashKeys, XFF: o.XForwardedFor, TimerSupport: o.TimerSupport,
			GeoHeaders: o.GeoHeaders, DefaultHost: o.DefaultHost, RequestCondition: o.RequestCondition})
	}
	for _, o := range c.CacheSettings {
		out.CacheSettings = append(out.CacheSettings, importCacheSetting{Name: o.Name, Action: o.Action, TTL: o.TTL, StaleTTL: o.StaleTTL, CacheCondition: o.CacheCondition})
	}
	for _, o := range c.Snippets {
		out.Snippets = append(out.Snippets, importSnippet{Name: o.Name, Type: o.Type, Priority: importPriority(o.Priority), Dynamic: o.Dynamic, Content: o.Content})
	}
	if reflect.DeepEqual(out, &importObjects{}) {
		return nil
	}
	return out
}
