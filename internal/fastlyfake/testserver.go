package fastlyfake

import (
	"net/http/httptest"
	"testing"
)

// TestToken is a token for tests; the sandbox accepts any non-empty one
// unless Options.Token says otherwise.
const TestToken = "sandbox-test-token"

// NewTest starts a sandbox for a test on 127.0.0.1 (httptest), seeded with
// seeds, and closes it when the test ends. It returns the sandbox and its
// URL, for fastly.NewClientForEndpoint(fastlyfake.TestToken, url).
func NewTest(tb testing.TB, opts Options, seeds ...ServiceSeed) (*Server, string) {
	tb.Helper()
	s, err := New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := s.Seed(seeds...); err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(s)
	tb.Cleanup(func() {
		ts.Close()
		s.Flush()
	})
	return s, ts.URL
}
