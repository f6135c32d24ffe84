package fastlyfake

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/goldentree"
)

// TestValidate edits the draft of testSeed and validates it: falco must
// resolve what Fastly generates from the objects, and report what is
// wrong. The VCL inputs are in testdata/validate.
func TestValidate(t *testing.T) {
	type step struct{ method, path, form string }
	tests := []struct {
		name  string
		vcls  map[string]string // uploaded VCL name → testdata/validate file
		main  string            // the VCL marked main
		steps []step
		want  string // "" for status ok, else a part of the first error
	}{
		{name: "seeded boilerplate"},
		{name: "no custom VCL: Fastly's own", steps: []step{{"DELETE", "vcl/main", ""}}},
		{
			name: "objects resolved",
			vcls: map[string]string{"app": "uses_objects.vcl", "extra": "extra.vcl"}, main: "app",
			steps: []step{{"POST", "director", "name=pool&type=3"}, {"POST", "director/pool/backend/origin", ""}},
		},
		{name: "undeclared director", vcls: map[string]string{"app": "uses_objects.vcl", "extra": "extra.vcl"}, main: "app", want: "app:9:21: error: Type mismatch"},
		{name: "syntax error", vcls: map[string]string{"app": "syntax.vcl"}, main: "app", want: "app:3:"},
		{name: "undeclared backend", vcls: map[string]string{"app": "undeclared_backend.vcl"}, main: "app", want: "app:3:19: error: Type mismatch"},
		{name: "missing include", vcls: map[string]string{"app": "missing_include.vcl"}, main: "app", want: "absent"},
		{name: "no main VCL", steps: []step{{"PUT", "vcl/main", "main=0"}}, want: "No main VCL"},
		{name: "unknown healthcheck", steps: []step{{"PUT", "backend/origin", "healthcheck=nope"}}, want: "healthcheck nope"},
		{name: "director member not a backend", steps: []step{{"POST", "director", "name=pool"}, {"POST", "director/pool/backend/ghost", ""}}, want: "ghost"},
		{
			name:  "healthcheck probe",
			steps: []step{{"POST", "healthcheck", "name=hc&path=/health&host=www.example.org&headers=[\"X-A: 1\"]"}, {"PUT", "backend/origin", "healthcheck=hc&override_host=www.example.org&use_ssl=1&ssl_cert_hostname=www.example.org"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, u := NewTest(t, Options{}, testSeed)
			c := newClient(t, u)
			sid := testSeed.ID
			if _, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1}); err != nil {
				t.Fatal(err)
			}
			for name, file := range tt.vcls {
				src, err := os.ReadFile(filepath.Join("testdata/validate", file))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := c.CreateVCL(&fastly.CreateVCLInput{ServiceID: sid, ServiceVersion: 2, Name: fastly.ToPointer(name), Content: fastly.ToPointer(string(src))}); err != nil {
					t.Fatal(err)
				}
			}
			if tt.main != "" {
				if _, err := c.ActivateVCL(&fastly.ActivateVCLInput{ServiceID: sid, ServiceVersion: 2, Name: tt.main}); err != nil {
					t.Fatal(err)
				}
			}
			for _, s := range tt.steps {
				form, err := url.ParseQuery(s.form)
				if err != nil {
					t.Fatal(err)
				}
				if s.form == "" && s.method != "PUT" {
					form = nil
				}
				if r := do(t, u, s.method, "/service/"+sid+"/version/2/"+s.path, form); r.status != 200 {
					t.Fatalf("%s %s: %d %s", s.method, s.path, r.status, r.body)
				}
			}
			r := do(t, u, "GET", "/service/"+sid+"/version/2/validate", nil)
			res := r.obj(t)
			status, _ := res["status"].(string)
			msg, _ := res["msg"].(string)
			if tt.want == "" {
				if status != "ok" || res["msg"] != nil {
					t.Fatalf("status %q msg %q, want ok: %s", status, msg, r.body)
				}
			} else if status != "error" || !strings.Contains(msg, tt.want) {
				t.Fatalf("status %q msg %q, want error with %q", status, msg, tt.want)
			}
			for _, k := range []string{"errors", "warnings", "messages"} {
				if _, ok := res[k].([]any); !ok {
					t.Errorf("%s is %T, want an array", k, res[k])
				}
			}

			// Activation validates too: a version that does not compile
			// stays a draft.
			_, err := c.ActivateVersion(&fastly.ActivateVersionInput{ServiceID: sid, ServiceVersion: 2})
			if (err == nil) != (tt.want == "") {
				t.Errorf("activate: %v", err)
			}
			v, _ := c.GetVersion(&fastly.GetVersionInput{ServiceID: sid, ServiceVersion: 2})
			if *v.Active != (tt.want == "") || *v.Locked != (tt.want == "") {
				t.Errorf("after activate: active %v locked %v", *v.Active, *v.Locked)
			}
		})
	}
}

// TestValidateCompiledServices uploads every service edgectl compiles
// (golden/<service>/production, with the files golden/_shared pins once for
// many units put back by goldentree) through go-fastly, as a publish would, and
// checks that the sandbox's falco run accepts it: the generated
// declarations must match what the compiler's local.vcl declares.
func TestValidateCompiledServices(t *testing.T) {
	eachCompiledService(t, func(t *testing.T, _ *Server, c *fastly.Client, svc *desired.Service, _ map[string]string) {
		ok, msg, err := c.ValidateVersion(&fastly.ValidateVersionInput{ServiceID: svc.ServiceID, ServiceVersion: 1})
		if err != nil || !ok {
			t.Fatalf("validate: %v %s", err, msg)
		}
		if _, err := c.ActivateVersion(&fastly.ActivateVersionInput{ServiceID: svc.ServiceID, ServiceVersion: 1}); err != nil {
			t.Fatal(err)
		}
	})
}

// eachCompiledService runs check, in a subtest per service, on a sandbox
// holding that service's golden/<service>/production unit (with the files
// golden/_shared pins once put back by goldentree) published as version 1
// through go-fastly; files are the unit's files by name.
func eachCompiledService(t *testing.T, check func(t *testing.T, s *Server, c *fastly.Client, svc *desired.Service, files map[string]string)) {
	dirs, _ := filepath.Glob("../../golden/*/production")
	if len(dirs) == 0 {
		t.Fatal("no golden/*/production")
	}
	for _, dir := range dirs {
		name := filepath.Base(filepath.Dir(dir))
		t.Run(name, func(t *testing.T) {
			files, err := goldentree.ReadUnit("../../golden", name+"/production")
			if err != nil {
				t.Fatal(err)
			}
			var svc desired.Service
			if err := json.Unmarshal([]byte(files["service.json"]), &svc); err != nil {
				t.Fatal(err)
			}
			s, u := NewTest(t, Options{}, ServiceSeed{ID: svc.ServiceID, Name: svc.Service})
			c := newClient(t, u)
			publish(t, c, &svc, files)
			check(t, s, c, &svc, files)
		})
	}
}

// publish creates the objects of svc in version 1 with go-fastly.
func publish(t *testing.T, c *fastly.Client, svc *desired.Service, files map[string]string) {
	t.Helper()
	sid, v := svc.ServiceID, 1
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	b := func(x bool) *fastly.Compatibool { return fastly.ToPointer(fastly.Compatibool(x)) }
	for _, h := range svc.Healthchecks {
		must(c.CreateHealthCheck(&fastly.CreateHealthCheckInput{ServiceID: sid, ServiceVersion: v, Name: &h.Name, Method: &h.Method, Host: &h.Host, Path: &h.Path, HTTPVersion: &h.HTTPVersion, Timeout: &h.Timeout, CheckInterval: &h.CheckInterval, ExpectedResponse: &h.ExpectedResponse, Window: &h.Window, Threshold: &h.Threshold, Initial: &h.Initial}))
	}
	for _, be := range svc.Backends {
		in := &fastly.CreateBackendInput{ServiceID: sid, ServiceVersion: v, Name: &be.Name, Address: &be.Address, Port: &be.Port, OverrideHost: &be.OverrideHost, UseSSL: b(be.UseSSL), ConnectTimeout: &be.ConnectTimeout, FirstByteTimeout: &be.FirstByteTimeout, BetweenBytesTimeout: &be.BetweenBytesTimeout, MaxConn: &be.MaxConn, ErrorThreshold: &be.ErrorThreshold, AutoLoadbalance: b(be.AutoLoadbalance), Weight: &be.Weight, Comment: &be.Comment}
		if be.Healthcheck != "" {
			in.HealthCheck = &be.Healthcheck
		}
		if be.UseSSL {
			in.SSLCertHostname, in.SSLSNIHostname = &be.SSLCertHostname, &be.SSLSNIHostname
		}
		must(c.CreateBackend(in))
	}
	for _, d := range svc.Directors {
		typ := fastly.DirectorType(d.Type)
		must(c.CreateDirector(&fastly.CreateDirectorInput{ServiceID: sid, ServiceVersion: v, Name: &d.Name, Type: &typ, Quorum: &d.Quorum, Retries: &d.Retries}))
		for _, m := range d.Backends {
			must(c.CreateDirectorBackend(&fastly.CreateDirectorBackendInput{ServiceID: sid, ServiceVersion: v, Director: d.Name, Backend: m}))
		}
	}
	for _, d := range svc.Domains {
		must(c.CreateDomain(&fastly.CreateDomainInput{ServiceID: sid, ServiceVersion: v, Name: &d.Name}))
	}
	for _, d := range svc.Dictionaries {
		dict, err := c.CreateDictionary(&fastly.CreateDictionaryInput{ServiceID: sid, ServiceVersion: v, Name: &d.Name, WriteOnly: b(d.WriteOnly)})
		must(dict, err)
		for k, val := range d.Items {
			must(c.CreateDictionaryItem(&fastly.CreateDictionaryItemInput{ServiceID: sid, DictionaryID: *dict.DictionaryID, ItemKey: &k, ItemValue: &val}))
		}
	}
	for _, a := range svc.ACLs {
		acl, err := c.CreateACL(&fastly.CreateACLInput{ServiceID: sid, ServiceVersion: v, Name: &a.Name})
		must(acl, err)
		for _, e := range a.Entries {
			in := &fastly.CreateACLEntryInput{ServiceID: sid, ACLID: *acl.ACLID, IP: &e.IP, Negated: b(e.Negated)}
			if e.Subnet > 0 {
				in.Subnet = &e.Subnet
			}
			must(c.CreateACLEntry(in))
		}
	}
	for _, f := range svc.VCLs {
		file := f.File
		if f.Private {
			file = "private.vcl" // the placeholder the build writes
		}
		src, ok := files[file]
		if !ok {
			t.Fatalf("golden/ holds no %s", file)
		}
		must(c.CreateVCL(&fastly.CreateVCLInput{ServiceID: sid, ServiceVersion: v, Name: &f.Name, Content: fastly.ToPointer(src), Main: &f.Main}))
	}
	must(c.UpdateSettings(&fastly.UpdateSettingsInput{ServiceID: sid, ServiceVersion: v, DefaultTTL: fastly.ToPointer(uint(svc.Settings.DefaultTTL)), StaleIfError: &svc.Settings.StaleIfError, StaleIfErrorTTL: fastly.ToPointer(uint(svc.Settings.StaleIfErrorTTL))}))
}
