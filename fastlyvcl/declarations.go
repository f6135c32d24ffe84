// Package fastlyvcl renders what Fastly generates from a service's objects:
// the declarations (backends with their probes, directors, tables) that
// precede the custom VCL when Fastly compiles a version. It is the one
// rendering of that fact: the compiler writes it into local.vcl, for falco
// to lint and test the service as Fastly would compile it, and the Fastly
// fake (internal/fastlyfake) writes it before the uploaded VCL when it
// validates a version. It depends on package desired only, so that the fake
// may use it and still import none of the compiler, the definitions or the
// inventory.
//
// Fastly documents the declarations, not the text it generates; where a
// detail of the text is inferred from the API's objects, the comment says so.
package fastlyvcl

import (
	"cmp"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/desired"
)

// Kind is the kind of service object a generated line comes from.
type Kind string

// The kinds of object Fastly generates declarations from.
const (
	KindBackend     Kind = "backend"
	KindHealthcheck Kind = "healthcheck"
	KindDirector    Kind = "director"
	KindDictionary  Kind = "dictionary"
	KindACL         Kind = "acl"
)

// Ref names the service object a line was generated from, so that a caller
// can map the line back to where the object came from (the compiler's
// source map).
type Ref struct {
	Kind Kind
	Name string
}

// Line is one generated line, without its newline.
type Line struct {
	Text string
	From Ref
}

// Declarations is the text of Lines: what Fastly generates from svc's
// objects, each declaration after a blank line.
func Declarations(svc *desired.Service) string {
	var b strings.Builder
	for _, l := range Lines(svc) {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// Lines is what Fastly generates from svc's objects, line by line: every
// backend (F_<name>, with its health check as .probe), then every director,
// then every dictionary as a table, then every ACL, each in the order of
// svc and after a blank line. A backend's health check that svc does not hold, or a
// director member that is not a backend, is rendered as far as it can be;
// the caller reports such references (Fastly refuses them).
func Lines(svc *desired.Service) []Line {
	w := &writer{}
	checks := map[string]*desired.Healthcheck{}
	for i := range svc.Healthchecks {
		checks[svc.Healthchecks[i].Name] = &svc.Healthchecks[i]
	}
	weights := map[string]int{}
	for _, b := range svc.Backends {
		w.backend(b, checks[b.Healthcheck])
		weights[b.Name] = b.Weight
	}
	for _, d := range svc.Directors {
		w.director(d, weights)
	}
	for _, d := range svc.Dictionaries {
		w.table(d)
	}
	for _, a := range svc.ACLs {
		w.acl(a)
	}
	return w.lines
}

// writer collects generated lines.
type writer struct {
	lines []Line
	from  Ref
}

func (w *writer) line(format string, args ...any) {
	w.lines = append(w.lines, Line{Text: fmt.Sprintf(format, args...), From: w.from})
}

// backend declares one backend object
// (https://www.fastly.com/documentation/reference/vcl/declarations/backend/;
// its fields are the backend object's,
// https://www.fastly.com/documentation/reference/api/services/backend/).
func (w *writer) backend(b desired.Backend, hc *desired.Healthcheck) {
	w.from = Ref{KindBackend, b.Name}
	w.line("")
	w.line("backend F_%s {", Ident(b.Name))
	w.line("  .host = %s;", String(b.Address))
	w.line("  .port = %s;", String(fmt.Sprint(b.Port)))
	if b.OverrideHost != "" {
		w.line("  .host_header = %s;", String(b.OverrideHost))
		w.line("  .always_use_host_header = true;")
	}
	w.line("  .connect_timeout = %dms;", b.ConnectTimeout)
	w.line("  .first_byte_timeout = %dms;", b.FirstByteTimeout)
	w.line("  .between_bytes_timeout = %dms;", b.BetweenBytesTimeout)
	w.line("  .max_connections = %d;", b.MaxConn)
	if b.UseSSL {
		w.line("  .ssl = true;")
		if b.SSLCertHostname != "" {
			w.line("  .ssl_cert_hostname = %s;", String(b.SSLCertHostname))
		}
		if b.SSLSNIHostname != "" {
			w.line("  .ssl_sni_hostname = %s;", String(b.SSLSNIHostname))
		}
	}
	if hc != nil {
		w.probe(hc)
		w.from = Ref{KindBackend, b.Name}
	}
	w.line("}")
}

// probe declares a health check object as a backend's .probe
// (https://www.fastly.com/documentation/reference/vcl/declarations/backend/,
// "Health checks"; fields of the health check object,
// https://www.fastly.com/documentation/reference/api/services/healthcheck/).
// The request is the check's request line, its Host header when it has one,
// and "Connection: close".
func (w *writer) probe(hc *desired.Healthcheck) {
	w.from = Ref{KindHealthcheck, hc.Name}
	req := []string{String(hc.Method + " " + hc.Path + " HTTP/" + hc.HTTPVersion)}
	if hc.Host != "" {
		req = append(req, String("Host: "+hc.Host))
	}
	req = append(req, String("Connection: close"))
	w.line("  .probe = {")
	w.line("    .request = %s;", strings.Join(req, " "))
	w.line("    .expected_response = %d;", hc.ExpectedResponse)
	w.line("    .interval = %dms;", hc.CheckInterval)
	w.line("    .timeout = %dms;", hc.Timeout)
	w.line("    .window = %d;", hc.Window)
	w.line("    .threshold = %d;", hc.Threshold)
	w.line("    .initial = %d;", hc.Initial)
	w.line("  }")
}

// director declares a director object with its members
// (https://www.fastly.com/documentation/reference/vcl/declarations/director/).
//
// A member's .weight is its backend's weight: the director-backend link of
// the API carries no weight of its own ("Maps and relates backends as
// belonging to directors",
// https://www.fastly.com/documentation/reference/api/load-balancing/directors/backend/),
// the backend object's weight field is the only one a service has
// (https://www.fastly.com/documentation/reference/api/services/backend/),
// and the director's quorum is a percentage of the cumulative .weight of
// its healthy members (the director declaration page). A weight of 0 or
// less, or an unknown member, is written as 1 (what Fastly does then is
// unconfirmed).
func (w *writer) director(d desired.Director, weights map[string]int) {
	w.from = Ref{KindDirector, d.Name}
	policy, known := PolicyName(d.Type)
	if !known {
		// The API refuses other types; random is its default (type 1).
		policy = PolicyRandom
	}
	w.line("")
	w.line("director %s %s {", Ident(d.Name), policy)
	w.line("  .quorum = %d%%;", d.Quorum)
	// .retries belongs to the random policy only (director page, "Random").
	if policy == PolicyRandom {
		w.line("  .retries = %d;", d.Retries)
	}
	for _, m := range d.Backends {
		weight := weights[m]
		if weight <= 0 {
			weight = 1
		}
		w.line("  { .backend = F_%s; .weight = %d; }", Ident(m), weight)
	}
	w.line("}")
}

// table declares a dictionary with its items, keys sorted
// (https://www.fastly.com/documentation/reference/vcl/declarations/table/:
// an edge dictionary is a table of STRING).
func (w *writer) table(d desired.Dictionary) {
	w.from = Ref{KindDictionary, d.Name}
	w.line("")
	w.line("table %s STRING {", Ident(d.Name))
	for _, k := range slices.Sorted(maps.Keys(d.Items)) {
		w.line("  %s: %s,", String(k), String(d.Items[k]))
	}
	w.line("}")
}

// acl declares an ACL with its entries
// (https://www.fastly.com/documentation/reference/vcl/declarations/acl/:
// "192.0.2.0"/24 for a subnet, a leading ! for an exception, which Fastly
// processes after every inclusion). Fastly documents no order for the
// generated entries, and none changes a match, so they are sorted by
// address, length and negation: the same text whatever order the API
// lists them in.
func (w *writer) acl(a desired.ACL) {
	w.from = Ref{KindACL, a.Name}
	w.line("")
	w.line("acl %s {", Ident(a.Name))
	entries := slices.Clone(a.Entries)
	slices.SortStableFunc(entries, compareEntries)
	for _, e := range entries {
		entry := String(e.IP)
		if e.Subnet > 0 {
			entry += fmt.Sprintf("/%d", e.Subnet)
		}
		if e.Negated {
			entry = "!" + entry
		}
		w.line("  %s;", entry)
	}
	w.line("}")
}

// compareEntries orders ACL entries by address (IPv4 first), prefix length,
// then inclusions before exceptions; an address that does not parse sorts
// by its text, after the others.
func compareEntries(a, b desired.ACLEntry) int {
	x, errA := netip.ParseAddr(a.IP)
	y, errB := netip.ParseAddr(b.IP)
	switch {
	case errA != nil || errB != nil:
		if c := cmp.Compare(rank(errA != nil), rank(errB != nil)); c != 0 {
			return c
		}
		if c := strings.Compare(a.IP, b.IP); c != 0 {
			return c
		}
	default:
		if c := x.Compare(y); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(a.Subnet, b.Subnet); c != 0 {
		return c
	}
	return cmp.Compare(rank(a.Negated), rank(b.Negated))
}

// rank orders false before true.
func rank(b bool) int {
	if b {
		return 1
	}
	return 0
}
