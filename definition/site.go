package definition

import (
	"fmt"

	"github.com/webplatform/edgectl/diag"
)

// FQDN is the full hostname h stands for at a level whose public domain is
// tld: "@" is the apex, a name without a dot lies under tld, a name with
// dots is used as written.
func FQDN(h Hostname, tld Hostname) string {
	switch {
	case h == "":
		return ""
	case h == "@":
		return string(tld)
	case IsRelativeHost(string(h)):
		return string(h) + "." + string(tld)
	}
	return string(h)
}

// checkSite reports what no single service shows but Fastly refuses in the
// middle of a publish, after some services have changed: a domain that two
// services (or one service twice) claim at one level — "Domains can only be
// associated with one service at a time" (Fastly, "Working with domains",
// https://docs.fastly.com/en/guides/working-with-domains: adding it fails
// with "Domain ... is already taken by service ...") — and one Fastly
// service ID given for two levels, which would make each level's publish
// undo the other's. A service ID shared by two
// services at one level is reported by checkServiceIDs.
func checkSite(site *Site) diag.List {
	var diags diag.List
	diags.Add(checkDomainClashes(site)...)
	diags.Add(checkIDsAcrossLevels(site)...)
	return diags
}

// domainClaim is where a level's hostname was first claimed.
type domainClaim struct {
	svc     *Service
	written Hostname
}

func checkDomainClashes(site *Site) diag.List {
	var diags diag.List
	for _, lvl := range site.Levels {
		claims := map[string]domainClaim{}
		for _, svc := range site.Services {
			at := svc.ForLevel(string(lvl.Name)) // a level may give its own domains
			for _, d := range at.Domains {
				name := FQDN(d, lvl.TLD)
				prev, taken := claims[name]
				switch {
				case !taken:
					claims[name] = domainClaim{svc, d}
				case prev.svc != svc:
					diags.Errorf(at.Meta.At("domains"), fmt.Sprintf("a domain belongs to one Fastly service: remove %q from one of the two files", d),
						"domain %s (%s) is also claimed by %s", name, lvl.Name, prev.svc.File)
				case prev.written != d: // the same text twice is checkDomains'
					diags.Errorf(at.Meta.At("domains"), "keep one of the two entries",
						"domain %s (%s) is listed twice (as %q and %q)", name, lvl.Name, prev.written, d)
				}
			}
		}
	}
	return diags
}

func checkIDsAcrossLevels(site *Site) diag.List {
	var diags diag.List
	for _, svc := range site.Services {
		first := map[string]string{} // service ID → level
		for _, lvl := range site.Levels {
			id := svc.ServiceIDs[string(lvl.Name)]
			if id == "" {
				continue
			}
			if l, dup := first[id]; dup {
				diags.Errorf(svc.Meta.At("service_ids"), "each level has its own Fastly service: give each level the ID of its service",
					"service ID %q is used for both %s and %s", id, l, lvl.Name)
				continue
			}
			first[id] = string(lvl.Name)
		}
	}
	return diags
}
