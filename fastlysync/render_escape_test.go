package fastlysync

import (
	"bytes"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
)

// hostile is text an API could return: it clears the screen, sets the
// terminal's title, returns the cursor and rings the bell.
const hostile = "\x1b[2J\x1b]0;pwned\a\r"

// TestTextEscapesRemoteText: names, values and VCL read from Fastly are
// printed with control characters escaped, coloured or not.
func TestTextEscapesRemoteText(t *testing.T) {
	_, target := demo(t, true)
	cur := clone(target)
	cur.Backends = append(cur.Backends, desired.Backend{Name: "evil" + hostile, Address: "192.0.2.1" + hostile, Port: 80})
	backend(cur, "app1").Address = "app1" + hostile
	cur.Unmanaged = []Object{{"header", "x" + hostile}}
	cur.VCLs[0].Content = strings.Replace(cur.VCLs[0].Content, "set beresp.ttl = 1h;", "set beresp.ttl = 2h; # "+hostile, 1)
	p := Compare(cur, target, Labels{From: "active version 7", To: "local"})
	p.Service, p.Level, p.ServiceID, p.Version = "demo", "production", "SU1Z0isxPaozGVKXdv0eY"+hostile, 7
	p.Notes = append(p.Notes, "note from "+hostile)

	for _, color := range []bool{false, true} {
		var b bytes.Buffer
		if err := Text(&b, []*Plan{p}, color); err != nil {
			t.Fatal(err)
		}
		out := ansiRE.ReplaceAllString(b.String(), "") // edgectl's own colours
		if strings.ContainsAny(out, "\x1b\a\r") {
			t.Errorf("color=%v: raw control characters reach the terminal:\n%q", color, out)
		}
		for _, want := range []string{
			`- backend evil\x1b[2J\x1b]0;pwned\x07\x0d: on Fastly`,
			`header x\x1b[2J\x1b]0;pwned\x07\x0d`,
			`set beresp.ttl = 2h; # \x1b[2J\x1b]0;pwned\x07\x0d`,
			`SU1Z0isxPaozGVKXdv0eY\x1b[2J\x1b]0;pwned\x07\x0d`,
			`note: note from \x1b[2J`,
		} {
			if !strings.Contains(out, want) {
				t.Errorf("color=%v: output lacks %q:\n%s", color, want, out)
			}
		}
	}
}
