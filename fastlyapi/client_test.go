package fastlyapi

import "testing"

// TestDebugModeOff: FASTLY_DEBUG_MODE makes go-fastly dump every request
// body (VCL, the private include) to stdout; edgectl's client never does.
func TestDebugModeOff(t *testing.T) {
	t.Setenv("FASTLY_DEBUG_MODE", "true")
	c, err := NewClient(Options{Token: "TEST-TOKEN", URL: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	if c.fc.DebugMode {
		t.Error("go-fastly's debug mode is on")
	}
}
