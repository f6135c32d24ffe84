package definition

import "time"

// The limit a backend's timeouts must keep (their defaults are in
// defaults.go).
const (
	// ClusterHop is the fixed timeout between two Fastly nodes of a
	// cluster: "The timeout between nodes in a cluster is always 60s and
	// is not configurable" (same page). A miss is fetched by another node
	// than the one the visitor talks to, so everything the fetch node may
	// wait for before the first byte must fit in it. "Fastly enforces a 60
	// second timeout between nodes unless you're passing requests in
	// vcl_recv" ("Changing connection timeouts to your origin",
	// https://docs.fastly.com/en/guides/changing-connection-timeouts-to-your-origin);
	// a backend's timeouts apply to its misses too, so they must fit.
	ClusterHop = 60 * time.Second
)

// Timeouts are a backend's connect and first byte timeouts, defaults
// filled in.
func (b *Backend) Timeouts() (connect, firstByte Duration) {
	connect, firstByte = b.ConnectTimeout, b.FirstByte
	if connect == 0 {
		connect = DefaultConnectTimeout
	}
	if firstByte == 0 {
		firstByte = DefaultFirstByteTimeout
	}
	return connect, firstByte
}

// WorstFirstByte is how long a fetch node may wait for the first byte from
// a backend whose director retries a failed connection: every attempt (the
// first and each retry) timing out on connect but the last, which then
// takes the whole first byte timeout. Fastly's .retries is "the number of
// times the director will try ... if the first connection attempt fails".
func WorstFirstByte(connect, firstByte Duration, retries int) time.Duration {
	return time.Duration(retries+1)*connect.Std() + firstByte.Std()
}

// MaxRetries is the largest number of retries whose WorstFirstByte fits in
// ClusterHop; -1 when not even one attempt fits.
func MaxRetries(connect, firstByte Duration) int {
	if connect <= 0 {
		return -1
	}
	return int((ClusterHop-firstByte.Std())/connect.Std()) - 1
}
