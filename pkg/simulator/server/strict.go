package server

import (
	"sync"
	"time"
)

// Limits of the strict rate limiter where RateLimit leaves them zero: Stripe's documented global
// limits (docs.stripe.com/rate-limits: 100/s live, 25/s in sandboxes) and default endpoint limit
// (25/s). Stripe publishes no number for its concurrency limiter; 20 in flight is below the 50
// panels of a busy dashboard, so a client that sends everything at once meets it.
const (
	StrictLiveLimit     = 100
	StrictTestLimit     = 25
	StrictEndpointLimit = 25
	StrictConcurrency   = 20
)

// strictLimiter behaves like Stripe's limiters: per key mode, at most the global limit of
// requests in any sliding second (no burst beyond it), at most the endpoint limit per endpoint,
// and at most the concurrency limit in flight. Only admitted requests count against the windows.
type strictLimiter struct {
	mu    sync.Mutex
	modes [2]*strictMode // test, live; replaced on reset so late releases touch the old one
}

type strictMode struct {
	global    windowLog
	endpoints map[string]*windowLog
	inFlight  int
}

// windowLog holds the times of the requests admitted within the last span.
type windowLog struct {
	times []time.Time // oldest first
}

// allows reports whether one more request fits: fewer than n admitted in (now-span, now].
func (w *windowLog) allows(now time.Time, n int, span time.Duration) bool {
	drop := 0
	for drop < len(w.times) && now.Sub(w.times[drop]) >= span {
		drop++
	}
	w.times = append(w.times[:0], w.times[drop:]...)
	return len(w.times) < n
}

func (w *windowLog) add(now time.Time) { w.times = append(w.times, now) }

// allowance turns a rate into "n requests per span": floor(rate) per second from 1/s up (a
// sliding second cannot hold half a request), one per 1/rate seconds below.
func allowance(rate float64) (int, time.Duration) {
	if rate >= 1 {
		return int(rate), time.Second
	}
	return 1, time.Duration(float64(time.Second) / rate)
}

func (rl RateLimit) strictLimits(live bool) (global, endpoint float64, concurrency int) {
	global, endpoint, concurrency = rl.Test, rl.Endpoint, rl.Concurrency
	if live {
		global = rl.Live
	}
	if global <= 0 {
		global = StrictTestLimit
		if live {
			global = StrictLiveLimit
		}
	}
	if endpoint <= 0 {
		endpoint = StrictEndpointLimit
	}
	if concurrency <= 0 {
		concurrency = StrictConcurrency
	}
	return global, endpoint, concurrency
}

// admit decides one request. When it is admitted, release must be called once it is answered.
func (l *strictLimiter) admit(live bool, endpoint string, now time.Time, rl RateLimit) (release func(), ok bool) {
	global, perEndpoint, concurrency := rl.strictLimits(live)
	gn, gspan := allowance(global)
	en, espan := allowance(perEndpoint)

	l.mu.Lock()
	defer l.mu.Unlock()
	i := 0
	if live {
		i = 1
	}
	m := l.modes[i]
	if m == nil {
		m = &strictMode{endpoints: map[string]*windowLog{}}
		l.modes[i] = m
	}
	ep := m.endpoints[endpoint]
	if ep == nil {
		ep = &windowLog{}
		m.endpoints[endpoint] = ep
	}
	// Evaluate every limit before recording anything: a refused request uses none of them.
	if m.inFlight >= concurrency || !m.global.allows(now, gn, gspan) || !ep.allows(now, en, espan) {
		return nil, false
	}
	m.global.add(now)
	ep.add(now)
	m.inFlight++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			m.inFlight--
			l.mu.Unlock()
		})
	}, true
}

// inFlight is the number of admitted requests of a mode not yet answered.
func (l *strictLimiter) inFlight(live bool) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := 0
	if live {
		i = 1
	}
	if l.modes[i] == nil {
		return 0
	}
	return l.modes[i].inFlight
}

func (l *strictLimiter) reset() {
	l.mu.Lock()
	l.modes = [2]*strictMode{}
	l.mu.Unlock()
}
