package fastlyplan

import (
	"slices"

	"github.com/webplatform/edgectl/desired"
)

// The web UI's object kinds: conditions, header and response objects,
// request and cache settings, VCL snippets. They are versioned objects
// like backends, compared field by field, with one exception: a dynamic
// snippet's content is versionless ("Dynamic VCL Snippets can be modified
// and deployed any time they're changed. Because they are versionless
// objects (much like dictionaries or ACLs at the edge) [...]", Fastly,
// "About VCL snippets",
// https://www.fastly.com/documentation/guides/full-site-delivery/custom-vcl/about-vcl-snippets).
// Its content is written with PUT /service/{id}/snippet/{snippet_id}
// ("Using dynamic VCL Snippets",
// https://www.fastly.com/documentation/guides/full-site-delivery/custom-vcl/vcl-snippets/using-dynamic-vcl-snippets),
// never through a version.

// webUIKinds are the kinds in the order they are created: conditions
// first, since the others name them (request_condition, ...).
var webUIKinds = []desired.Kind{desired.KindCondition, desired.KindHeader, desired.KindResponseObject, desired.KindRequestSetting, desired.KindCacheSetting, desired.KindSnippet}

// compareWebUI compares the web UI's kinds of two configurations.
func compareWebUI(p *Plan, current, target *Config) {
	compareNamed(p, desired.KindCondition, current.Conditions, target.Conditions, func(o desired.Condition) string { return o.Name })
	compareNamed(p, desired.KindHeader, current.Headers, target.Headers, func(o desired.Header) string { return o.Name })
	compareNamed(p, desired.KindResponseObject, current.ResponseObjects, target.ResponseObjects, func(o desired.ResponseObject) string { return o.Name })
	compareNamed(p, desired.KindRequestSetting, current.RequestSettings, target.RequestSettings, func(o desired.RequestSetting) string { return o.Name })
	compareNamed(p, desired.KindCacheSetting, current.CacheSettings, target.CacheSettings, func(o desired.CacheSetting) string { return o.Name })
	compareNamed(p, desired.KindSnippet, current.Snippets, target.Snippets, func(o desired.Snippet) string { return o.Name })
}

// webUIOperations are the writes creating and updating the web UI's
// objects (their deletions come first, with the other drift).
func webUIOperations(byKind map[string][]Change) []Operation {
	var ops []Operation
	for _, k := range webUIKinds {
		for _, a := range []Action{Create, Update} {
			for _, c := range byKind[k] {
				if c.Action != a {
					continue
				}
				if k == desired.KindSnippet && a == Update {
					ops = append(ops, snippetUpdate(c)...)
					continue
				}
				ops = append(ops, Operation{Action: a, Kind: k, Name: c.Name, Value: c.to})
			}
		}
	}
	return ops
}

// snippetUpdate is the writes of a changed snippet. A dynamic snippet's
// content is written apart, without a version. Fastly's snippet update
// cannot change whether a snippet is dynamic, so that takes a new one.
func snippetUpdate(c Change) []Operation {
	to := c.to.(desired.Snippet)
	names := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		names[i] = f.Name
	}
	if slices.Contains(names, "dynamic") {
		return []Operation{{Action: Delete, Kind: desired.KindSnippet, Name: c.Name}, {Action: Create, Kind: desired.KindSnippet, Name: c.Name, Value: to}}
	}
	var ops []Operation
	versioned := slices.ContainsFunc(names, func(n string) bool { return n != "content" || !to.Dynamic })
	if versioned {
		ops = append(ops, Operation{Action: Update, Kind: desired.KindSnippet, Name: c.Name, Value: to})
	}
	if to.Dynamic && slices.Contains(names, "content") {
		ops = append(ops, Operation{Action: Update, Kind: KindSnippetContent, Name: c.Name, Value: to})
	}
	return ops
}

// KindSnippetContent is the operation kind writing a dynamic snippet's
// content, outside any version.
const KindSnippetContent = "snippet_content"

// WebUIObjects names the web UI's objects of a configuration, by kind in
// creation order, then as listed.
func (c *Config) WebUIObjects() []Object {
	var out []Object
	out = appendObjects(out, desired.KindCondition, c.Conditions, func(o desired.Condition) string { return o.Name })
	out = appendObjects(out, desired.KindHeader, c.Headers, func(o desired.Header) string { return o.Name })
	out = appendObjects(out, desired.KindResponseObject, c.ResponseObjects, func(o desired.ResponseObject) string { return o.Name })
	out = appendObjects(out, desired.KindRequestSetting, c.RequestSettings, func(o desired.RequestSetting) string { return o.Name })
	out = appendObjects(out, desired.KindCacheSetting, c.CacheSettings, func(o desired.CacheSetting) string { return o.Name })
	return appendObjects(out, desired.KindSnippet, c.Snippets, func(o desired.Snippet) string { return o.Name })
}

func appendObjects[T any](out []Object, kind string, list []T, name func(T) string) []Object {
	for _, o := range list {
		out = append(out, Object{Kind: kind, Name: name(o)})
	}
	return out
}
