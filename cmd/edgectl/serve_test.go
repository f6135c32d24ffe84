package main

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/webplatform/edgectl/localserve"
)

// TestServeCommand runs edgectl serve on 127.0.0.1:0 against a local
// origin: plain is redirected to https, TLS gets the origin's page, and
// the request log and the stand-in of the director are on stderr.
func TestServeCommand(t *testing.T) {
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "origin page")
	}))
	defer origin.Close()
	client := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
	}
	var plain, secure *http.Response
	serveReady = func(s *localserve.Servers) {
		defer s.Shutdown(context.Background())
		plain, _ = client.Get("http://" + s.Plain.String() + "/")
		secure, _ = client.Get("https://" + s.TLS.String() + "/")
	}
	defer func() { serveReady = nil }()
	code, _, stderr := runCLI(t, "serve", "www", "--root", repoRoot, "--origin", origin.URL, "--listen", "127.0.0.1:0", "--tls-listen", "127.0.0.1:0")
	if code != 0 || plain == nil || secure == nil {
		t.Fatalf("exit %d, answers %v %v\n%s", code, plain, secure, stderr)
	}
	if plain.StatusCode != 301 || !strings.HasPrefix(plain.Header.Get("Location"), "https://") {
		t.Errorf("plain: %d %v, want 301 to https", plain.StatusCode, plain.Header)
	}
	body, _ := io.ReadAll(secure.Body)
	if secure.StatusCode != 200 || string(body) != "origin page" {
		t.Errorf("TLS: %d %q, want the origin's page", secure.StatusCode, body)
	}
	for _, want := range []string{"every backend sends to " + origin.URL, "director app (3 backends) is served by F_app1 alone", "status=301 restarts=0", "backend=app(F_app1) status=200 restarts=0"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// serve runs the placeholder on purpose and takes no --private-dir:
	// the build's advice to pass one would mislead.
	if strings.Contains(stderr, "private include not given") {
		t.Errorf("serve tells the user to pass a private directory it does not take:\n%s", stderr)
	}
}

func TestServeCommandErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "ww"}, `unknown service "ww"`},
		{[]string{"serve", "www", "--origin", "127.0.0.1:8000"}, "--origin"},
		{[]string{"serve", "www", "--listen", "", "--tls-listen", ""}, "give at least one address"},
		{[]string{"serve", "www", "--listen", "256.0.0.1:1"}, "--listen 256.0.0.1:1"},
		{[]string{"serve", "www", "--level", "prod"}, "production"},
		{[]string{"serve"}, "accepts 1 arg"},
	} {
		code, _, stderr := runCLI(t, append(c.args, "--root", repoRoot)...)
		if code != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("edgectl %s: exit %d, want 1 with %q\n%s", strings.Join(c.args, " "), code, c.want, stderr)
		}
	}
}
