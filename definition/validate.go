package definition

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/webplatform/edgectl/definition/yamldec"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/repofs"
)

var serviceIDRE = regexp.MustCompile(`^[A-Za-z0-9]{1,32}$`)

// maxHookBytes bounds a hook fragment; Fastly's VCL size limit applies to
// the compiled file, checked later, but a huge fragment is surely a mistake.
const maxHookBytes = repofs.MaxVCL

// checker accumulates a service's problems.
type checker struct {
	diags diag.List
	svc   *Service
	// decoded are the problems found while decoding the file: a value that
	// failed to decode is left zero, and must not be reported again as absent.
	decoded diag.List
}

// failedAt reports whether decoding reported an error at pos.
func (c *checker) failedAt(pos diag.Pos) bool {
	return slices.ContainsFunc(c.decoded, func(d diag.Diagnostic) bool {
		return d.Severity == diag.Error && d.Pos == pos
	})
}

func (c *checker) errf(pos diag.Pos, hint, format string, args ...any) {
	c.diags.Errorf(pos, hint, format, args...)
}

func (c *checker) problem(pos diag.Pos, err error) {
	var p *yamldec.Problem
	if errors.As(err, &p) {
		// err.Error() keeps any context wrapped around the problem.
		c.diags.Errorf(pos, p.Hint, "%s", err.Error())
		return
	}
	c.diags.Errorf(pos, "", "%s", err.Error())
}

func checkService(root string, svc *Service, site *Site, decoded diag.List) diag.List {
	c := &checker{svc: svc, decoded: decoded}
	m := svc.Meta
	if err := checkText(svc.Description, 1000, true); err != nil && m.Has("description") {
		c.problem(m.At("description"), fmt.Errorf("description: %w", err))
	}
	c.checkServiceIDs(site)
	c.checkDomains()
	if svc.RawVCL != nil {
		c.checkRawVCL(root)
	} else if m.Pos.Line > 0 { // the file decoded as a mapping
		for _, f := range []string{"tls", "cookies"} {
			if !m.Has(f) {
				c.errf(m.Pos, fmt.Sprintf("add a %q section (or raw_vcl, to use hand-written VCL as it is)", f), "missing required field %q in service", f)
			}
		}
	}

	if svc.TLS.HSTSMaxAge < 0 {
		c.errf(svc.TLS.Meta.At("hsts_max_age"), "write a positive duration such as 365d", "hsts_max_age is negative")
	}
	backends := c.checkBackends()
	c.checkRoutes(backends)
	c.checkRedirects()
	for _, p := range svc.Pass {
		c.checkPassRule(p)
	}
	c.checkCookies()
	if esi := svc.ESI; esi != nil && len(esi.Paths) == 0 && esi.Meta.Has("paths") {
		c.errf(esi.Meta.At("paths"), `list the paths whose HTML carries ESI tags, e.g. ["^/wiki/"]`, "esi has no paths")
	}
	c.checkCache()
	c.checkSurrogateKeys()
	c.checkHeaders()
	if ep := svc.ErrorPages; ep.ReplaceOrigin != "" && ep.ReplaceOrigin != ReplaceNavigations && ep.ReplaceOrigin != ReplaceNever {
		c.errf(ep.Meta.At("replace_origin"), "write navigations (the default: browser page loads only) or never", "unknown replace_origin %q", shorten(ep.ReplaceOrigin))
	}
	if mt := svc.Maintenance; mt != nil {
		_, ok := backends[mt.Backend]
		switch {
		case mt.Backend == "":
		case !ok:
			c.errf(mt.Meta.At("backend"), "name one of this service's backends: "+strings.Join(toStrings(sortedKeys(backends)), ", "), "maintenance backend %q is not defined", mt.Backend)
		case len(svc.Backends) > 0 && svc.Backends[0].Name == mt.Backend:
			c.errf(mt.Meta.At("backend"), "the first backend is the primary origin; list the salt master as a separate backend", "maintenance backend %q is the primary origin it stands in for", mt.Backend)
		}
		if mt.RetryAfter < 0 {
			c.errf(mt.Meta.At("retry_after"), "write a positive duration such as 5m", "retry_after is negative")
		}
	}
	if svc.Meta.Has("max_backends") && (svc.MaxBackends < 1 || svc.MaxBackends > 1000) {
		c.errf(svc.Meta.At("max_backends"), "write the limit Fastly set for the service, from 1 to 1000 (default 5)", "max_backends %d is out of range", svc.MaxBackends)
	}
	c.checkHooks(root)
	c.checkOwnership()
	c.checkTables(root)
	c.checkLogging(root)
	c.checkFastlyObjects(root)
	c.checkBackendTLS(root)
	c.checkLevelValues(root, site, backends)
	return c.diags
}

// checkLevelValues checks the values a service gives for single levels.
func (c *checker) checkLevelValues(root string, site *Site, backends map[Ident]*Backend) {
	svc := c.svc
	for _, name := range sortedKeys(svc.Levels) {
		if site.Level(name) == nil {
			c.errf(svc.Meta.KeyAt("levels", name), diag.DidYouMean(name, levelNames(site), "levels (defined in "+LevelsFileName+")"), "levels names unknown level %q", name)
			continue
		}
		lv := svc.Levels[name]
		if lv == nil {
			continue
		}
		if lv.Meta.Has("domains") && len(lv.Domains) == 0 {
			c.errf(lv.Meta.At("domains"), `list the service's hostnames at this level, or remove "domains:" to keep the service's own`, "no domains at level %s", name)
		}
		for _, bname := range sortedKeys(lv.Backends) {
			c.checkBackendValues(name, bname, lv, backends)
		}
		c.checkLoggingValues(name, lv)
		if cc := lv.Cache; cc != nil && (cc.DefaultTTL < 0 || cc.StaleIfError < 0) {
			c.errf(cc.Meta.Pos, "write a positive duration", "a cache duration of level %s is negative", name)
		}
		if raw := lv.RawVCL; raw != nil {
			c.checkLevelRawVCL(root, name, raw)
		}
	}
}

// checkLevelRawVCL checks the raw VCL files a level uses instead of the
// service's (the VCL edgectl generated differs by level: import writes it
// so for a service edgectl published).
func (c *checker) checkLevelRawVCL(root, level string, raw *RawVCL) {
	switch {
	case c.svc.RawVCL == nil:
		c.errf(raw.Meta.Pos, "add raw_vcl to the service, or remove it here: a level replaces the service's raw VCL files", "level %s has raw_vcl, but the service has none", level)
	case raw.Meta.Has("maintenance_switch"):
		c.errf(raw.Meta.At("maintenance_switch"), "set it in the service's raw_vcl: every level has the same settings dictionary", "maintenance_switch cannot be given for level %s", level)
	default:
		c.loadRawVCL(root, raw)
	}
}

func (c *checker) checkBackendValues(level, name string, lv *LevelValues, backends map[Ident]*Backend) {
	pos := lv.Meta.KeyAt("backends", name)
	b, ok := backends[Ident(name)]
	if !ok {
		c.errf(pos, diag.DidYouMean(name, toStrings(sortedKeys(backends)), "backends"), "level %s gives values for backend %q, which is not defined", level, name)
		return
	}
	v := lv.Backends[name]
	if v == nil {
		return
	}
	m := v.Meta
	if b.Role != "" && m.Has("address") {
		c.errf(m.At("address"), "a role backend takes its addresses from the level's inventory", "backend %q has a role; it cannot have an address at level %s", name, level)
	}
	if m.Has("address") && net.ParseIP(v.Address) == nil {
		if err := CheckHostname(v.Address); err != nil {
			c.problem(m.At("address"), err)
		} else if IsRelativeHost(v.Address) {
			c.errf(m.At("address"), "write the origin's full hostname, e.g. objects.dreamhost.com", "backend address %q is not a full hostname", v.Address)
		}
	}
	if m.Has("port") && (v.Port < 1 || v.Port > 65535) {
		c.errf(m.At("port"), "write a port from 1 to 65535", "port %d is out of range", v.Port)
	}
}

func (c *checker) checkServiceIDs(site *Site) {
	svc := c.svc
	for _, lvl := range site.Levels {
		id, ok := svc.ServiceIDs[string(lvl.Name)]
		if !ok && svc.Meta.Has("service_ids") {
			c.errf(svc.Meta.At("service_ids"), fmt.Sprintf("add \"%s: <Fastly service ID>\" under service_ids", lvl.Name), "no Fastly service ID for level %q", lvl.Name)
			continue
		}
		if ok && !serviceIDRE.MatchString(id) {
			c.errf(svc.Meta.ValueAt("service_ids", string(lvl.Name)), "a Fastly service ID is letters and digits, as shown in the Fastly UI", "invalid service ID %q for level %q", shorten(id), lvl.Name)
		}
		for _, other := range site.Services {
			if other != svc && id != "" && other.ServiceIDs[string(lvl.Name)] == id {
				c.errf(svc.Meta.ValueAt("service_ids", string(lvl.Name)), "each service has its own Fastly service per level", "service ID %q for level %q is also used by %s", id, lvl.Name, other.File)
			}
		}
	}
	for _, k := range sortedKeys(svc.ServiceIDs) {
		if site.Level(k) == nil {
			c.errf(svc.Meta.KeyAt("service_ids", k), diag.DidYouMean(k, levelNames(site), "levels (defined in "+LevelsFileName+")"), "service_ids names unknown level %q", k)
		}
	}
}

func (c *checker) checkDomains() {
	svc := c.svc
	if svc.Meta.Has("domains") && len(svc.Domains) == 0 {
		c.errf(svc.Meta.At("domains"), `list the service's hostnames, e.g. [www, "@"]`, "no domains")
	}
	seen := map[Hostname]bool{}
	for i, d := range svc.Domains {
		if seen[d] {
			c.errf(svc.Meta.ItemAt("domains", i), "remove the repeated entry", "domain %q is listed twice", d)
		}
		seen[d] = true
	}
}

func (c *checker) checkBackends() map[Ident]*Backend {
	svc := c.svc
	byName := map[Ident]*Backend{}
	if svc.Meta.Has("backends") && len(svc.Backends) == 0 {
		c.errf(svc.Meta.At("backends"), "list at least the primary origin", "no backends")
	}
	for i := range svc.Backends {
		b := &svc.Backends[i]
		m := b.Meta
		if b.Name != "" {
			if _, dup := byName[b.Name]; dup {
				c.errf(m.At("name"), "give each backend its own name", "duplicate backend name %q", b.Name)
			}
			byName[b.Name] = b
		}
		switch {
		case (b.Address == "") == (b.Role == ""):
			c.errf(m.Pos, "set address (a hostname or IP) or role (a fleet role such as app), not both", "backend %q needs exactly one of address and role", b.Name)
		case b.Address != "":
			if net.ParseIP(b.Address) == nil {
				if err := CheckHostname(b.Address); err != nil {
					c.problem(m.At("address"), err)
				} else if IsRelativeHost(b.Address) {
					c.errf(m.At("address"), "write the origin's full hostname, e.g. objects.dreamhost.com", "backend address %q is not a full hostname", b.Address)
				}
			}
			if b.Director != nil {
				c.errf(b.Director.Meta.Pos, "a director balances the VMs of a role; remove it or use role", "backend %q has a director but a single address", b.Name)
			}
		}
		if m.Has("port") && (b.Port < 1 || b.Port > 65535) {
			c.errf(m.At("port"), "write a port from 1 to 65535", "port %d is out of range", b.Port)
		}
		if b.TLS && b.Port == 80 {
			c.diags.Warnf(m.At("port"), "TLS origins usually listen on 443", "backend %q uses TLS on port 80", b.Name)
		}
		c.checkTimeout(m, "connect_timeout", b.ConnectTimeout)
		c.checkTimeout(m, "first_byte_timeout", b.FirstByte)
		c.checkTimeout(m, "between_bytes_timeout", b.BetweenBytes)
		if m.Has("max_conn") && (b.MaxConn < 1 || b.MaxConn > 10000) {
			c.errf(m.At("max_conn"), fmt.Sprintf("write a number from 1 to 10000 (Fastly's default is %d)", DefaultMaxConn), "max_conn %d is out of range", b.MaxConn)
		}
		if b.ErrorThreshold < 0 {
			c.errf(m.At("error_threshold"), "write 0 or more", "error_threshold is negative")
		}
		if h := b.Healthcheck; h != nil {
			c.checkHealthcheck(h)
		}
		if d := b.Director; d != nil {
			if !slices.Contains(DirectorTypes, d.Type) && d.Type != "" {
				c.errf(d.Meta.At("type"), "write random, hash or client", "unknown director type %q", shorten(d.Type))
			}
			switch {
			case d.Meta.Has("quorum") && d.Quorum == 0:
				c.errf(d.Meta.At("quorum"), fmt.Sprintf("write a percentage from 1 to 100, or leave it out: the default %d%% needs at least one healthy member", DefaultQuorum), "quorum 0%% never makes the director unhealthy: no stale copy on sick origins, req.backend.healthy always true")
			case d.Quorum < 0 || d.Quorum > 100:
				c.errf(d.Meta.At("quorum"), "write a percentage from 1 to 100", "quorum %d is out of range", d.Quorum)
			}
			if d.Retries < 0 {
				c.errf(d.Meta.At("retries"), "write 0 or more (default: one per VM, as many as fit in Fastly's 60s)", "retries %d is negative", d.Retries)
			}
		}
		c.checkClusterHop(b)
	}
	return byName
}

// checkClusterHop refuses timeouts a fetch through a Fastly cluster cannot
// wait for: the hop between its nodes times out after ClusterHop, whatever
// the backend's own timeouts say (see ClusterHop).
func (c *checker) checkClusterHop(b *Backend) {
	clusterHopText := fmt.Sprintf("%ds", int(ClusterHop.Seconds()))
	m := b.Meta
	connect, firstByte := b.Timeouts()
	if connect <= 0 || firstByte <= 0 {
		return // reported by checkTimeout
	}
	pos := m.Pos
	for _, f := range []string{"connect_timeout", "first_byte_timeout"} {
		if m.Has(f) {
			pos = m.At(f)
		}
	}
	// "When requests are relayed from one Fastly cache server to another ...
	// the timeout between bytes in effect on those connections is 60
	// seconds, and cannot be modified"
	// (https://www.fastly.com/documentation/reference/vcl/variables/backend-connection/bereq-between-bytes-timeout/).
	if b.BetweenBytes.Std() > ClusterHop {
		c.diags.Warnf(m.At("between_bytes_timeout"), "write 60s or less: a miss never waits longer between two chunks", "backend %q: between_bytes_timeout %s is more than the %s Fastly waits between cluster nodes", b.Name, FormatDuration(b.BetweenBytes), clusterHopText)
	}
	const hint = "keep connect_timeout + first_byte_timeout within 60s: a connect_timeout of 1s to 3s (Fastly's default is 1s) and a shorter first_byte_timeout"
	if w := WorstFirstByte(connect, firstByte, 0); w > ClusterHop {
		c.errf(pos, hint, "backend %q: connect_timeout %s + first_byte_timeout %s = %s exceeds Fastly's %s between cluster nodes", b.Name, FormatDuration(connect), FormatDuration(firstByte), FormatDuration(Duration(w)), clusterHopText)
		return
	}
	if d := b.Director; d != nil && d.Meta.Has("retries") && d.Retries > 0 {
		if w := WorstFirstByte(connect, firstByte, d.Retries); w > ClusterHop {
			c.errf(d.Meta.At("retries"), fmt.Sprintf("lower retries to %d, or the timeouts; or leave retries out to get as many as fit", MaxRetries(connect, firstByte)), "backend %q: (%d retries + 1) × connect_timeout %s + first_byte_timeout %s = %s exceeds Fastly's %s between cluster nodes", b.Name, d.Retries, FormatDuration(connect), FormatDuration(firstByte), FormatDuration(Duration(w)), clusterHopText)
		}
	}
}

func (c *checker) checkTimeout(m yamldec.Meta, field string, d Duration) {
	if !m.Has(field) {
		return
	}
	if d <= 0 || d.Std() > 10*time.Minute || d.Std()%time.Millisecond != 0 {
		c.errf(m.At(field), "write a duration from 1ms to 10m, in whole milliseconds, e.g. 15s", "%s %s is out of range", field, d.Std())
	}
}

func (c *checker) checkHealthcheck(h *Healthcheck) {
	m := h.Meta
	if m.Has("expected_response") && (h.Expected < 100 || h.Expected > 599) {
		c.errf(m.At("expected_response"), "write an HTTP status such as 200", "expected_response %d is not an HTTP status", h.Expected)
	}
	c.checkTimeout(m, "interval", h.Interval)
	c.checkTimeout(m, "timeout", h.Timeout)
	if h.Interval > 0 && h.Timeout > 0 && h.Timeout >= h.Interval {
		c.errf(m.At("timeout"), "make the timeout shorter than the interval", "healthcheck timeout %s is not shorter than its interval %s", h.Timeout.Std(), h.Interval.Std())
	}
	if m.Has("window") && (h.Window < 1 || h.Window > 64) {
		c.errf(m.At("window"), "write a number of probes from 1 to 64", "window %d is out of range", h.Window)
	}
	window := h.Window
	if window == 0 {
		window = 5
	}
	if h.Threshold < 0 || h.Threshold > window {
		c.errf(m.At("threshold"), fmt.Sprintf("write a number from 1 to the window (%d)", window), "threshold %d is out of range", h.Threshold)
	}
	if h.Initial != nil && (*h.Initial < 0 || *h.Initial > window) {
		c.errf(m.At("initial"), fmt.Sprintf("write a number from 0 to the window (%d)", window), "initial %d is out of range", *h.Initial)
	}
}

func (c *checker) checkRoutes(backends map[Ident]*Backend) {
	for _, r := range c.svc.Routes {
		if _, ok := backends[r.Backend]; r.Backend != "" && !ok {
			c.errf(r.Meta.At("backend"), "name one of this service's backends: "+strings.Join(toStrings(sortedKeys(backends)), ", "), "route backend %q is not defined", r.Backend)
		}
		if rw := r.Rewrite; rw != nil && rw.Meta.Has("replace") {
			if err := checkText(rw.Replace, 2048, false); err != nil {
				c.problem(rw.Meta.At("replace"), fmt.Errorf("rewrite replace: %w", err))
			}
		}
	}
}

func (c *checker) checkRedirects() {
	for _, r := range c.svc.Redirects {
		if r.ToHost == "" && r.ToPath == "" {
			c.errf(r.Meta.Pos, "set to_host (keep the URL, change the host) or to_path (keep the host, change the URL)", "redirect has no target")
		}
		if r.Meta.Has("status") && !slices.Contains([]int{301, 302, 303, 307, 308}, r.Status) {
			c.errf(r.Meta.At("status"), "write 301, 302, 303, 307 or 308", "redirect status %d is not a redirect", r.Status)
		}
		if r.Host != "" && !slices.Contains(c.svc.Domains, r.Host) {
			c.errf(r.Meta.At("host"), "add the host to domains, or fix the name", "redirect host %q is not one of the service's domains", r.Host)
		}
		if r.ToHost != "" && r.ToHost == r.Host && r.ToPath == "" {
			c.errf(r.Meta.At("to_host"), "redirect to another host", "redirect from %q to itself would loop", r.Host)
		}
	}
}

// checkPassRule refuses a rule without a matcher. A matcher that failed to
// decode has been reported already; the rule is not empty, only broken.
func (c *checker) checkPassRule(p PassRule) {
	if !p.Path.IsZero() || !p.URL.IsZero() || len(p.Methods) > 0 || p.Cookie != "" {
		return
	}
	for _, f := range []string{"path", "url", "methods", "cookie"} {
		if p.Meta.Has(f) && c.failedAt(p.Meta.At(f)) {
			return
		}
	}
	c.errf(p.Meta.Pos, "give at least one of path, url, methods or cookie", "pass rule matches nothing")
}

func (c *checker) checkCookies() {
	ck := c.svc.Cookies
	m := ck.Meta
	switch {
	case ck.Strip && len(ck.Keep) > 0:
		c.errf(m.Pos, "choose strip: true (cookieless) or a keep list, not both", "cookie policy both strips and keeps cookies")
	case !ck.Strip && len(ck.Keep) == 0 && c.svc.Meta.Has("cookies"):
		c.errf(m.Pos, "write strip: true for a cookieless service, or keep: [patterns] for the cookies the application needs", "cookie policy keeps nothing and strips nothing")
	}
	c.checkPassCookiesKept()
	if ck.Strip && ck.StripSetCookie {
		c.errf(m.At("strip_set_cookie"), "remove it: a cookieless service strips Set-Cookie from every response that is not passed", "strip_set_cookie is implied by strip: true")
	}
	if ck.Strip && len(ck.UntouchedPaths) > 0 {
		c.errf(m.At("untouched_paths"), "untouched_paths go with a keep list; use pass rules to let cookies through on a cookieless service", "untouched_paths has no effect when strip is true")
	}
}

func (c *checker) checkCache() {
	cc := c.svc.Cache
	for _, f := range []struct {
		name string
		d    Duration
	}{{"default_ttl", cc.DefaultTTL}, {"error_ttl", cc.ErrorTTL}, {"stale_if_error", cc.StaleIfError}, {"stale_while_revalidate", cc.StaleWhileRevalidate}} {
		if f.d < 0 {
			c.errf(cc.Meta.At(f.name), "write a positive duration", "%s is negative", f.name)
		}
	}
	c.checkGrace()
	for _, r := range cc.TTL {
		n := 0
		for _, set := range []bool{len(r.Extensions) > 0, len(r.ContentTypes) > 0, !r.Path.IsZero()} {
			if set {
				n++
			}
		}
		if n != 1 {
			c.errf(r.Meta.Pos, "give exactly one of extensions, content_types or path per rule; write several rules for several matchers", "ttl rule has %d matchers", n)
		}
		if r.TTL < 0 {
			c.errf(r.Meta.At("ttl"), "write a positive duration", "ttl is negative")
		}
	}
}

// checkPassCookiesKept warns about a pass rule on a cookie the keep list
// drops: the filter runs on passed requests too, so such a request passes
// without the very cookie it passed for. A pattern is covered when a name it
// matches (each * read as one letter) is matched by a keep pattern.
func (c *checker) checkPassCookiesKept() {
	ck := c.svc.Cookies
	if len(ck.Keep) == 0 {
		return
	}
	for _, p := range c.svc.Pass {
		if p.Cookie == "" {
			continue
		}
		name := strings.ReplaceAll(string(p.Cookie), "*", "x")
		kept := slices.ContainsFunc(ck.Keep, func(k CookiePattern) bool {
			return regexp.MustCompile("^(?:" + k.Regexp() + ")$").MatchString(name)
		})
		if !kept {
			c.diags.Warnf(p.Meta.At("cookie"), fmt.Sprintf("add %q to cookies.keep, or to untouched_paths the paths that need it", string(p.Cookie)), "pass rule cookie %q is not in cookies.keep: the request passes, but without that cookie", string(p.Cookie))
		}
	}
}

// checkGrace refuses cache.grace, which compiled to beresp.grace. Fastly:
// "Deprecated ... Fastly has implemented beresp.stale_if_error as a parallel
// implementation of beresp.grace"
// (https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-grace/),
// so the hint moves its value to stale_if_error, which keeps its behaviour.
func (c *checker) checkGrace() {
	cc := c.svc.Cache
	if !cc.Meta.Has("grace") {
		return
	}
	hint := fmt.Sprintf("replace it with stale_if_error: %s (serve stale when the origin fails or is unhealthy, what grace did on Fastly); add stale_while_revalidate: <duration> to also serve stale while refetching", FormatDuration(cc.Grace))
	if cc.Meta.Has("stale_if_error") {
		hint = "remove it: stale_if_error already serves stale when the origin fails or is unhealthy, what grace did on Fastly; add stale_while_revalidate: <duration> to also serve stale while refetching"
	}
	c.errf(cc.Meta.At("grace"), hint, "cache.grace is no longer supported: Fastly deprecated beresp.grace")
}

func (c *checker) checkHeaders() {
	h := c.svc.Headers
	for _, name := range sortedKeys(h.Set) {
		if err := CheckHeaderName(name); err != nil {
			c.problem(h.Meta.KeyAt("set", name), err)
		}
		if err := CheckHeaderValue(h.Set[name]); err != nil {
			c.problem(h.Meta.ValueAt("set", name), fmt.Errorf("header %s: %w", shorten(name), err))
		}
	}
}

func (c *checker) checkHooks(root string) {
	svc := c.svc
	if len(svc.Hooks) == 0 {
		return
	}
	svc.HookSources = map[string]HookSource{}
	for _, point := range sortedKeys(svc.Hooks) {
		pos := svc.Meta.ValueAt("hooks", point)
		if !slices.Contains(HookPoints, point) {
			c.errf(svc.Meta.KeyAt("hooks", point), diag.DidYouMean(point, HookPoints, "hook points"), "unknown hook point %q", shorten(point))
			continue
		}
		file := svc.Hooks[point]
		clean := path.Clean(file)
		if file == "" || path.IsAbs(file) || clean != file || !strings.HasPrefix(clean, HooksDir+"/") || !strings.HasSuffix(clean, ".vcl") {
			c.errf(pos, fmt.Sprintf("write a path relative to the repository root under %s/, e.g. %s/%s/%s.vcl", HooksDir, HooksDir, svc.Name, point), "hook %s: invalid file path %q", point, shorten(file))
			continue
		}
		data, err := repofs.ReadFile(root, clean, maxHookBytes)
		switch {
		case errors.Is(err, repofs.ErrTooLarge):
			c.errf(diag.Pos{File: clean}, "split the fragment, or move data into an edge dictionary", "hook fragment %s", pathErr(err))
			continue
		case err != nil:
			c.errf(pos, repofs.Hint(err, "create the file, or fix the path"), "hook %s: cannot read %s: %s", point, clean, pathErr(err))
			continue
		}
		if !c.vclText(clean, "hook fragment", data) {
			continue
		}
		svc.HookSources[point] = HookSource{File: clean, Content: string(data)}
	}
}

var rawNameRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)

// rawOnlyFields are the sections a raw-VCL service cannot have: its VCL
// decides what they would.
var rawOnlyFields = []string{"tls", "routes", "redirects", "pass", "cookies", "gzip", "esi", "headers", "maintenance", "error_pages", "hooks", "surrogate_keys"}

func (c *checker) checkRawVCL(root string) {
	svc := c.svc
	for _, f := range rawOnlyFields {
		if svc.Meta.Has(f) {
			c.errf(svc.Meta.At(f), "remove it: with raw_vcl the hand-written VCL decides this; or drop raw_vcl to generate the VCL", "%s cannot be combined with raw_vcl", f)
		}
	}
	for _, f := range []string{"error_ttl", "stale_while_revalidate", "restart_on_error", "ttl"} {
		if svc.Cache.Meta.Has(f) {
			c.errf(svc.Cache.Meta.At(f), "remove it: with raw_vcl the hand-written VCL decides caching; only default_ttl and stale_if_error (service settings) apply", "cache.%s cannot be combined with raw_vcl", f)
		}
	}
	raw := svc.RawVCL
	c.loadRawVCL(root, raw)
}

// loadRawVCL checks the files raw names (the service's, or a level's) and
// reads them into raw.Sources, main first.
func (c *checker) loadRawVCL(root string, raw *RawVCL) {
	svc := c.svc
	seen := map[string]bool{}
	add := func(pos diag.Pos, file string) {
		clean := path.Clean(file)
		dir := HooksDir + "/" + svc.Name + "/"
		if file == "" || clean != file || !strings.HasPrefix(clean, dir) || !strings.HasSuffix(clean, ".vcl") {
			c.errf(pos, fmt.Sprintf("write a path under %s, e.g. %smain.vcl", dir, dir), "invalid raw VCL path %q", shorten(file))
			return
		}
		name := strings.TrimSuffix(path.Base(clean), ".vcl")
		switch {
		case !rawNameRE.MatchString(name):
			c.errf(pos, "name the file with letters, digits, '_', '.' and '-'", "invalid VCL name %q", shorten(name))
			return
		case name == "local" || (name == "private" && svc.PrivateInclude):
			c.errf(pos, "rename the file: local.vcl and private.vcl are edgectl's own", "VCL name %q is reserved", name)
			return
		case seen[name]:
			c.errf(pos, "give every raw VCL file its own base name", "two raw VCL files are named %q", name)
			return
		}
		seen[name] = true
		data, err := repofs.ReadFile(root, clean, repofs.MaxVCL)
		switch {
		case err != nil:
			c.errf(pos, repofs.Hint(err, "create the file, or fix the path"), "cannot read raw VCL %s: %s", clean, pathErr(err))
			return
		}
		if !c.vclText(clean, "raw VCL", data) {
			return
		}
		raw.Sources = append(raw.Sources, RawSource{Name: name, File: clean, Content: string(data)})
	}
	add(raw.Meta.At("main"), raw.Main)
	for i, inc := range raw.Includes {
		add(raw.Meta.ItemAt("includes", i), inc)
	}
}

// vclText checks the content of a hand-written VCL file (what: a hook
// fragment or raw VCL): UTF-8 text, with nothing checkVCLText refuses. It
// reports what is wrong and returns false, or returns true.
func (c *checker) vclText(file, what string, data []byte) bool {
	if !utf8.Valid(data) || strings.ContainsRune(string(data), 0) {
		c.errf(diag.Pos{File: file}, "save the file as UTF-8 text", "%s is not UTF-8 text", what)
		return false
	}
	if ds := checkVCLText(file, string(data)); len(ds) > 0 {
		c.diags.Add(ds...)
		return false
	}
	return true
}

// falcoIgnore starts every falco directive that switches its checks off
// (falco-ignore, -next-line, -start, -end: falco's linter/ignore.go).
const falcoIgnore = "falco-ignore"

// checkVCLText refuses hand-written VCL text that would hide something: a
// falco-ignore comment switches falco's checks off for the compiled VCL,
// which edgectl promises lints clean; a carriage return without a line feed
// ends a line for nobody but a terminal, which draws what follows over what
// precedes it, so a reviewer does not see the statement it hides.
func checkVCLText(file, content string) diag.List {
	var diags diag.List
	for i, line := range strings.Split(content, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if col := strings.Index(strings.ToLower(line), falcoIgnore); col >= 0 {
			diags.Errorf(diag.Pos{File: file, Line: i + 1, Col: col + 1},
				"remove the comment and fix what falco reports: every compiled VCL must lint with 0 errors and 0 warnings",
				"falco-ignore comment: hook and raw VCL text cannot switch falco's checks off")
		}
		if col := strings.IndexByte(line, '\r'); col >= 0 {
			diags.Errorf(diag.Pos{File: file, Line: i + 1, Col: col + 1},
				"save the file with LF (or CRLF) line endings, e.g. `sed -i 's/\\r$//; s/\\r/\\n/g' "+file+"`",
				"carriage return without a line feed: a terminal or review tool would show what follows it over what precedes it")
		}
	}
	return diags
}

// checkText refuses text that cannot be written into a VCL comment or string.
func checkText(s string, max int, newlines bool) error {
	if !utf8.ValidString(s) {
		return &yamldec.Problem{Message: "text is not valid UTF-8", Hint: "write UTF-8 text"}
	}
	for _, r := range s {
		if (r < 0x20 && !(newlines && r == '\n') && r != '\t') || r == 0x7f {
			return &yamldec.Problem{Message: "text contains a control character", Hint: "remove control characters"}
		}
	}
	if len(s) > max {
		return &yamldec.Problem{Message: fmt.Sprintf("text is longer than %d bytes", max), Hint: "shorten it"}
	}
	return nil
}

// levelNames lists the site's levels in levels.yaml order.
func levelNames(site *Site) []string {
	names := make([]string, len(site.Levels))
	for i, l := range site.Levels {
		names[i] = string(l.Name)
	}
	return names
}

func shorten(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

func sortedKeys[K ~string, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}

func toStrings[T ~string](in []T) []string {
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}
