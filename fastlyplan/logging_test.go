package fastlyplan

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
)

const (
	tokenOnFastly = "token-on-fastly-s3cr3t"
	tokenLocal    = "token-local-s3cr3t"
)

func salt(port int) desired.Syslog {
	return desired.Syslog{Logging: desired.Logging{Name: "salt", Format: "%h", FormatVersion: 2}, Address: "203.0.113.10", Port: port, MessageType: "classic", Token: &desired.Secret{File: "salt-token"}}
}

// remoteSalt is salt as Fastly answers it: no file name, the token's value.
func remoteSalt(port int) desired.Syslog {
	s := salt(port)
	s.Token = nil
	return s
}

func syslogSide(read bool, secrets map[SecretRef]string, eps ...desired.Syslog) *Config {
	l := Logging{Syslogs: eps, Secrets: secrets}
	if read {
		l.Read = []desired.Kind{desired.KindSyslog}
	}
	return &Config{Logging: l}
}

var saltToken = SecretRef{desired.KindSyslog, "salt", "token"}

// TestCompareLogging: endpoints are compared field by field, credentials by
// value but shown hidden, a credential without its value is a note, and a
// kind the target does not own (or Fastly was not asked for) is left alone.
func TestCompareLogging(t *testing.T) {
	onFastly := map[SecretRef]string{saltToken: tokenOnFastly}
	cases := []struct {
		name            string
		current, target *Config
		want            []string // "action kind name: field old→new"
		note            string
	}{
		{"same", syslogSide(true, onFastly, remoteSalt(49111)), syslogSide(true, map[SecretRef]string{saltToken: tokenOnFastly}, salt(49111)), nil, ""},
		{"port", syslogSide(true, onFastly, remoteSalt(514)), syslogSide(true, onFastly, salt(49111)), []string{"update logging_syslog salt: port 514→49111"}, ""},
		{"token", syslogSide(true, onFastly, remoteSalt(49111)), syslogSide(true, map[SecretRef]string{saltToken: tokenLocal}, salt(49111)), []string{"update logging_syslog salt: token (content hidden)→(content hidden)"}, ""},
		{"token not given", syslogSide(true, onFastly, remoteSalt(49111)), syslogSide(true, map[SecretRef]string{}, salt(49111)), nil, "the credential token of logging_syslog salt was not compared"},
		{"new", syslogSide(true, nil), syslogSide(true, onFastly, salt(49111)), []string{"create logging_syslog salt"}, ""},
		{"drift", syslogSide(true, onFastly, remoteSalt(49111)), syslogSide(true, nil), []string{"delete logging_syslog salt"}, ""},
		{"not owned", syslogSide(true, onFastly, remoteSalt(49111)), syslogSide(false, nil), nil, ""},
		{"not read", syslogSide(false, nil), syslogSide(true, onFastly, salt(49111)), nil, "the logging_syslog endpoints were not read from Fastly"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Compare(c.current, c.target, Labels{})
			var got []string
			for _, ch := range p.Changes {
				s := string(ch.Action) + " " + ch.Kind + " " + ch.Name
				if ch.Action == Update {
					for _, f := range ch.Fields {
						s += ": " + f.Name + " " + formatValue(f.Old) + "→" + formatValue(f.New)
					}
				}
				got = append(got, s)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("changes %q, want %q", got, c.want)
			}
			if notes := strings.Join(p.Notes, "\n"); (c.note == "") != (notes == "") || !strings.Contains(notes, c.note) {
				t.Errorf("notes %q, want %q", notes, c.note)
			}
			assertNoToken(t, p)
		})
	}
}

// assertNoToken fails when a token's value is in the plan's text or JSON.
func assertNoToken(t *testing.T, p *Plan) {
	t.Helper()
	var text, js bytes.Buffer
	if err := Text(&text, []*Plan{p}, false); err != nil {
		t.Fatal(err)
	}
	if err := JSON(&js, []*Plan{p}); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{text.String(), js.String()} {
		if strings.Contains(out, "s3cr3t") {
			t.Errorf("a credential's value is in the output:\n%s", out)
		}
	}
	if p.Count() > 0 && strings.Contains(text.String(), "token") && !strings.Contains(text.String(), "(content hidden)") {
		t.Errorf("a credential is shown without (content hidden):\n%s", text.String())
	}
}

// TestLoggingOperations: a new endpoint is one create carrying its
// credentials, a changed one one update, drift one delete, in an order
// Fastly accepts (endpoints, which refer to conditions, are deleted early
// and created after the objects they may refer to).
func TestLoggingOperations(t *testing.T) {
	https := desired.HTTPS{Logging: desired.Logging{Name: "collector", FormatVersion: 2}, URL: "https://logs.example.net/", Method: "POST"}
	current := &Config{Logging: Logging{Read: []desired.Kind{desired.KindSyslog, desired.KindHTTPS}, HTTPS: []desired.HTTPS{https}}}
	target := syslogSide(true, map[SecretRef]string{saltToken: tokenLocal}, salt(49111))
	target.Logging.Read = append(target.Logging.Read, desired.KindHTTPS)
	ops, err := Compare(current, target, Labels{}).Operations()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, op := range ops {
		got = append(got, op.String())
	}
	if want := []string{"delete logging_https collector", "create logging_syslog salt"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("operations %q, want %q", got, want)
	}
	w, ok := ops[1].Value.(LoggingWrite)
	if !ok || w.Secrets["token"] != tokenLocal || w.Object.(desired.Syslog).Port != 49111 {
		t.Errorf("create carries %+v, want the endpoint and its token", ops[1].Value)
	}
	if b, _ := json.Marshal(Hidden{}); string(b) != `"(content hidden)"` {
		t.Errorf("Hidden marshals to %s", b)
	}
}
