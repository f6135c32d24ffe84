package pipeline

import (
	"fmt"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/compiler"
)

// Checks of the compiled site for Fastly rules falco v1.13.0 lints without
// objecting to, or cannot execute at all. Each rule cites the Fastly page it
// rests on.

// TestNoDeprecatedVCL: no compiled VCL uses what Fastly documents as
// deprecated.
//   - beresp.grace: "Deprecated ... Fastly has implemented
//     beresp.stale_if_error as a parallel implementation of beresp.grace"
//     (https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-grace/).
//   - Fastly-Cachetype: "It is unused and considered deprecated"
//     (https://www.fastly.com/documentation/reference/http/http-headers/Fastly-Cachetype/).
func TestNoDeprecatedVCL(t *testing.T) {
	forbidden := []string{"beresp.grace", "Fastly-Cachetype"}
	for _, u := range buildSite(t).Units {
		for _, f := range u.Result.Files {
			if f.Name == compiler.LocalName {
				continue
			}
			for i, line := range strings.Split(f.Content, "\n") {
				for _, bad := range forbidden {
					if strings.Contains(line, bad) {
						t.Errorf("%s/%s.vcl:%d uses deprecated %s: %s", u.Dir(), f.Name, i+1, bad, strings.TrimSpace(line))
					}
				}
			}
		}
	}
}

// clusterHop is Fastly's fixed timeout between the nodes of a cluster:
// "The timeout between nodes in a cluster is always 60s and is not
// configurable. This means that, for services with clustering enabled, the
// effective maximum bereq.first_byte_timeout is 60s"
// (https://www.fastly.com/documentation/reference/vcl/variables/backend-connection/bereq-first-byte-timeout/).
const clusterHopMs = 60000

// TestDirectorsAndTimeouts: every compiled service keeps Fastly's
// director and timeout rules, which falco cannot execute (it has no
// backend health and no clock for connection attempts). From the director
// declaration page
// (https://www.fastly.com/documentation/reference/vcl/declarations/director/):
//   - .quorum is "the percentage threshold that must be reached by the
//     cumulative .weight of all healthy backends in order for the director
//     to be deemed healthy": 0% is reached with none healthy, so the director
//     is never unhealthy (no stale-on-sick, req.backend.healthy useless).
//   - .retries is how many times it connects again "if the first
//     connection attempt fails"; more retries than members only retries a
//     dead one.
//   - every attempt may take the connect timeout, and the answer may then
//     take the first byte timeout: all of it must fit in the cluster hop.
func TestDirectorsAndTimeouts(t *testing.T) {
	for _, u := range buildSite(t).Units {
		svc := u.Result.Service
		backends := map[string]int{} // name → worst case ms with no retry
		for _, b := range svc.Backends {
			backends[b.Name] = b.ConnectTimeout + b.FirstByteTimeout
			if w := backends[b.Name]; w > clusterHopMs {
				t.Errorf("%s: backend %s: connect %d ms + first byte %d ms = %d ms exceeds Fastly's %d ms between cluster nodes", u.Dir(), b.Name, b.ConnectTimeout, b.FirstByteTimeout, w, clusterHopMs)
			}
		}
		for _, d := range svc.Directors {
			if d.Quorum < 1 || d.Quorum > 100 {
				t.Errorf("%s: director %s: quorum %d%% (needs at least one healthy member: 1 to 100)", u.Dir(), d.Name, d.Quorum)
			}
			if d.Retries > len(d.Backends) {
				t.Errorf("%s: director %s: %d retries for %d members", u.Dir(), d.Name, d.Retries, len(d.Backends))
			}
			for _, m := range d.Backends {
				for _, b := range svc.Backends {
					if b.Name != m {
						continue
					}
					if w := (d.Retries+1)*b.ConnectTimeout + b.FirstByteTimeout; w > clusterHopMs {
						t.Errorf("%s: director %s: (%d retries + 1) × connect %d ms + first byte %d ms = %d ms exceeds Fastly's %d ms between cluster nodes", u.Dir(), d.Name, d.Retries, b.ConnectTimeout, b.FirstByteTimeout, w, clusterHopMs)
					}
				}
			}
			local := u.Result.File(compiler.LocalName).Content
			decl := local[strings.Index(local, "director "+d.Name+" "):]
			if !strings.Contains(decl[:strings.Index(decl, "}\n")], fmt.Sprintf(".quorum = %d%%;", d.Quorum)) {
				t.Errorf("%s: local.vcl director %s does not declare .quorum = %d%%", u.Dir(), d.Name, d.Quorum)
			}
		}
	}
}
