package endpoint

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		raw       string
		allowPath bool
		want      string // "" means valid
	}{
		{"https://api.fastly.com", false, ""},
		{"http://127.0.0.1:8080/", false, ""},
		{"http://[::1]:8080", false, ""},
		{"https://keystone.example:5000/v3/", true, ""},
		{"127.0.0.1:8080", false, "does not parse"},
		{"localhost:8080", false, `scheme is "localhost"`},
		{"api.fastly.com", false, "no scheme"},
		{"garbage", false, "no scheme"},
		{"ftp://example.com", false, `scheme is "ftp"`},
		{"https://", false, "no host"},
		{"http://:8080", false, "no host"},
		{"http:127.0.0.1", false, "no host"},
		{"http://127.0.0.1:80x", false, "does not parse"},
		{"http://127.0.0.1:99999", false, "port 99999"},
		{"http://127.0.0.1:0", false, "port 0"},
		{"http://[::1", false, "does not parse"},
		{" http://x", false, "does not parse"},
		{"http://127.0.0.1:8080/v1", false, `path "/v1"`},
		{"http://x/?a=b", false, "query"},
		{"http://x/#top", false, "fragment"},
		{"http://user:pw@x", false, "user information"},
	} {
		err := Check(tc.raw, tc.allowPath)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Check(%q) = %v, want valid", tc.raw, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("Check(%q) = %v, want an error with %q", tc.raw, err, tc.want)
		}
	}
}
