// Package cloud implements fleet.Cloud with gophercloud v2 against a real
// OpenStack project: Nova for servers and flavors, Glance for images, Neutron
// for networks, ports and floating IPs. Credentials come from a clouds.yaml
// entry (gophercloud's own clouds.yaml parser) or from the standard OS_*
// environment variables.
package cloud

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/flavors"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/keypairs"
	"github.com/gophercloud/gophercloud/v2/openstack/compute/v2/servers"
	"github.com/gophercloud/gophercloud/v2/openstack/config"
	"github.com/gophercloud/gophercloud/v2/openstack/config/clouds"
	"github.com/gophercloud/gophercloud/v2/openstack/image/v2/images"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/extensions/layer3/floatingips"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/networks"
	"github.com/gophercloud/gophercloud/v2/openstack/networking/v2/ports"
	"github.com/gophercloud/gophercloud/v2/pagination"

	"github.com/webplatform/edgectl/endpoint"
	"github.com/webplatform/edgectl/fleet"
)

// Options say which project to reach and which networks to use.
type Options struct {
	// Cloud is the clouds.yaml entry to authenticate with (found where
	// python-openstackclient looks: $OS_CLIENT_CONFIG_FILE, ./clouds.yaml,
	// ~/.config/openstack/, /etc/openstack/). Empty means the OS_*
	// variables: OS_AUTH_URL, OS_USERNAME or OS_USERID, OS_PASSWORD,
	// OS_PROJECT_NAME or OS_PROJECT_ID, OS_DOMAIN_NAME or OS_DOMAIN_ID,
	// OS_REGION_NAME, or application credentials.
	Cloud string
	// Network is the private network servers attach to; FloatingNetwork the
	// external network floating IPs come from.
	Network, FloatingNetwork string
	// RequestTimeout bounds each API request (default 2 minutes).
	RequestTimeout time.Duration
}

// Client is a level's OpenStack project. It caches the flavors, images and
// networks it looks up; it is safe for concurrent use.
type Client struct {
	opts                     Options
	compute, network, image  *gophercloud.ServiceClient
	mu                       sync.Mutex
	flavorIDs, flavorNames   map[string]string
	imageIDs                 map[string]string
	networkID, floatingNetID string
}

var _ fleet.Cloud = (*Client)(nil)

// Connect authenticates and finds the compute, network and image endpoints
// in the catalog.
func Connect(ctx context.Context, opts Options) (*Client, error) {
	var (
		ao        gophercloud.AuthOptions
		eo        gophercloud.EndpointOpts
		tlsConfig *tls.Config
		err       error
	)
	if opts.Cloud != "" {
		ao, eo, tlsConfig, err = clouds.Parse(clouds.WithCloudName(opts.Cloud))
		if err != nil {
			return nil, fmt.Errorf("clouds.yaml entry %q: %w", opts.Cloud, err)
		}
	} else {
		ao, err = openstack.AuthOptionsFromEnv()
		if err != nil {
			return nil, fmt.Errorf("OpenStack credentials: %w (set the OS_* variables of the level's project, or name a clouds.yaml entry)", err)
		}
		eo = gophercloud.EndpointOpts{Region: os.Getenv("OS_REGION_NAME")}
	}
	if err := endpoint.Check(ao.IdentityEndpoint, true); err != nil {
		from := "$OS_AUTH_URL"
		if opts.Cloud != "" {
			from = "auth_url of clouds.yaml entry " + opts.Cloud
		}
		return nil, fmt.Errorf("invalid OpenStack auth URL %q (%s): %v; give Keystone's URL, such as https://keystone.example.org:5000/v3/", ao.IdentityEndpoint, from, err)
	}
	// A long apply outlives a token: let gophercloud authenticate again.
	ao.AllowReauth = true
	timeout := opts.RequestTimeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	provider, err := config.NewProviderClient(ctx, ao, config.WithTLSConfig(tlsConfig), config.WithHTTPClient(http.Client{Timeout: timeout}))
	if err != nil {
		return nil, apiError("authenticate at "+ao.IdentityEndpoint, err)
	}
	c := &Client{opts: opts}
	if c.compute, err = openstack.NewComputeV2(provider, eo); err != nil {
		return nil, fmt.Errorf("compute endpoint: %w", err)
	}
	if c.network, err = openstack.NewNetworkV2(provider, eo); err != nil {
		return nil, fmt.Errorf("network endpoint: %w", err)
	}
	if c.image, err = openstack.NewImageV2(provider, eo); err != nil {
		return nil, fmt.Errorf("image endpoint: %w", err)
	}
	return c, nil
}

// apiError turns a gophercloud error into one line: what was being done, the
// HTTP status and the message of the API's error body (Nova's
// {"forbidden": {"message": ...}}, Neutron's {"NeutronError": {...}},
// Keystone's {"error": {...}}).
func apiError(what string, err error) error {
	var ue gophercloud.ErrUnexpectedResponseCode
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: HTTP %d: %s", what, ue.Actual, bodyMessage(ue.Body))
	}
	return fmt.Errorf("%s: %w", what, err)
}

func bodyMessage(body []byte) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) == nil {
		for _, v := range m {
			var inner struct {
				Message string `json:"message"`
			}
			if json.Unmarshal(v, &inner) == nil && inner.Message != "" {
				return inner.Message
			}
		}
	}
	s := strings.TrimSpace(string(body))
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	if s == "" {
		s = "(empty body)"
	}
	return s
}

// listAll reads every page of a listing and extracts its items; an error
// of either step names what was being listed (what), as apiError words it.
func listAll[T any](ctx context.Context, what string, pager pagination.Pager, extract func(pagination.Page) ([]T, error)) ([]T, error) {
	pages, err := pager.AllPages(ctx)
	if err != nil {
		return nil, apiError(what, err)
	}
	list, err := extract(pages)
	if err != nil {
		return nil, apiError(what, err)
	}
	return list, nil
}

// Servers lists every server of the project with its addresses: the fixed
// address on the private network, and the floating IP Neutron has bound to
// it.
func (c *Client) Servers(ctx context.Context) ([]fleet.Server, error) {
	list, err := listAll(ctx, "list servers", servers.List(c.compute, servers.ListOpts{}), servers.ExtractServers)
	if err != nil {
		return nil, err
	}
	fips, err := listAll(ctx, "list floating IPs", floatingips.List(c.network, floatingips.ListOpts{}), floatingips.ExtractFloatingIPs)
	if err != nil {
		return nil, err
	}
	floating := map[string]string{}
	for _, f := range fips {
		if f.PortID != "" && f.FixedIP != "" {
			floating[f.FixedIP] = f.FloatingIP
		}
	}
	if err := c.loadFlavors(ctx); err != nil {
		return nil, err
	}
	out := make([]fleet.Server, 0, len(list))
	for i := range list {
		s := c.convert(&list[i])
		if ip, ok := floating[s.PrivateIP]; ok {
			s.PublicIP = ip
		}
		out = append(out, s)
	}
	return out, nil
}

// Server returns one server, or fleet.ErrNotFound.
func (c *Client) Server(ctx context.Context, id string) (fleet.Server, error) {
	s, err := servers.Get(ctx, c.compute, id).Extract()
	if gophercloud.ResponseCodeIs(err, http.StatusNotFound) {
		return fleet.Server{}, fleet.ErrNotFound
	}
	if err != nil {
		return fleet.Server{}, apiError("get server "+id, err)
	}
	return c.convert(s), nil
}

// convert reads a Nova server: addresses from its "addresses" (fixed and
// floating, IPv4), the flavor's name from the cached flavor list, the level
// from its metadata.
func (c *Client) convert(s *servers.Server) fleet.Server {
	out := fleet.Server{ID: s.ID, Name: s.Name, Status: s.Status, Fault: s.Fault.Message, Level: s.Metadata[fleet.LevelMetadata]}
	if id, ok := s.Flavor["id"].(string); ok {
		c.mu.Lock()
		out.Flavor = c.flavorNames[id]
		c.mu.Unlock()
	}
	if name, ok := s.Flavor["original_name"].(string); ok {
		out.Flavor = name
	}
	nets := make([]string, 0, len(s.Addresses))
	for n := range s.Addresses {
		nets = append(nets, n)
	}
	sort.Strings(nets)
	// The configured network first, then the others in name order.
	if i := slices.Index(nets, c.opts.Network); i > 0 {
		nets = append([]string{nets[i]}, slices.Delete(nets, i, i+1)...)
	}
	for _, n := range nets {
		addrs, _ := s.Addresses[n].([]any)
		for _, a := range addrs {
			m, _ := a.(map[string]any)
			addr, _ := m["addr"].(string)
			typ, _ := m["OS-EXT-IPS:type"].(string)
			if v, _ := m["version"].(float64); v != 4 || addr == "" {
				continue
			}
			switch {
			case typ == "floating" && out.PublicIP == "":
				out.PublicIP = addr
			case typ != "floating" && out.PrivateIP == "":
				out.PrivateIP = addr
			}
		}
	}
	return out
}

func (c *Client) loadFlavors(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flavorIDs != nil {
		return nil
	}
	list, err := listAll(ctx, "list flavors", flavors.ListDetail(c.compute, flavors.ListOpts{AccessType: flavors.AllAccess}), flavors.ExtractFlavors)
	if err != nil {
		return err
	}
	c.flavorIDs, c.flavorNames = map[string]string{}, map[string]string{}
	for _, f := range list {
		c.flavorIDs[f.Name] = f.ID
		c.flavorNames[f.ID] = f.Name
	}
	return nil
}

func (c *Client) imageID(ctx context.Context, name string) (string, error) {
	c.mu.Lock()
	id, ok := c.imageIDs[name]
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	list, err := listAll(ctx, "find image "+name, images.List(c.image, images.ListOpts{Name: name}), images.ExtractImages)
	if err != nil {
		return "", err
	}
	switch len(list) {
	case 0:
		return "", fmt.Errorf("image %q does not exist in the project (set image in %s, or --image)", name, fleet.FileName)
	case 1:
	default:
		return "", fmt.Errorf("%d images are called %q: rename or delete the extra ones so that the name says which", len(list), name)
	}
	c.mu.Lock()
	if c.imageIDs == nil {
		c.imageIDs = map[string]string{}
	}
	c.imageIDs[name] = list[0].ID
	c.mu.Unlock()
	return list[0].ID, nil
}

func (c *Client) networkIDs(ctx context.Context) (private, floating string, err error) {
	c.mu.Lock()
	private, floating = c.networkID, c.floatingNetID
	c.mu.Unlock()
	if private != "" && floating != "" {
		return private, floating, nil
	}
	find := func(name string) (string, error) {
		list, err := listAll(ctx, "find network "+name, networks.List(c.network, networks.ListOpts{Name: name}), networks.ExtractNetworks)
		if err != nil {
			return "", err
		}
		if len(list) != 1 {
			return "", fmt.Errorf("%d networks are called %q in the project, want exactly one (network and floating_network in %s)", len(list), name, fleet.FileName)
		}
		return list[0].ID, nil
	}
	if private, err = find(c.opts.Network); err != nil {
		return "", "", err
	}
	if floating, err = find(c.opts.FloatingNetwork); err != nil {
		return "", "", err
	}
	c.mu.Lock()
	c.networkID, c.floatingNetID = private, floating
	c.mu.Unlock()
	return private, floating, nil
}

// Resolve checks that the flavors, images and both networks exist.
func (c *Client) Resolve(ctx context.Context, refs fleet.Refs) error {
	if err := c.loadFlavors(ctx); err != nil {
		return err
	}
	var problems []string
	c.mu.Lock()
	known := make([]string, 0, len(c.flavorIDs))
	for name := range c.flavorIDs {
		known = append(known, name)
	}
	for _, f := range refs.Flavors {
		if _, ok := c.flavorIDs[f]; !ok {
			problems = append(problems, fmt.Sprintf("flavor %q does not exist", f))
		}
	}
	c.mu.Unlock()
	if len(problems) > 0 {
		sort.Strings(known)
		problems[len(problems)-1] += " (the project has: " + strings.Join(known, ", ") + ")"
	}
	for _, name := range refs.Images {
		if _, err := c.imageID(ctx, name); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if _, _, err := c.networkIDs(ctx); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Create boots a server on the private network.
func (c *Client) Create(ctx context.Context, spec fleet.Spec) (string, error) {
	if err := c.Resolve(ctx, fleet.Refs{Flavors: []string{spec.Flavor}, Images: []string{spec.Image}}); err != nil {
		return "", err
	}
	imageID, _ := c.imageID(ctx, spec.Image)
	netID, _, _ := c.networkIDs(ctx)
	c.mu.Lock()
	flavorID := c.flavorIDs[spec.Flavor]
	c.mu.Unlock()
	opts := keypairs.CreateOptsExt{
		CreateOptsBuilder: servers.CreateOpts{
			Name:           spec.Name,
			FlavorRef:      flavorID,
			ImageRef:       imageID,
			SecurityGroups: spec.SecurityGroups,
			UserData:       spec.UserData,
			Networks:       []servers.Network{{UUID: netID}},
			Metadata:       spec.Metadata,
		},
		KeyName: spec.KeyPair,
	}
	s, err := servers.Create(ctx, c.compute, opts, nil).Extract()
	if err != nil {
		return "", apiError("create server "+spec.Name, err)
	}
	return s.ID, nil
}

// Delete deletes a server; fleet.ErrNotFound when it is already gone.
func (c *Client) Delete(ctx context.Context, id string) error {
	err := servers.Delete(ctx, c.compute, id).ExtractErr()
	if gophercloud.ResponseCodeIs(err, http.StatusNotFound) {
		return fleet.ErrNotFound
	}
	if err != nil {
		return apiError("delete server "+id, err)
	}
	return nil
}

// fipDescription marks the floating IPs apply allocates, so that a VM
// deleted and created again gets its old address back and its Fastly
// backends stay valid.
func fipDescription(name string) string { return "edgectl fleet: " + name }

// AttachFloatingIP gives a server a floating IP: the one its port already
// has, else a free one allocated earlier for a VM of the same name, else a
// new one from the floating network.
func (c *Client) AttachFloatingIP(ctx context.Context, s fleet.Server) (string, error) {
	_, floatingNet, err := c.networkIDs(ctx)
	if err != nil {
		return "", err
	}
	list, err := listAll(ctx, "list the ports of "+s.Name, ports.List(c.network, ports.ListOpts{DeviceID: s.ID}), ports.ExtractPorts)
	if err != nil {
		return "", err
	}
	var portID string
	for _, p := range list {
		for _, ip := range p.FixedIPs {
			if portID == "" || ip.IPAddress == s.PrivateIP {
				portID = p.ID
			}
		}
	}
	if portID == "" {
		return "", fmt.Errorf("server %s has no port with a fixed address", s.Name)
	}
	find := func(opts floatingips.ListOpts) ([]floatingips.FloatingIP, error) {
		return listAll(ctx, "list floating IPs", floatingips.List(c.network, opts), floatingips.ExtractFloatingIPs)
	}
	bound, err := find(floatingips.ListOpts{PortID: portID})
	if err != nil {
		return "", err
	}
	if len(bound) > 0 {
		return bound[0].FloatingIP, nil
	}
	ours, err := find(floatingips.ListOpts{Description: fipDescription(s.Name), FloatingNetworkID: floatingNet})
	if err != nil {
		return "", err
	}
	for _, f := range ours {
		if f.PortID == "" {
			got, err := floatingips.Update(ctx, c.network, f.ID, floatingips.UpdateOpts{PortID: &portID}).Extract()
			if err != nil {
				return "", apiError("associate floating IP "+f.FloatingIP+" with "+s.Name, err)
			}
			return got.FloatingIP, nil
		}
	}
	got, err := floatingips.Create(ctx, c.network, floatingips.CreateOpts{FloatingNetworkID: floatingNet, PortID: portID, Description: fipDescription(s.Name)}).Extract()
	if err != nil {
		return "", apiError("allocate a floating IP for "+s.Name, err)
	}
	return got.FloatingIP, nil
}
