package openstackfake

import (
	"testing"

	"github.com/webplatform/edgectl/internal/fakehttp"
)

// TestFaultsAndLog: an injected fault answers in OpenStack's error format
// before the request is applied, and the log never holds the token.
func TestFaultsAndLog(t *testing.T) {
	c := Start(Options{})
	defer c.Close()
	const flavors = "GET /compute/v2.1/flavors/detail"
	c.SetFaults(fakehttp.Faults{Fail: []fakehttp.Fault{{Route: flavors, Nth: 2, Status: 503}}})
	tests := []struct {
		name   string
		want   int
		errMsg string
	}{
		{"first", 200, ""},
		{"second fails", 503, "injected fault"},
		{"third", 200, ""},
	}
	for _, tt := range tests {
		status, body, _ := do(t, c, "GET", "/compute/v2.1/flavors/detail", c.token, "")
		if status != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, status, tt.want)
		}
		if tt.errMsg != "" {
			e, _ := body["error"].(map[string]any)
			if e["message"] != tt.errMsg || e["code"] != float64(tt.want) {
				t.Errorf("%s: body %v", tt.name, body)
			}
		}
	}
	if n := c.Requests()[flavors]; n != 3 {
		t.Errorf("%d flavor requests counted, want 3", n)
	}
	log := c.RequestLog()
	if len(log) != 3 || log[1].Fault != "status 503" || log[1].Status != 503 {
		t.Fatalf("log %+v", log)
	}
	for _, e := range log {
		if got := e.Header.Get("X-Auth-Token"); got != fakehttp.Redacted {
			t.Errorf("request %d logged X-Auth-Token %q", e.Seq, got)
		}
	}
}
