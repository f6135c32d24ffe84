package fastlyapi

import (
	"fmt"

	"github.com/fastly/go-fastly/v9/fastly"
)

// Purges go through go-fastly v9.14.0 (fastly/purge.go), on the endpoints of
// Fastly's purging API reference
// (https://www.fastly.com/documentation/reference/api/purging/). Like every
// write, they are not retried: a purge whose answer is lost can simply be
// sent again.

// PurgeURL purges one cached URL, written as Fastly's POST
// /purge/{cached_url} names it: host and path (and query), no scheme. A URL
// purge is not scoped to a service: Fastly purges the object of that URL in
// whichever service caches it. soft marks the object stale instead of
// removing it ("Fastly-Soft-Purge: 1", Fastly's "Soft purges" guide). It
// returns the purge ID by URL.
func (c *Client) PurgeURL(cachedURL string, soft bool) (map[string]string, error) {
	p, err := c.fc.Purge(&fastly.PurgeInput{URL: cachedURL, Soft: soft})
	if err != nil {
		return nil, Describe("purge "+cachedURL, err)
	}
	return map[string]string{cachedURL: fastly.ToValue(p.PurgeID)}, nil
}

// PurgeKeys purges the objects of service serviceID tagged with any of the
// surrogate keys: one key with POST /service/{id}/purge/{key}, several with
// one batch request (up to MaxPurgeKeys). It returns the purge ID by key.
func (c *Client) PurgeKeys(serviceID string, keys []string, soft bool) (map[string]string, error) {
	what := fmt.Sprintf("purge surrogate keys %v of service %s", keys, serviceID)
	switch {
	case len(keys) == 0:
		return nil, fmt.Errorf("%s: no key given", what)
	case len(keys) > MaxPurgeKeys:
		return nil, fmt.Errorf("%s: %d keys, Fastly purges at most %d in one request", what, len(keys), MaxPurgeKeys)
	case len(keys) == 1:
		p, err := c.fc.PurgeKey(&fastly.PurgeKeyInput{ServiceID: serviceID, Key: keys[0], Soft: soft})
		if err != nil {
			return nil, Describe(what, err)
		}
		return map[string]string{keys[0]: fastly.ToValue(p.PurgeID)}, nil
	}
	ids, err := c.fc.PurgeKeys(&fastly.PurgeKeysInput{ServiceID: serviceID, Keys: keys, Soft: soft})
	if err != nil {
		return nil, Describe(what, err)
	}
	return ids, nil
}

// MaxPurgeKeys is the most surrogate keys one request purges: "Up to 256
// surrogate keys can be purged in one batch request" (Fastly's purging API
// reference, "Purge multiple surrogate key tags").
const MaxPurgeKeys = 256

// PurgeAll purges everything service serviceID caches. Fastly does it hard
// whatever is asked: "Purge-all requests cannot be done in soft mode"
// (purging API reference, "Purge everything from a service").
func (c *Client) PurgeAll(serviceID string) error {
	if _, err := c.fc.PurgeAll(&fastly.PurgeAllInput{ServiceID: serviceID}); err != nil {
		return Describe("purge everything of service "+serviceID, err)
	}
	return nil
}
