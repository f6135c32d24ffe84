package openstackfake

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
)

// Neutron: networks, ports and floating IPs.

// neutronError writes Neutron's error body.
func neutronError(w http.ResponseWriter, status int, typ, format string, args ...any) {
	writeJSON(w, status, map[string]any{"NeutronError": map[string]any{"type": typ, "message": fmt.Sprintf(format, args...), "detail": ""}})
}

func (c *Cloud) listNetworks(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	nets := []map[string]any{
		{"id": privateNetID, "name": c.opts.Network, "router:external": false, "subnets": []string{privateSubnet}},
		{"id": publicNetID, "name": c.opts.FloatingNetwork, "router:external": true, "subnets": []string{}},
	}
	list := []any{}
	for _, n := range nets {
		if (q.Get("name") != "" && q.Get("name") != n["name"]) || (q.Get("id") != "" && q.Get("id") != n["id"]) {
			continue
		}
		n["status"], n["admin_state_up"], n["shared"] = "ACTIVE", true, false
		n["tenant_id"], n["project_id"] = projectID, projectID
		list = append(list, n)
	}
	writeJSON(w, http.StatusOK, map[string]any{"networks": list})
}

func (c *Cloud) newPort(deviceID, ip string) *port {
	c.seq++
	p := &port{ID: uuid(kindPort, c.seq), NetworkID: privateNetID, DeviceID: deviceID, IP: ip, MAC: fmt.Sprintf("fa:16:3e:00:%02x:%02x", c.seq/256%256, c.seq%256)}
	c.ports[p.ID] = p
	return p
}

// newFIP allocates floating IP addr, associated with portID unless it is
// empty. The caller holds c.mu.
func (c *Cloud) newFIP(addr, portID, description string) *floatingIP {
	c.seq++
	f := &floatingIP{seq: c.seq, ID: uuid(kindFIP, c.seq), Address: addr, PortID: portID, Description: description}
	c.fips[f.ID] = f
	return f
}

func (c *Cloud) fixedInUse() map[string]bool {
	used := map[string]bool{}
	for _, p := range c.ports {
		used[p.IP] = true
	}
	return used
}

func (c *Cloud) freeIP(prefix string, used map[string]bool) string {
	for h := c.opts.FirstHost; h < 255; h++ {
		if ip := prefix + strconv.Itoa(h); !used[ip] {
			return ip
		}
	}
	return ""
}

func (c *Cloud) listPorts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	c.mu.Lock()
	defer c.mu.Unlock()
	list := []any{}
	ids := make([]string, 0, len(c.ports))
	for id := range c.ports {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		p := c.ports[id]
		if (q.Get("device_id") != "" && q.Get("device_id") != p.DeviceID) || (q.Get("network_id") != "" && q.Get("network_id") != p.NetworkID) {
			continue
		}
		list = append(list, map[string]any{"id": p.ID, "name": "", "network_id": p.NetworkID, "device_id": p.DeviceID,
			"device_owner": "compute:nova", "mac_address": p.MAC, "status": "ACTIVE", "admin_state_up": true,
			"fixed_ips": []any{map[string]any{"subnet_id": privateSubnet, "ip_address": p.IP}},
			"tenant_id": projectID, "project_id": projectID, "security_groups": []string{},
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"ports": list})
}

func (c *Cloud) fipOfPort(portID string) *floatingIP {
	for _, f := range c.fips {
		if portID != "" && f.PortID == portID {
			return f
		}
	}
	return nil
}

func (c *Cloud) fipJSON(f *floatingIP) map[string]any {
	out := map[string]any{"id": f.ID, "floating_network_id": publicNetID, "floating_ip_address": f.Address,
		"port_id": nil, "fixed_ip_address": nil, "status": "DOWN", "router_id": nil, "description": f.Description,
		"tenant_id": projectID, "project_id": projectID, "tags": []any{}}
	if p := c.ports[f.PortID]; p != nil {
		out["port_id"], out["fixed_ip_address"], out["status"] = p.ID, p.IP, "ACTIVE"
	}
	return out
}

func (c *Cloud) listFIPs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	c.mu.Lock()
	defer c.mu.Unlock()
	all := make([]*floatingIP, 0, len(c.fips))
	for _, f := range c.fips {
		all = append(all, f)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	list := []any{}
	for _, f := range all {
		j := c.fipJSON(f)
		match := true
		for _, key := range []string{"port_id", "description", "floating_ip_address", "fixed_ip_address", "floating_network_id"} {
			if v := q.Get(key); v != "" && fmt.Sprint(j[key]) != v {
				match = false
			}
		}
		if match {
			list = append(list, j)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"floatingips": list})
}

// fipRequest is the body of a floating IP create.
type fipRequest struct {
	FloatingIP struct {
		FloatingNetworkID string `json:"floating_network_id"`
		PortID            string `json:"port_id"`
		Description       string `json:"description"`
	} `json:"floatingip"`
}

func (c *Cloud) createFIP(w http.ResponseWriter, _ *http.Request, body *fipRequest) {
	req := body.FloatingIP
	if req.FloatingNetworkID != publicNetID {
		neutronError(w, http.StatusBadRequest, "BadRequest", "Bad floatingip request: Network %s is not a valid external network.", req.FloatingNetworkID)
		return
	}
	if req.PortID != "" && !c.checkPort(w, req.PortID) {
		return
	}
	if c.opts.MaxFloatingIPs > 0 && len(c.fips) >= c.opts.MaxFloatingIPs {
		neutronError(w, http.StatusConflict, "OverQuota", "Quota exceeded for resources: ['floatingip'].")
		return
	}
	used := map[string]bool{}
	for _, f := range c.fips {
		used[f.Address] = true
	}
	addr := c.freeIP(c.opts.FloatingPrefix, used)
	if addr == "" {
		neutronError(w, http.StatusConflict, "IpAddressGenerationFailure", "No more IP addresses available on network %s.", publicNetID)
		return
	}
	f := c.newFIP(addr, req.PortID, req.Description)
	writeJSON(w, http.StatusCreated, map[string]any{"floatingip": c.fipJSON(f)})
}

// checkPort writes Neutron's error when a floating IP cannot go to port.
func (c *Cloud) checkPort(w http.ResponseWriter, portID string) bool {
	if c.ports[portID] == nil {
		neutronError(w, http.StatusNotFound, "PortNotFound", "Port %s could not be found.", portID)
		return false
	}
	if f := c.fipOfPort(portID); f != nil {
		neutronError(w, http.StatusConflict, "FloatingIPPortAlreadyAssociated", "Cannot associate floating IP with port %s: it already has floating IP %s.", portID, f.Address)
		return false
	}
	return true
}

// fipUpdate is the body of a floating IP update: a null or missing port_id
// disassociates it.
type fipUpdate struct {
	FloatingIP struct {
		PortID *string `json:"port_id"`
	} `json:"floatingip"`
}

func (c *Cloud) updateFIP(w http.ResponseWriter, r *http.Request, body *fipUpdate) {
	f := c.fips[r.PathValue("id")]
	if f == nil {
		neutronError(w, http.StatusNotFound, "FloatingIPNotFound", "Floating IP %s could not be found", r.PathValue("id"))
		return
	}
	portID := ""
	if body.FloatingIP.PortID != nil {
		portID = *body.FloatingIP.PortID
	}
	if portID != "" && portID != f.PortID && !c.checkPort(w, portID) {
		return
	}
	f.PortID = portID
	writeJSON(w, http.StatusOK, map[string]any{"floatingip": c.fipJSON(f)})
}
