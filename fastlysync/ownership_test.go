package fastlysync

import (
	"slices"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

// webUISetup adds, through go-fastly as the web UI would, one object of
// each kind the demo definition does not declare, on a new active version
// 2: a snippet, a header, a condition, an ACL and a dictionary Fastly
// manages (the demo declares its settings dictionary, so it owns the kind).
func webUISetup(t *testing.T, sb *fastlyfake.Server) {
	t.Helper()
	fc := fastlytest.GoFastly(t, sb)
	sid := fastlytest.DemoID
	v, err := fc.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1})
	if err != nil {
		t.Fatal(err)
	}
	n := *v.Number
	for what, err := range map[string]error{
		"condition": second(fc.CreateCondition(&fastly.CreateConditionInput{ServiceID: sid, ServiceVersion: n, Name: fastly.ToPointer("is-api"),
			Type: fastly.ToPointer("REQUEST"), Statement: fastly.ToPointer(`req.url ~ "^/api/"`)})),
		"header": second(fc.CreateHeader(&fastly.CreateHeaderInput{ServiceID: sid, ServiceVersion: n, Name: fastly.ToPointer("served-by"),
			Action: fastly.ToPointer(fastly.HeaderActionSet), Type: fastly.ToPointer(fastly.HeaderTypeResponse),
			Destination: fastly.ToPointer("http.X-Served-By"), Source: fastly.ToPointer("server.identity")})),
		"snippet": second(fc.CreateSnippet(&fastly.CreateSnippetInput{ServiceID: sid, ServiceVersion: n, Name: fastly.ToPointer("ngwaf_recv"),
			Type: fastly.ToPointer(fastly.SnippetTypeRecv), Content: fastly.ToPointer("# waf\n")})),
		"acl":        second(fc.CreateACL(&fastly.CreateACLInput{ServiceID: sid, ServiceVersion: n, Name: fastly.ToPointer("office")})),
		"dictionary": second(fc.CreateDictionary(&fastly.CreateDictionaryInput{ServiceID: sid, ServiceVersion: n, Name: fastly.ToPointer("Edge_Security")})),
	} {
		if err != nil {
			t.Fatalf("create %s: %v", what, err)
		}
	}
	if _, err := fc.ActivateVersion(&fastly.ActivateVersionInput{ServiceID: sid, ServiceVersion: n}); err != nil {
		t.Fatal(err)
	}
}

func second[T any](_ T, err error) error { return err }

// objectsOf lists a remote version's objects of the web UI's kinds, ACLs
// and dictionaries, as "kind name".
func objectsOf(t *testing.T, c *fastlyapi.Client) []string {
	t.Helper()
	r := mustRead(t, c)
	var out []string
	for _, o := range append(r.Config.WebUIObjects(), r.Config.Unmanaged...) {
		out = append(out, o.Kind+" "+o.Name)
	}
	for _, d := range r.Config.Dictionaries {
		out = append(out, "dictionary "+d.Name)
	}
	for _, a := range r.Config.ACLs {
		out = append(out, "acl "+a.Name)
	}
	slices.Sort(out)
	return out
}

// TestPublishLeavesWhatItDoesNotOwn: objects made in the web UI survive a
// publish of a definition that does not declare their kind (and a kept
// dictionary of an owned kind survives); an adopted kind's objects go.
func TestPublishLeavesWhatItDoesNotOwn(t *testing.T) {
	sb, c := fastlytest.NewSandbox(t)
	webUISetup(t, sb)
	all := []string{"acl office", "condition is-api", "dictionary Edge_Security", "header served-by", "snippet ngwaf_recv"}
	if got := objectsOf(t, c); !slices.Equal(got, all) {
		t.Fatalf("web UI setup: %q", got)
	}

	d, _ := fastlytest.Demo(t, true)
	d.Service.Ownership = &desired.Ownership{Keep: map[desired.Kind][]string{desired.KindDictionary: {"Edge_*"}}}
	target, err := d.Config()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := publish(c, target, 2, nil); err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(all), "dictionary edgectl_settings")
	slices.Sort(want)
	if got := objectsOf(t, c); !slices.Equal(got, want) {
		t.Errorf("after a publish that owns none of them: %q, want %q", got, want)
	}
	mustHold(t, c, target)

	// Adopting snippets and headers removes them, and nothing else.
	d.Service.Ownership.Adopt = []desired.Kind{desired.KindHeader, desired.KindSnippet}
	if target, err = d.Config(); err != nil {
		t.Fatal(err)
	}
	sb.ResetRequests()
	if _, err := publish(c, target, 3, nil); err != nil {
		t.Fatal(err)
	}
	want = []string{"acl office", "condition is-api", "dictionary Edge_Security", "dictionary edgectl_settings"}
	if got := objectsOf(t, c); !slices.Equal(got, want) {
		t.Errorf("after adopting headers and snippets: %q, want %q", got, want)
	}
	wantWrites := []string{"PUT /clone", "PUT ", "DELETE /header/{name}", "DELETE /snippet/{name}", "PUT /activate"}
	if got := fastlytest.Writes(sb); !slices.Equal(got, wantWrites) {
		t.Errorf("writes %q, want %q", got, wantWrites)
	}
}

// TestPublishWebUIKinds: declared objects of the web UI's kinds are
// created by publish and then compare equal; a change of a dynamic
// snippet's content alone is written outside any version: no clone, no
// activation, the active version stays.
func TestPublishWebUIKinds(t *testing.T) {
	sb, c := fastlytest.NewSandbox(t)
	d, _ := fastlytest.Demo(t, true)
	fastlytest.DeclareWebUI(d.Service)
	target, err := d.Config()
	if err != nil {
		t.Fatal(err)
	}
	sb.ResetRequests()
	res, err := publish(c, target, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Clone, comment and activation, and one write per changed object:
	// the 7 of the web UI's kinds, and 13 for the demo's own objects over
	// its web-UI version 1 (measured: 23 writes, 29 requests).
	if n := len(fastlytest.Writes(sb)); n != 23 {
		t.Errorf("first publish: %d writes, want 23: %v", n, fastlyfake.CountLines(sb.Counts()))
	}
	sb.ResetRequests()
	mustHold(t, c, target)
	// Reading it back: the details, and the content of its one dynamic
	// snippet.
	if n := len(sb.Requests()); n != 2 {
		t.Errorf("reading a version with one dynamic snippet took %d requests, want 2: %v", n, fastlyfake.CountLines(sb.Counts()))
	}

	d.Service.Snippets[1].Content = "if (client.ip == \"192.0.2.1\") { error 403; }\n"
	if target, err = d.Config(); err != nil {
		t.Fatal(err)
	}
	sb.ResetRequests()
	again, err := publish(c, target, res.Version, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fastlytest.Writes(sb), []string{"PUT /service/{service_id}/snippet/{snippet_id}"}; !slices.Equal(got, want) {
		t.Errorf("writes %q, want %q", got, want)
	}
	if !again.Versionless || again.Version != res.Version {
		t.Errorf("result %+v: want the versionless write, version %d still active", again, res.Version)
	}
	mustHold(t, c, target)
}

// TestBackendDriftFromWebUI: backend fields changed in the web UI (through
// go-fastly, on a new active version) show in the comparison field by
// field, the client key as changed with its content hidden; publish puts
// the definition's values back.
func TestBackendDriftFromWebUI(t *testing.T) {
	sb, c, target := publishedDemo(t)
	fc := fastlytest.GoFastly(t, sb)
	sid := fastlytest.DemoID
	v, err := fc.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: mustRead(t, c).ActiveVersion})
	if err != nil {
		t.Fatal(err)
	}
	const key = "-----BEGIN PRIVATE KEY-----\nWEB-UI-SECRET\n-----END PRIVATE KEY-----\n"
	if _, err := fc.UpdateBackend(&fastly.UpdateBackendInput{ServiceID: sid, ServiceVersion: *v.Number, Name: "objects",
		Shield: fastly.ToPointer("iad-va-us"), MinTLSVersion: fastly.ToPointer("1.0"), MaxTLSVersion: fastly.ToPointer("1.2"),
		SSLCACert:     fastly.ToPointer("-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n"),
		SSLClientCert: fastly.ToPointer("-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n"), SSLClientKey: fastly.ToPointer(key),
		SSLSNIHostname: fastly.ToPointer("elsewhere.example.net"), SSLCheckCert: fastly.ToPointer(fastly.Compatibool(false))}); err != nil {
		t.Fatal(err)
	}
	if _, err := fc.ActivateVersion(&fastly.ActivateVersionInput{ServiceID: sid, ServiceVersion: *v.Number}); err != nil {
		t.Fatal(err)
	}
	p := fastlyplan.Compare(mustRead(t, c).Config, target, fastlyplan.Labels{})
	var fields []string
	for _, ch := range p.Changes {
		for _, f := range ch.Fields {
			fields = append(fields, ch.Kind+" "+ch.Name+" "+f.Name)
			if f.Name == "ssl_client_key" && (f.Old != (fastlyplan.Hidden{}) || f.New != "") {
				t.Errorf("client key field %+v: want hidden → none", f)
			}
		}
	}
	want := []string{"backend objects ssl_sni_hostname", "backend objects ssl_check_cert", "backend objects ssl_ca_cert", "backend objects min_tls_version",
		"backend objects max_tls_version", "backend objects shield", "backend objects ssl_client_cert", "backend objects ssl_client_key"}
	if !slices.Equal(fields, want) {
		t.Errorf("changed fields %q, want %q", fields, want)
	}
	if _, err := publish(c, target, *v.Number, nil); err != nil {
		t.Fatal(err)
	}
	mustHold(t, c, target)
}
