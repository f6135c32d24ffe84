package fastlysync

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/fastlytest"
	"github.com/webplatform/edgectl/pipeline"
)

func TestMsDuration(t *testing.T) {
	for ms, want := range map[int]string{
		0: "", 1: "1ms", 1500: "1500ms", 1000: "1s", 15000: "15s", 60000: "1m", 90000: "90s",
		3600000: "1h", 5400000: "90m", 86400000: "1d", 604800000: "1w", 1209600000: "2w", 172800000: "2d",
	} {
		if got := msDuration(ms); got != want {
			t.Errorf("msDuration(%d) = %q, want %q", ms, got, want)
		}
	}
}

// importedYAML is the part of services/NAME.yaml the tests read back.
type importedYAML struct {
	Description    string            `yaml:"description"`
	ServiceIDs     map[string]string `yaml:"service_ids"`
	Domains        []string          `yaml:"domains"`
	PrivateInclude bool              `yaml:"private_include"`
	Backends       []struct {
		Name           string `yaml:"name"`
		Address        string `yaml:"address"`
		Port           int    `yaml:"port"`
		TLS            bool   `yaml:"tls"`
		CertHostname   string `yaml:"cert_hostname"`
		ConnectTimeout string `yaml:"connect_timeout"`
		FirstByte      string `yaml:"first_byte_timeout"`
		MaxConn        int    `yaml:"max_conn"`
		Shield         string `yaml:"shield"`
		MinTLSVersion  string `yaml:"min_tls_version"`
		Healthcheck    *struct {
			Path     string `yaml:"path"`
			Interval string `yaml:"interval"`
			Window   int    `yaml:"window"`
		} `yaml:"healthcheck"`
	} `yaml:"backends"`
	Cache *struct {
		DefaultTTL   string `yaml:"default_ttl"`
		StaleIfError string `yaml:"stale_if_error"`
	} `yaml:"cache"`
	RawVCL struct {
		Main              string   `yaml:"main"`
		Includes          []string `yaml:"includes"`
		MaintenanceSwitch bool     `yaml:"maintenance_switch"`
	} `yaml:"raw_vcl"`
}

func readImported(t *testing.T, imp *Imported, name string) importedYAML {
	t.Helper()
	var y importedYAML
	if err := yaml.Unmarshal([]byte(imp.Files["services/"+name+".yaml"]), &y); err != nil {
		t.Fatal(err)
	}
	return y
}

// TestImportWebUIService imports the demo service as the web UI left it.
func TestImportWebUIService(t *testing.T) {
	_, c := fastlytest.NewSandbox(t)
	r, err := c.Details(fastlytest.DemoID, 0)
	if err != nil {
		t.Fatal(err)
	}
	imp, err := Import(r, ImportOptions{Name: "legacy", ServiceIDs: fastlytest.ServiceIDs})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"services/legacy.yaml", "vcl/legacy/main.vcl"}; !slices.Equal(slices.Sorted(maps.Keys(imp.Files)), want) {
		t.Errorf("files %v, want %v", slices.Sorted(maps.Keys(imp.Files)), want)
	}
	if imp.Files["vcl/legacy/main.vcl"] != fastlyfake.Boilerplate {
		t.Error("main.vcl is not the service's VCL")
	}
	if len(imp.Warnings) != 0 {
		t.Errorf("warnings %q", imp.Warnings)
	}
	y := readImported(t, imp, "legacy")
	if y.RawVCL.Main != "vcl/legacy/main.vcl" || len(y.RawVCL.Includes) != 0 || y.PrivateInclude || y.Cache != nil {
		t.Errorf("raw_vcl %+v, private %v, cache %+v", y.RawVCL, y.PrivateInclude, y.Cache)
	}
	if !slices.Equal(y.Domains, []string{"demo.webplatform.org"}) || len(y.ServiceIDs) != 3 || y.ServiceIDs["production"] != fastlytest.DemoID {
		t.Errorf("domains %v, ids %v", y.Domains, y.ServiceIDs)
	}
	if len(y.Backends) != 1 {
		t.Fatalf("backends %+v", y.Backends)
	}
	b := y.Backends[0]
	if b.Name != "app1" || b.Address != "203.0.113.11" || b.Port != 80 || b.TLS || b.MaxConn != 0 {
		t.Errorf("backend %+v", b)
	}
}

// TestImportFull imports every feature the definition can express, and
// reports the others.
func TestImportFull(t *testing.T) {
	_, c := fastlytest.Demo(t, true)
	r := &fastlyapi.Remote{ServiceID: fastlytest.DemoID, Name: "demo", Version: 7, ActiveVersion: 7, Config: fastlytest.Clone(c)}
	cfg := r.Config
	cfg.Settings = desired.Settings{DefaultTTL: 86400, StaleIfError: true, StaleIfErrorTTL: 21600, DefaultHost: "example.com"}
	fastlytest.Backend(cfg, "app1").ConnectTimeout = 1500
	fastlytest.Backend(cfg, "objects").Shield = "iad-va-us"
	fastlytest.Backend(cfg, "objects").MinTLSVersion = "1.2"
	fastlytest.Backend(cfg, "objects").SSLClientCert = "-----BEGIN CERTIFICATE-----"
	cfg.Unmanaged = []fastlyplan.Object{{Kind: "condition", Name: "is-api"}}
	cfg.Gzips = []desired.Gzip{{Name: "g"}}
	cfg.Dictionaries = append(cfg.Dictionaries, desired.Dictionary{Name: "redirects", Items: map[string]string{"/old": "/new"}})
	imp, err := Import(r, ImportOptions{Name: "demo", ServiceIDs: fastlytest.ServiceIDs})
	if err != nil {
		t.Fatal(err)
	}
	y := readImported(t, imp, "demo")
	// edgectl's own settings dictionary is declared by the raw VCL.
	if !y.PrivateInclude || y.RawVCL.Main != "vcl/demo/main.vcl" || !slices.Equal(y.RawVCL.Includes, []string{"vcl/demo/errors.vcl"}) || !y.RawVCL.MaintenanceSwitch {
		t.Errorf("private %v raw_vcl %+v", y.PrivateInclude, y.RawVCL)
	}
	if y.Cache == nil || y.Cache.DefaultTTL != "1d" || y.Cache.StaleIfError != "6h" {
		t.Errorf("cache %+v", y.Cache)
	}
	a := y.Backends[0]
	if a.ConnectTimeout != "1500ms" || a.FirstByte != "15s" || a.Healthcheck == nil || a.Healthcheck.Path != "/" || a.Healthcheck.Interval != "15s" || a.Healthcheck.Window != 5 {
		t.Errorf("backend app1 %+v", a)
	}
	if o := y.Backends[2]; o.Name != "objects" || !o.TLS || o.CertHostname != "objects.dreamhost.com" || o.Healthcheck != nil || o.Shield != "iad-va-us" || o.MinTLSVersion != "1.2" {
		t.Errorf("backend objects %+v", o)
	}
	for _, want := range []string{
		"condition is-api is not imported",
		"director app is not imported",
		"gzip g is not imported",
		`general.default_host "example.com" is not imported`,
		"backend objects: ssl_client_cert is not imported",
	} {
		if !slices.ContainsFunc(imp.Warnings, func(w string) bool { return strings.Contains(w, want) }) {
			t.Errorf("warnings %q lack %q", imp.Warnings, want)
		}
	}
	// A dictionary other than edgectl's own is declared with its items,
	// so that diff compares them and raw VCL naming it compiles.
	if !strings.Contains(imp.Files["services/demo.yaml"], "dictionaries:\n  - name: redirects\n    items:\n      /old: /new\n") {
		t.Errorf("the redirects dictionary is not declared with its items:\n%s", imp.Files["services/demo.yaml"])
	}
	for path, content := range imp.Files {
		if strings.Contains(content, "PRIVATE") || strings.Contains(path, "private") {
			t.Errorf("%s holds the private include", path)
		}
	}
	again, _ := Import(r, ImportOptions{Name: "demo", ServiceIDs: fastlytest.ServiceIDs})
	if again.Files["services/demo.yaml"] != imp.Files["services/demo.yaml"] {
		t.Error("two imports of the same service differ")
	}
}

func TestImportRefuses(t *testing.T) {
	recorded := fastlytest.ReadDetails(t, "recorded-shapes.json", 0)
	_, c := fastlytest.Demo(t, true)
	noMain := fastlytest.Clone(c)
	noMain.VCLs[0].Main = false
	badVCL := fastlytest.Clone(c)
	badVCL.VCLs[1].Name = "../escape"
	for _, x := range []struct {
		cfg  *fastlyplan.Config
		want string
	}{
		{recorded.Config, `backend "test-backend": a definition backend name is`},
		{noMain, "has 0 main VCLs"},
		{badVCL, `vcl "../escape": the name cannot be a file name`},
		{&fastlyplan.Config{}, "has no backend"},
	} {
		_, err := Import(&fastlyapi.Remote{ServiceID: "x", Config: x.cfg}, ImportOptions{Name: "demo", ServiceIDs: fastlytest.ServiceIDs})
		if err == nil || !strings.Contains(err.Error(), x.want) {
			t.Errorf("error %v, want %q", err, x.want)
		}
	}
}

// TestImportRoundTripsThroughCompiler: the service objects import writes
// (domains, backends, health checks, settings) compile, with the real
// definition loader and compiler, into exactly the objects on Fastly, with
// the custom VCL kept as raw_vcl files.
func TestImportRoundTripsThroughCompiler(t *testing.T) {
	_, c := fastlytest.Demo(t, true)
	remote := fastlytest.Clone(c)
	remote.Directors, remote.Dictionaries = nil, nil
	// One health check per backend, named after it, as the compiler makes them.
	hc := remote.Healthchecks[0]
	remote.Healthchecks = nil
	for i := range remote.Backends {
		b := &remote.Backends[i]
		if b.UseSSL {
			continue
		}
		h := hc
		h.Name, b.Healthcheck = b.Name, b.Name
		if b.Name == "app2" {
			// Starts sick: initial 0 is a value, not "unset" (the
			// definition's default is the threshold).
			h.Initial = 0
		}
		remote.Healthchecks = append(remote.Healthchecks, h)
	}
	fastlytest.Backend(remote, "app2").ConnectTimeout = 1500
	fastlytest.Backend(remote, "app2").MaxConn = 600
	fastlytest.Backend(remote, "objects").ErrorThreshold = 3
	remote.Settings = desired.Settings{DefaultTTL: 86400, StaleIfError: true, StaleIfErrorTTL: 21600}
	r := &fastlyapi.Remote{ServiceID: fastlytest.DemoID, Name: "demo", Version: 3, ActiveVersion: 3, Config: remote}
	imp, err := Import(r, ImportOptions{Name: "legacy", ServiceIDs: fastlytest.ServiceIDs})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Warnings) != 0 {
		t.Fatalf("warnings %q", imp.Warnings)
	}

	root := t.TempDir()
	for _, dir := range []string{"errors", "fleet/inventory"} {
		if err := os.CopyFS(filepath.Join(root, dir), os.DirFS(filepath.Join("..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	levels, err := os.ReadFile("../levels.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{"levels.yaml": string(levels)}
	for path, content := range imp.Files {
		files[path] = content
	}
	for path, content := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(root, path)), 0o755)
		if err := os.WriteFile(filepath.Join(root, path), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, diags := pipeline.Run(pipeline.Options{Root: root, Levels: []string{"production"}, SkipLint: true})
	if diags.HasErrors() {
		t.Fatalf("the imported definition does not compile:\n%v", diags)
	}
	s := out.Units[0].Result.Service
	compiled := &fastlyplan.Config{Domains: s.Domains, Backends: s.Backends, Healthchecks: s.Healthchecks, Directors: s.Directors,
		Gzips: s.Gzips, Settings: s.Settings, Dictionaries: s.Dictionaries}
	objects := fastlytest.Clone(remote)
	objects.VCLs = nil
	if p := fastlyplan.Compare(objects, compiled, fastlyplan.Labels{}); !p.Empty() {
		t.Errorf("the compiled import differs from Fastly: %v", fastlytest.Summary(p))
	}
	if s.ServiceID != fastlytest.DemoID {
		t.Errorf("service ID %s", s.ServiceID)
	}
}

// TestImportWarnsClusterHop: a web-UI backend whose timeouts exceed Fastly's
// 60 s between cluster nodes is imported as it is, with a warning, since
// edgectl's validation refuses it until the timeouts are lowered.
func TestImportWarnsClusterHop(t *testing.T) {
	_, c := fastlytest.Demo(t, true)
	r := &fastlyapi.Remote{ServiceID: fastlytest.DemoID, Name: "demo", Version: 7, ActiveVersion: 7, Config: fastlytest.Clone(c)}
	fastlytest.Backend(r.Config, "app1").ConnectTimeout = 34000
	fastlytest.Backend(r.Config, "app1").FirstByteTimeout = 34000
	imp, err := Import(r, ImportOptions{Name: "demo", ServiceIDs: fastlytest.ServiceIDs})
	if err != nil {
		t.Fatal(err)
	}
	want := "backend app1: connect_timeout 34000 ms + first_byte_timeout 34000 ms exceed Fastly's 60 s between cluster nodes"
	if !slices.ContainsFunc(imp.Warnings, func(w string) bool { return strings.Contains(w, want) }) {
		t.Errorf("warnings %q lack %q", imp.Warnings, want)
	}
}

// TestImportLevels: what differs at another level is written under
// levels:, relative to that level's TLD; backends that differ by name are
// refused.
func TestImportLevels(t *testing.T) {
	_, c := fastlytest.Demo(t, false)
	base := fastlytest.Clone(c)
	base.Domains = []desired.Domain{{Name: "demo.webplatform.org"}}
	base.Settings = desired.Settings{DefaultTTL: 3600, StaleIfError: true, StaleIfErrorTTL: 21600}
	same := fastlytest.Clone(base)
	same.Domains = []desired.Domain{{Name: "demo.webplatformstaging.org"}}
	// Host headers under the level's TLD are written relative to it, as
	// domains are: the same "demo" at every level.
	fastlytest.Backend(same, "app1").OverrideHost = "demo.webplatformstaging.org"
	fastlytest.Backend(same, "app2").OverrideHost = "demo.webplatformstaging.org"
	other := fastlytest.Clone(base)
	other.Domains = []desired.Domain{{Name: "demo-test.example.net"}}
	fastlytest.Backend(other, "app1").Address = "192.0.2.50"
	fastlytest.Backend(other, "app1").Port = 8080
	other.Settings = desired.Settings{DefaultTTL: 60}
	other.VCLs[0].Content += "# workbench\n"
	opts := ImportOptions{Name: "demo", ServiceIDs: fastlytest.ServiceIDs, Level: "production",
		TLDs:   map[string]string{"production": "webplatform.org", "staging": "webplatformstaging.org", "workbench": "webplatform.local"},
		Others: map[string]*fastlyapi.Remote{"staging": {ServiceID: "S", Config: same}, "workbench": {ServiceID: "W", Config: other}}}
	imp, err := Import(&fastlyapi.Remote{ServiceID: fastlytest.DemoID, Config: base}, opts)
	if err != nil {
		t.Fatal(err)
	}
	var y struct {
		Domains []string `yaml:"domains"`
		Levels  map[string]struct {
			Domains  []string `yaml:"domains"`
			Backends map[string]struct {
				Address    string `yaml:"address"`
				Port       int    `yaml:"port"`
				HostHeader string `yaml:"host_header"`
			} `yaml:"backends"`
			Cache struct {
				DefaultTTL   string `yaml:"default_ttl"`
				StaleIfError string `yaml:"stale_if_error"`
			} `yaml:"cache"`
			RawVCL struct {
				Main     string   `yaml:"main"`
				Includes []string `yaml:"includes"`
			} `yaml:"raw_vcl"`
		} `yaml:"levels"`
	}
	if err := yaml.Unmarshal([]byte(imp.Files["services/demo.yaml"]), &y); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(y.Domains, []string{"demo"}) {
		t.Errorf("domains %v, want [demo] (relative to the TLD)", y.Domains)
	}
	if _, ok := y.Levels["staging"]; ok {
		t.Errorf("staging differs only by its TLD, yet has values: %+v", y.Levels["staging"])
	}
	wb := y.Levels["workbench"]
	// Workbench keeps the production host name, not under its TLD.
	if !slices.Equal(wb.Domains, []string{"demo-test.example.net"}) || wb.Backends["app1"].Address != "192.0.2.50" || wb.Backends["app1"].Port != 8080 ||
		len(wb.Backends) != 2 || wb.Backends["app2"].HostHeader != "demo.webplatform.org" || wb.Backends["app2"].Address != "" || wb.Cache.DefaultTTL != "1m" || wb.Cache.StaleIfError != "0s" {
		t.Errorf("workbench %+v", wb)
	}
	// The VCL that differs at workbench is its own file; the others are
	// the service's.
	if wb.RawVCL.Main != "vcl/demo/workbench/main.vcl" || !slices.Equal(wb.RawVCL.Includes, []string{"vcl/demo/errors.vcl"}) ||
		imp.Files["vcl/demo/workbench/main.vcl"] != other.VCLs[0].Content || imp.Files["vcl/demo/main.vcl"] != base.VCLs[0].Content {
		t.Errorf("workbench raw_vcl %+v, files %v", wb.RawVCL, slices.Sorted(maps.Keys(imp.Files)))
	}
	if slices.ContainsFunc(imp.Warnings, func(w string) bool { return strings.Contains(w, "VCL differs") }) {
		t.Errorf("warnings %q", imp.Warnings)
	}

	renamed := fastlytest.Clone(base)
	renamed.Backends[0].Name = "origin"
	opts.Others = map[string]*fastlyapi.Remote{"staging": {ServiceID: "S", Config: renamed}}
	if _, err := Import(&fastlyapi.Remote{ServiceID: fastlytest.DemoID, Config: base}, opts); err == nil || !strings.Contains(err.Error(), "the backends at level staging") {
		t.Errorf("renamed backend: %v", err)
	}
}

// TestImportLevelLogging: what differs in a logging endpoint at another
// level (a syslog address and port, an HTTPS URL, an S3 bucket) is written
// under that level with that level's values; the same values are not.
func TestImportLevelLogging(t *testing.T) {
	_, c := fastlytest.Demo(t, false)
	base := fastlytest.Clone(c)
	common := func(name string) desired.Logging { return desired.Logging{Name: name, FormatVersion: 2} }
	base.Logging = fastlyplan.Logging{
		Syslogs: []desired.Syslog{{Logging: common("salt"), Address: "192.0.2.10", Port: 514, MessageType: "classic"}},
		HTTPS:   []desired.HTTPS{{Logging: common("collector"), URL: "https://logs.example.net/a", Method: "POST"}},
		S3s:     []desired.S3{{Logging: common("archive"), BucketName: "logs-a", Domain: "objects.example.net", Period: 3600}},
	}
	for _, tc := range []struct {
		name   string
		change func(*fastlyplan.Logging)
		want   map[string]map[string]any // by endpoint, its values at the level
	}{
		{"same", func(*fastlyplan.Logging) {}, nil},
		{"syslog address", func(l *fastlyplan.Logging) { l.Syslogs[0].Address = "198.51.100.7" },
			map[string]map[string]any{"salt": {"address": map[string]any{"host": "198.51.100.7"}}}},
		{"syslog port", func(l *fastlyplan.Logging) { l.Syslogs[0].Port = 6514 },
			map[string]map[string]any{"salt": {"port": 6514}}},
		{"https url and s3 bucket", func(l *fastlyplan.Logging) {
			l.HTTPS[0].URL = "https://logs.example.net/b"
			l.S3s[0].BucketName = "logs-b"
		}, map[string]map[string]any{"collector": {"url": "https://logs.example.net/b"}, "archive": {"bucket": "logs-b"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			other := fastlytest.Clone(base)
			other.Logging.Syslogs = slices.Clone(base.Logging.Syslogs)
			other.Logging.HTTPS = slices.Clone(base.Logging.HTTPS)
			other.Logging.S3s = slices.Clone(base.Logging.S3s)
			tc.change(&other.Logging)
			opts := ImportOptions{Name: "demo", ServiceIDs: fastlytest.ServiceIDs, Level: "production",
				Others: map[string]*fastlyapi.Remote{"staging": {ServiceID: "S", Config: other}}}
			imp, err := Import(&fastlyapi.Remote{ServiceID: fastlytest.DemoID, Config: base}, opts)
			if err != nil {
				t.Fatal(err)
			}
			var y struct {
				Levels map[string]struct {
					Logging map[string]map[string]any `yaml:"logging"`
				} `yaml:"levels"`
			}
			if err := yaml.Unmarshal([]byte(imp.Files["services/demo.yaml"]), &y); err != nil {
				t.Fatal(err)
			}
			if got := y.Levels["staging"].Logging; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("staging logging %v, want %v\n%s", got, tc.want, imp.Files["services/demo.yaml"])
			}
		})
	}
}
