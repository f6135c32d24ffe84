package edgeverify

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const service = "K4b6Y9OXy9U5nOfXufHLmD"

// edge plays Fastly's edge: answer(n) gives the Edgectl-VCL header of the
// n-th request (from 1), "" for none. It also records that every request
// asked with Fastly-Debug.
func edge(t *testing.T, answer func(n int) string) (string, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Fastly-Debug") == "" {
			t.Errorf("request without Fastly-Debug")
		}
		if v := answer(int(n.Add(1))); v != "" {
			w.Header().Set(Header, v)
		}
		// A forced-TLS redirect must be read as it is, not followed.
		http.Redirect(w, r, "https://docs.webplatform.org/", http.StatusMovedPermanently)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/wiki/Main_Page", &n
}

func vcl(id string, version int) string { return fmt.Sprintf("%s.%d_3-8a1bc9f0", id, version) }

func TestWait(t *testing.T) {
	tests := []struct {
		name     string
		answer   func(n int) string
		want     string // "" for success
		requests int32
	}{
		{"live at once", func(int) string { return vcl(service, 42) }, "", 1},
		{"propagates after two old answers", func(n int) string {
			if n <= 2 {
				return vcl(service, 41)
			}
			return vcl(service, 42)
		}, "", 3},
		{"header only once the new VCL runs", func(n int) string {
			if n == 1 {
				return ""
			}
			return vcl(service, 42)
		}, "", 2},
		{"never propagates", func(int) string { return vcl(service, 41) }, "the edge still serves version 41 of " + service + " after 5 requests over", 5},
		{"never a header", func(int) string { return "" }, "no Edgectl-VCL header", 5},
		{"another service", func(int) string { return vcl("OtherService0000000000", 42) }, "is served by Fastly service OtherService0000000000, not " + service, 1},
		{"a newer version", func(int) string { return vcl(service, 43) }, "serves version 43, newer than 42", 1},
		{"garbage", func(int) string { return "nonsense" }, `cannot read Edgectl-VCL "nonsense"`, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, n := edge(t, tt.answer)
			var waits []time.Duration
			opts := Options{Attempts: 5, Backoff: time.Second, MaxBackoff: 3 * time.Second, Sleep: func(d time.Duration) { waits = append(waits, d) }}
			err := Wait(context.Background(), u, service, 42, opts)
			if tt.want == "" && err != nil {
				t.Fatalf("error %v", err)
			}
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if n.Load() != tt.requests {
				t.Errorf("%d requests, want %d", n.Load(), tt.requests)
			}
			// Bounded backoff: 1s, 2s, 3s, 3s at most.
			for i, d := range waits {
				if want := min(time.Second<<i, 3*time.Second); d != want {
					t.Errorf("wait %d: %v, want %v", i, d, want)
				}
			}
		})
	}
}

// TestWaitUnreachable: a URL nobody answers is retried, then named.
func TestWaitUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close()
	err := Wait(context.Background(), u+"/", service, 42, Options{Attempts: 3, Sleep: func(time.Duration) {}})
	if err == nil || !strings.Contains(err.Error(), "cannot reach") {
		t.Fatalf("error %v", err)
	}
}

func TestParse(t *testing.T) {
	id, v, err := Parse("K4b6Y9OXy9U5nOfXufHLmD.42_3-8a1bc9f0")
	if err != nil || id != service || v != 42 {
		t.Errorf("Parse: %q %d %v", id, v, err)
	}
	for _, bad := range []string{"", "x", "id.", "id._3-h", "id.x_3-h", ".42_3-h"} {
		if _, _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}
