package plugin

import (
	"sync"
	"time"
	"unsafe"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/mrr"
	"github.com/revops/stripe-datasource/pkg/records"
)

// reconstructions share one MRR reconstruction among the panels that need it. Rebuilding every
// subscription's history costs about 20 µs a subscription (go test -bench Reconstruct
// ./pkg/mrr): half a second on an account of 23 000 subscriptions, for each of the twenty MRR
// panels of the subscriptions dashboard. A reconstruction is reused while the billing and
// invoice reads it was built from are still the current ones (an update that finds no event
// keeps them) and until its Result.NextChange, before which the same reads reconstructed later
// give the same result: a reload or an alert evaluation on a quiet account rebuilds nothing.
type reconstructions struct {
	mu       sync.Mutex
	billing  *fetch.Billing
	invoices []records.Invoice // kept so that its array cannot be reused by a newer read
	built    map[mrr.Options]*reconstruction
	builds   int // reconstructions made, for tests
	// held, when set, is told the bytes the reconstructions kept now take (memory budget).
	held func(int64)
}

// reconstruction is one Reconstruct result, with the customer movements derived from it.
type reconstruction struct {
	done      chan struct{}
	now       time.Time
	res       mrr.Result
	movements func() []mrr.Movement
}

// get returns the reconstruction of b and invoices with o at now: one built for the same reads
// and options that still holds at now, or a new one (built once however many panels ask).
func (c *reconstructions) get(b *fetch.Billing, invoices []records.Invoice, o mrr.Options, now time.Time) *reconstruction {
	for {
		c.mu.Lock()
		// A read that changed is a new value (updates copy, never write in place), so identity
		// is enough to tell whether the reads are the same.
		if c.billing != b || unsafe.SliceData(c.invoices) != unsafe.SliceData(invoices) || len(c.invoices) != len(invoices) {
			c.billing, c.invoices, c.built = b, invoices, map[mrr.Options]*reconstruction{}
		}
		r := c.built[o]
		if r == nil || now.Unix() < r.now.Unix() {
			r = &reconstruction{done: make(chan struct{}), now: now}
			c.built[o] = r
			c.builds++
			c.mu.Unlock()
			r.res = mrr.Reconstruct(mrr.Input{Now: now.Unix(), EventsFrom: b.EventsFrom, Subscriptions: b.Subscriptions,
				Invoices: invoices, Events: b.Events, Prices: b.Prices, Coupons: b.Coupons, PendingItems: b.PendingItems}, o)
			r.movements = sync.OnceValue(func() []mrr.Movement { return mrr.Movements(r.res.Subscriptions) })
			close(r.done)
			c.countHeld()
			return r
		}
		c.mu.Unlock()
		<-r.done
		if r.res.NextChange == 0 || now.Unix() < r.res.NextChange {
			return r
		}
		c.mu.Lock()
		if c.built[o] == r { // past its next change: build anew
			delete(c.built, o)
		}
		c.mu.Unlock()
	}
}

// countHeld tells held what the finished reconstructions kept take.
func (c *reconstructions) countHeld() {
	if c.held == nil {
		return
	}
	c.mu.Lock()
	var n int64
	for _, r := range c.built {
		select {
		case <-r.done:
			n += r.res.Bytes()
		default:
		}
	}
	c.mu.Unlock()
	c.held(n)
}
