package fastlyfake

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// Routes of the purge endpoints. Purges change no version and no object:
// Fastly's purging API reference
// (https://www.fastly.com/documentation/reference/api/purging/) lists
// POST /purge/{cached_url}, POST /service/{service_id}/purge/{surrogate_key},
// POST /service/{service_id}/purge (several keys) and
// POST /service/{service_id}/purge_all; go-fastly v9.14.0 (fastly/purge.go)
// calls them as Purge, PurgeKey, PurgeKeys and PurgeAll.
const (
	RoutePurgeURL  = "/purge/{cached_url...}"
	RoutePurgeKey  = RouteService + "/purge/{surrogate_key}"
	RoutePurgeKeys = RouteService + "/purge"
	RoutePurgeAll  = RouteService + "/purge_all"
)

// Kinds of [Purge].
const (
	PurgeURL = "url"
	PurgeKey = "key"
	PurgeAll = "all"
)

// maxPurgeKeys is the most keys one batch purge takes: "Up to 256
// surrogate keys can be purged in one batch request" (Fastly's purging
// API reference, "Purge multiple surrogate key tags").
const maxPurgeKeys = 256

// Purge is one purge the sandbox answered, for tests to assert.
type Purge struct {
	// Kind is PurgeURL, PurgeKey (one key or a batch) or PurgeAll.
	Kind string
	// ServiceID is the service purged; "" for a URL purge, which Fastly
	// does not scope to a service.
	ServiceID string
	// URL is the cached URL of a URL purge, as the path named it (host and
	// path, no scheme) with its query.
	URL string
	// Keys are the surrogate keys of a key purge.
	Keys []string
	// Soft is true when the request had Fastly-Soft-Purge.
	Soft bool
	// ID is the purge ID the answer gave (a batch: its first key's; a
	// purge all answers none).
	ID string
}

// Same reports whether p and q purge the same thing the same way: all but
// their purge IDs, which the sandbox makes up, are equal.
func (p Purge) Same(q Purge) bool {
	return p.Kind == q.Kind && p.ServiceID == q.ServiceID && p.URL == q.URL && p.Soft == q.Soft && slices.Equal(p.Keys, q.Keys)
}

// purgeLog keeps the purges answered; purges are not state (Fastly keeps
// nothing a later request could read), so they have their own lock and
// are not saved.
type purgeLog struct {
	mu   sync.Mutex
	list []Purge
}

// Purges returns the purges answered so far, oldest first.
func (s *Server) Purges() []Purge {
	s.purges.mu.Lock()
	defer s.purges.mu.Unlock()
	return slices.Clone(s.purges.list)
}

func (c *call) recordPurge(p Purge) {
	// "Fastly-Soft-Purge: 1" makes a purge soft (Fastly's "Soft purges"
	// guide: https://www.fastly.com/documentation/guides/full-site-delivery/purging/soft-purges).
	p.Soft = c.r.Header.Get("Fastly-Soft-Purge") != ""
	c.s.purges.mu.Lock()
	defer c.s.purges.mu.Unlock()
	c.s.purges.list = append(c.s.purges.list, p)
}

// purgeRoutes are the purge endpoints. Like every non-read request they
// spend the sandbox's hourly budget and carry its headers: go-fastly's
// purge_all recording has Fastly-RateLimit-Remaining, its purge_by_key one
// has none, and we found no Fastly page saying whether purges count.
func purgeRoutes() []routeEntry {
	// read: a purge takes the state lock shared; it changes no state.
	return []routeEntry{
		{"POST", RoutePurgeURL, read, purgeURL},
		{"POST", RoutePurgeKey, read, purgeKey},
		{"POST", RoutePurgeKeys, read, purgeKeys},
		{"POST", RoutePurgeAll, read, purgeAll},
	}
}

func purgeURL(c *call) (any, *apiError) {
	u := c.path("cached_url")
	if q := c.r.URL.RawQuery; q != "" {
		u += "?" + q
	}
	id := c.s.opts.NewID()
	c.recordPurge(Purge{Kind: PurgeURL, URL: u, ID: id})
	return map[string]any{"status": "ok", "id": id}, nil
}

func purgeKey(c *call) (any, *apiError) {
	id := c.s.opts.NewID()
	c.recordPurge(Purge{Kind: PurgeKey, ServiceID: c.svc.ID, Keys: []string{c.path("surrogate_key")}, ID: id})
	return map[string]any{"status": "ok", "id": id}, nil
}

// purgeKeys takes the keys from the Surrogate-Key header (space separated,
// as go-fastly sends them) or a JSON body {"surrogate_keys": [...]}, and
// answers a purge ID per key.
func purgeKeys(c *call) (any, *apiError) {
	keys := strings.Fields(c.r.Header.Get("Surrogate-Key"))
	if len(keys) == 0 && len(c.body) > 0 {
		var body struct {
			Keys []string `json:"surrogate_keys"`
		}
		if err := json.Unmarshal(c.body, &body); err != nil {
			return nil, badRequest("invalid JSON body: %v", err)
		}
		keys = body.Keys
	}
	// Neither refusal's wording is recorded in a fixture.
	switch {
	case len(keys) == 0:
		return nil, badRequest("no surrogate keys: send them in the Surrogate-Key header or as {\"surrogate_keys\": [...]}")
	case len(keys) > maxPurgeKeys:
		return nil, badRequest("%d surrogate keys: a batch purge takes up to %d", len(keys), maxPurgeKeys)
	}
	ids := map[string]any{}
	for _, k := range keys {
		ids[k] = c.s.opts.NewID()
	}
	c.recordPurge(Purge{Kind: PurgeKey, ServiceID: c.svc.ID, Keys: keys, ID: ids[keys[0]].(string)})
	return ids, nil
}

func purgeAll(c *call) (any, *apiError) {
	c.recordPurge(Purge{Kind: PurgeAll, ServiceID: c.svc.ID})
	return statusOK, nil
}

// isPurgeURL reports whether p is a URL purge, whose path carries a cached
// URL that may end with "/" and is not cleaned.
func isPurgeURL(method, p string) bool {
	return method == http.MethodPost && strings.HasPrefix(p, "/purge/")
}
