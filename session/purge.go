package session

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/fastlyapi"
)

// PurgeRequest is what edgectl purge was asked: one service at one level,
// and exactly one of a URL, surrogate keys or everything.
type PurgeRequest struct {
	// Root is the repository whose definitions name the service.
	Root           string
	Service, Level string
	URL            string
	Keys           []string
	All            bool
	// Soft marks objects stale rather than removing them.
	Soft bool
	// DryRun checks the request and sends nothing.
	DryRun bool
}

// Kinds of purge, as PurgePlan.Kind and the JSON output name them.
const (
	PurgeByURL = "url"
	PurgeByKey = "key"
	PurgeAll   = "all"
)

// PurgePlan is a checked purge request, ready to send.
type PurgePlan struct {
	Service   string   `json:"service"`
	Level     string   `json:"level"`
	ServiceID string   `json:"service_id"`
	Kind      string   `json:"kind"`
	URL       string   `json:"url"`
	CachedURL string   `json:"-"`
	Keys      []string `json:"keys"`
	Soft      bool     `json:"soft"`
}

// PurgeReport is the JSON document of edgectl purge.
type PurgeReport struct {
	*PurgePlan
	DryRun bool `json:"dry_run"`
	// IDs are Fastly's purge IDs, by URL or key (none for --all).
	IDs map[string]string `json:"ids"`
}

// PlanPurge checks a purge request against the definitions: the service
// and level exist, one kind of purge is asked, a URL's host is one of the
// service's domains at the level (a URL purge is not scoped to a service
// on Fastly's side, so this is the only check that it purges this
// service), and the keys are keys.
func PlanPurge(site *definition.Site, req PurgeRequest) (*PurgePlan, error) {
	asked := 0
	for _, b := range []bool{req.URL != "", len(req.Keys) > 0, req.All} {
		if b {
			asked++
		}
	}
	switch {
	case asked == 0:
		return nil, errors.New("nothing to purge: give one of --url URL, --key KEY or --all")
	case asked > 1:
		return nil, errors.New("give only one of --url, --key or --all")
	case req.All && req.Soft:
		// "Purge-all requests cannot be done in soft mode" (Fastly's
		// purging API reference, "Purge everything from a service").
		return nil, errors.New("--all cannot be soft: Fastly always purges everything hard; tag every object with a common surrogate key and purge that key with --soft instead")
	}
	svc, id, err := site.ServiceAt(req.Service, req.Level)
	if err != nil {
		return nil, err
	}
	p := &PurgePlan{Service: req.Service, Level: req.Level, ServiceID: id, Soft: req.Soft, Keys: []string{}}
	switch {
	case req.All:
		p.Kind = PurgeAll
	case req.URL != "":
		p.Kind, p.URL = PurgeByURL, req.URL
		lvl, _ := site.LevelNamed(req.Level)
		if p.CachedURL, err = cachedURL(req.URL, compiler.Domains(svc, lvl), fmt.Sprintf("%s (%s)", req.Service, req.Level)); err != nil {
			return nil, err
		}
	default:
		p.Kind, p.Keys = PurgeByKey, req.Keys
		if err := checkKeys(req.Keys); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// cachedURL returns raw as Fastly's POST /purge/{cached_url} names it: host
// and path and query, without the scheme (Fastly's cache key is the host
// and the URL, whatever the scheme).
func cachedURL(raw string, domains []string, where string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("invalid --url %q: write an absolute http(s) URL, such as https://%s/wiki/CSS", raw, firstDomain(domains))
	}
	if u.Fragment != "" || strings.HasSuffix(raw, "#") {
		return "", fmt.Errorf("invalid --url %q: it has a fragment (#...), which is never sent to Fastly: remove it", raw)
	}
	host := strings.ToLower(u.Hostname())
	if !slices.Contains(domains, host) {
		return "", fmt.Errorf("invalid --url %q: %s is not a domain of %s; its domains: %s", raw, host, where, strings.Join(domains, " "))
	}
	// go-fastly sends the query re-encoded from its parsed form (sorted,
	// "a" written "a="): a query in another form would purge another
	// object than the one it names.
	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			return "", fmt.Errorf("invalid --url %q: its query does not parse: %v", raw, err)
		}
		if enc := q.Encode(); enc != u.RawQuery {
			return "", fmt.Errorf("invalid --url %q: edgectl can purge a query only written in the form Fastly's client sends (sorted, encoded): ?%s; if that is not the URL the edge caches, purge it with curl -X PURGE %s", raw, enc, raw)
		}
	}
	// Host names are case-insensitive; clients send them in lower case.
	out := strings.ToLower(u.Host) + u.EscapedPath()
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	return out, nil
}

func firstDomain(list []string) string {
	if len(list) == 0 {
		return "www.example.org"
	}
	return list[0]
}

// checkKeys checks surrogate keys: Fastly separates them with spaces in
// the Surrogate-Key header (https://www.fastly.com/documentation/reference/http/http-headers/Surrogate-Key),
// so a key holds none.
func checkKeys(keys []string) error {
	if len(keys) > fastlyapi.MaxPurgeKeys {
		return fmt.Errorf("%d surrogate keys: Fastly purges at most %d in one request; purge them in several runs", len(keys), fastlyapi.MaxPurgeKeys)
	}
	for _, k := range keys {
		if k == "" {
			return errors.New("empty surrogate key: give --key KEY")
		}
		if strings.IndexFunc(k, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
			return fmt.Errorf("surrogate key %q contains white space or a control character: Surrogate-Key separates keys with spaces, so give each key with its own --key", k)
		}
	}
	return nil
}

// Purge sends a checked purge to Fastly and returns the purge IDs.
func (s *Session) Purge(p *PurgePlan) (map[string]string, error) {
	switch p.Kind {
	case PurgeByURL:
		return s.Client.PurgeURL(p.CachedURL, p.Soft)
	case PurgeByKey:
		return s.Client.PurgeKeys(p.ServiceID, p.Keys, p.Soft)
	}
	return map[string]string{}, s.Client.PurgeAll(p.ServiceID)
}

// Describe says what the purge does, for people: "soft purge of
// https://docs.webplatform.org/wiki/CSS (docs, production)".
func (p *PurgePlan) Describe() string {
	what := "everything cached"
	switch p.Kind {
	case PurgeByURL:
		what = p.URL
	case PurgeByKey:
		what = "surrogate keys " + strings.Join(p.Keys, " ")
		if len(p.Keys) == 1 {
			what = "surrogate key " + p.Keys[0]
		}
	}
	mode := "purge"
	if p.Soft {
		mode = "soft purge"
	}
	return fmt.Sprintf("%s of %s (%s, %s)", mode, what, p.Service, p.Level)
}

// RunPurge loads the definitions, checks req, asks confirm before purging
// everything (confirm refuses off a terminal without --yes) and, unless it
// is a dry run, sends it. Its error is a DefinitionError, confirm's
// refusal, a mistake in req, or what Fastly answered.
func (s *Session) RunPurge(req PurgeRequest, confirm func(question string) error) (*PurgeReport, error) {
	site, diags := definition.Load(req.Root)
	if diags.HasErrors() {
		return nil, &DefinitionError{Diags: diags}
	}
	p, err := PlanPurge(site, req)
	if err != nil {
		return nil, err
	}
	rep := &PurgeReport{PurgePlan: p, DryRun: req.DryRun, IDs: map[string]string{}}
	if req.DryRun {
		return rep, nil
	}
	if p.Kind == PurgeAll {
		if err := confirm(fmt.Sprintf("purge everything %s caches", Where(p.Service, p.Level))); err != nil {
			return nil, err
		}
	}
	if rep.IDs, err = s.Purge(p); err != nil {
		return nil, err
	}
	return rep, nil
}

// WriteText says what purge sent, or would send.
func (r *PurgeReport) WriteText(w io.Writer) error {
	verb := "sent the "
	if r.DryRun {
		verb = "dry run: would send the "
	}
	_, err := fmt.Fprintf(w, "%s%s\n", verb, r.Describe())
	return err
}
