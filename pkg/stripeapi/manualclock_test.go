package stripeapi

import (
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"
)

// manualClock is a clock that moves only when a test advances it; timers fire in the advancing
// goroutine, in time order.
type manualClock struct {
	mu     sync.Mutex
	t      time.Duration
	origin time.Time
	timers []*manualTimer
}

type manualTimer struct {
	at      time.Duration
	f       func()
	stopped bool
}

// The origin lies 100 days ahead of the real clock, so a context deadline set on the manual
// clock never passes in real time during a test.
func newManualClock() *manualClock { return &manualClock{origin: time.Now().Add(100 * 24 * time.Hour)} }

func (c *manualClock) now() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) since(t time.Time) time.Duration { return t.Sub(c.origin) }

// at is the wall time of a clock reading, for context deadlines.
func (c *manualClock) at(d time.Duration) time.Time { return c.origin.Add(d) }

func (c *manualClock) afterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	tm := &manualTimer{at: c.t + d, f: f}
	c.timers = append(c.timers, tm)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		was := !tm.stopped
		tm.stopped = true
		return was
	}
}

// fireNext moves the clock to the earliest pending timer and runs it; false when none is pending.
func (c *manualClock) fireNext() bool {
	c.mu.Lock()
	sort.SliceStable(c.timers, func(i, j int) bool { return c.timers[i].at < c.timers[j].at })
	for len(c.timers) > 0 && c.timers[0].stopped {
		c.timers = c.timers[1:]
	}
	if len(c.timers) == 0 {
		c.mu.Unlock()
		return false
	}
	tm := c.timers[0]
	c.timers = c.timers[1:]
	tm.stopped = true
	c.t = max(c.t, tm.at)
	c.mu.Unlock()
	tm.f()
	return true
}

// advance moves the clock by d, firing the timers due on the way.
func (c *manualClock) advance(d time.Duration) {
	end := c.now() + d
	for {
		c.mu.Lock()
		due := false
		for _, tm := range c.timers {
			if !tm.stopped && tm.at <= end {
				due = true
			}
		}
		c.mu.Unlock()
		if !due || !c.fireNext() {
			break
		}
	}
	c.mu.Lock()
	c.t = max(c.t, end)
	c.mu.Unlock()
}

// settle yields until no waiter has been called without having left yet and enqueued waiters
// have arrived: the pacer is waiting for the clock only. It never sleeps.
func settle(t *testing.T, p *pacer, enqueued uint64) {
	t.Helper()
	for i := 0; ; i++ {
		p.mu.Lock()
		quiet := p.called == nil && p.seq >= enqueued
		p.mu.Unlock()
		if quiet {
			return
		}
		if i > 10_000_000 {
			t.Fatal("the pacer never settled")
		}
		runtime.Gosched()
	}
}

// drive fires the pacer's timers until every waiter has left or given up.
func drive(t *testing.T, p *pacer, c *manualClock, enqueued uint64) {
	t.Helper()
	for {
		settle(t, p, enqueued)
		p.mu.Lock()
		left := p.waiting
		p.mu.Unlock()
		if left == 0 {
			return
		}
		if !c.fireNext() {
			t.Fatalf("%d waiters left and no timer pending", left)
		}
	}
}
