// Package openstackfake serves a local OpenStack API, enough of it for
// gophercloud and edgectl fleet: Keystone v3 password tokens with a service
// catalog pointing at the same server, Nova servers (create, list with
// pagination, get, delete) and flavors, Glance images, and Neutron networks,
// ports and floating IPs.
//
// Servers go from BUILD to ACTIVE after a number of polls (GET of the
// server). Faults can be injected: a server that ends in ERROR with Nova's
// fault message, an instance or floating IP quota (Nova's 403 or 413 body,
// Neutron's 409 OverQuota), slow builds, and latency on every request.
// Every request is counted by route.
//
// Tests start one with Start; `edgectl fleet sandbox` serves one on a port.
package openstackfake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Flavor is a Nova flavor.
type Flavor struct {
	ID, Name         string
	RAM, VCPUs, Disk int
}

// Options configure a Cloud. Zero values take the defaults below.
type Options struct {
	// Credentials accepted by Keystone (default edgectl / sandbox, project
	// webplatform, domain Default).
	Username, Password, Project string
	// Latency is added to every request.
	Latency time.Duration
	// BuildPolls is how many GETs of a new server answer BUILD before it is
	// ACTIVE (default 2; negative means 0).
	BuildPolls int
	// PageSize is the most servers one list page holds (default 1000,
	// Nova's max_limit).
	PageSize int
	// MaxInstances and MaxFloatingIPs are the project's quotas; 0 means
	// unlimited.
	MaxInstances, MaxFloatingIPs int
	// QuotaStatus is Nova's status for an exceeded instance quota: 403
	// (default, Nova since 2.x) or 413 (older Nova's overLimit).
	QuotaStatus int
	// Flavors, Images, SecurityGroups and KeyPairs are what the project has
	// (default DreamCompute's flavors subsonic, supersonic and lightspeed,
	// image Ubuntu-14.04-Trusty, groups default, all, frontend and
	// salt-master, key pair webplatform).
	Flavors        []Flavor
	Images         []string
	SecurityGroups []string
	KeyPairs       []string
	// Network is the private network (default "private", 10.10.10.0/24) and
	// FloatingNetwork the external one (default "public", FloatingPrefix).
	Network, FloatingNetwork string
	// FixedPrefix and FloatingPrefix are the first three octets of the
	// addresses handed out, from host FirstHost up (defaults "10.10.10.",
	// "203.0.113.", 10).
	FixedPrefix, FloatingPrefix string
	FirstHost                   int
}

func (o *Options) defaults() {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&o.Username, "edgectl")
	def(&o.Password, "sandbox")
	def(&o.Project, "webplatform")
	def(&o.Network, "private")
	def(&o.FloatingNetwork, "public")
	def(&o.FixedPrefix, "10.10.10.")
	def(&o.FloatingPrefix, "203.0.113.")
	if o.BuildPolls == 0 {
		o.BuildPolls = 2
	} else if o.BuildPolls < 0 {
		o.BuildPolls = 0
	}
	if o.PageSize <= 0 {
		o.PageSize = 1000
	}
	if o.QuotaStatus == 0 {
		o.QuotaStatus = http.StatusForbidden
	}
	if o.FirstHost <= 0 {
		o.FirstHost = 10
	}
	if o.Flavors == nil {
		o.Flavors = []Flavor{
			{ID: "100", Name: "subsonic", RAM: 1024, VCPUs: 1, Disk: 80},
			{ID: "200", Name: "supersonic", RAM: 2048, VCPUs: 1, Disk: 80},
			{ID: "300", Name: "lightspeed", RAM: 4096, VCPUs: 2, Disk: 80},
		}
	}
	if o.Images == nil {
		o.Images = []string{"Ubuntu-14.04-Trusty"}
	}
	if o.SecurityGroups == nil {
		o.SecurityGroups = []string{"default", "all", "frontend", "salt-master"}
	}
	if o.KeyPairs == nil {
		o.KeyPairs = []string{"webplatform"}
	}
}

// Cloud is a local OpenStack API. It is an http.Handler; its methods are
// safe for concurrent use.
type Cloud struct {
	// URL is the base URL once started with Start.
	URL string

	opts    Options
	mux     *http.ServeMux
	httpSrv *httptest.Server

	mu        sync.Mutex
	latency   time.Duration
	maxInst   int
	token     string
	seq       int
	servers   map[string]*server
	ports     map[string]*port
	fips      map[string]*floatingIP
	failBuild map[string]buildFault
	slowBuild map[string]int
	requests  map[string]int
	inFlight  int
	maxFlight int
}

type buildFault struct {
	times   int
	message string
}

type server struct {
	seq               int
	ID, Name, Status  string
	FlavorID, ImageID string
	KeyName           string
	SecurityGroups    []string
	UserData          []byte
	Metadata          map[string]string
	Fault             string
	polls, buildPolls int
	failMessage       string
	portID            string
	created           time.Time
}

type port struct {
	ID, NetworkID, DeviceID, IP, MAC string
}

type floatingIP struct {
	seq                 int
	ID, Address, PortID string
	Description         string
}

// IDs are UUID-shaped and deterministic: kind, then a sequence number.
const (
	kindServer = 0x5e
	kindPort   = 0xb0
	kindFIP    = 0xf1
	kindImage  = 0x1a
	kindNet    = 0xe7
	kindSubnet = 0x5b
)

func uuid(kind, n int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", kind, n) }

var (
	privateNetID  = uuid(kindNet, 1)
	publicNetID   = uuid(kindNet, 2)
	privateSubnet = uuid(kindSubnet, 1)
	projectID     = "0a0b0c0d0e0f4000800000000000f1ee"
	userID        = "0a0b0c0d0e0f400080000000000005e1"
)

// New returns a Cloud that is not listening; serve it with any http.Server.
func New(opts Options) *Cloud {
	opts.defaults()
	c := &Cloud{
		opts:      opts,
		latency:   opts.Latency,
		maxInst:   opts.MaxInstances,
		token:     "gAAAAABedgectl-sandbox-token",
		servers:   map[string]*server{},
		ports:     map[string]*port{},
		fips:      map[string]*floatingIP{},
		failBuild: map[string]buildFault{},
		slowBuild: map[string]int{},
		requests:  map[string]int{},
	}
	c.routes()
	return c
}

// Start serves a new Cloud on 127.0.0.1 at a free port.
func Start(opts Options) *Cloud {
	c := New(opts)
	c.httpSrv = httptest.NewServer(c)
	c.URL = c.httpSrv.URL
	return c
}

// Close stops a Cloud started with Start.
func (c *Cloud) Close() {
	if c.httpSrv != nil {
		c.httpSrv.Close()
	}
}

// AuthURL is the Keystone v3 endpoint of a Cloud started with Start.
func (c *Cloud) AuthURL() string { return c.URL + "/v3/" }

// Env is the OS_* environment that points gophercloud at a Cloud started
// with Start.
func (c *Cloud) Env() map[string]string {
	return EnvFor(c.AuthURL(), c.opts)
}

// EnvFor is the OS_* environment for a Cloud served at authURL.
func EnvFor(authURL string, opts Options) map[string]string {
	opts.defaults()
	return map[string]string{
		"OS_AUTH_URL":     authURL,
		"OS_USERNAME":     opts.Username,
		"OS_PASSWORD":     opts.Password,
		"OS_PROJECT_NAME": opts.Project,
		"OS_DOMAIN_NAME":  "Default",
		"OS_REGION_NAME":  "RegionOne",
	}
}

// FailBuild makes the next times builds of a server called name end in
// ERROR with message as the fault.
func (c *Cloud) FailBuild(name string, times int, message string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failBuild[name] = buildFault{times, message}
}

// SlowBuild makes servers called name answer BUILD for polls GETs: the
// ones created from now on, and the ones building now (a building server
// whose GETs already reached polls becomes ACTIVE at the next one).
func (c *Cloud) SlowBuild(name string, polls int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slowBuild[name] = polls
	for _, s := range c.servers {
		if s.Name == name && s.Status == "BUILD" {
			s.buildPolls = polls
		}
	}
}

// SetMaxInstances changes the instance quota; 0 means unlimited.
func (c *Cloud) SetMaxInstances(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.maxInst = n
}

// SetLatency changes the latency added to every request.
func (c *Cloud) SetLatency(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.latency = d
}

// ServerInfo is a server as a test sees it.
type ServerInfo struct {
	ID, Name, Status, Flavor, Image, KeyName string
	SecurityGroups                           []string
	PrivateIP, PublicIP                      string
	UserData                                 []byte
	Metadata                                 map[string]string
}

// Seed adds an ACTIVE server as if booted by hand, with a fixed address and,
// when publicIP is not empty, a floating IP. It returns the server's ID.
func (c *Cloud) Seed(name, flavor, privateIP, publicIP string, metadata map[string]string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.newServer(name)
	s.Status = "ACTIVE"
	s.FlavorID = c.flavorID(flavor)
	s.ImageID = uuid(kindImage, 1)
	s.KeyName = c.opts.KeyPairs[0]
	s.SecurityGroups = []string{"default"}
	s.Metadata = metadata
	if privateIP == "" {
		privateIP = c.freeIP(c.opts.FixedPrefix, c.fixedInUse())
	}
	s.portID = c.newPort(s.ID, privateIP).ID
	if publicIP != "" {
		c.seq++
		fip := &floatingIP{seq: c.seq, ID: uuid(kindFIP, c.seq), Address: publicIP, PortID: s.portID}
		c.fips[fip.ID] = fip
	}
	return s.ID
}

// Servers returns every server, sorted by name and then ID.
func (c *Cloud) Servers() []ServerInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []ServerInfo
	for _, s := range c.servers {
		info := ServerInfo{ID: s.ID, Name: s.Name, Status: s.Status, Flavor: c.flavorName(s.FlavorID), Image: c.imageName(s.ImageID),
			KeyName: s.KeyName, SecurityGroups: s.SecurityGroups, UserData: s.UserData, Metadata: s.Metadata}
		if p := c.ports[s.portID]; p != nil {
			info.PrivateIP = p.IP
			if f := c.fipOfPort(p.ID); f != nil {
				info.PublicIP = f.Address
			}
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Requests returns how many requests each route got, keyed by "METHOD
// /path/pattern".
func (c *Cloud) Requests() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for k, v := range c.requests {
		out[k] = v
	}
	return out
}

// TotalRequests is the number of requests served.
func (c *Cloud) TotalRequests() int {
	n := 0
	for _, v := range c.Requests() {
		n += v
	}
	return n
}

// MaxConcurrent is the most requests that were in flight at once.
func (c *Cloud) MaxConcurrent() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.maxFlight
}

// ResetRequests zeroes the request counts and the concurrency high mark.
func (c *Cloud) ResetRequests() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests = map[string]int{}
	c.maxFlight = 0
}

// ServeHTTP adds the latency, counts the request, checks the token and
// routes it.
func (c *Cloud) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	latency := c.latency
	c.inFlight++
	c.maxFlight = max(c.maxFlight, c.inFlight)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-r.Context().Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
	_, pattern := c.mux.Handler(r)
	if pattern == "" {
		pattern = r.Method + " (unknown)"
	}
	c.mu.Lock()
	c.requests[pattern]++
	c.mu.Unlock()
	public := pattern == "GET /{$}" || pattern == "GET /v3/{$}" || pattern == "POST /v3/auth/tokens" ||
		pattern == "GET /network/{$}" || pattern == "GET /image/{$}"
	if !public && r.Header.Get("X-Auth-Token") != c.token {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]any{"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}})
		return
	}
	c.mux.ServeHTTP(w, r)
}

func (c *Cloud) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", c.versions)
	m.HandleFunc("GET /v3/{$}", c.version)
	m.HandleFunc("POST /v3/auth/tokens", c.createToken)
	// Version documents: gophercloud reads them for endpoints whose URL
	// carries no version (network and image).
	m.HandleFunc("GET /network/{$}", serviceVersions("v2.0", "/network/v2.0/"))
	m.HandleFunc("GET /image/{$}", serviceVersions("v2.9", "/image/v2/"))

	m.HandleFunc("GET /compute/v2.1/servers/detail", c.listServers)
	m.HandleFunc("POST /compute/v2.1/servers", c.createServer)
	m.HandleFunc("GET /compute/v2.1/servers/{id}", c.getServer)
	m.HandleFunc("DELETE /compute/v2.1/servers/{id}", c.deleteServer)
	m.HandleFunc("GET /compute/v2.1/flavors/detail", c.listFlavors)

	m.HandleFunc("GET /image/v2/images", c.listImages)

	m.HandleFunc("GET /network/v2.0/networks", c.listNetworks)
	m.HandleFunc("GET /network/v2.0/ports", c.listPorts)
	m.HandleFunc("GET /network/v2.0/floatingips", c.listFIPs)
	m.HandleFunc("POST /network/v2.0/floatingips", c.createFIP)
	m.HandleFunc("PUT /network/v2.0/floatingips/{id}", c.updateFIP)
	c.mux = m
}

func base(r *http.Request) string { return "http://" + r.Host }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// novaError writes Nova's error body: {"<kind>": {"message": ..., "code": ...}}.
func novaError(w http.ResponseWriter, status int, kind, format string, args ...any) {
	writeJSON(w, status, map[string]any{kind: map[string]any{"message": fmt.Sprintf(format, args...), "code": status}})
}

// neutronError writes Neutron's error body.
func neutronError(w http.ResponseWriter, status int, typ, format string, args ...any) {
	writeJSON(w, status, map[string]any{"NeutronError": map[string]any{"type": typ, "message": fmt.Sprintf(format, args...), "detail": ""}})
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		novaError(w, http.StatusBadRequest, "badRequest", "Malformed request body: %v", err)
		return false
	}
	return true
}

// ---- Keystone

func (c *Cloud) versions(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusMultipleChoices, map[string]any{"versions": map[string]any{"values": []any{c.versionBody(r)}}})
}

func (c *Cloud) version(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"version": c.versionBody(r)})
}

func (c *Cloud) versionBody(r *http.Request) map[string]any {
	return map[string]any{"id": "v3.14", "status": "stable", "updated": "2020-04-07T00:00:00Z",
		"links": []any{map[string]any{"rel": "self", "href": base(r) + "/v3/"}}}
}

// serviceVersions serves a Nova-style version document: one CURRENT version.
func serviceVersions(id, path string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"versions": []any{map[string]any{"id": id, "status": "CURRENT",
			"links": []any{map[string]any{"rel": "self", "href": base(r) + path}}}}})
	}
}

func (c *Cloud) createToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Auth struct {
			Identity struct {
				Methods  []string `json:"methods"`
				Password struct {
					User struct {
						Name     string `json:"name"`
						Password string `json:"password"`
					} `json:"user"`
				} `json:"password"`
			} `json:"identity"`
		} `json:"auth"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{"code": 400, "title": "Bad Request", "message": err.Error()}})
		return
	}
	u := body.Auth.Identity.Password.User
	if u.Name != c.opts.Username || u.Password != c.opts.Password {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]any{"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}})
		return
	}
	b := base(r)
	endpoint := func(typ, name, url string) map[string]any {
		return map[string]any{"type": typ, "name": name, "id": name + "-service", "endpoints": []any{
			map[string]any{"id": name + "-public", "interface": "public", "region": "RegionOne", "region_id": "RegionOne", "url": url},
		}}
	}
	w.Header().Set("X-Subject-Token", c.token)
	writeJSON(w, http.StatusCreated, map[string]any{"token": map[string]any{
		"methods":    []string{"password"},
		"expires_at": time.Now().Add(12 * time.Hour).UTC().Format("2006-01-02T15:04:05.000000Z"),
		"issued_at":  time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
		"user":       map[string]any{"id": userID, "name": c.opts.Username, "domain": map[string]any{"id": "default", "name": "Default"}},
		"project":    map[string]any{"id": projectID, "name": c.opts.Project, "domain": map[string]any{"id": "default", "name": "Default"}},
		"catalog": []any{
			endpoint("identity", "keystone", b+"/v3/"),
			endpoint("compute", "nova", b+"/compute/v2.1/"),
			endpoint("network", "neutron", b+"/network/"),
			endpoint("image", "glance", b+"/image/"),
		},
	}})
}

// ---- Nova

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

func (c *Cloud) createServer(w http.ResponseWriter, r *http.Request) {
	var body struct {
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
	if !decodeBody(w, r, &body) {
		return
	}
	req := body.Server
	c.mu.Lock()
	defer c.mu.Unlock()
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

func (c *Cloud) getServer(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.servers[r.PathValue("id")]
	if s == nil {
		novaError(w, http.StatusNotFound, "itemNotFound", "Instance %s could not be found.", r.PathValue("id"))
		return
	}
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

func (c *Cloud) deleteServer(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.servers[r.PathValue("id")]
	if s == nil {
		novaError(w, http.StatusNotFound, "itemNotFound", "Instance %s could not be found.", r.PathValue("id"))
		return
	}
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

// ---- Glance

func (c *Cloud) listImages(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	list := []any{}
	for i, n := range c.opts.Images {
		if name != "" && n != name {
			continue
		}
		list = append(list, map[string]any{"id": uuid(kindImage, i+1), "name": n, "status": "active", "visibility": "public",
			"container_format": "bare", "disk_format": "qcow2", "min_disk": 0, "min_ram": 0, "protected": false,
			"size": 259719168, "tags": []any{}, "created_at": "2014-10-01T00:00:00Z", "updated_at": "2014-10-01T00:00:00Z",
			"self": "/v2/images/" + uuid(kindImage, i+1), "schema": "/v2/schemas/image"})
	}
	writeJSON(w, http.StatusOK, map[string]any{"images": list, "schema": "/v2/schemas/images", "first": "/v2/images"})
}

// ---- Neutron

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

func (c *Cloud) createFIP(w http.ResponseWriter, r *http.Request) {
	var body struct {
		FloatingIP struct {
			FloatingNetworkID string `json:"floating_network_id"`
			PortID            string `json:"port_id"`
			Description       string `json:"description"`
		} `json:"floatingip"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	req := body.FloatingIP
	c.mu.Lock()
	defer c.mu.Unlock()
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
	c.seq++
	f := &floatingIP{seq: c.seq, ID: uuid(kindFIP, c.seq), Address: addr, PortID: req.PortID, Description: req.Description}
	c.fips[f.ID] = f
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

func (c *Cloud) updateFIP(w http.ResponseWriter, r *http.Request) {
	var body struct {
		FloatingIP struct {
			PortID *string `json:"port_id"`
		} `json:"floatingip"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
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
