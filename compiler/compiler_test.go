package compiler

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/inventory"
)

// testSite is the small site the compiler's unit tests compile: two levels,
// the services app (a role backend with a director, an apex redirect, a
// maintenance fallback) and tracker (pass rules and a recv hook), an
// inventory with three app VMs and the error pages. The real site is
// covered by the golden files and the pipeline tests.
const testSite = "testdata/site"

// mustLoad loads the test site with load, failing t on its errors.
func mustLoad[T any](t *testing.T, load func(root string) (T, diag.List)) T {
	t.Helper()
	v, diags := load(testSite)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return v
}

func loadSite(t *testing.T) *definition.Site {
	t.Helper()
	return mustLoad(t, definition.Load)
}

func loadPages(t *testing.T) *errorpage.Set {
	t.Helper()
	return mustLoad(t, errorpage.Load)
}

func loadInventory(t *testing.T, level string) *inventory.Inventory {
	t.Helper()
	return mustLoad(t, func(root string) (*inventory.Inventory, diag.List) { return inventory.Load(root, level) })
}

// TestRoleBackends: a backend given by role becomes one Fastly backend per
// VM of that role, grouped in a director VCL refers to; one more VM is one
// more backend and one more director member, and nothing else changes.
func TestRoleBackends(t *testing.T) {
	site := loadSite(t)
	lvl := site.Level("production")
	inv := loadInventory(t, "production")
	for _, name := range []string{"app"} {
		svc := site.Service(name)
		before, diags := Compile(Input{Service: svc, Level: lvl, Inventory: inv, Pages: loadPages(t)})
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		grown := &inventory.Inventory{File: inv.File, VMs: append(slices.Clone(inv.VMs), inventory.VM{Name: "app4", Roles: []string{"app"}, PrivateIP: "10.10.10.99", PublicIP: "203.0.113.99"})}
		after, diags := Compile(Input{Service: svc, Level: lvl, Inventory: grown, Pages: loadPages(t)})
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		if got, want := len(after.Service.Backends), len(before.Service.Backends)+1; got != want {
			t.Errorf("%s: %d backends after adding app4, want %d", name, got, want)
		}
		var added []string
		for _, b := range after.Service.Backends {
			if !slices.ContainsFunc(before.Service.Backends, func(o desiredBackend) bool { return o.Name == b.Name }) {
				added = append(added, b.Name+"@"+b.Address)
			}
		}
		if len(added) != 1 || added[0] != "app4@203.0.113.99" {
			t.Errorf("%s: added backends %v, want [app4@203.0.113.99]", name, added)
		}
		dir := after.Service.Directors[0]
		if !slices.Contains(dir.Backends, "app4") {
			t.Errorf("%s: director %s members %v lack app4", name, dir.Name, dir.Backends)
		}
		if before.File(MainName).Content != after.File(MainName).Content {
			t.Errorf("%s: main.vcl changed when a VM was added; only service objects should", name)
		}
		if !strings.Contains(after.File(LocalName).Content, "backend F_app4 {") {
			t.Errorf("%s: local.vcl does not declare F_app4", name)
		}
	}
}

func TestRoleWithoutVMs(t *testing.T) {
	site := loadSite(t)
	empty := &inventory.Inventory{File: "fleet/inventory/production.json"}
	_, diags := Compile(Input{Service: site.Service("tracker"), Level: site.Level("production"), Inventory: empty, Pages: loadPages(t)})
	if !diags.HasErrors() {
		t.Fatal("compiling against an empty inventory succeeded")
	}
	d := diags.Errors()[0]
	// services/tracker.yaml line 13: "    role: piwik", the value at column 11.
	if d.Pos.File != "services/tracker.yaml" || d.Pos.Line != 13 || d.Pos.Col != 11 || !strings.Contains(d.Message, `no VM with role "piwik"`) {
		t.Errorf("got %s", d)
	}
}

// TestRoleTypo: a role no VM has, close to one some VMs have, is offered.
func TestRoleTypo(t *testing.T) {
	site := loadSite(t)
	svc := *site.Service("tracker")
	svc.Backends = slices.Clone(svc.Backends)
	svc.Backends[0].Role = "piwki"
	inv := &inventory.Inventory{File: "fleet/inventory/production.json", VMs: []inventory.VM{{Name: "piwik1", Roles: []string{"piwik"}, PrivateIP: "10.0.0.1"}}}
	_, diags := Compile(Input{Service: &svc, Level: site.Level("production"), Inventory: inv, Pages: loadPages(t)})
	errs := diags.Errors()
	if len(errs) == 0 || !strings.Contains(errs[0].Message, `no VM with role "piwki"`) || !strings.Contains(errs[0].Hint, `did you mean "piwik"?`) {
		t.Errorf("got %v", diags)
	}
}

func TestVMWithoutPublicIP(t *testing.T) {
	site := loadSite(t)
	inv := &inventory.Inventory{File: "x.json", VMs: []inventory.VM{
		{Name: "piwik1", Roles: []string{"piwik"}, PrivateIP: "10.0.0.1"},
		{Name: "salt", Roles: []string{"salt"}, PrivateIP: "10.0.0.2", PublicIP: "192.0.2.1"},
	}}
	_, diags := Compile(Input{Service: site.Service("tracker"), Level: site.Level("production"), Inventory: inv, Pages: loadPages(t)})
	if !diags.HasErrors() || !strings.Contains(diags.Errors()[0].Message, "has no public_ip") {
		t.Errorf("got %v", diags)
	}
}

// TestLevelsDiffer: the same definition compiles to each level's hostnames
// and service IDs.
func TestLevelsDiffer(t *testing.T) {
	site := loadSite(t)
	for _, lvl := range site.Levels {
		res, diags := Compile(Input{Service: site.Service("app"), Level: &lvl, Inventory: loadInventory(t, string(lvl.Name)), Pages: loadPages(t)})
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		if got, want := res.Service.Domains[0].Name, "www."+string(lvl.TLD); got != want {
			t.Errorf("%s: first domain %s, want %s", lvl.Name, got, want)
		}
		if want := map[string]string{"production": "AppProductionServiceID1", "staging": "AppStagingServiceID12345"}[string(lvl.Name)]; res.Service.ServiceID != want {
			t.Errorf("%s: wrong service id %s", lvl.Name, res.Service.ServiceID)
		}
		if !strings.Contains(res.File(MainName).Content, `"https://www.`+string(lvl.TLD)+`" req.url`) {
			t.Errorf("%s: apex redirect does not target www.%s", lvl.Name, lvl.TLD)
		}
	}
}

// TestSourceMap: every main.vcl line maps back to a definition file, and
// known lines map to the definition positions that wrote them (read off
// testdata/site, not off the compiler). Each checked line must be found
// exactly once, so the test cannot pass on output that lacks it.
func TestSourceMap(t *testing.T) {
	site := loadSite(t)
	res, diags := Compile(Input{Service: site.Service("tracker"), Level: site.Level("production"), Inventory: loadInventory(t, "production"), Pages: loadPages(t)})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	main := res.File(MainName)
	lines := strings.Split(strings.TrimSuffix(main.Content, "\n"), "\n")
	if len(lines) < 100 || len(main.Source) != len(lines) {
		t.Fatalf("source map has %d entries for %d lines (a main.vcl has well over 100)", len(main.Source), len(lines))
	}
	// A line of a section the definition leaves out maps to nothing, and
	// lint findings there are reported at the service file; every other
	// line names a file and a line of it.
	mapped := 0
	for i := range lines {
		switch pos := main.Origin(i + 1); {
		case pos.File == "":
		case pos.Line == 0 && pos.File != "services/tracker.yaml":
			t.Errorf("line %d %q maps to %s without a line", i+1, lines[i], pos)
		default:
			mapped++
		}
	}
	if mapped < len(lines)/2 {
		t.Errorf("only %d of %d lines map to a definition position", mapped, len(lines))
	}
	tests := []struct {
		line string // the whole compiled line, indentation trimmed
		file string
		row  int
		col  int // 0: any
	}{
		// The hook's own line and column 1 of it.
		{"set req.http.X-Geo-Country = client.geo.country_code;", "vcl/tracker/recv.vcl", 3, 0},
		{"# The visitor's country, for the tracker.", "vcl/tracker/recv.vcl", 1, 0},
		// The pass rules: "  - path: ^/piwik" is line 18, its mapping
		// starts at column 5; "  - methods: [POST]" line 19.
		{`if (req.url.path ~ "^/piwik") {`, "services/tracker.yaml", 18, 5},
		{`if (req.method == "POST") {`, "services/tracker.yaml", 19, 5},
		// The primary backend: "  - name: analytics", line 12.
		{"set req.backend = analytics;", "services/tracker.yaml", 12, 5},
		// tls.force: "  force: true", line 9, the value at column 10.
		{`error 600 "Force TLS";`, "services/tracker.yaml", 9, 10},
	}
	for _, tt := range tests {
		found := 0
		for i, l := range lines {
			if strings.TrimSpace(l) != tt.line {
				continue
			}
			found++
			pos := main.Origin(i + 1)
			if pos.File != tt.file || pos.Line != tt.row || (tt.col != 0 && pos.Col != tt.col) {
				t.Errorf("line %d %q maps to %s, want %s:%d:%d", i+1, tt.line, pos, tt.file, tt.row, tt.col)
			}
		}
		if found != 1 {
			t.Errorf("%q is %d times in main.vcl, want once", tt.line, found)
		}
	}
}

// TestStaleWhileRevalidate: cache.stale_while_revalidate becomes
// beresp.stale_while_revalidate in vcl_fetch, and nothing emits the
// deprecated beresp.grace
// (https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-stale-while-revalidate/).
func TestStaleWhileRevalidate(t *testing.T) {
	site := loadSite(t)
	svc := *site.Service("app")
	svc.Cache.StaleWhileRevalidate = mustDuration(t, "90s")
	res, diags := Compile(Input{Service: &svc, Level: site.Level("production"), Inventory: loadInventory(t, "production"), Pages: loadPages(t)})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	main := res.File(MainName).Content
	fetch := main[strings.Index(main, "sub vcl_fetch {"):]
	fetch = fetch[:strings.Index(fetch, "\n}\n")]
	if !strings.Contains(fetch, "set beresp.stale_while_revalidate = 90s;") {
		t.Errorf("vcl_fetch lacks stale_while_revalidate:\n%s", fetch)
	}
	if strings.Contains(main, "beresp.grace") {
		t.Error("main.vcl uses the deprecated beresp.grace")
	}
}

// TestDirectorDefaults: a role backend's director needs one healthy VM by
// default, retries once per VM, never more than the VMs, and by default no
// more than fit in Fastly's 60 s cluster hop
// (https://www.fastly.com/documentation/reference/vcl/declarations/director/,
// https://www.fastly.com/documentation/reference/vcl/variables/backend-connection/bereq-first-byte-timeout/).
func TestDirectorDefaults(t *testing.T) {
	site := loadSite(t)
	inv := loadInventory(t, "production") // three app VMs
	tests := []struct {
		name            string
		connect, first  string
		director        string // "" keeps app's (none)
		quorum, retries int
	}{
		{"defaults", "1s", "15s", "", 1, 3},
		{"retries capped by the cluster hop", "20s", "15s", "", 1, 1},
		{"no retry fits", "30s", "29s", "", 1, 0},
		{"explicit retries above the VMs", "1s", "15s", "{type: random, retries: 10, quorum: 50}", 50, 3},
		{"explicit retries", "1s", "15s", "{type: random, retries: 2}", 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := *site.Service("app")
			svc.Backends = slices.Clone(svc.Backends)
			b := &svc.Backends[0]
			b.ConnectTimeout, b.FirstByte = mustDuration(t, tt.connect), mustDuration(t, tt.first)
			if tt.director != "" {
				b.Director = parseDirector(t, tt.director)
			}
			res, diags := Compile(Input{Service: &svc, Level: site.Level("production"), Inventory: inv, Pages: loadPages(t)})
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			d := res.Service.Directors[0]
			if d.Quorum != tt.quorum || d.Retries != tt.retries {
				t.Errorf("quorum %d retries %d, want %d and %d", d.Quorum, d.Retries, tt.quorum, tt.retries)
			}
			if want := fmt.Sprintf(".quorum = %d%%;\n  .retries = %d;", tt.quorum, tt.retries); !strings.Contains(res.File(LocalName).Content, want) {
				t.Errorf("local.vcl lacks %q", want)
			}
		})
	}
}

// TestOwnership: the ownership section reaches the desired state in its
// terms, sorted; a service without one has none (the default rule).
func TestOwnership(t *testing.T) {
	site := loadSite(t)
	svc := *site.Service("app")
	compile := func(s *definition.Service) *desired.Service {
		res, diags := Compile(Input{Service: s, Level: site.Level("production"), Inventory: loadInventory(t, "production"), Pages: loadPages(t)})
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		return res.Service
	}
	if o := compile(&svc).Ownership; o != nil {
		t.Errorf("no ownership section gave %+v", o)
	}
	svc.Ownership = &definition.Ownership{Adopt: []string{"snippets", "conditions"}, Keep: map[string][]string{"dictionaries": {"waf_*", "Edge_Security"}}}
	got := compile(&svc).Ownership
	want := &desired.Ownership{Adopt: []string{"condition", "snippet"}, Keep: map[string][]string{"dictionary": {"Edge_Security", "waf_*"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ownership = %+v, want %+v", got, want)
	}
}

// TestBackendTLSSettings: a backend's shield, TLS bounds and CA
// certificate reach the desired state; every backend checks the origin's
// certificate (Fastly's default, and what edgectl wants).
func TestBackendTLSSettings(t *testing.T) {
	site := loadSite(t)
	svc := *site.Service("app")
	svc.Backends = slices.Clone(svc.Backends)
	b := &svc.Backends[0]
	b.TLS, b.Shield, b.MinTLSVersion, b.MaxTLSVersion, b.CACertPEM = true, "iad-va-us", "1.2", "1.3", "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n"
	res, diags := Compile(Input{Service: &svc, Level: site.Level("production"), Inventory: loadInventory(t, "production"), Pages: loadPages(t)})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	for _, got := range res.Service.Backends {
		if !got.SSLCheckCert {
			t.Errorf("backend %s does not check the origin's certificate", got.Name)
		}
		if got.Comment != res.Service.Backends[0].Comment {
			continue // another definition backend
		}
		if got.Shield != "iad-va-us" || got.MinTLSVersion != "1.2" || got.MaxTLSVersion != "1.3" || got.SSLCACert != b.CACertPEM {
			t.Errorf("backend %s: shield %q, TLS %q-%q, CA %q", got.Name, got.Shield, got.MinTLSVersion, got.MaxTLSVersion, got.SSLCACert)
		}
	}
}
