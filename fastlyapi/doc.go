// Package fastlyapi is edgectl's Fastly API client: it reads a service's
// state and makes the writes a plan asks for, and knows nothing of the
// desired state beyond the types of package fastlyplan.
//
//   - client.go, transport.go: go-fastly makes the calls; under it a
//     transport sets a timeout per attempt, retries reads on 5xx and network
//     failures with backoff, waits out a 429 when the rate limit resets soon
//     enough, records Fastly-RateLimit-Remaining/-Reset, and keeps an answer
//     quoting the API token out of every error.
//   - remote.go, flex.go: one GET /service/{id}/details per service, decoded
//     and normalised (Fastly sends numbers and booleans as strings for some
//     kinds) into a Remote holding a fastlyplan.Config; a backend's client
//     key is kept as a fingerprint only.
//   - webui.go, apply_webui.go: the web UI's kinds (conditions, headers,
//     response objects, request and cache settings, snippets) decoded field
//     by field and written with go-fastly's typed calls; a dynamic
//     snippet's content read and written outside versions.
package fastlyapi
