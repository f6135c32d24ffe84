package compiler

// ACLs and dictionaries: their objects (service.json; fastlyvcl declares
// them in local.vcl) and the checks vcl_recv makes with an ACL.

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
)

// acls are the service's ACLs at this level. An ACL with fleet: true holds
// the public address of every VM of the level's inventory first: that is
// the address a request from one of them comes from at Fastly (client.ip),
// since the level's private network (10.10.10.0/24) reaches the internet,
// and so Fastly, through public addresses only.
func (c *compilation) acls() []desired.ACL {
	var out []desired.ACL
	for _, a := range c.Service.ACLs {
		acl := desired.ACL{Name: string(a.Name), Entries: []desired.ACLEntry{}}
		seen := map[desired.ACLEntry]bool{}
		add := func(e desired.ACLEntry) {
			key := e
			key.Comment = ""
			if !seen[key] {
				seen[key] = true
				acl.Entries = append(acl.Entries, e)
			}
		}
		if a.Fleet {
			for _, vm := range c.Inventory.VMs {
				if ip, err := netip.ParseAddr(vm.PublicIP); err == nil {
					add(desired.ACLEntry{IP: ip.Unmap().String(), Comment: "VM " + vm.Name})
				}
			}
		}
		for _, e := range a.Listed {
			add(desired.ACLEntry{IP: e.IP, Subnet: e.Subnet, Negated: e.Negated, Comment: e.Pos.File})
		}
		out = append(out, acl)
	}
	return out
}

// dictionaries are the dictionaries the service declares, items included.
func (c *compilation) dictionaries() []desired.Dictionary {
	var out []desired.Dictionary
	for _, d := range c.Service.Dictionaries {
		out = append(out, desired.Dictionary{Name: string(d.Name), WriteOnly: d.WriteOnly, Items: d.All, Declared: true})
	}
	return out
}

// recvACLs refuses, with 403, what an ACL restricts to its clients: URL
// purges (a FASTLYPURGE request, which Fastly handles in vcl_recv; see
// "Purging a URL", https://www.fastly.com/documentation/guides/full-site-delivery/purging/purging-a-url/,
// and "Authenticating URL purge requests via API",
// https://www.fastly.com/documentation/guides/full-site-delivery/purging/authenticating-api-purge-requests/)
// and the origin paths it names. client.ip is the address the request
// came from (https://www.fastly.com/documentation/reference/vcl/variables/client-connection/client-ip/),
// which a client cannot forge as it can Fastly-Client-IP. It runs first,
// before the TLS redirect, so that a refused request is never redirected
// nor passed.
func (c *compilation) recvACLs(e *emitter) {
	for _, a := range c.Service.ACLs {
		outside := not(atom("client.ip ~ %s", a.Name))
		if a.Purge {
			e.from(a.Meta.At("purge"))
			e.line("# Only clients in ACL %s may purge.", a.Name)
			e.when(and(eq("req.method", Str("FASTLYPURGE")), outside), func() {
				e.line("error 403 %s;", Str("Forbidden"))
			})
		}
		if len(a.Paths) > 0 {
			e.from(a.Meta.At("paths"))
			e.line("# Only clients in ACL %s reach these paths; matched as the origin resolves", a.Name)
			e.line("# them (decoded, any case, repeated slashes as one). A dot segment, which")
			e.line("# browsers never send (RFC 3986, 5.2.4), could lead to them: refused too.")
			e.when(and(outside, group(or(protectedPaths(a.Paths), dotSegment))), func() {
				e.line("error 403 %s;", Str("Forbidden"))
			})
		}
	}
}

// decodedPath is the request path as an origin matches it: percent-decoded,
// lower-cased (Apache on a case-insensitive match, nginx with ~*), runs of
// slashes merged (Apache's MergeSlashes, nginx's merge_slashes, both on by
// default).
const decodedPath = `std.tolower(regsuball(urldecode(req.url.path), "/{2,}", "/"))`

// dotSegment holds for a path with a "." or ".." segment once decoded.
var dotSegment = matches(`urldecode(req.url.path)`, `/\.\.?(/|$)`)

// protectedPaths holds when the decoded path is one of paths or below it.
func protectedPaths(paths []definition.URLPath) cond {
	quoted := make([]string, len(paths))
	for i, p := range paths {
		quoted[i] = regexp.QuoteMeta(strings.ToLower(strings.TrimSuffix(string(p), "/")))
	}
	return matches(decodedPath, "^("+strings.Join(quoted, "|")+")(/|$)")
}
