// Package fastlytest holds what the tests of fastlyplan, fastlyapi and
// fastlysync share: the demo service (its build output in testdata/desired,
// its private include in testdata/private, its seed for the local Fastly API),
// answers recorded from Fastly (testdata/details), sandboxes and clients of
// internal/fastlyfake with the test token, and small helpers to change a
// configuration and summarise a plan. It is for tests only.
//
// Those packages' tests that use it are external tests (package
// fastlyplan_test, fastlyapi_test): fastlytest imports fastlyplan and
// fastlyapi, so their internal tests cannot import it.
package fastlytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/testtool"
)

// testdata is this package's testdata directory, found from this file so
// that every package's tests read the same inputs.
var testdata = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata")
}()

// Demo returns the desired state of testdata/desired/demo (a build output
// directory: service.json and the VCL files it lists) and its configuration,
// with the private include testdata/private/demo.vcl when private is set.
func Demo(t testing.TB, private bool) (*fastlyplan.Desired, *fastlyplan.Config) {
	t.Helper()
	dir := filepath.Join(testdata, "desired", "demo")
	svc := &desired.Service{}
	if err := json.Unmarshal([]byte(testtool.ReadFile(t, filepath.Join(dir, "service.json"))), svc); err != nil {
		t.Fatal(err)
	}
	d := &fastlyplan.Desired{Service: svc, Files: map[string]string{}}
	for _, v := range svc.VCLs {
		if !v.Private {
			d.Files[v.File] = testtool.ReadFile(t, filepath.Join(dir, v.File))
		}
	}
	if private {
		p := testtool.ReadFile(t, filepath.Join(testdata, "private", "demo.vcl"))
		d.Private = &p
	}
	c, err := d.Config()
	if err != nil {
		t.Fatal(err)
	}
	return d, c
}

// Clone deep-copies a configuration so that a case can change one side.
func Clone(c *fastlyplan.Config) *fastlyplan.Config {
	n := *c
	n.Domains = slices.Clone(c.Domains)
	n.Backends = slices.Clone(c.Backends)
	n.Healthchecks = slices.Clone(c.Healthchecks)
	n.Directors = nil
	for _, d := range c.Directors {
		d.Backends = slices.Clone(d.Backends)
		n.Directors = append(n.Directors, d)
	}
	n.Gzips = slices.Clone(c.Gzips)
	n.Dictionaries = slices.Clone(c.Dictionaries)
	n.VCLs = slices.Clone(c.VCLs)
	n.Unmanaged = slices.Clone(c.Unmanaged)
	n.Snippets, n.Headers, n.ResponseObjects = slices.Clone(c.Snippets), slices.Clone(c.Headers), slices.Clone(c.ResponseObjects)
	n.Conditions, n.RequestSettings, n.CacheSettings = slices.Clone(c.Conditions), slices.Clone(c.RequestSettings), slices.Clone(c.CacheSettings)
	return &n
}

// Summary writes a plan as one line per change, for comparison with a
// case's expectations.
func Summary(p *fastlyplan.Plan) []string {
	var out []string
	for _, c := range p.Changes {
		s := fmt.Sprintf("%s %s %s", c.Action, c.Kind, c.Name)
		if c.Action == fastlyplan.Update {
			for _, f := range c.Fields {
				s += fmt.Sprintf(" %s=%v->%v", f.Name, f.Old, f.New)
			}
		}
		out = append(out, strings.TrimSpace(s))
	}
	for _, f := range p.VCLs {
		s := fmt.Sprintf("%s vcl %s", f.Action, f.Name)
		if f.Content {
			s += " content"
		}
		if f.Main != nil {
			s += fmt.Sprintf(" main=%v->%v", f.Main.Old, f.Main.New)
		}
		if f.Private {
			s += " private"
		}
		out = append(out, s)
	}
	return out
}

// Backend returns the backend of that name in c, to change it in place.
func Backend(c *fastlyplan.Config, name string) *desired.Backend {
	for i := range c.Backends {
		if c.Backends[i].Name == name {
			return &c.Backends[i]
		}
	}
	panic("no backend " + name)
}

// Token is the API token of the tests' sandboxes and clients: recognisable,
// so that a test can assert it never appears in any output.
const Token = "TEST-TOKEN-9f3c2e71"

// DemoID is the Fastly service ID of the demo service at production.
const DemoID = "SU1Z0isxPaozGVKXdv0eY"

// DemoSeed is the demo service as set up by hand in the web UI: one
// backend, one domain, Fastly's boilerplate VCL, version 1 active.
var DemoSeed = fastlyfake.ServiceSeed{
	ID:      DemoID,
	Name:    "demo-production",
	Comment: "made in the web UI",
	Config: &fastlyfake.SeedConfig{
		Domain:  "demo.webplatform.org",
		Backend: fastlyfake.SeedBackend{Name: "app1", Address: "203.0.113.11"},
	},
}

// NewSandbox starts a sandbox holding the demo service and returns it with
// a client whose retries and rate-limit waits take no time.
func NewSandbox(t testing.TB) (*fastlyfake.Server, *fastlyapi.Client) {
	t.Helper()
	sb, url := fastlyfake.NewTest(t, fastlyfake.Options{Token: Token}, DemoSeed)
	URLs[sb] = url
	return sb, NewClient(t, url)
}

// URLs remembers each sandbox's URL, for a second client (a second run of
// edgectl, which starts without the first one's rate-limit figures).
var URLs = map[*fastlyfake.Server]string{}

// NewClient returns a client of the API at url whose retries and rate-limit
// waits take no time.
func NewClient(t testing.TB, url string) *fastlyapi.Client {
	t.Helper()
	c, err := fastlyapi.NewClient(fastlyapi.Options{Token: Token, URL: url, Timeout: 5 * time.Second, Backoff: time.Millisecond, Sleep: func(time.Duration) {}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// GoFastly returns go-fastly's own client of a sandbox of NewSandbox: what
// the web UI or another tool would use to change the service behind
// edgectl's back.
func GoFastly(t testing.TB, sb *fastlyfake.Server) *fastly.Client {
	t.Helper()
	c, err := fastly.NewClientForEndpoint(Token, URLs[sb])
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Writes lists the non-read requests a sandbox received, as "METHOD route".
func Writes(sb *fastlyfake.Server) []string {
	var out []string
	for _, r := range sb.Requests() {
		if r.Method != http.MethodGet {
			out = append(out, r.Method+" "+strings.TrimPrefix(r.Route, fastlyfake.RouteVersion))
		}
	}
	return out
}

// DemoRemote returns the demo service as Fastly reports it to an import:
// version 7 active, holding Demo's configuration with the private include.
// Each call reads a fresh copy, which the caller may change.
func DemoRemote(t testing.TB) *fastlyapi.Remote {
	t.Helper()
	_, c := Demo(t, true)
	return &fastlyapi.Remote{ServiceID: DemoID, Name: "demo", Version: 7, ActiveVersion: 7, Config: c}
}

// ServiceIDs are the demo service's Fastly service IDs per level, as an
// import is given them.
var ServiceIDs = map[string]string{"production": DemoID, "staging": "bCOMNI734vFBffWj3CTce3", "workbench": "iGUHVuJD2sVZJUBMEyO8Qe"}

// ReadDetails decodes the recorded details answer testdata/details/<name>
// (see its README) at version (0: the active one).
func ReadDetails(t *testing.T, name string, version int) *fastlyapi.Remote {
	t.Helper()
	r, err := fastlyapi.DecodeDetails([]byte(testtool.ReadFile(t, filepath.Join(testdata, "details", name))), version)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Hostile is text an API could return: it clears the screen, sets the
// terminal's title, returns the cursor and rings the bell.
const Hostile = "\x1b[2J\x1b]0;pwned\a\r"

// DeclareWebUI makes s declare one object of each of the web UI's kinds: a
// condition the others use, a header, a response object, request and cache
// settings, a regular snippet and a dynamic one.
func DeclareWebUI(s *desired.Service) {
	s.Conditions = []desired.Condition{{Name: "is-api", Type: "REQUEST", Statement: `req.url ~ "^/api/"`, Priority: 10}}
	s.Headers = []desired.Header{{Name: "served-by", Action: "set", Type: "response", Dst: "http.X-Served-By", Src: "server.identity", Priority: 100}}
	s.ResponseObjects = []desired.ResponseObject{{Name: "api-gone", Status: 410, Response: "Gone", RequestCondition: "is-api"}}
	s.RequestSettings = []desired.RequestSetting{{Name: "api-pass", Action: "pass", XForwardedFor: "append", RequestCondition: "is-api"}}
	s.CacheSettings = []desired.CacheSetting{{Name: "short", Action: "cache", TTL: 60, StaleTTL: 30}}
	s.Snippets = []desired.Snippet{
		{Name: "regular", Type: "recv", Priority: 100, Content: "set req.http.X-A = \"1\";\n"},
		{Name: "blocklist", Type: "recv", Priority: 10, Dynamic: true, Content: "# none\n"},
	}
}
