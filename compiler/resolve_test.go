package compiler

import (
	"testing"
	"time"

	"github.com/webplatform/edgectl/definition"
)

// TestResolveFillsDefaults: what tracker leaves out (testdata/site) comes
// out of resolve with Fastly's defaults, written here as literals, and the
// loaded definition, shared by every level, keeps its zeros.
func TestResolveFillsDefaults(t *testing.T) {
	svc := loadSite(t).Service("tracker")
	svc.Backends[0].Healthcheck = &definition.Healthcheck{Path: "/"}
	r := resolve(svc)
	b := r.Backends[0]
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"connect_timeout", b.ConnectTimeout.Std(), time.Second},
		{"first_byte_timeout", b.FirstByte.Std(), 15 * time.Second},
		{"between_bytes_timeout", b.BetweenBytes.Std(), 10 * time.Second},
		{"max_conn", b.MaxConn, 200},
		{"healthcheck.method", string(b.Healthcheck.Method), "HEAD"},
		{"healthcheck.expected_response", b.Healthcheck.Expected, 200},
		{"healthcheck.interval", b.Healthcheck.Interval.Std(), 15 * time.Second},
		{"healthcheck.timeout", b.Healthcheck.Timeout.Std(), 5 * time.Second},
		{"healthcheck.window", b.Healthcheck.Window, 5},
		{"healthcheck.threshold", b.Healthcheck.Threshold, 3},
		{"healthcheck.initial", b.Healthcheck.Initial, 3},
		{"cache.default_ttl", r.Cache.DefaultTTL.Std(), time.Hour},
		{"cache.error_ttl", r.Cache.ErrorTTL.Std(), time.Second},
		{"headers.debug", len(r.Headers.Debug), 7},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	orig := svc.Backends[0]
	if orig.MaxConn != 0 || orig.ConnectTimeout != 0 || orig.Healthcheck.Window != 0 || svc.Cache.ErrorTTL != 0 || len(svc.Headers.Debug) != 0 {
		t.Errorf("resolve changed the loaded definition: %+v", orig)
	}
}
