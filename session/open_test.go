package session

import (
	"io"
	"strings"
	"testing"
)

// TestOpenChecksEndpointFirst: an invalid API URL is named even when the
// token is missing or unreadable too (README "Endpoints are checked first"),
// so that one run shows the mistake a library would otherwise trip on.
func TestOpenChecksEndpointFirst(t *testing.T) {
	t.Setenv(TokenEnv, "")
	t.Setenv(TokenEnvAlt, "")
	for _, x := range []struct {
		name      string
		opts      Options
		wantInErr string
	}{
		{"no token", Options{APIURL: "ftp://127.0.0.1:1"}, `invalid Fastly API URL "ftp://127.0.0.1:1" (--api-url)`},
		{"unreadable token file", Options{APIURL: "http://127.0.0.1:1/v1", TokenFile: "/nonexistent/token"}, `invalid Fastly API URL "http://127.0.0.1:1/v1" (--api-url)`},
	} {
		x.opts.Stderr = io.Discard
		_, err := Open(x.opts)
		if err == nil || !strings.Contains(err.Error(), x.wantInErr) {
			t.Errorf("%s: error %v, want %q", x.name, err, x.wantInErr)
		}
	}
}
