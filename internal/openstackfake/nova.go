package openstackfake

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"time"
)

// Nova: servers (create, list with pagination, get, delete) and flavors.

// novaError writes Nova's error body: {"<kind>": {"message": ..., "code": ...}}.
func novaError(w http.ResponseWriter, status int, kind, format string, args ...any) {
	writeJSON(w, status, map[string]any{kind: map[string]any{"message": fmt.Sprintf(format, args...), "code": status}})
}

func (c *Cloud) newServer(name string) *server {
	c.seq++
	s := &server{seq: c.seq, ID: uuid(kindServer, c.seq), Name: name, Status: "BUILD", created: time.Now().UTC()}
	c.servers[s.ID] = s
	return s
}

func (c *Cloud) flavorID(name string) string {
	for _, f := range c.opts.Flavors {
		if f.Name == name || f.ID == name {
			return f.ID
		}
	}
	return ""
}

func (c *Cloud) flavorName(id string) string {
	for _, f := range c.opts.Flavors {
		if f.ID == id {
			return f.Name
		}
	}
	return ""
}

func (c *Cloud) imageName(id string) string {
	for i, name := range c.opts.Images {
		if uuid(kindImage, i+1) == id {
			return name
		}
	}
	return ""
}

func (c *Cloud) serverJSON(b string, s *server) map[string]any {
	addresses := map[string]any{}
	if p := c.ports[s.portID]; p != nil && s.Status != "BUILD" && s.Status != "ERROR" {
		list := []any{map[string]any{"version": 4, "addr": p.IP, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS-MAC:mac_addr": p.MAC}}
		if f := c.fipOfPort(p.ID); f != nil {
			list = append(list, map[string]any{"version": 4, "addr": f.Address, "OS-EXT-IPS:type": "floating", "OS-EXT-IPS-MAC:mac_addr": p.MAC})
		}
		addresses[c.opts.Network] = list
	}
	var groups []any
	for _, g := range s.SecurityGroups {
		groups = append(groups, map[string]any{"name": g})
	}
	vmState := map[string]string{"BUILD": "building", "ACTIVE": "active", "ERROR": "error"}[s.Status]
	var task any
	if s.Status == "BUILD" {
		task = "spawning"
	}
	progress := 0
	if s.Status == "ACTIVE" {
		progress = 100
	}
	metadata := s.Metadata
	if metadata == nil {
		metadata = map[string]string{}
	}
	out := map[string]any{
		"id": s.ID, "name": s.Name, "status": s.Status, "tenant_id": projectID, "user_id": userID,
		"metadata": metadata, "hostId": "", "created": s.created.Format(time.RFC3339), "updated": s.created.Format(time.RFC3339),
		"flavor":                               map[string]any{"id": s.FlavorID, "links": []any{}},
		"image":                                map[string]any{"id": s.ImageID, "links": []any{}},
		"addresses":                            addresses,
		"key_name":                             s.KeyName,
		"security_groups":                      groups,
		"accessIPv4":                           "",
		"accessIPv6":                           "",
		"progress":                             progress,
		"OS-EXT-STS:vm_state":                  vmState,
		"OS-EXT-STS:task_state":                task,
		"OS-EXT-STS:power_state":               map[bool]int{true: 1, false: 0}[s.Status == "ACTIVE"],
		"OS-DCF:diskConfig":                    "MANUAL",
		"links":                                []any{map[string]any{"rel": "self", "href": b + "/compute/v2.1/servers/" + s.ID}},
		"os-extended-volumes:volumes_attached": []any{},
	}
	if s.Status == "ERROR" {
		out["fault"] = map[string]any{"code": 500, "created": s.created.Format(time.RFC3339), "message": s.Fault, "details": ""}
	}
	return out
}

func (c *Cloud) listServers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := c.opts.PageSize
	if l, err := strconv.Atoi(q.Get("limit")); err == nil && l > 0 && l < limit {
		limit = l
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	all := make([]*server, 0, len(c.servers))
	for _, s := range c.servers {
		all = append(all, s)
	}
	// Newest first, as Nova lists them.
	sort.Slice(all, func(i, j int) bool { return all[i].seq > all[j].seq })
	if marker := q.Get("marker"); marker != "" {
		i := slices.IndexFunc(all, func(s *server) bool { return s.ID == marker })
		if i < 0 {
			novaError(w, http.StatusBadRequest, "badRequest", "marker [%s] not found", marker)
			return
		}
		all = all[i+1:]
	}
	page := all
	if len(page) > limit {
		page = page[:limit]
	}
	list := make([]any, 0, len(page))
	for _, s := range page {
		list = append(list, c.serverJSON(base(r), s))
	}
	body := map[string]any{"servers": list}
	if len(all) > limit {
		next := fmt.Sprintf("%s/compute/v2.1/servers/detail?limit=%d&marker=%s", base(r), limit, page[len(page)-1].ID)
		body["servers_links"] = []any{map[string]any{"rel": "next", "href": next}}
	}
	writeJSON(w, http.StatusOK, body)
}

// serverRequest is the body of a server create.
type serverRequest struct {
	Server struct {
		Name           string            `json:"name"`
		ImageRef       string            `json:"imageRef"`
		FlavorRef      string            `json:"flavorRef"`
		KeyName        string            `json:"key_name"`
		UserData       string            `json:"user_data"`
		Metadata       map[string]string `json:"metadata"`
		SecurityGroups []struct {
			Name string `json:"name"`
		} `json:"security_groups"`
		Networks []struct {
			UUID string `json:"uuid"`
		} `json:"networks"`
	} `json:"server"`
}

func (c *Cloud) createServer(w http.ResponseWriter, r *http.Request, body *serverRequest) {
	req := body.Server
	switch {
	case req.Name == "":
		novaError(w, http.StatusBadRequest, "badRequest", "Invalid input for field/attribute name.")
		return
	case c.flavorName(req.FlavorRef) == "":
		novaError(w, http.StatusBadRequest, "badRequest", "Flavor %s could not be found.", req.FlavorRef)
		return
	case c.imageName(req.ImageRef) == "":
		novaError(w, http.StatusBadRequest, "badRequest", "Image %s could not be found.", req.ImageRef)
		return
	case req.KeyName != "" && !slices.Contains(c.opts.KeyPairs, req.KeyName):
		novaError(w, http.StatusBadRequest, "badRequest", "Invalid key_name provided.")
		return
	case len(req.UserData) > 65535:
		novaError(w, http.StatusBadRequest, "badRequest", "User data too large. User data must be no larger than 65535 bytes once base64 encoded.")
		return
	}
	userData, err := base64.StdEncoding.DecodeString(req.UserData)
	if err != nil {
		novaError(w, http.StatusBadRequest, "badRequest", "User data needs to be valid base 64.")
		return
	}
	var groups []string
	for _, g := range req.SecurityGroups {
		if !slices.Contains(c.opts.SecurityGroups, g.Name) {
			novaError(w, http.StatusBadRequest, "badRequest", "Unable to find security_group with name or id '%s'", g.Name)
			return
		}
		groups = append(groups, g.Name)
	}
	for _, n := range req.Networks {
		if n.UUID != privateNetID {
			novaError(w, http.StatusBadRequest, "badRequest", "Network %s could not be found.", n.UUID)
			return
		}
	}
	if c.maxInst > 0 && len(c.servers) >= c.maxInst {
		msg := fmt.Sprintf("Quota exceeded for instances: Requested 1, but already used %d of %d instances", len(c.servers), c.maxInst)
		if c.opts.QuotaStatus == http.StatusRequestEntityTooLarge {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"overLimit": map[string]any{"message": msg, "code": 413, "retryAfter": "0"}})
			return
		}
		novaError(w, http.StatusForbidden, "forbidden", "%s", msg)
		return
	}
	s := c.newServer(req.Name)
	s.FlavorID, s.ImageID, s.KeyName = req.FlavorRef, req.ImageRef, req.KeyName
	s.SecurityGroups, s.UserData, s.Metadata = groups, userData, req.Metadata
	s.buildPolls = c.opts.BuildPolls
	if n, ok := c.slowBuild[req.Name]; ok {
		s.buildPolls = n
	}
	if f, ok := c.failBuild[req.Name]; ok && f.times > 0 {
		s.failMessage = f.message
		f.times--
		c.failBuild[req.Name] = f
	}
	s.portID = c.newPort(s.ID, c.freeIP(c.opts.FixedPrefix, c.fixedInUse())).ID
	writeJSON(w, http.StatusAccepted, map[string]any{"server": map[string]any{
		"id": s.ID, "adminPass": "sandbox-" + strconv.Itoa(s.seq), "OS-DCF:diskConfig": "MANUAL",
		"links":           []any{map[string]any{"rel": "self", "href": base(r) + "/compute/v2.1/servers/" + s.ID}},
		"security_groups": req.SecurityGroups,
	}})
}

// withServer adapts a handler of the server the path names: it runs h with
// c.mu held, or answers Nova's 404 when there is no such server.
func (c *Cloud) withServer(h func(http.ResponseWriter, *http.Request, *server)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		defer c.mu.Unlock()
		s := c.servers[r.PathValue("id")]
		if s == nil {
			novaError(w, http.StatusNotFound, "itemNotFound", "Instance %s could not be found.", r.PathValue("id"))
			return
		}
		h(w, r, s)
	}
}

func (c *Cloud) getServer(w http.ResponseWriter, r *http.Request, s *server) {
	if s.Status == "BUILD" {
		s.polls++
		if s.polls > s.buildPolls {
			if s.failMessage != "" {
				s.Status, s.Fault = "ERROR", s.failMessage
			} else {
				s.Status = "ACTIVE"
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"server": c.serverJSON(base(r), s)})
}

func (c *Cloud) deleteServer(w http.ResponseWriter, _ *http.Request, s *server) {
	// Neutron keeps the floating IP allocated and disassociates it.
	for _, f := range c.fips {
		if f.PortID == s.portID {
			f.PortID = ""
		}
	}
	delete(c.ports, s.portID)
	delete(c.servers, s.ID)
	w.WriteHeader(http.StatusNoContent)
}

func (c *Cloud) listFlavors(w http.ResponseWriter, r *http.Request) {
	var list []any
	for _, f := range c.opts.Flavors {
		list = append(list, map[string]any{"id": f.ID, "name": f.Name, "ram": f.RAM, "vcpus": f.VCPUs, "disk": f.Disk,
			"swap": "", "OS-FLV-EXT-DATA:ephemeral": 0, "rxtx_factor": 1.0, "os-flavor-access:is_public": true, "links": []any{}})
	}
	writeJSON(w, http.StatusOK, map[string]any{"flavors": list})
}
