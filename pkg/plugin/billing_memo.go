package plugin

import (
	"context"
	"sync"
	"time"

	"github.com/revops/stripe-datasource/pkg/fetch"
)

// billingReuse is how long one read of the billing history answers further subscription
// queries. A dashboard of subscription panels sends each panel's query at once; each needs the
// whole history (every subscription, invoice and 30 days of events), so without sharing they
// would read it once each and share the key's rate budget. A reused read is at most this old.
const billingReuse = time.Minute

// billingMemo shares one billing read among the queries of a data source: concurrent callers
// wait for the read in flight, later ones reuse it while it is fresh. A failed read is not kept.
type billingMemo struct {
	mu     sync.Mutex
	read   *billingRead
	readAt time.Time
}

type billingRead struct {
	done chan struct{}
	b    *fetch.Billing
	err  error
}

// get returns a billing read started at most billingReuse before now, reading when there is none.
func (m *billingMemo) get(ctx context.Context, now time.Time, read func(context.Context, time.Time) (*fetch.Billing, error)) (*fetch.Billing, error) {
	m.mu.Lock()
	r := m.read
	if r == nil || now.Sub(m.readAt) > billingReuse || now.Before(m.readAt) {
		r = &billingRead{done: make(chan struct{})}
		m.read, m.readAt = r, now
		m.mu.Unlock()
		r.b, r.err = read(ctx, now)
		if r.err != nil {
			m.mu.Lock()
			if m.read == r {
				m.read = nil
			}
			m.mu.Unlock()
		}
		close(r.done)
		return r.b, r.err
	}
	m.mu.Unlock()
	select {
	case <-r.done:
		return r.b, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
