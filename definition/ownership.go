package definition

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/definition/yamldec"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
)

// Ownership is a service's policy for objects on Fastly that the definition
// does not declare (the `ownership:` section). By default a definition owns
// the kinds edgectl always emits (domains, backends, health checks,
// directors, gzips, settings, VCL) and the kinds it declares objects of;
// publish leaves every other kind alone.
type Ownership struct {
	Meta yamldec.Meta `yaml:"-" doc:"ownership"`
	// Adopt lists kinds the service owns although it declares no object of
	// them: publish deletes their objects on Fastly (e.g. adopt: [conditions]
	// to clear what the web UI left).
	Adopt []string `yaml:"adopt"`
	// Keep lists, per kind, names of objects publish leaves alone even when
	// the service owns the kind; path.Match patterns ("ngwaf_*").
	Keep map[string][]string `yaml:"keep"`
}

// OwnershipKinds maps the kind names an ownership section uses to the
// desired state's kinds: the kinds a definition may or may not own.
var OwnershipKinds = map[string]desired.Kind{
	"dictionaries":     desired.KindDictionary,
	"acls":             desired.KindACL,
	"snippets":         desired.KindSnippet,
	"headers":          desired.KindHeader,
	"response_objects": desired.KindResponseObject,
	"conditions":       desired.KindCondition,
	"request_settings": desired.KindRequestSetting,
	"cache_settings":   desired.KindCacheSetting,
	"logging_syslog":   desired.KindSyslog,
	"logging_https":    desired.KindHTTPS,
	"logging_s3":       desired.KindS3,
}

// alwaysOwned are the section names of the kinds every definition owns.
var alwaysOwned = []string{"domains", "backends", "healthchecks", "directors", "gzips", "settings", "vcls"}

// Desired returns the policy in the desired state's terms, or nil when the
// service has none.
func (o *Ownership) Desired() *desired.Ownership {
	if o == nil || (len(o.Adopt) == 0 && len(o.Keep) == 0) {
		return nil
	}
	d := &desired.Ownership{}
	for _, k := range o.Adopt {
		d.Adopt = append(d.Adopt, OwnershipKinds[k])
	}
	slices.Sort(d.Adopt)
	d.Adopt = slices.Compact(d.Adopt)
	if len(o.Keep) > 0 {
		d.Keep = map[desired.Kind][]string{}
		for k, names := range o.Keep {
			d.Keep[OwnershipKinds[k]] = slices.Sorted(slices.Values(names))
		}
	}
	return d
}

// checkOwnership checks that every kind named is one a definition may own
// or not, and every keep pattern is a valid pattern.
func (c *checker) checkOwnership() {
	o := c.svc.Ownership
	if o == nil {
		return
	}
	known := slices.Sorted(maps.Keys(OwnershipKinds))
	kindErr := func(pos diag.Pos, k string) {
		if slices.Contains(alwaysOwned, k) {
			c.errf(pos, "edgectl always owns "+k+": they are compiled from this definition (gzips: compression is decided in VCL)", "ownership cannot name %q", k)
			return
		}
		c.errf(pos, diag.DidYouMean(k, known, "kinds"), "unknown object kind %q in ownership", shorten(k))
	}
	for i, k := range o.Adopt {
		if _, ok := OwnershipKinds[k]; !ok {
			kindErr(o.Meta.ItemAt("adopt", i), k)
		}
	}
	for _, k := range sortedKeys(o.Keep) {
		if _, ok := OwnershipKinds[k]; !ok {
			kindErr(o.Meta.KeyAt("keep", k), k)
			continue
		}
		for _, pat := range o.Keep[k] {
			if _, err := path.Match(pat, ""); err != nil || strings.TrimSpace(pat) == "" {
				c.errf(o.Meta.ValueAt("keep", k), `write a name or a pattern with * and ?, such as "ngwaf_*"`, "invalid name pattern %q to keep in %s", shorten(pat), k)
			}
		}
	}
}
