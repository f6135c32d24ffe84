// Package edgeverify checks, after a publish, that Fastly's edge serves the
// new version: it requests a URL of the service with Fastly-Debug and reads
// the header the compiled VCL sends under it (compiler.VersionHeader, req.vcl),
// again with a bounded backoff while the version propagates.
//
// Fastly sends no response header with the service version of its own
// (Fastly-Debug adds Fastly-Debug-Path, -TTL and -Digest:
// https://www.fastly.com/documentation/reference/http/http-headers/Fastly-Debug/),
// hence the VCL's own.
package edgeverify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"
	"time"

	"github.com/webplatform/edgectl/compiler"
)

// Header is the response header naming the VCL that served a response.
const Header = compiler.VersionHeader

// Options bound the wait. Zero values take the defaults.
type Options struct {
	// Attempts is how many requests are made at most (default 10).
	Attempts int
	// Backoff is the wait after the first request; it doubles after each
	// one, up to MaxBackoff (defaults 1s and 15s: about 1m40s in all).
	Backoff, MaxBackoff time.Duration
	// Timeout bounds one request (default 10s).
	Timeout time.Duration
	// Sleep waits between requests (tests make it instant).
	Sleep func(time.Duration)
	// Progress receives a line per request that did not see the version.
	Progress func(string)
	// Transport is the HTTP transport (default http.DefaultTransport).
	Transport http.RoundTripper
}

func (o *Options) defaults() {
	if o.Attempts <= 0 {
		o.Attempts = 10
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 15 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Sleep == nil {
		o.Sleep = time.Sleep
	}
	if o.Progress == nil {
		o.Progress = func(string) {}
	}
}

// errFinal marks an answer that waiting cannot change.
var errFinal = errors.New("final")

// Wait requests url until the edge answers with version of serviceID, and
// fails when it answers another service or a newer version, or when the
// attempts are spent.
func Wait(ctx context.Context, url, serviceID string, version int, opts Options) error {
	opts.defaults()
	client := &http.Client{
		Timeout:   opts.Timeout,
		Transport: opts.Transport,
		// A redirect (forced TLS) is an answer of the VCL too: read it.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	wait, start := opts.Backoff, time.Now()
	var last error
	for i := 1; i <= opts.Attempts; i++ {
		last = check(ctx, client, url, serviceID, version)
		if last == nil {
			return nil
		}
		if errors.Is(last, errFinal) {
			return fmt.Errorf("verify %s: %w", url, unwrapFinal(last))
		}
		if i == opts.Attempts {
			break
		}
		opts.Progress(fmt.Sprintf("verify %s: %v; again in %v", url, last, wait))
		opts.Sleep(wait)
		wait = min(2*wait, opts.MaxBackoff)
	}
	return fmt.Errorf("verify %s: %v after %d requests over %v: the new version has not reached this edge; check with curl -sI -H 'Fastly-Debug: 1' %s, or wait and run it again", url, last, opts.Attempts, time.Since(start).Round(time.Second), url)
}

// final wraps an error that waiting cannot change.
type final struct{ err error }

func (f *final) Error() string        { return f.err.Error() }
func (f *final) Is(target error) bool { return target == errFinal }
func unwrapFinal(err error) error {
	var f *final
	if errors.As(err, &f) {
		return f.err
	}
	return err
}

func check(ctx context.Context, client *http.Client, url, serviceID string, version int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return &final{fmt.Errorf("invalid URL: %v", err)}
	}
	req.Header.Set("Fastly-Debug", "1")
	resp, err := client.Do(req)
	if err != nil {
		// url.Error quotes the URL, which the caller names already.
		var ue *neturl.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("cannot reach the edge: %v", err)
	}
	resp.Body.Close()
	raw := resp.Header.Get(Header)
	if raw == "" {
		return fmt.Errorf("no %s header in the answer (%s): the VCL serving it is older than edgectl's version header, or not edgectl's (raw_vcl)", Header, resp.Status)
	}
	id, v, err := Parse(raw)
	switch {
	case err != nil:
		return err
	case id != serviceID:
		return &final{fmt.Errorf("the URL is served by Fastly service %s, not %s: give a URL of this service's domains", id, serviceID)}
	case v > version:
		return &final{fmt.Errorf("the edge serves version %d, newer than %d: another publish activated a version since", v, version)}
	case v < version:
		return fmt.Errorf("the edge still serves version %d of %s", v, id)
	}
	return nil
}

// Parse reads a req.vcl value, "{serviceID}.{version}_{generation}-{hash}"
// (Fastly: req.vcl,
// https://www.fastly.com/documentation/reference/vcl/variables/miscellaneous/req-vcl/),
// into the service ID and version.
func Parse(raw string) (serviceID string, version int, err error) {
	id, rest, ok := strings.Cut(raw, ".")
	num, _, ok2 := strings.Cut(rest, "_")
	v, err := strconv.Atoi(num)
	if !ok || !ok2 || id == "" || err != nil || v < 1 {
		return "", 0, fmt.Errorf("cannot read %s %q: Fastly's req.vcl is SERVICE.VERSION_GENERATION-HASH", Header, raw)
	}
	return id, v, nil
}
