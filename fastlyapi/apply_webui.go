package fastlyapi

import (
	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
)

// applyWebUI performs a write of the web UI's kinds (fastlyplan/webui.go)
// with go-fastly's typed calls, which send Fastly's form field names (dst,
// src, xff, ...). handled is false for any other operation.
func (c *Client) applyWebUI(sid string, v int, op fastlyplan.Operation) (handled bool, err error) {
	name := op.Name
	switch op.Kind + "/" + string(op.Action) {
	case "condition/create", "condition/update":
		o := op.Value.(desired.Condition)
		err = createOrUpdate(op.Action, &fastly.CreateConditionInput{ServiceID: sid, ServiceVersion: v, Name: &o.Name,
			Type: &o.Type, Statement: &o.Statement, Priority: &o.Priority},
			&fastly.UpdateConditionInput{Name: name}, c.fc.CreateCondition, c.fc.UpdateCondition)
	case "header/create", "header/update":
		o := op.Value.(desired.Header)
		err = createOrUpdate(op.Action, &fastly.CreateHeaderInput{ServiceID: sid, ServiceVersion: v, Name: &o.Name,
			Action: fastly.ToPointer(fastly.HeaderAction(o.Action)), Type: fastly.ToPointer(fastly.HeaderType(o.Type)),
			Destination: &o.Dst, Source: &o.Src, Regex: &o.Regex, Substitution: &o.Substitution,
			IgnoreIfSet: fastly.ToPointer(fastly.Compatibool(o.IgnoreIfSet)), Priority: &o.Priority,
			RequestCondition: &o.RequestCondition, CacheCondition: &o.CacheCondition, ResponseCondition: &o.ResponseCondition},
			&fastly.UpdateHeaderInput{Name: name}, c.fc.CreateHeader, c.fc.UpdateHeader)
	case "response_object/create", "response_object/update":
		o := op.Value.(desired.ResponseObject)
		err = createOrUpdate(op.Action, &fastly.CreateResponseObjectInput{ServiceID: sid, ServiceVersion: v, Name: &o.Name,
			Status: &o.Status, Response: &o.Response, ContentType: &o.ContentType, Content: &o.Content,
			RequestCondition: &o.RequestCondition, CacheCondition: &o.CacheCondition},
			&fastly.UpdateResponseObjectInput{Name: name}, c.fc.CreateResponseObject, c.fc.UpdateResponseObject)
	case "request_setting/create", "request_setting/update":
		o := op.Value.(desired.RequestSetting)
		err = createOrUpdate(op.Action, &fastly.CreateRequestSettingInput{ServiceID: sid, ServiceVersion: v, Name: &o.Name,
			Action: fastly.ToPointer(fastly.RequestSettingAction(o.Action)), ForceMiss: fastly.ToPointer(fastly.Compatibool(o.ForceMiss)),
			ForceSSL: fastly.ToPointer(fastly.Compatibool(o.ForceSSL)), BypassBusyWait: fastly.ToPointer(fastly.Compatibool(o.BypassBusyWait)),
			MaxStaleAge: &o.MaxStaleAge, HashKeys: &o.HashKeys, XForwardedFor: fastly.ToPointer(fastly.RequestSettingXFF(o.XForwardedFor)),
			TimerSupport: fastly.ToPointer(fastly.Compatibool(o.TimerSupport)), GeoHeaders: fastly.ToPointer(fastly.Compatibool(o.GeoHeaders)),
			DefaultHost: &o.DefaultHost, RequestCondition: &o.RequestCondition},
			&fastly.UpdateRequestSettingInput{Name: name}, c.fc.CreateRequestSetting, c.fc.UpdateRequestSetting)
	case "cache_setting/create", "cache_setting/update":
		o := op.Value.(desired.CacheSetting)
		err = createOrUpdate(op.Action, &fastly.CreateCacheSettingInput{ServiceID: sid, ServiceVersion: v, Name: &o.Name,
			Action: fastly.ToPointer(fastly.CacheSettingAction(o.Action)), TTL: &o.TTL, StaleTTL: &o.StaleTTL, CacheCondition: &o.CacheCondition},
			&fastly.UpdateCacheSettingInput{Name: name}, c.fc.CreateCacheSetting, c.fc.UpdateCacheSetting)
	case "snippet/create":
		o := op.Value.(desired.Snippet)
		dynamic := map[bool]int{false: 0, true: 1}[o.Dynamic]
		_, err = c.fc.CreateSnippet(&fastly.CreateSnippetInput{ServiceID: sid, ServiceVersion: v, Name: &o.Name,
			Type: fastly.ToPointer(fastly.SnippetType(o.Type)), Priority: &o.Priority, Dynamic: &dynamic, Content: &o.Content})
	case "snippet/update":
		// A dynamic snippet's content is not sent: it is not part of the
		// version (snippet_content writes it).
		o := op.Value.(desired.Snippet)
		in := &fastly.UpdateSnippetInput{ServiceID: sid, ServiceVersion: v, Name: name, Type: fastly.ToPointer(fastly.SnippetType(o.Type)), Priority: &o.Priority}
		if !o.Dynamic {
			in.Content = &o.Content
		}
		_, err = c.fc.UpdateSnippet(in)
	case fastlyplan.KindSnippetContent + "/update":
		o := op.Value.(desired.Snippet)
		var s *fastly.Snippet
		if s, err = c.fc.GetSnippet(&fastly.GetSnippetInput{ServiceID: sid, ServiceVersion: v, Name: name}); err == nil && s.SnippetID != nil {
			_, err = c.fc.UpdateDynamicSnippet(&fastly.UpdateDynamicSnippetInput{ServiceID: sid, SnippetID: *s.SnippetID, Content: &o.Content})
		}
	default:
		return false, nil
	}
	return true, err
}

// dynamicSnippetContent reads the versionless content of each dynamic
// snippet of r, which the details response lacks: one GET each.
func (c *Client) dynamicSnippetContent(r *Remote) error {
	for i := range r.Config.Snippets {
		s := &r.Config.Snippets[i]
		id := r.DynamicSnippetIDs[s.Name]
		if !s.Dynamic || id == "" {
			continue
		}
		d, err := c.fc.GetDynamicSnippet(&fastly.GetDynamicSnippetInput{ServiceID: r.ServiceID, SnippetID: id})
		if err != nil {
			return Describe("read the content of dynamic snippet "+s.Name+" of service "+r.ServiceID, err)
		}
		if d != nil && d.Content != nil {
			s.Content = *d.Content
		}
	}
	return nil
}
