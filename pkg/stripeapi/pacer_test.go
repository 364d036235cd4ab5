package stripeapi

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/server"
)

// departure is one waiter's outcome.
type departure struct {
	name string
	at   time.Duration
	err  error
}

// crowd runs waiters against a pacer and collects when each left.
type crowd struct {
	p    *pacer
	wg   sync.WaitGroup
	mu   sync.Mutex
	outs []departure
}

// join starts a waiter and waits (without sleeping) until it has queued or left, so waiters
// joined one after the other arrive in that order.
func (c *crowd) join(t *testing.T, ctx context.Context, name, endpoint string) {
	t.Helper()
	c.p.mu.Lock()
	want := c.p.seq + 1
	c.p.mu.Unlock()
	c.wg.Go(func() {
		at, err := c.p.wait(ctx, endpoint)
		c.mu.Lock()
		c.outs = append(c.outs, departure{name, at, err})
		c.mu.Unlock()
	})
	settle(t, c.p, want)
}

func (c *crowd) results() map[string]departure {
	c.wg.Wait()
	m := map[string]departure{}
	for _, o := range c.outs {
		m[o.name] = o
	}
	return m
}

func (c *crowd) times() []time.Duration {
	c.wg.Wait()
	var ts []time.Duration
	for _, o := range c.outs {
		if o.err == nil {
			ts = append(ts, o.at)
		}
	}
	slices.Sort(ts)
	return ts
}

// maxInWindow is the most departures in any half-open window [a, a+w).
func maxInWindow(ts []time.Duration, w time.Duration) int {
	most := 0
	for i := range ts {
		n := 0
		for j := i; j < len(ts) && ts[j]-ts[i] < w; j++ {
			n++
		}
		most = max(most, n)
	}
	return most
}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestPacerHoldsTheWindowUnderManyConcurrentWaiters(t *testing.T) {
	clk := newManualClock()
	p := newPacer(clk, 10, 1000)
	c := &crowd{p: p}
	const n = 120
	for i := range n {
		i := i
		c.wg.Go(func() {
			at, err := p.wait(context.Background(), fmt.Sprintf("GET /v1/e%d", i%4))
			c.mu.Lock()
			c.outs = append(c.outs, departure{"", at, err})
			c.mu.Unlock()
		})
	}
	drive(t, p, clk, n)
	ts := c.times()
	if len(ts) != n {
		t.Fatalf("%d of %d waiters left", len(ts), n)
	}
	// By hand: 10/s over a second of 1.1 s is one departure every 110 ms, and a pacer that
	// keeps up leaves no gap wider than that while waiters queue.
	for i := 1; i < len(ts); i++ {
		if gap := ts[i] - ts[i-1]; gap != ms(110) {
			t.Fatalf("departures %d and %d are %v apart, want exactly 110ms", i-1, i, gap)
		}
	}
	if got := maxInWindow(ts, time.Second); got > 10 {
		t.Errorf("%d departures within one second at a budget of 10", got)
	}
	if got := maxInWindow(ts, departureWindow); got > 10 {
		t.Errorf("%d departures within %v at a budget of 10", got, departureWindow)
	}
}

func TestPacerFractionalBudgets(t *testing.T) {
	for _, tc := range []struct {
		rate    float64
		gap     time.Duration // by hand: 1.1 s divided by the whole part, or by the rate below 1
		perSec  int
		waiters int
	}{
		{2.5, ms(550), 2, 9},
		{0.5, ms(2200), 1, 4},
		{1, ms(1100), 1, 4},
	} {
		clk := newManualClock()
		p := newPacer(clk, tc.rate, 1000)
		c := &crowd{p: p}
		for i := range tc.waiters {
			c.join(t, context.Background(), fmt.Sprint(i), "GET /v1/charges")
		}
		drive(t, p, clk, uint64(tc.waiters))
		ts := c.times()
		for i := 1; i < len(ts); i++ {
			if gap := ts[i] - ts[i-1]; gap != tc.gap {
				t.Errorf("budget %v: gap %v, want %v", tc.rate, gap, tc.gap)
			}
		}
		if got := maxInWindow(ts, time.Second); got > tc.perSec {
			t.Errorf("budget %v: %d departures within a second, want at most %d", tc.rate, got, tc.perSec)
		}
	}
}

func TestPacerEndpointsAreIndependentAndShared(t *testing.T) {
	clk := newManualClock()
	p := newPacer(clk, 100, 2) // global every 11 ms, each endpoint every 550 ms
	c := &crowd{p: p}
	for i := 1; i <= 3; i++ {
		c.join(t, context.Background(), fmt.Sprint("A", i), "GET /v1/charges")
	}
	for i := 1; i <= 3; i++ {
		c.join(t, context.Background(), fmt.Sprint("B", i), "GET /v1/invoices/{id}/lines")
	}
	drive(t, p, clk, 6)
	// By hand: A1 at 0; B1 waits for the global spacing (11 ms); A2 and A3 every 550 ms after
	// A1, B2 and B3 every 550 ms after B1. Six callers, two endpoints, each endpoint's spacing
	// kept across its callers.
	want := map[string]time.Duration{"A1": 0, "B1": ms(11), "A2": ms(550), "B2": ms(561), "A3": ms(1100), "B3": ms(1111)}
	for name, d := range c.results() {
		if d.err != nil || d.at != want[name] {
			t.Errorf("%s left at %v (%v), want %v", name, d.at, d.err, want[name])
		}
	}
}

func TestPacerIsFirstComeFirstServed(t *testing.T) {
	clk := newManualClock()
	p := newPacer(clk, 10, 10)
	c := &crowd{p: p}
	for i := range 20 {
		c.join(t, context.Background(), fmt.Sprint(i), "GET /v1/charges")
	}
	drive(t, p, clk, 20)
	res := c.results()
	for i := 1; i < 20; i++ {
		if res[fmt.Sprint(i)].at <= res[fmt.Sprint(i-1)].at {
			t.Errorf("waiter %d left at %v, not after waiter %d (%v)", i, res[fmt.Sprint(i)].at, i-1, res[fmt.Sprint(i-1)].at)
		}
	}

	// Across endpoints, when the global budget is what holds them, in order of arrival too.
	clk = newManualClock()
	p = newPacer(clk, 10, 1000)
	c = &crowd{p: p}
	order := []string{"A1", "B1", "A2", "C1", "B2", "A3"}
	for _, name := range order {
		c.join(t, context.Background(), name, "GET /v1/"+name[:1])
	}
	drive(t, p, clk, uint64(len(order)))
	res = c.results()
	for i, name := range order {
		if res[name].at != time.Duration(i)*ms(110) {
			t.Errorf("%s left at %v, want %v (arrival %d at 110 ms each)", name, res[name].at, time.Duration(i)*ms(110), i)
		}
	}

	// A waiter held back by its own endpoint does not hold up a later waiter of another one.
	clk = newManualClock()
	p = newPacer(clk, 100, 1) // global every 11 ms, each endpoint every 1.1 s
	c = &crowd{p: p}
	c.join(t, context.Background(), "A1", "GET /v1/charges")
	c.join(t, context.Background(), "A2", "GET /v1/charges")
	c.join(t, context.Background(), "B1", "GET /v1/disputes")
	drive(t, p, clk, 3)
	res = c.results()
	if res["A1"].at != 0 || res["B1"].at != ms(11) || res["A2"].at != ms(1100) {
		t.Errorf("A1 %v, B1 %v, A2 %v; want 0, 11ms, 1.1s", res["A1"].at, res["B1"].at, res["A2"].at)
	}
}

func TestPacerRefusesAtOnceWhenTheDeadlineWouldPass(t *testing.T) {
	clk := newManualClock()
	p := newPacer(clk, 1, 1000) // one departure every 1.1 s
	c := &crowd{p: p}
	c.join(t, context.Background(), "first", "GET /v1/charges") // leaves at 0
	c.join(t, context.Background(), "second", "GET /v1/charges")
	c.join(t, context.Background(), "third", "GET /v1/charges")
	// By hand: second at 1.1 s, third at 2.2 s, so a fourth leaves at 3.3 s at the earliest.
	late, cancelLate := context.WithDeadline(context.Background(), clk.at(ms(3000)))
	defer cancelLate()
	c.join(t, late, "late", "GET /v1/charges")
	ok, cancelOK := context.WithDeadline(context.Background(), clk.at(ms(3400)))
	defer cancelOK()
	c.join(t, ok, "in time", "GET /v1/charges")
	settle(t, p, 5)
	p.mu.Lock()
	waiting := p.waiting
	p.mu.Unlock()
	if clk.now() != 0 || waiting != 3 {
		t.Fatalf("at %v, %d waiting; the late waiter must be refused before the clock moves", clk.now(), waiting)
	}
	drive(t, p, clk, 5)
	res := c.results()
	if err := res["late"].err; !errors.Is(err, errBudgetDeadline) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("late waiter: %v, want the budget-deadline error", err)
	}
	if d := res["in time"]; d.err != nil || d.at != ms(3300) {
		t.Errorf("waiter with time to spare: %v at %v, want to leave at 3.3s", d.err, d.at)
	}

	// A lowered budget refuses a queued waiter whose deadline it now makes impossible.
	clk = newManualClock()
	p = newPacer(clk, 10, 1000) // every 110 ms
	c = &crowd{p: p}
	c.join(t, context.Background(), "first", "GET /v1/charges")
	soon, cancelSoon := context.WithDeadline(context.Background(), clk.at(ms(150)))
	defer cancelSoon()
	c.join(t, soon, "soon", "GET /v1/charges")
	p.lower(0) // a 429 for the first: 5/s, so the next leaves at 220 ms
	drive(t, p, clk, 2)
	if err := c.results()["soon"].err; !errors.Is(err, errBudgetDeadline) {
		t.Errorf("after the budget was halved: %v, want the budget-deadline error", err)
	}
}

func TestPacerHonoursCancellation(t *testing.T) {
	clk := newManualClock()
	p := newPacer(clk, 1, 1000)
	c := &crowd{p: p}
	c.join(t, context.Background(), "first", "GET /v1/charges")
	ctx, cancel := context.WithCancel(context.Background())
	c.join(t, ctx, "canceled", "GET /v1/charges")
	c.join(t, context.Background(), "third", "GET /v1/charges")
	cancel()
	for {
		c.mu.Lock()
		n := len(c.outs)
		c.mu.Unlock()
		if n == 2 {
			break
		}
		runtime.Gosched()
	}
	drive(t, p, clk, 3)
	res := c.results()
	if !errors.Is(res["canceled"].err, context.Canceled) {
		t.Errorf("canceled waiter: %v", res["canceled"].err)
	}
	// The canceled waiter's place goes to the next one, as if it had never queued.
	if d := res["third"]; d.err != nil || d.at != ms(1100) {
		t.Errorf("third waiter: %v at %v, want 1.1s", d.err, d.at)
	}
	if _, err := p.wait(ctx, "GET /v1/charges"); !errors.Is(err, context.Canceled) {
		t.Errorf("a canceled context must not wait at all: %v", err)
	}
}

func TestPacerLowersAndRecoversTheBudget(t *testing.T) {
	clk := newManualClock()
	p := newPacer(clk, 10, 1000)
	c := &crowd{p: p}
	c.join(t, context.Background(), "first", "GET /v1/charges") // leaves at 0
	p.lower(0)
	if r := p.effectiveRate(); r != 5 {
		t.Errorf("after a 429: %v requests/s, want 5", r)
	}
	c.join(t, context.Background(), "retry", "GET /v1/charges")
	drive(t, p, clk, 2)
	// By hand: 5/s over 1.1 s is one departure every 220 ms.
	if d := c.results()["retry"]; d.at != ms(220) {
		t.Errorf("the next request left at %v, want 220ms at the halved budget", d.at)
	}
	// 10 more requests/s every 30 s without a 429: 5 + 10·(3 s − 0)/30 s = 6 at 3 s, back at 10
	// by 15 s.
	clk.advance(3*time.Second - clk.now())
	if r := p.effectiveRate(); r != 6 {
		t.Errorf("3 s later: %v requests/s, want 6", r)
	}
	clk.advance(12 * time.Second)
	if r := p.effectiveRate(); r != 10 {
		t.Errorf("15 s later: %v requests/s, want 10", r)
	}
}

func TestAdaptiveBudget(t *testing.T) {
	s := time.Second
	a := adaptive{ceiling: 10}
	if a.rate(0) != 10 {
		t.Fatalf("unlowered: %v", a.rate(0))
	}
	a.decrease(10*s, 10*s)
	// By hand: halved to 5 at 10 s; 5 + 10·2/30 at 12 s.
	if got := a.rate(12 * s); !near(got, 5+10*2.0/30) {
		t.Errorf("at 12 s: %v", got)
	}
	// A 429 for a request that left before the decrease says nothing about the lowered budget.
	if a.decrease(12*s, 9*s) {
		t.Error("a 429 for a request sent at the old budget lowered it again")
	}
	// One that left after it does: (5 + 10·3/30) / 2 = 3 at 13 s.
	if !a.decrease(13*s, 11*s) || !near(a.rate(13*s), 3) {
		t.Errorf("second decrease: %v, want 3", a.rate(13*s))
	}
	// 3 + 10·27/30 = 12 ≥ 10 at 40 s: back at the configured budget, never above.
	if a.rate(40*s) != 10 || a.rate(400*s) != 10 {
		t.Errorf("recovered: %v, %v", a.rate(40*s), a.rate(400*s))
	}
	// Floor of 1 request/s, and never above a configured budget that is lower.
	b := adaptive{ceiling: 10}
	for range 6 {
		b.decrease(s, s)
	}
	if b.rate(s) != 1 {
		t.Errorf("after six halvings: %v, want the floor of 1", b.rate(s))
	}
	low := adaptive{ceiling: 0.5}
	low.decrease(s, s)
	if low.rate(s) != 0.5 {
		t.Errorf("budget 0.5 after a 429: %v, want 0.5", low.rate(s))
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestEndpointNames(t *testing.T) {
	for path, want := range map[string]string{
		"/v1/charges":                   "GET /v1/charges",
		"/v1/charges/ch_123":            "GET /v1/charges/{id}",
		"/v1/subscriptions/sub_1":       "GET /v1/subscriptions/{id}",
		"/v1/invoices/in_1/lines":       "GET /v1/invoices/{id}/lines",
		"/v1/subscription_items":        "GET /v1/subscription_items",
		"/v1/balance":                   "GET /v1/balance",
		"/v1/balance_transactions/txn_": "GET /v1/balance_transactions/{id}",
	} {
		if got := endpointOf("GET", path); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
}

// Every endpoint the simulator counts is named the same way by the client.
func TestEndpointNamesMatchTheSimulators(t *testing.T) {
	for _, name := range server.Endpoints() {
		method, path, _ := strings.Cut(name, " ")
		if got := endpointOf(method, strings.ReplaceAll(path, "{id}", "obj_1Ab")); got != name {
			t.Errorf("%s is named %q", name, got)
		}
	}
}
