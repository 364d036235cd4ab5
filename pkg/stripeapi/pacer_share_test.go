package stripeapi

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// While the shared store is down a replica keeps to the budgets divided by the replicas, and a
// switch of budgets holds every departure for the quiet time first (by hand: 10/s shared by 3 is
// 3.33/s, which counts as 3/s: one departure every 1.1 s / 3 = 366.67 ms, rounded up to the ns).
func TestPacerShareDividesTheBudgetAfterAQuietTime(t *testing.T) {
	clk := newManualClock()
	p := newPacer(clk, 10, 10)
	p.share(3, 2600*time.Millisecond)
	const n = 12
	ts := departuresOf(t, p, clk, 0, n, func(i int) string { return fmt.Sprintf("GET /v1/e%d", i%2) })
	if len(ts) != n {
		t.Fatalf("%d of %d left", len(ts), n)
	}
	if ts[0] < ms(2600) {
		t.Errorf("the first request left at %v, within the quiet time of 2.6 s", ts[0])
	}
	want := time.Duration(366666667)
	for i := 1; i < len(ts); i++ {
		if gap := ts[i] - ts[i-1]; gap != want {
			t.Fatalf("departures %d and %d are %v apart, want %v", i-1, i, gap, want)
		}
	}
	if got := maxInWindow(ts, departureWindow); got > 3 {
		t.Errorf("%d departures within %v at a third of 10/s", got, departureWindow)
	}
	// Back to the whole budget: 110 ms apart again, after a new quiet time.
	now := clk.now()
	p.share(1, time.Second)
	ts = departuresOf(t, p, clk, n, 5, func(int) string { return "GET /v1/e0" })
	if ts[0] < now+time.Second {
		t.Errorf("left at %v, within the quiet time from %v", ts[0], now)
	}
	for i := 1; i < len(ts); i++ {
		if gap := ts[i] - ts[i-1]; gap != ms(110) {
			t.Fatalf("whole budget again: departures %v apart, want 110ms", gap)
		}
	}
}

// departuresOf queues n waiters (after `before` already queued) on the endpoints endpoint(i) names,
// drives the clock until all have left, and returns when they left.
func departuresOf(t *testing.T, p *pacer, clk *manualClock, before, n int, endpoint func(int) string) []time.Duration {
	c := &crowd{p: p}
	for i := range n {
		c.wg.Go(func() {
			at, err := p.wait(context.Background(), endpoint(i))
			c.mu.Lock()
			c.outs = append(c.outs, departure{"", at, err})
			c.mu.Unlock()
		})
	}
	drive(t, p, clk, uint64(before+n))
	return c.times()
}
