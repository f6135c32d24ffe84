package definition

import (
	"time"

	"github.com/webplatform/edgectl/fastlyvcl"
)

// The table of defaults: what a definition may leave out, and what it then
// means. The compiler's resolve step fills them in once, before anything is
// rendered, so that the renderers print resolved values only; validation
// names them in its hints. Most are Fastly's own defaults, so that an object
// edgectl publishes reads the same as one set up in the web UI.
const (
	// DefaultConnectTimeout is Fastly's default connect timeout (1 s, in
	// the 1–3 s a connection to a reachable origin needs at most).
	DefaultConnectTimeout = Duration(time.Second)
	// DefaultFirstByteTimeout is Fastly's default: "By default, the
	// timeout is 15s"
	// (https://www.fastly.com/documentation/reference/vcl/variables/backend-connection/bereq-first-byte-timeout/).
	DefaultFirstByteTimeout = Duration(15 * time.Second)
	// DefaultBetweenBytesTimeout is Fastly's default between bytes timeout.
	DefaultBetweenBytesTimeout = Duration(10 * time.Second)

	// DefaultMaxConn is Fastly's default maximum of connections to a
	// backend (the backend object's max_conn).
	DefaultMaxConn = 200

	// DefaultBackendWeight is the weight of every backend edgectl creates:
	// the backend object's weight field
	// (https://www.fastly.com/documentation/reference/api/services/backend/),
	// 100 as Fastly answers a backend created without one (go-fastly's
	// recorded fixture backends/create). Director members carry it in the
	// VCL Fastly generates (package fastlyvcl).
	DefaultBackendWeight = 100

	// DefaultDirectorType is a role backend's director policy when the
	// definition gives none: random, the director object's default type
	// (1; https://www.fastly.com/documentation/reference/api/load-balancing/directors/director/).
	DefaultDirectorType = fastlyvcl.PolicyRandom

	// DefaultQuorum is the director quorum when a definition gives none:
	// the smallest percentage that needs a healthy member. Fastly's
	// director page: .quorum is "the percentage threshold that must be
	// reached by the cumulative .weight of all healthy backends in order
	// for the director to be deemed healthy", and "by default, the
	// director is healthy if it has at least one healthy member backend"
	// (https://www.fastly.com/documentation/reference/vcl/declarations/director/).
	// 0% would be reached with none healthy: never unhealthy.
	DefaultQuorum = 1

	// Health checks, Fastly's health check object defaults: HEAD, expecting
	// 200, every 15 s with a 5 s timeout, healthy when 3 of the last 5
	// probes succeed (never more than the window); initial defaults to the
	// threshold (a backend starts healthy).
	DefaultHealthcheckMethod    = Method("HEAD")
	DefaultHealthcheckExpected  = 200
	DefaultHealthcheckInterval  = Duration(15 * time.Second)
	DefaultHealthcheckTimeout   = Duration(5 * time.Second)
	DefaultHealthcheckWindow    = 5
	DefaultHealthcheckThreshold = 3
	// DefaultHealthcheckHTTPVersion is the HTTP version of every probe
	// ("Whether to use version 1.0 or 1.1 HTTP", the health check object:
	// https://www.fastly.com/documentation/reference/api/services/healthcheck/).
	DefaultHealthcheckHTTPVersion = "1.1"

	// DefaultTTL is the cache TTL when the origin sends no caching headers
	// (Fastly's default_ttl setting, 3600 s).
	DefaultTTL = Duration(time.Hour)
	// DefaultErrorTTL is how long an origin's 5xx is cached: one request
	// per URL per second reaches an origin in trouble.
	DefaultErrorTTL = Duration(time.Second)
	// DefaultStaleIfErrorTTL is Fastly's stale_if_error_ttl setting, sent
	// while stale_if_error is off (and then unused).
	DefaultStaleIfErrorTTL = Duration(12 * time.Hour)

	// DefaultRedirectStatus is a redirect's status: permanent.
	DefaultRedirectStatus = 301
	// DefaultRetryAfter is the Retry-After of the maintenance page.
	DefaultRetryAfter = Duration(5 * time.Minute)
	// DefaultStatusPage is a level's status page host, under its TLD.
	DefaultStatusPage = Hostname("status")
)

// Default gzip policy: Fastly's own defaults for its gzip objects.
var (
	DefaultGzipContentTypes = []ContentType{"text/html", "application/x-javascript", "text/css", "application/javascript", "text/javascript", "application/json", "application/vnd.ms-fontobject", "application/x-font-opentype", "application/x-font-truetype", "application/x-font-ttf", "application/xml", "font/eot", "font/opentype", "font/otf", "image/svg+xml", "image/vnd.microsoft.icon", "text/plain", "text/xml"}
	DefaultGzipExtensions   = []Extension{"css", "js", "html", "eot", "ico", "otf", "ttf", "json", "svg"}
)

// DefaultDebugHeaders are removed from responses unless the request carries
// Fastly-Debug.
var DefaultDebugHeaders = []HeaderName{"Fastly-Restarts", "Via", "X-Cache", "X-Cache-Hits", "X-Served-By", "X-Timer", "X-Varnish"}
