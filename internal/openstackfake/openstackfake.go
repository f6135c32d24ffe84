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
// Requests can be made to fail (SetFaults). Every request is counted by
// route and logged, its token redacted (package fakehttp).
//
// Tests start one with Start; `edgectl fleet sandbox` serves one on a port.
//
// One file per OpenStack service: keystone.go, nova.go, glance.go and
// neutron.go hold their handlers; this file holds the Cloud, its options and
// faults, routing and the request counts. It lives under internal/ because it
// is a test double, not an API: it models only what gophercloud and edgectl
// fleet call, and nothing outside this module may depend on it.
package openstackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/webplatform/edgectl/internal/fakehttp"
	"github.com/webplatform/edgectl/inventory"
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
	// mw injects latency and faults and logs and counts the requests.
	mw *fakehttp.Middleware

	mu        sync.Mutex
	maxInst   int
	token     string
	seq       int
	servers   map[string]*server
	ports     map[string]*port
	fips      map[string]*floatingIP
	failBuild map[string]buildFault
	slowBuild map[string]int
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
		maxInst:   opts.MaxInstances,
		token:     "gAAAAABedgectl-sandbox-token",
		servers:   map[string]*server{},
		ports:     map[string]*port{},
		fips:      map[string]*floatingIP{},
		failBuild: map[string]buildFault{},
		slowBuild: map[string]int{},
	}
	c.routes()
	// A request whose client left during the latency is not counted, as
	// before the middleware was shared.
	c.mw = &fakehttp.Middleware{Route: c.route, Answer: c.answer, Fail: failJSON, SkipCancelled: true,
		Log: fakehttp.Log{Secrets: []string{"X-Auth-Token"}}}
	c.mw.Faults.SetLatency(opts.Latency)
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
func (c *Cloud) SetLatency(d time.Duration) { c.mw.Faults.SetLatency(d) }

// SetFaults replaces the injected faults (latency included) and restarts
// their counts. A fault's Route is a route as Requests names it, such as
// "POST /compute/v2.1/servers"; a status fault answers with OpenStack's
// error body.
func (c *Cloud) SetFaults(f fakehttp.Faults) { c.mw.Faults.Set(f) }

// RequestLog returns the most recent requests, oldest first, their
// X-Auth-Token redacted and without their bodies (which hold passwords).
func (c *Cloud) RequestLog() []fakehttp.Entry { return c.mw.Log.Entries() }

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
		c.newFIP(publicIP, s.portID, "")
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
func (c *Cloud) Requests() map[string]int { return c.mw.Log.ByRoute() }

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
	c.mw.Log.Reset()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.maxFlight = 0
}

// ServeHTTP counts the request in flight and hands it to the middleware:
// latency and faults, then answer, then the log.
func (c *Cloud) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.inFlight++
	c.maxFlight = max(c.maxFlight, c.inFlight)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	c.mw.ServeHTTP(w, r)
}

// route names a request by the pattern it matches, "METHOD /path", or
// "METHOD (unknown)".
func (c *Cloud) route(r *http.Request) string {
	_, pattern := c.mux.Handler(r)
	if pattern == "" {
		pattern = r.Method + " (unknown)"
	}
	return pattern
}

// answer checks the token, except on the version documents and token
// creation, and routes the request.
func (c *Cloud) answer(w, _ http.ResponseWriter, r *http.Request) {
	pattern := c.route(r)
	public := pattern == "GET /{$}" || pattern == "GET /v3/{$}" || pattern == "POST /v3/auth/tokens" ||
		pattern == "GET /network/{$}" || pattern == "GET /image/{$}"
	if !public && r.Header.Get("X-Auth-Token") != c.token {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]any{"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}})
		return
	}
	c.mux.ServeHTTP(w, r)
}

// failJSON answers an injected status fault in Keystone's error format,
// {"error": {"code", "title", "message"}}, the one its 401 above uses: each
// keystone.exception has a code, a title and a message
// (https://docs.openstack.org/keystone/xena/api/keystone.exception.html),
// and a real answer of that shape is quoted in
// https://github.com/gabrielhurley/js-openclient/issues/38.
func failJSON(w http.ResponseWriter, f *fakehttp.Fault) {
	status := f.Status
	if status < 100 || status > 599 {
		status = http.StatusInternalServerError
	}
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": status, "title": http.StatusText(status), "message": "injected fault"}})
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
	m.HandleFunc("POST /compute/v2.1/servers", withBody(c, c.createServer))
	m.HandleFunc("GET /compute/v2.1/servers/{id}", c.withServer(c.getServer))
	m.HandleFunc("DELETE /compute/v2.1/servers/{id}", c.withServer(c.deleteServer))
	m.HandleFunc("GET /compute/v2.1/flavors/detail", c.listFlavors)

	m.HandleFunc("GET /image/v2/images", c.listImages)

	m.HandleFunc("GET /network/v2.0/networks", c.listNetworks)
	m.HandleFunc("GET /network/v2.0/ports", c.listPorts)
	m.HandleFunc("GET /network/v2.0/floatingips", c.listFIPs)
	m.HandleFunc("POST /network/v2.0/floatingips", withBody(c, c.createFIP))
	m.HandleFunc("PUT /network/v2.0/floatingips/{id}", withBody(c, c.updateFIP))
	c.mux = m
}

func base(r *http.Request) string { return "http://" + r.Host }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// withBody adapts a handler of a JSON request body: it decodes the body
// into a B, answering 400 when it does not decode, and runs h with c.mu
// held. The body is read before the lock is taken, so that a slow client
// does not hold up the other requests.
func withBody[B any](c *Cloud, h func(http.ResponseWriter, *http.Request, *B)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body B
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			novaError(w, http.StatusBadRequest, "badRequest", "Malformed request body: %v", err)
			return
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		h(w, r, &body)
	}
}

// SeedInventory returns a Cloud holding the servers of an inventory, as if
// booted by hand (see Seed), each with the flavor flavorOf gives its name.
// New floating IPs come from the range of the first VM with a public
// address, unless opts names a FloatingPrefix.
func SeedInventory(opts Options, vms []inventory.VM, flavorOf func(name string) string) *Cloud {
	for _, vm := range vms {
		if i := strings.LastIndexByte(vm.PublicIP, '.'); i > 0 && opts.FloatingPrefix == "" {
			opts.FloatingPrefix = vm.PublicIP[:i+1]
		}
	}
	c := New(opts)
	for _, vm := range vms {
		c.Seed(vm.Name, flavorOf(vm.Name), vm.PrivateIP, vm.PublicIP, nil)
	}
	return c
}
