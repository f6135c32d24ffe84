package redact

import (
	"io"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/internal/testtool"
)

// TestRedactor: lines about the private include (by location, or quoting a
// name or fragment only it holds) are reduced to their location; every
// other line is left exactly as it was, whatever it holds.
func TestRedactor(t *testing.T) {
	r := NewRedactor()
	r.AddPrivate("private", testtool.ReadFile(t, "testdata/redact/private.vcl"))
	r.AddPublic(testtool.ReadFile(t, "testdata/redact/main.vcl"))
	for _, tt := range []struct{ in, want string }{
		// falco's warnings as the sandbox and publish print them.
		{`Fastly: warning: private:9:1: warning: Unused subroutine "private_sign_helper_zq" (unused/declaration)`, "Fastly: warning: private:9:1: " + hiddenMessage},
		{`  warning: private:2:3: warning: Variable "x" is unused`, "  warning: private:2:3: " + hiddenMessage},
		// A location elsewhere quoting a private-only name, or a fragment.
		{`main:7:3: error: Subroutine "private_sign_helper_zq" is not defined`, "main:7:3: " + hiddenMessage},
		{`Fastly answered 400: bad value "SECRET-ZQ"`, hiddenMessage},
		{"  detail quoting AKIA-SECRET-ZQ\n", "  " + hiddenMessage + "\n"},
		// Names the public VCL holds too are not secret.
		{`main:7:3: error: Subroutine "private_nowhere" is not defined; call private_recv`, `main:7:3: error: Subroutine "private_nowhere" is not defined; call private_recv`},
		{`main:3:5: set req.http.Authorization`, `main:3:5: set req.http.Authorization`},
		// edgectl's own lines are untouched, JSON included.
		{"edgectl: activated version 2 of www (production)\n", "edgectl: activated version 2 of www (production)\n"},
		{`{"service": "www", "changes": []}`, `{"service": "www", "changes": []}`},
	} {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("%q\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestRedactorWithoutPrivate: without a private include nothing is
// changed, and a one-letter word of it hides nothing.
func TestRedactorShortWords(t *testing.T) {
	r := NewRedactor()
	in := "edgectl: e t: error\n"
	if got := r.String(in); got != in {
		t.Errorf("without a private include: %q", got)
	}
	r.AddPrivate("private", "sub e { }")
	if got := r.String(in); got != in {
		t.Errorf("a one-letter private name hid %q", got)
	}
}

// TestWriterEscapesRemoteText: what reaches stderr through the redactor is
// text from Fastly (validation messages, API errors): its control
// characters are escaped, so a message cannot recolour or erase the screen.
func TestWriterEscapesRemoteText(t *testing.T) {
	var b strings.Builder
	w := NewRedactor().Writer(&b)
	io.WriteString(w, "Fastly: warning: main:3:1: \x1b[2K\x1b[32mall good\x1b[0m\rdone\n")
	want := `Fastly: warning: main:3:1: \x1b[2K\x1b[32mall good\x1b[0m\x0ddone` + "\n"
	if b.String() != want {
		t.Errorf("wrote %q, want %q", b.String(), want)
	}
}

func TestPrivateRemoteContentIsSecret(t *testing.T) {
	in := `{"id": "x", "active_version": {"number": 2, "vcls": [
		{"name": "main", "main": true, "content": "include \"private\";"},
		{"name": "private", "main": false, "content": "set req.http.Authorization = \"AWS KEY:SIG\";\n}"}]}}`
	r, err := fastlyapi.DecodeDetails([]byte(in), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Config.VCLs[1].Private || r.Config.VCLs[0].Private {
		t.Errorf("private flags %+v", r.Config.VCLs)
	}
	red := NewRedactor()
	red.AddConfig(r.Config)
	if got := red.String(`Fastly: main:1:1: unknown "SIG"`); got != "Fastly: main:1:1: "+hiddenMessage {
		t.Errorf("a message quoting the private content read from Fastly: %q", got)
	}
}

// TestRedactorHidesCredentials: a line quoting a logging credential is
// hidden, also in a session without a private include; other lines stay.
func TestRedactorHidesCredentials(t *testing.T) {
	r := NewRedactor()
	r.AddSecret("SYSLOG-TOKEN-44ab")
	for _, tt := range []struct{ in, want string }{
		{`Fastly answered 400: invalid token "SYSLOG-TOKEN-44ab"`, hiddenMessage},
		{"update logging_syslog salt\n", "update logging_syslog salt\n"},
	} {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("%q\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestRedactorPEMArmorIsPublic: a TLS key's armor ("BEGIN PRIVATE KEY")
// is no secret: a line showing a public certificate stays, a line quoting
// the key's body is hidden.
func TestRedactorPEMArmorIsPublic(t *testing.T) {
	r := NewRedactor()
	r.AddSecret("-----BEGIN PRIVATE KEY-----\nMIIJQwIBADANBgkqhkiG9w0BAQEFAASCCS0wggkpAgEAAoICAQCd4jPc\n-----END PRIVATE KEY-----\n")
	for _, tt := range []struct{ in, want string }{
		{"      tls_ca_cert \"-----BEGIN CERTIFICATE-----\\nMIIC\"", "      tls_ca_cert \"-----BEGIN CERTIFICATE-----\\nMIIC\""},
		{"the key MIIJQwIBADANBgkqhkiG9w0BAQEFAASCCS0wggkpAgEAAoICAQCd4jPc is refused", hiddenMessage},
	} {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("%q\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
