package localserve

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/verify"
)

func TestParseOrigin(t *testing.T) {
	for _, c := range []struct {
		raw, want, err string
	}{
		{raw: "http://127.0.0.1:8000", want: "http://127.0.0.1:8000"},
		{raw: "http://localhost", want: "http://localhost:80"},
		{raw: "https://dev.example/", want: "https://dev.example:443"},
		{raw: "http://[::1]:81", want: "http://[::1]:81"},
		{raw: "127.0.0.1:8000", err: "want an http or https URL"},
		{raw: "ftp://x", err: "want an http or https URL"},
		{raw: "http://", err: "want an http or https URL"},
		{raw: "http://x/wiki", err: "give only scheme, host and port"},
		{raw: "http://u:p@x", err: "give only scheme, host and port"},
	} {
		o, err := ParseOrigin(c.raw)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "--origin")):
			t.Errorf("ParseOrigin(%q) = %v, want an error about --origin with %q", c.raw, err, c.err)
		case c.err == "" && (err != nil || o.String() != c.want):
			t.Errorf("ParseOrigin(%q) = %v, %v, want %s", c.raw, o, err, c.want)
		}
	}
}

// The variant must still be VCL Fastly would accept: falco lints it with
// no error or warning, like every compiled file.
func TestVariantLints(t *testing.T) {
	u := www(t)
	o, _ := ParseOrigin("https://127.0.0.1:8443")
	for _, origin := range []*Origin{nil, o} {
		v, err := NewVariant(UnitFiles(u), u.MaxBackends, origin)
		if err != nil {
			t.Fatal(err)
		}
		findings, err := verify.Lint(v.Files, compiler.LocalName)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range findings {
			if f.Severity != verify.SeverityInfo {
				t.Errorf("origin %v: %s\n%s", origin, f, v.Files[compiler.LocalName])
			}
		}
	}
}

func TestVariantStandsInForDirectorsAndPointsAtTheOrigin(t *testing.T) {
	u := www(t)
	o, _ := ParseOrigin("https://127.0.0.1:8443")
	v, err := NewVariant(UnitFiles(u), u.MaxBackends, o)
	if err != nil {
		t.Fatal(err)
	}
	local := v.Files[compiler.LocalName]
	// www's directors (services/www.yaml): app over the three app VMs,
	// maintenance over the salt master.
	want := []StandIn{{Director: "app", Backend: "F_app1", Members: 3}, {Director: "maintenance", Backend: "F_salt", Members: 1}}
	if len(v.StandIns) != 2 || v.StandIns[0] != want[0] || v.StandIns[1] != want[1] {
		t.Errorf("stand-ins %v, want %v", v.StandIns, want)
	}
	if v.MaxBackends != 12 { // www's max_backends (10) plus the two stand-ins
		t.Errorf("MaxBackends %d, want 12", v.MaxBackends)
	}
	for _, s := range []string{"backend app {\n  .host = \"127.0.0.1\";\n  .port = \"8443\";\n  .ssl = true;\n", "backend maintenance {"} {
		if !strings.Contains(local, s) {
			t.Errorf("variant lacks %q:\n%s", s, local)
		}
	}
	for _, s := range []string{"director ", "203.0.113.", "host_header", "objects.dreamhost.com"} {
		if strings.Contains(local, s) {
			t.Errorf("variant still has %q:\n%s", s, local)
		}
	}
	if v.Files[compiler.MainName] != UnitFiles(u)[compiler.MainName] {
		t.Error("main.vcl changed; only local.vcl may")
	}
}

// Without an origin the backends keep their inventory addresses.
func TestVariantWithoutOriginKeepsTheAddresses(t *testing.T) {
	u := www(t)
	v, err := NewVariant(UnitFiles(u), u.MaxBackends, nil)
	if err != nil {
		t.Fatal(err)
	}
	local := v.Files[compiler.LocalName]
	for _, s := range []string{"backend app {\n  .host = \"203.0.113.11\";", "backend F_objects {\n  .host = \"objects.dreamhost.com\";", `.ssl_sni_hostname = "objects.dreamhost.com";`, "include \"main\";"} {
		if !strings.Contains(local, s) {
			t.Errorf("variant lacks %q:\n%s", s, local)
		}
	}
	if strings.Contains(local, "director ") {
		t.Errorf("variant keeps a director:\n%s", local)
	}
}

func TestVariantRefusesAUnitWithoutLocalVCL(t *testing.T) {
	if _, err := NewVariant(map[string]string{"main": ""}, 5, nil); err == nil || !strings.Contains(err.Error(), "local.vcl") {
		t.Errorf("got %v, want an error naming local.vcl", err)
	}
}
