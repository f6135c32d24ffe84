package compiler

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/definition/yamldec"
	"github.com/webplatform/edgectl/desired"
)

// TestLoggingEndpoints: a syslog endpoint by role gets the public address of
// the level's one VM with the role (as a role backend, Fastly connects from
// the internet), a fixed host stays as written, defaults are Fastly's, and
// a role no VM has, or several have, is an error at the role.
func TestLoggingEndpoints(t *testing.T) {
	site := loadSite(t)
	inv := loadInventory(t, "production")
	cases := []struct {
		name, src string
		want      []desired.Syslog
		err       string
	}{
		{
			name: "role salt",
			src:  "syslog: [{name: salt, address: {role: salt}, port: 49111, token: {private: salt-token}}]",
			want: []desired.Syslog{{
				Logging: desired.Logging{Name: "salt", Format: definition.DefaultLogFormat, FormatVersion: 2},
				Address: "203.0.113.31", Port: 49111, MessageType: "classic", Token: &desired.Secret{File: "salt-token"},
			}},
		},
		{
			name: "fixed host with TLS",
			src:  "syslog: [{name: hosted, address: {host: logs.example.net}, port: 6514, use_tls: true, tls_hostname: logs.example.net, format: '%h %r', placement: none}]",
			want: []desired.Syslog{{
				Logging: desired.Logging{Name: "hosted", Format: "%h %r", FormatVersion: 2, Placement: "none"},
				Address: "logs.example.net", Port: 6514, UseTLS: true, TLSHostname: "logs.example.net", MessageType: "classic",
			}},
		},
		{name: "unknown role", src: "syslog: [{name: salt, address: {role: slat}, port: 49111}]", err: `no VM with role "slat" in the production inventory for logging endpoint "salt"`},
		{name: "role of three VMs", src: "syslog: [{name: app, address: {role: app}, port: 49111}]", err: `3 VMs have role "app"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svc := *site.Service("app")
			svc.Logging = &definition.Logging{}
			if diags := yamldec.Decode("logging.yaml", []byte(c.src), svc.Logging); diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			res, diags := Compile(Input{Service: &svc, Level: site.Level("production"), Inventory: inv, Pages: loadPages(t)})
			if c.err != "" {
				if !diags.HasErrors() || !strings.Contains(diags.Err().Error(), c.err) || !strings.Contains(diags.Err().Error(), "logging.yaml:1:") {
					t.Fatalf("diagnostics %v, want an error at logging.yaml containing %q", diags.Err(), c.err)
				}
				return
			}
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			if got := res.Service.Syslogs; !reflect.DeepEqual(got, c.want) {
				t.Errorf("syslogs\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// TestLoggingLevelValues: a level's values replace the endpoint's address
// and port at that level only.
func TestLoggingLevelValues(t *testing.T) {
	site := loadSite(t)
	svc := *site.Service("app")
	svc.Logging = &definition.Logging{}
	if diags := yamldec.Decode("logging.yaml", []byte("syslog: [{name: salt, address: {role: salt}, port: 49111}]"), svc.Logging); diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	lv := &definition.LevelValues{}
	if diags := yamldec.Decode("levels.yaml", []byte("logging: {salt: {address: {host: logs.example.net}, port: 514}}"), lv); diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	svc.Levels = map[string]*definition.LevelValues{"staging": lv}
	for level, want := range map[string]string{"production": "203.0.113.31:49111", "staging": "logs.example.net:514"} {
		res, diags := Compile(Input{Service: &svc, Level: site.Level(level), Inventory: loadInventory(t, level), Pages: loadPages(t)})
		if diags.HasErrors() {
			t.Fatal(diags.Err())
		}
		if s := res.Service.Syslogs[0]; s.Address+":"+strconv.Itoa(s.Port) != want {
			t.Errorf("%s: %s:%d, want %s", level, s.Address, s.Port, want)
		}
	}
}
