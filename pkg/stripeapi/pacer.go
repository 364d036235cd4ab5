package stripeapi

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"
)

// departureGuard lengthens the second the budget is counted over. The pacer holds "at most
// budget departures in any departureWindow", so a server that counts arrivals per second still
// sees at most the budget when some requests reach it up to departureGuard later than others
// (scheduling on a busy machine, a new connection, the network). 100 ms costs a tenth of the
// budget's throughput and covers the delays measured between this client and the simulator on
// a loaded 2-core machine; a few milliseconds would not.
const (
	departureGuard  = 100 * time.Millisecond
	departureWindow = time.Second + departureGuard
)

// pacer decides when each attempt may leave for Stripe. Every request passes two limits at the
// same moment: the data source's global budget (lowered for a while after a 429, see adaptive)
// and the budget of its endpoint, shared by every caller of the client.
//
// The limits hold at the moment of departure, not of reservation: a waiter is called when both
// its limits allow it, and it stamps its departure itself, under the mutex, when its goroutine
// runs. Until then no other request may leave. A reserved slot whose goroutine is late therefore
// moves every later departure, instead of letting requests that were reserved apart leave
// together (which let 29 requests leave in one second at a budget of 20 with rate.Limiter).
//
// Departures are spaced at least departureWindow/budget apart, so any departureWindow holds at
// most budget of them. A budget that is not whole counts as its whole part from 1/s up (a
// second cannot hold 2.5 requests: at most 2 of them, as Stripe counts), and below 1/s spaces
// requests 1/budget apart.
//
// Waiters are served first come, first served within an endpoint; across endpoints the earliest
// waiter whose endpoint allows it goes first, so a saturated endpoint never holds up the others.
type pacer struct {
	clk clock

	mu           sync.Mutex
	budget       adaptive
	global       lane
	endpointRate float64
	// rate is the configured global budget; divisor divides it and endpointRate (a replica's
	// share while the shared store is down, shared.go); hold: nobody leaves before it.
	rate    float64
	divisor float64
	hold    time.Duration
	lanes   map[string]*lane
	seq     uint64
	waiting int
	// called is the waiter whose limits allow it to leave; nobody else leaves until it has
	// left or given up.
	called *waiter
	// The one timer that calls the next waiter when the limits allow it.
	stopTimer func() bool
	timerAt   time.Duration
	timerGen  uint64
}

// lane is one limit's record: when it last let a request leave, and, for endpoints, who waits.
type lane struct {
	min   time.Duration // spacing at the configured budget
	last  time.Duration
	used  bool
	queue []*waiter
}

type waiter struct {
	seq         uint64
	lane        *lane
	deadline    time.Duration
	hasDeadline bool
	wake        chan struct{} // buffered: called, or refused
	refused     bool
}

// signal wakes the waiter without ever blocking the pacer: a wake-up already pending makes it
// look at its state (called, refused) anyway.
func (w *waiter) signal() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func newPacer(clk clock, rate, endpointRate float64) *pacer {
	return &pacer{
		clk:          clk,
		budget:       adaptive{ceiling: rate},
		global:       lane{min: spacing(rate)},
		endpointRate: endpointRate,
		rate:         rate,
		divisor:      1,
		lanes:        map[string]*lane{},
	}
}

// share sets the budgets to the configured ones divided by divisor, and holds every departure
// for quiet from now.
func (p *pacer) share(divisor float64, quiet time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clk.now()
	p.divisor = divisor
	p.budget = adaptive{ceiling: p.rate / divisor}
	p.global.min = spacing(p.rate / divisor)
	for _, l := range p.lanes {
		l.min = spacing(p.endpointRate / divisor)
	}
	p.hold = max(p.hold, now+quiet)
	p.dispatch(now)
}

// globalNext is the earliest time the global limit lets the next request leave.
func (p *pacer) globalNext(gap time.Duration) time.Duration {
	return max(p.global.next(gap), p.hold)
}

// spacing is the least time between two departures at a configured budget.
func spacing(rate float64) time.Duration {
	if rate >= 1 {
		rate = math.Floor(rate)
	}
	return time.Duration(math.Ceil(float64(departureWindow) / rate))
}

// next is the earliest time the lane lets the next request leave at the given spacing.
func (l *lane) next(gap time.Duration) time.Duration {
	if !l.used {
		return math.MinInt64
	}
	return l.last + gap
}

// globalGap is the global spacing at now: the configured one, or wider while the budget is lowered.
func (p *pacer) globalGap(now time.Duration) time.Duration {
	r := p.budget.rate(now)
	return max(p.global.min, time.Duration(math.Ceil(float64(departureWindow)/r)))
}

// wait blocks until the request may leave for endpoint and returns the departure time, or
// returns an error: the context's, or errBudgetDeadline when the context's deadline would pass
// (or passed) while waiting for the budget.
func (p *pacer) wait(ctx context.Context, endpoint string) (time.Duration, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	w := &waiter{wake: make(chan struct{}, 1)}
	if dl, ok := ctx.Deadline(); ok {
		w.deadline, w.hasDeadline = p.clk.since(dl), true
	}
	p.mu.Lock()
	p.seq++
	w.seq = p.seq
	w.lane = p.laneFor(endpoint)
	w.lane.queue = append(w.lane.queue, w)
	p.waiting++
	p.dispatch(p.clk.now())
	p.mu.Unlock()

	for {
		select {
		case <-w.wake:
			p.mu.Lock()
			if w.refused {
				p.mu.Unlock()
				return 0, errBudgetDeadline
			}
			now := p.clk.now()
			if p.called == w {
				p.called = nil
				// Nothing left since w was called, but a 429 may have lowered the budget.
				if p.mayLeave(w, now) {
					p.depart(w, now)
					p.dispatch(now)
					p.mu.Unlock()
					return now, nil
				}
			}
			p.dispatch(now)
			p.mu.Unlock()
		case <-ctx.Done():
			p.mu.Lock()
			refused := w.refused
			if !refused {
				p.remove(w)
				if p.called == w {
					p.called = nil
				}
				p.dispatch(p.clk.now())
			}
			p.mu.Unlock()
			if refused || errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return 0, errBudgetDeadline
			}
			return 0, ctx.Err()
		}
	}
}

func (p *pacer) laneFor(endpoint string) *lane {
	l := p.lanes[endpoint]
	if l == nil {
		l = &lane{min: spacing(p.endpointRate / p.divisor)}
		p.lanes[endpoint] = l
	}
	return l
}

func (p *pacer) mayLeave(w *waiter, now time.Duration) bool {
	l := w.lane
	return len(l.queue) > 0 && l.queue[0] == w && p.globalNext(p.globalGap(now)) <= now && l.next(l.min) <= now
}

func (p *pacer) depart(w *waiter, now time.Duration) {
	p.global.last, p.global.used = now, true
	w.lane.last, w.lane.used = now, true
	w.lane.queue[0] = nil
	w.lane.queue = w.lane.queue[1:]
	p.waiting--
}

func (p *pacer) remove(w *waiter) {
	q := w.lane.queue
	for i, x := range q {
		if x == w {
			copy(q[i:], q[i+1:])
			q[len(q)-1] = nil
			w.lane.queue = q[:len(q)-1]
			p.waiting--
			return
		}
	}
}

// dispatch refuses the waiters that cannot leave before their deadline, then calls the next
// waiter if one may leave now, or sets the timer for when one may. Callers hold p.mu.
func (p *pacer) dispatch(now time.Duration) {
	gap := p.globalGap(now)
	p.refuseLate(now, gap)
	if p.called != nil {
		return // its departure dispatches again
	}
	gNext := p.globalNext(gap)
	var best *waiter
	wake := time.Duration(math.MaxInt64)
	for _, l := range p.lanes {
		if len(l.queue) == 0 {
			continue
		}
		at := max(gNext, l.next(l.min))
		if at > now {
			wake = min(wake, at)
		} else if best == nil || l.queue[0].seq < best.seq {
			best = l.queue[0]
		}
	}
	if best != nil {
		p.called = best
		best.signal()
		return
	}
	if wake != math.MaxInt64 {
		p.arm(now, wake)
	}
}

// refuseLate fails at once every waiter that cannot leave before its deadline: the waiters
// ahead of it on its endpoint leave first, each at least one spacing after the previous one.
// That is a lower bound (waiters of other endpoints may also go first, the budget may be
// lowered again), so nobody is refused who could have made it at the current budget.
func (p *pacer) refuseLate(now, gap time.Duration) {
	for _, l := range p.lanes {
		if len(l.queue) == 0 {
			continue
		}
		step := max(gap, l.min)
		base := max(now, p.globalNext(gap), l.next(l.min))
		kept := l.queue[:0]
		for _, w := range l.queue {
			if w != p.called && w.hasDeadline && base+time.Duration(len(kept))*step > w.deadline {
				w.refused = true
				w.signal()
				p.waiting--
				continue
			}
			kept = append(kept, w)
		}
		clear(l.queue[len(kept):])
		l.queue = kept
	}
}

func (p *pacer) arm(now, at time.Duration) {
	if p.stopTimer != nil {
		if p.timerAt == at {
			return
		}
		p.stopTimer()
	}
	p.timerGen++
	gen := p.timerGen
	p.timerAt = at
	p.stopTimer = p.clk.afterFunc(at-now, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if gen == p.timerGen {
			p.stopTimer = nil
		}
		p.dispatch(p.clk.now())
	})
}

// lower halves the effective budget after a 429 answering a request that left at departed.
func (p *pacer) lower(departed time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clk.now()
	if p.budget.decrease(now, departed) {
		p.dispatch(now)
	}
}

// effectiveRate is the global budget now.
func (p *pacer) effectiveRate() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.budget.rate(p.clk.now())
}
