package compiler

import (
	"testing"
	"time"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/definition/yamldec"
)

// TestResolveFillsDefaults: what tracker leaves out (testdata/site) comes
// out of resolve with Fastly's defaults, written here as literals, and the
// loaded definition, shared by every level, keeps its zeros.
func TestResolveFillsDefaults(t *testing.T) {
	svc := loadSite(t).Service("tracker")
	svc.Backends[0].Healthcheck = &definition.Healthcheck{Path: "/"}
	r := resolve(svc, nil)
	b := r.Backends[0]
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"connect_timeout", b.ConnectTimeout.Std(), time.Second},
		{"first_byte_timeout", b.FirstByte.Std(), 15 * time.Second},
		{"between_bytes_timeout", b.BetweenBytes.Std(), 10 * time.Second},
		{"max_conn", b.MaxConn, 200},
		{"healthcheck.method", string(b.Healthcheck.Method), "HEAD"},
		{"healthcheck.expected_response", b.Healthcheck.Expected, 200},
		{"healthcheck.interval", b.Healthcheck.Interval.Std(), 15 * time.Second},
		{"healthcheck.timeout", b.Healthcheck.Timeout.Std(), 5 * time.Second},
		{"healthcheck.window", b.Healthcheck.Window, 5},
		{"healthcheck.threshold", b.Healthcheck.Threshold, 3},
		{"healthcheck.initial", *b.Healthcheck.Initial, 3},
		// tracker's backend has host_header: stats.
		{"healthcheck.host", string(b.Healthcheck.Host), "stats"},
		{"cache.default_ttl", r.Cache.DefaultTTL.Std(), time.Hour},
		{"cache.error_ttl", r.Cache.ErrorTTL.Std(), time.Second},
		{"headers.debug", len(r.Headers.Debug), 7},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	orig := svc.Backends[0]
	if orig.MaxConn != 0 || orig.ConnectTimeout != 0 || orig.Healthcheck.Window != 0 || orig.Healthcheck.Host != "" || svc.Cache.ErrorTTL != 0 || len(svc.Headers.Debug) != 0 {
		t.Errorf("resolve changed the loaded definition: %+v", orig)
	}
}

// TestResolveHealthcheckInitial: a check left without initial starts
// healthy (initial = threshold); "initial: 0", decoded from YAML, starts
// sick and stays 0; resolve gives each check its own value, not the
// threshold's address.
func TestResolveHealthcheckInitial(t *testing.T) {
	for _, tt := range []struct {
		yaml string
		want int
	}{
		{"{path: /, threshold: 2}", 2},
		{"{path: /, threshold: 2, initial: 0}", 0},
		{"{path: /, threshold: 2, initial: 1}", 1},
	} {
		svc := loadSite(t).Service("tracker")
		var h definition.Healthcheck
		if diags := yamldec.Decode("check.yaml", []byte(tt.yaml), &h); diags.HasErrors() {
			t.Fatalf("%s: %v", tt.yaml, diags)
		}
		svc.Backends[0].Healthcheck = &h
		got := resolve(svc, nil).Backends[0].Healthcheck
		if got.Initial == nil || *got.Initial != tt.want {
			t.Errorf("%s: initial %v, want %d", tt.yaml, got.Initial, tt.want)
			continue
		}
		got.Threshold = 5
		if *got.Initial != tt.want {
			t.Errorf("%s: initial follows the threshold", tt.yaml)
		}
	}
}

// TestResolveDirector: resolve gives every role backend a director whose
// type, quorum and retries are final, from the definition's director
// section (decoded here, so that "given as 0" differs from "left out") and
// the number of VMs with the role in the inventory. The role "app" has 3
// VMs in testdata/site's production inventory; with the default timeouts
// (1 s connect, 15 s first byte) 44 retries fit in the 60 s cluster hop,
// so the VMs are the limit.
func TestResolveDirector(t *testing.T) {
	tests := []struct {
		name     string
		director string        // the backend's director section, YAML; "" for none
		connect  time.Duration // the backend's connect_timeout, 0 for the default
		want     definition.Director
	}{
		{"no director section", "", 0, definition.Director{Type: "random", Quorum: 1, Retries: 3}},
		{"hash, defaults", "type: hash", 0, definition.Director{Type: "hash", Quorum: 1, Retries: 3}},
		{"quorum 0 given", "{type: random, quorum: 0}", 0, definition.Director{Type: "random", Quorum: 0, Retries: 3}},
		{"retries above the VMs", "{type: random, retries: 9}", 0, definition.Director{Type: "random", Quorum: 1, Retries: 3}},
		{"retries 0 given", "{type: client, retries: 0, quorum: 50}", 0, definition.Director{Type: "client", Quorum: 50, Retries: 0}},
		// A 20 s connect with the default 15 s first byte: (60-15)/20-1 = 1
		// retry fits in the cluster hop.
		{"cluster hop caps the default", "", 20 * time.Second, definition.Director{Type: "random", Quorum: 1, Retries: 1}},
	}
	inv := loadInventory(t, "production")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := loadSite(t).Service("app")
			b := &svc.Backends[0]
			if b.Role != "app" || b.Director != nil {
				t.Fatalf("testdata/site's app backend changed: %+v", b)
			}
			if tt.director != "" {
				b.Director = &definition.Director{}
				if ds := yamldec.Decode("director.yaml", []byte(tt.director), b.Director); ds.HasErrors() {
					t.Fatal(ds.Err())
				}
			}
			b.ConnectTimeout = definition.Duration(tt.connect)
			d := resolve(svc, inv).Backends[0].Director
			if d == nil {
				t.Fatal("resolve left the role backend without a director")
			}
			if d.Type != tt.want.Type || d.Quorum != tt.want.Quorum || d.Retries != tt.want.Retries {
				t.Errorf("director = {%s %d%% retries %d}, want {%s %d%% retries %d}", d.Type, d.Quorum, d.Retries, tt.want.Type, tt.want.Quorum, tt.want.Retries)
			}
		})
	}
}

// TestProbeHost: a health check without a host probes with the backend's
// host_header, else with the service's first domain, else with none.
func TestProbeHost(t *testing.T) {
	tests := []struct {
		name       string
		hostHeader definition.Hostname
		domains    []definition.Hostname
		want       definition.Hostname
	}{
		{"host_header", "www", []definition.Hostname{"@", "docs"}, "www"},
		{"first domain", "", []definition.Hostname{"docs", "@"}, "docs"},
		{"neither", "", nil, ""},
	}
	for _, tt := range tests {
		if got := probeHost(&definition.Backend{HostHeader: tt.hostHeader}, tt.domains); got != tt.want {
			t.Errorf("%s: probeHost = %q, want %q", tt.name, got, tt.want)
		}
	}
}
