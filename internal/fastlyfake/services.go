package fastlyfake

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Service responses differ by endpoint (recorded in services/*.yaml): GET
// and PUT /service/{id} and POST /service carry paused and publish_key; the
// list carries paused, not publish_key, and adds version (the current
// version's number); search and details carry neither; details adds version and active_version, the full
// configuration of the current and of the active version.

func serviceBase(s *service) map[string]any {
	versions := make([]any, len(s.Versions))
	for i, v := range s.Versions {
		versions[i] = versionJSON(s.ID, v)
	}
	var deleted any
	if s.DeletedAt != nil {
		deleted = *s.DeletedAt
	}
	return map[string]any{
		"comment":     s.Comment,
		"created_at":  s.CreatedAt,
		"customer_id": s.CustomerID,
		"deleted_at":  deleted,
		"id":          s.ID,
		"name":        s.Name,
		"type":        s.Type,
		"updated_at":  s.UpdatedAt,
		"versions":    versions,
	}
}

func serviceJSON(s *service) map[string]any {
	m := serviceBase(s)
	m["paused"] = false
	m["publish_key"] = ""
	return m
}

func getService(c *call) (any, *apiError) { return serviceJSON(c.svc), nil }

func listServices(c *call) (any, *apiError) {
	var list []*service
	for _, s := range c.st.Services {
		if s.DeletedAt == nil {
			list = append(list, s)
		}
	}
	sortBy := c.form.Get("sort")
	slices.SortStableFunc(list, func(a, b *service) int {
		switch sortBy {
		case "name":
			return cmp.Compare(a.Name, b.Name)
		case "updated":
			return cmp.Compare(a.UpdatedAt, b.UpdatedAt)
		}
		return cmp.Compare(a.CreatedAt, b.CreatedAt)
	})
	if c.form.Get("direction") == "descend" {
		slices.Reverse(list)
	}
	out := []any{}
	for _, s := range paginate(c, list) {
		m := serviceBase(s)
		m["paused"] = false
		m["version"] = 0
		if v := s.current(); v != nil {
			m["version"] = v.Number
		}
		out = append(out, m)
	}
	return out, nil
}

// paginate returns the page of list the request asks for (page, per_page;
// Fastly's default page size is 100) and adds Fastly's Link header, which
// go-fastly's paginator follows, when there is more than one page.
func paginate[T any](c *call, list []T) []T {
	page, _ := strconv.Atoi(c.form.Get("page"))
	per, _ := strconv.Atoi(c.form.Get("per_page"))
	page, per = max(page, 1), cmp.Or(max(per, 0), 100)
	last := max((len(list)+per-1)/per, 1)
	if last > 1 {
		link := func(p int, rel string) string {
			q := c.r.URL.Query()
			q.Set("page", strconv.Itoa(p))
			q.Set("per_page", strconv.Itoa(per))
			u := url.URL{Scheme: "http", Host: c.r.Host, Path: c.r.URL.Path, RawQuery: q.Encode()}
			return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
		}
		links := []string{link(last, "last")}
		if page < last {
			links = append(links, link(page+1, "next"))
		}
		c.header.Set("Link", strings.Join(links, ", "))
	}
	lo := min((page-1)*per, len(list))
	return list[lo:min(lo+per, len(list))]
}

func createService(c *call) (any, *apiError) {
	name := c.form.Get("name")
	if name == "" {
		return nil, badRequest("Name can't be blank")
	}
	typ := cmp.Or(c.form.Get("type"), "vcl")
	if typ != "vcl" && typ != "wasm" {
		return nil, badRequest("Invalid type '%s': use vcl or wasm", typ)
	}
	id := c.s.opts.NewID()
	if c.st.service(id) != nil {
		return nil, &apiError{http.StatusConflict, "Duplicate record", fmt.Sprintf("Duplicate service: '%s'", id)}
	}
	svc := &service{ID: id, Name: name, Comment: c.form.Get("comment"), CustomerID: c.s.opts.CustomerID, Type: typ, CreatedAt: c.now, UpdatedAt: c.now}
	// A new service has an empty, unlocked version 1 (services/create).
	svc.Versions = []*version{newVersion(1, c.now)}
	c.st.Services = append(c.st.Services, svc)
	return serviceJSON(svc), nil
}

func updateService(c *call) (any, *apiError) {
	if v, ok := c.form["name"]; ok && len(v) > 0 && v[len(v)-1] != "" {
		c.svc.Name = v[len(v)-1]
	}
	if _, ok := c.form["comment"]; ok {
		c.svc.Comment = c.form.Get("comment")
	}
	c.svc.UpdatedAt = c.now
	return serviceJSON(c.svc), nil
}

// deleteService marks the service deleted. Fastly keeps answering for a
// deleted service, and deleting it again answers ok (services/cleanup).
// The refusal while a version is active is Fastly's documented rule; its
// wording is unconfirmed.
func deleteService(c *call) (any, *apiError) {
	if c.svc.DeletedAt == nil {
		if v := c.svc.active(); v != nil {
			return nil, badRequest("Service has an active version (%d): deactivate it first", v.Number)
		}
		now := c.now
		c.svc.DeletedAt = &now
	}
	return statusOK, nil
}

func searchService(c *call) (any, *apiError) {
	name := c.form.Get("name")
	for _, s := range c.st.Services {
		if s.DeletedAt == nil && s.Name == name {
			return serviceBase(s), nil
		}
	}
	return nil, &apiError{http.StatusNotFound, "Record not found", fmt.Sprintf("Cannot find service '%s'", name)}
}

// serviceDetails answers GET /service/{id}/details: the service, the full
// configuration of "version" (the ?version= asked for, else the current
// one: the active version, else the latest) and of the active version, or
// null. Dictionary items are not in it, as on Fastly.
func serviceDetails(c *call) (any, *apiError) {
	m := serviceBase(c.svc)
	v := c.svc.current()
	if q := c.form.Get("version"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil {
			return nil, badRequest("Invalid version number '%s'", q)
		}
		if v = c.svc.version(n); v == nil {
			return nil, notFound("Version", fmt.Sprintf("deleted => 0000-00-00 00:00:00, number => %d, service => %s", n, c.svc.ID))
		}
	}
	m["version"] = versionDetail(c.svc.ID, v)
	m["active_version"] = nil
	if a := c.svc.active(); a != nil {
		m["active_version"] = versionDetail(c.svc.ID, a)
	}
	return m, nil
}

// versionDetail is a version with every object of it, as in details.
func versionDetail(svcID string, v *version) map[string]any {
	m := versionJSON(svcID, v)
	for _, k := range kinds {
		if k.notInDetails {
			continue
		}
		list := []any{}
		for _, rec := range v.Objects[k.plural] {
			list = append(list, objectJSON(k, svcID, v, rec))
		}
		m[k.plural] = list
	}
	for _, p := range unservedKinds {
		m[p] = []any{}
	}
	settings := map[string]any{}
	for k, val := range v.Settings {
		settings[k] = val
	}
	m["settings"] = settings
	return m
}

// serviceDomains lists the domains of the current version
// (GET /service/{id}/domain).
func serviceDomains(c *call) (any, *apiError) {
	out := []any{}
	if v := c.svc.current(); v != nil {
		for _, rec := range v.Objects[kindDomain.plural] {
			out = append(out, objectJSON(kindDomain, c.svc.ID, v, rec))
		}
	}
	return out, nil
}
