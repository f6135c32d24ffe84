package fastlyapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// transport is the HTTP layer under go-fastly, which has no retries, no
// timeouts and no context: it sets a timeout per attempt, retries reads
// (GET) on 5xx answers and network failures with exponential backoff, waits
// out a 429 when the rate limit resets soon enough, and records Fastly's
// rate-limit headers and how many requests were made. Writes are never
// retried after a failure that may have reached Fastly: the next publish
// converges instead (see Publisher).
type transport struct {
	base    http.RoundTripper
	opts    *Options
	sleep   func(time.Duration)
	now     func() time.Time
	reads   atomic.Int64
	writes  atomic.Int64
	mu      sync.Mutex
	limit   RateLimit
	waiting func(string)
}

// RateLimit is the last rate-limit state Fastly reported.
type RateLimit struct {
	// Known is false until a response carried the headers.
	Known bool
	// Remaining is Fastly-RateLimit-Remaining: writes left in this window.
	Remaining int
	// Reset is Fastly-RateLimit-Reset: when the window starts again.
	Reset time.Time
}

// RateLimitError is a 429 that edgectl did not wait out.
type RateLimitError struct {
	Reset time.Time
	Wait  time.Duration
}

func (e *RateLimitError) Error() string {
	if e.Reset.IsZero() {
		return "Fastly's API rate limit is exhausted (429) and Fastly did not say when it resets; try again in an hour"
	}
	return fmt.Sprintf("Fastly's API rate limit is exhausted until %s (%s from now), longer than edgectl waits; try again then",
		e.Reset.UTC().Format(time.RFC3339), e.Wait.Round(time.Second))
}

func isRead(m string) bool { return m == http.MethodGet || m == http.MethodHead }

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	rateWaits := 0
	for attempt := 0; ; attempt++ {
		if attempt > 0 && req.Body != nil && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
		if isRead(req.Method) {
			t.reads.Add(1)
		} else {
			t.writes.Add(1)
		}
		resp, err := t.once(req)
		if err == nil {
			t.record(resp.Header)
		}
		retryRead := isRead(req.Method) && attempt < t.opts.Retries
		switch {
		case err != nil && retryRead && retryable(req, err):
			t.pause(attempt, fmt.Sprintf("%s %s failed (%v); retrying", req.Method, req.URL.Path, err))
			continue
		case err != nil:
			return nil, err
		case resp.StatusCode >= 500 && retryRead:
			drain(resp)
			t.pause(attempt, fmt.Sprintf("%s %s answered %d; retrying", req.Method, req.URL.Path, resp.StatusCode))
			continue
		case resp.StatusCode == http.StatusTooManyRequests:
			reset := parseReset(resp.Header)
			wait := time.Second
			if !reset.IsZero() {
				wait = max(reset.Sub(t.now()), time.Second)
			}
			// A rejected request did nothing, so sending it again is safe
			// for writes too. Waiting more than once means the window
			// did not reset as announced: stop.
			if reset.IsZero() || wait > t.opts.MaxRateLimitWait || rateWaits > 0 {
				drain(resp)
				return nil, &RateLimitError{Reset: reset, Wait: wait}
			}
			rateWaits++
			drain(resp)
			t.say(fmt.Sprintf("Fastly's rate limit is exhausted; waiting %s for it to reset at %s", wait.Round(time.Second), reset.UTC().Format(time.RFC3339)))
			t.sleep(wait)
			attempt-- // a rate-limit wait is not a failed attempt
			continue
		}
		if resp.StatusCode >= 400 {
			return t.withoutToken(resp)
		}
		return resp, nil
	}
}

// minQuotableToken is the shortest token an answer can be checked for:
// Fastly's tokens are 32 characters, and a shorter string would be found in
// ordinary text.
const minQuotableToken = 8

// maxErrorBody bounds the error answer read to look for the token.
const maxErrorBody = 1 << 20

// tokenQuoted replaces an error answer that quotes the token.
const tokenQuoted = `{"msg": "Fastly's answer quoted the API token; it is not shown"}`

// withoutToken returns an error answer unchanged, unless its body quotes
// the API token: then the body is replaced, so that no error message built
// from it can hold the token. Fastly does not echo the token; a proxy or
// another API might.
func (t *transport) withoutToken(resp *http.Response) (*http.Response, error) {
	tok := t.opts.Token
	if len(tok) < minQuotableToken {
		return resp, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if strings.Contains(string(body), tok) {
		body = []byte(tokenQuoted)
		resp.Header.Set("Content-Type", "application/json")
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// once sends one attempt with its own timeout. The timeout covers reading
// the body too: it is cancelled when the body is closed.
func (t *transport) once(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), t.opts.Timeout)
	resp, err := t.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		if ctx.Err() == context.DeadlineExceeded {
			return nil, &timeoutError{after: t.opts.Timeout, err: err}
		}
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type timeoutError struct {
	after time.Duration
	err   error
}

func (e *timeoutError) Error() string {
	return fmt.Sprintf("no answer within %s: %v", e.after, e.err)
}
func (e *timeoutError) Unwrap() error { return e.err }
func (e *timeoutError) Timeout() bool { return true }

type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// retryable reports whether a failed read may succeed when sent again:
// any transport failure (timeout, refused or dropped connection) unless the
// caller gave up.
func retryable(req *http.Request, err error) bool {
	return req.Context().Err() == nil
}

func (t *transport) pause(attempt int, msg string) {
	d := t.opts.Backoff << attempt
	if d > maxBackoff {
		d = maxBackoff
	}
	t.say(fmt.Sprintf("%s in %s", msg, d))
	t.sleep(d)
}

// maxBackoff caps the wait between two read attempts.
const maxBackoff = 8 * time.Second

func (t *transport) say(msg string) {
	if t.waiting != nil {
		t.waiting(msg)
	}
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
}

func parseReset(h http.Header) time.Time {
	v, err := strconv.ParseInt(h.Get("Fastly-RateLimit-Reset"), 10, 64)
	if err != nil || v <= 0 {
		return time.Time{}
	}
	return time.Unix(v, 0)
}

func (t *transport) record(h http.Header) {
	rem, err := strconv.Atoi(h.Get("Fastly-RateLimit-Remaining"))
	if err != nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.limit = RateLimit{Known: true, Remaining: rem, Reset: parseReset(h)}
}

func (t *transport) rateLimit() RateLimit {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.limit
}
