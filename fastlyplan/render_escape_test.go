package fastlyplan_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlytest"
	"github.com/webplatform/edgectl/internal/testtool"
)

// TestTextEscapesRemoteText: names, values and VCL read from Fastly are
// printed with control characters escaped, coloured or not.
func TestTextEscapesRemoteText(t *testing.T) {
	_, target := fastlytest.Demo(t, true)
	cur := fastlytest.Clone(target)
	cur.Backends = append(cur.Backends, desired.Backend{Name: "evil" + fastlytest.Hostile, Address: "192.0.2.1" + fastlytest.Hostile, Port: 80})
	fastlytest.Backend(cur, "app1").Address = "app1" + fastlytest.Hostile
	cur.Unmanaged = []fastlyplan.Object{{"header", "x" + fastlytest.Hostile}}
	cur.VCLs[0].Content = strings.Replace(cur.VCLs[0].Content, "set beresp.ttl = 1h;", "set beresp.ttl = 2h; # "+fastlytest.Hostile, 1)
	p := fastlyplan.Compare(cur, target, fastlyplan.Labels{From: "active version 7", To: "local"})
	p.Service, p.Level, p.ServiceID, p.Version = "demo", "production", "SU1Z0isxPaozGVKXdv0eY"+fastlytest.Hostile, 7
	p.Notes = append(p.Notes, "note from "+fastlytest.Hostile)

	for _, color := range []bool{false, true} {
		var b bytes.Buffer
		if err := fastlyplan.Text(&b, []*fastlyplan.Plan{p}, color); err != nil {
			t.Fatal(err)
		}
		out := ansiRE.ReplaceAllString(b.String(), "") // edgectl's own colours
		testtool.ExpectEscaped(t, fmt.Sprintf("color=%v: output", color), out,
			`- backend evil\x1b[2J\x1b]0;pwned\x07\x0d: on Fastly`,
			`header x\x1b[2J\x1b]0;pwned\x07\x0d`,
			`set beresp.ttl = 2h; # \x1b[2J\x1b]0;pwned\x07\x0d`,
			`SU1Z0isxPaozGVKXdv0eY\x1b[2J\x1b]0;pwned\x07\x0d`,
			`note: note from \x1b[2J`)
	}
}
