package fastlysync

import (
	"reflect"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/fastlyplan"
)

// importPriority is nil for Fastly's default, which a definition leaves out.
func importPriority(p int) *int {
	if p == definition.DefaultPriority {
		return nil
	}
	return &p
}

// importFastlyObjects converts the web UI's objects of c (nil for none)
// into the definition's fastly_objects: section, by the API's field names
// and with Fastly's default priority left out: declaring them makes the
// service own their kinds, so that the diff compares them.
func importFastlyObjects(c *fastlyplan.Config) *definition.FastlyObjects {
	out := &definition.FastlyObjects{}
	for _, o := range c.Conditions {
		out.Conditions = append(out.Conditions, definition.FastlyCondition{Name: o.Name, Type: o.Type, Statement: o.Statement, Priority: importPriority(o.Priority)})
	}
	for _, o := range c.Headers {
		out.Headers = append(out.Headers, definition.FastlyHeader{Name: o.Name, Action: o.Action, Type: o.Type, Dst: o.Dst, Src: o.Src, Regex: o.Regex,
			Substitution: o.Substitution, IgnoreIfSet: o.IgnoreIfSet, Priority: importPriority(o.Priority),
			RequestCondition: o.RequestCondition, CacheCondition: o.CacheCondition, ResponseCondition: o.ResponseCondition})
	}
	for _, o := range c.ResponseObjects {
		out.ResponseObjects = append(out.ResponseObjects, definition.FastlyResponse{Name: o.Name, Status: o.Status, Response: o.Response,
			ContentType: o.ContentType, Content: o.Content, RequestCondition: o.RequestCondition, CacheCondition: o.CacheCondition})
	}
	for _, o := range c.RequestSettings {
		out.RequestSettings = append(out.RequestSettings, definition.FastlyRequest{Name: o.Name, Action: o.Action, ForceMiss: o.ForceMiss, ForceSSL: o.ForceSSL,
			BypassBusyWait: o.BypassBusyWait, MaxStaleAge: o.MaxStaleAge, HashKeys: o.HashKeys, XFF: o.XForwardedFor, TimerSupport: o.TimerSupport,
			GeoHeaders: o.GeoHeaders, DefaultHost: o.DefaultHost, RequestCondition: o.RequestCondition})
	}
	for _, o := range c.CacheSettings {
		out.CacheSettings = append(out.CacheSettings, definition.FastlyCacheSetting{Name: o.Name, Action: o.Action, TTL: o.TTL, StaleTTL: o.StaleTTL, CacheCondition: o.CacheCondition})
	}
	for _, o := range c.Snippets {
		out.Snippets = append(out.Snippets, definition.FastlySnippet{Name: o.Name, Type: o.Type, Priority: importPriority(o.Priority), Dynamic: o.Dynamic, Content: o.Content})
	}
	if reflect.DeepEqual(out, &definition.FastlyObjects{}) {
		return nil
	}
	return out
}
