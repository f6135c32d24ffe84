package fastlyfake

import (
	"sync"
	"time"
)

// rateLimiter is Fastly's budget of non-read requests: a fixed number per
// hour, reset at the top of the hour (recorded fixtures answer at 17:45 with
// a reset at 18:00:00).
type rateLimiter struct {
	mu        sync.Mutex
	limit     int
	remaining int
	reset     time.Time
	now       func() time.Time
}

func (l *rateLimiter) init(limit int, now func() time.Time) {
	l.limit, l.remaining, l.now = limit, limit, now
	l.reset = nextHour(now())
}

func nextHour(t time.Time) time.Time { return t.UTC().Truncate(time.Hour).Add(time.Hour) }

// refill starts a new hour's budget once the reset time has passed.
func (l *rateLimiter) refill() {
	if now := l.now(); !now.Before(l.reset) {
		l.remaining = l.limit
		l.reset = nextHour(now)
	}
}

// take spends one request of the budget. It returns what remains, the reset
// time in Unix seconds, and false when the budget was already spent.
func (l *rateLimiter) take() (remaining int, reset int64, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refill()
	if l.remaining <= 0 {
		return 0, l.reset.Unix(), false
	}
	l.remaining--
	return l.remaining, l.reset.Unix(), true
}

// peek returns the budget without spending it.
func (l *rateLimiter) peek() (remaining int, reset int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refill()
	return l.remaining, l.reset.Unix()
}

// SetRateLimit sets what remains of the hourly budget and when it resets,
// so that a test can reach the 429 without a thousand requests. A zero reset
// keeps the current reset time.
func (s *Server) SetRateLimit(remaining int, reset time.Time) {
	l := &s.limiter
	l.mu.Lock()
	defer l.mu.Unlock()
	l.remaining = max(remaining, 0)
	if !reset.IsZero() {
		l.reset = reset.UTC()
	}
}

// RateLimit returns what remains of the hourly budget and when it resets.
func (s *Server) RateLimit() (remaining int, reset time.Time) {
	r, t := s.limiter.peek()
	return r, time.Unix(t, 0).UTC()
}
