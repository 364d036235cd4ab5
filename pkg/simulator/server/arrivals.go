package server

import (
	"sync"
	"time"
)

// arrivalWindow is the span the arrival counts are taken over: Stripe's limits are per second.
const arrivalWindow = time.Second

// slidingCount keeps the arrivals of the last second and the most it ever held. Every window
// with k arrivals also fits k arrivals into the window (t-1s, t] ending at its last arrival, so
// checking at each arrival finds the exact maximum over all one-second windows, and only the
// last second's times need keeping.
type slidingCount struct {
	times []time.Time // oldest first; only those within arrivalWindow of the newest
	max   int
}

func (s *slidingCount) add(now time.Time) {
	drop := 0
	for drop < len(s.times) && now.Sub(s.times[drop]) >= arrivalWindow {
		drop++
	}
	// Shift in place so the slice's array is reused instead of growing with every request.
	s.times = append(s.times[:0], s.times[drop:]...)
	s.times = append(s.times, now)
	s.max = max(s.max, len(s.times))
}

// arrivals records when each request reached the handler, globally and per endpoint.
type arrivals struct {
	mu         sync.Mutex
	all        slidingCount
	byEndpoint map[string]*slidingCount
}

func (a *arrivals) add(endpoint string, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.all.add(now)
	if a.byEndpoint == nil {
		a.byEndpoint = map[string]*slidingCount{}
	}
	s := a.byEndpoint[endpoint]
	if s == nil {
		s = &slidingCount{}
		a.byEndpoint[endpoint] = s
	}
	s.add(now)
}

// maxima returns the highest one-second counts: over all requests and per endpoint.
func (a *arrivals) maxima() (int, map[string]int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	by := make(map[string]int, len(a.byEndpoint))
	for e, s := range a.byEndpoint {
		by[e] = s.max
	}
	return a.all.max, by
}

func (a *arrivals) reset() {
	a.mu.Lock()
	a.all, a.byEndpoint = slidingCount{}, nil
	a.mu.Unlock()
}
