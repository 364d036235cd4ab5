// Package usage counts a data source's own requests to Stripe: per minute, by endpoint and
// outcome, over a bounded window, with the request budget in force at each moment. The access
// layer (pkg/stripeapi) records every attempt as it returns; the stripe_api_* metrics read a
// Snapshot. It is pure: no HTTP, the clock is injected.
package usage

import (
	"sort"
	"sync"
	"time"
)

// Window is how long counts are kept: a week of minutes, the longest range the usual "last 7
// days" dashboards ask for. At most Window/time.Minute minutes are held, each with the few
// endpoint/outcome pairs that had requests in it, so memory is bounded however long the plugin
// runs.
const Window = 7 * 24 * time.Hour

// maxPairs bounds the distinct endpoint/outcome pairs. Endpoints are API operations with ids
// replaced ("GET /v1/invoices/{id}/lines"), so the plugin uses a few dozen; anything beyond the
// bound is counted under OtherEndpoint rather than growing the map.
const maxPairs = 512

// OtherEndpoint counts requests of endpoints beyond maxPairs.
const OtherEndpoint = "other"

// The outcomes of an attempt, the status label of stripe_api_requests.
const (
	OK          = "ok"      // 2xx
	RateLimited = "429"     // Too Many Requests (rate limits and lock timeouts)
	ClientError = "4xx"     // any other 4xx: permissions, a bad parameter, an unknown object
	ServerError = "5xx"     // Stripe's servers (or a gateway in front of them)
	Network     = "network" // no complete answer: connection failed, timed out, canceled or cut off
)

// Outcome classifies an attempt by the HTTP status of its whole answer; 0 means no complete
// answer arrived. A status outside 2xx, 4xx and 5xx (a redirect, which Stripe never sends) is no
// usable answer either.
func Outcome(status int) string {
	switch {
	case status >= 200 && status < 300:
		return OK
	case status == 429:
		return RateLimited
	case status >= 400 && status < 500:
		return ClientError
	case status >= 500 && status < 600:
		return ServerError
	}
	return Network
}

// Pair is one series of stripe_api_requests.
type Pair struct {
	Endpoint string
	Status   string
}

// Count is the number of attempts of one pair in one minute.
type Count struct {
	Minute int64 // Unix seconds of the minute's start
	Pair
	N int64
}

// Budget is the request budget (requests per second) in force from From until the next one.
type Budget struct {
	From time.Time
	Rate float64
}

// Snapshot is what a Counter holds, copied.
type Snapshot struct {
	// Now is the counter's clock when the snapshot was taken.
	Now time.Time
	// Start is when counting began (the counter was made: the first time this plugin process
	// used the data source).
	Start time.Time
	// From is where the counts kept begin: the later of Start and Now-Window. Nothing before it
	// is known.
	From time.Time
	// Counts are the minutes at or after From, oldest first.
	Counts []Count
	// Budgets are the budgets in force since From, oldest first; the first applies from From.
	Budgets []Budget
}

// Counter counts attempts. It is safe for concurrent use.
type Counter struct {
	now   func() time.Time
	start time.Time

	mu      sync.Mutex
	pairs   map[Pair]uint16
	list    []Pair
	minutes []minute // ascending by at
	budgets []Budget
}

type minute struct {
	at     int64
	counts []pairCount
}

type pairCount struct {
	pair uint16
	n    uint32
}

// New makes a counter on the given clock (nil: time.Now), counting from now.
func New(now func() time.Time) *Counter {
	if now == nil {
		now = time.Now
	}
	return &Counter{now: now, start: now(), pairs: map[Pair]uint16{}}
}

// Add counts one attempt of endpoint with the given outcome, now.
func (c *Counter) Add(endpoint, status string) {
	now := c.now()
	at := now.Unix() - mod(now.Unix(), 60)
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.pairIndex(Pair{endpoint, status})
	m := c.minuteAt(at)
	for i := range m.counts {
		if m.counts[i].pair == p {
			m.counts[i].n++
			return
		}
	}
	m.counts = append(m.counts, pairCount{pair: p, n: 1})
	c.prune(now)
}

// SetBudget records the request budget in force from now on (a data source's settings were
// saved). Repeating the budget in force changes nothing.
func (c *Counter) SetBudget(rate float64) {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := len(c.budgets); n > 0 && c.budgets[n-1].Rate == rate {
		return
	}
	c.budgets = append(c.budgets, Budget{From: now, Rate: rate})
	c.prune(now)
}

func (c *Counter) pairIndex(p Pair) uint16 {
	if i, ok := c.pairs[p]; ok {
		return i
	}
	if len(c.list) >= maxPairs-len(statuses) {
		p.Endpoint = OtherEndpoint
		if i, ok := c.pairs[p]; ok {
			return i
		}
	}
	i := uint16(len(c.list))
	c.pairs[p] = i
	c.list = append(c.list, p)
	return i
}

// statuses bounds the room kept for the OtherEndpoint pairs.
var statuses = []string{OK, RateLimited, ClientError, ServerError, Network}

// minuteAt returns the minute starting at at, adding it in order. The clock normally moves
// forward, so it is the last minute or a new one; a clock set back finds or inserts its minute.
func (c *Counter) minuteAt(at int64) *minute {
	n := len(c.minutes)
	if n == 0 || c.minutes[n-1].at < at {
		c.minutes = append(c.minutes, minute{at: at})
		return &c.minutes[n]
	}
	i := sort.Search(n, func(i int) bool { return c.minutes[i].at >= at })
	if c.minutes[i].at != at {
		c.minutes = append(c.minutes, minute{})
		copy(c.minutes[i+1:], c.minutes[i:])
		c.minutes[i] = minute{at: at}
	}
	return &c.minutes[i]
}

// prune drops the minutes that left the window, and the budgets that ended before it.
func (c *Counter) prune(now time.Time) {
	from := now.Add(-Window).Unix()
	drop := 0
	for drop < len(c.minutes) && c.minutes[drop].at < from {
		drop++
	}
	if drop > 0 {
		c.minutes = append(c.minutes[:0], c.minutes[drop:]...)
	}
	keep := 0 // the last budget starting before the window still applies at its start
	for keep+1 < len(c.budgets) && c.budgets[keep+1].From.Unix() <= from {
		keep++
	}
	if keep > 0 {
		c.budgets = append(c.budgets[:0], c.budgets[keep:]...)
	}
}

// Snapshot copies what the counter holds for the window ending now.
func (c *Counter) Snapshot() Snapshot {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	s := Snapshot{Now: now, Start: c.start, From: c.start}
	if w := now.Add(-Window); w.After(s.From) {
		// The first whole minute in the window: a minute that began before it is no longer whole.
		s.From = w.Truncate(time.Minute)
		if s.From.Before(w) {
			s.From = s.From.Add(time.Minute)
		}
	}
	from := s.From.Unix() - mod(s.From.Unix(), 60)
	for _, m := range c.minutes {
		if m.at < from {
			continue
		}
		for _, pc := range m.counts {
			s.Counts = append(s.Counts, Count{Minute: m.at, Pair: c.list[pc.pair], N: int64(pc.n)})
		}
	}
	for i, b := range c.budgets {
		if i+1 < len(c.budgets) && !c.budgets[i+1].From.After(s.From) {
			continue // replaced before the window
		}
		if len(s.Budgets) == 0 || b.From.Before(s.From) {
			b.From = s.From // the first budget is the one counting began with
		}
		s.Budgets = append(s.Budgets, b)
	}
	return s
}

// mod is the non-negative remainder, so minutes before 1970 (a test clock) floor correctly.
func mod(a, b int64) int64 { return ((a % b) + b) % b }
