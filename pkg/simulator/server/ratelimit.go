package server

import (
	"math"
	"sync"
	"time"
)

// bucket is a token bucket: rate tokens per second up to burst.
type bucket struct {
	mu     sync.Mutex
	tokens float64
	last   time.Time
}

// take reports whether a request may proceed at this rate and burst.
func (b *bucket) take(now time.Time, rate float64, burst int) bool {
	if rate <= 0 {
		return true
	}
	if burst <= 0 {
		burst = max(1, int(math.Ceil(rate)))
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.last.IsZero() {
		b.tokens = float64(burst)
	} else {
		b.tokens = math.Min(float64(burst), b.tokens+now.Sub(b.last).Seconds()*rate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (b *bucket) reset() {
	b.mu.Lock()
	b.tokens, b.last = 0, time.Time{}
	b.mu.Unlock()
}
