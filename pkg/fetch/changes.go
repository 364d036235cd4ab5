package fetch

import (
	"context"
	"slices"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// eventRetention is how far back Stripe lists events (30 days), less a day of margin: a cache
// last synced before that cannot learn what changed and is read again instead.
const eventRetention = 29 * 24 * time.Hour

// syncRun is one event sync in progress; concurrent readers wait for it.
type syncRun struct {
	done chan struct{}
	err  error
}

// sync applies the changes since the last sync before a read, at most every Store.syncEvery.
// One request (more only when many objects changed) keeps a warm cache of objects that change
// current, instead of listing them again.
func (c *Cache[R]) sync(ctx context.Context) error {
	s := c.s
	s.mu.Lock()
	if run := s.syncs[c]; run != nil {
		s.mu.Unlock()
		select {
		case <-run.done:
			return run.err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	now := s.now()
	if c.lastSync.IsZero() || now.Sub(c.lastSync) < s.syncEvery {
		s.mu.Unlock()
		return nil
	}
	if now.Sub(c.lastSync) > eventRetention {
		c.clear()
		c.lastSync = time.Time{}
		s.mu.Unlock()
		return nil
	}
	since := c.lastSync
	run := &syncRun{done: make(chan struct{})}
	s.syncs[c] = run
	s.mu.Unlock()

	var events []*stripe.Event
	err := s.events(ctx, Window{From: since.Unix() - 1}, c.spec.Changes.Types, func(e *stripe.Event) error {
		events = append(events, e)
		return nil
	})

	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.syncs, c)
	defer close(run.done)
	switch {
	case stripeapi.KindOf(err) == stripeapi.KindPermission:
		// A key that may not read events cannot follow changes: forget the cache so the read
		// lists current objects (what the plugin did before there was a cache).
		c.clear()
		c.lastSync = time.Time{}
		return nil
	case err != nil:
		run.err = err
		return err
	}
	// Apply oldest first, so each object ends as its latest event left it.
	slices.SortStableFunc(events, func(a, b *stripe.Event) int { return compareInt(a.Created, b.Created) })
	for _, e := range events {
		if e.Data == nil {
			continue
		}
		r, err := c.spec.Changes.Decode(e.Data.Raw)
		if err != nil {
			continue
		}
		c.replace(r)
	}
	// A read still in flight started before this sync may hold objects older than its events,
	// which were skipped as not cached yet: the next sync goes back to that read's start.
	c.lastSync = now
	for _, f := range c.flights {
		if f.start.Before(c.lastSync) {
			c.lastSync = f.start
		}
	}
	return nil
}

// replace puts r in place of the cached record with its id, when its created time is cached
// (s.mu held). The day is copied, never changed in place, for readers holding the old slice.
func (c *Cache[R]) replace(r R) {
	t := c.spec.Created(r)
	if !c.cov.has(t) {
		return
	}
	b := c.bucket(dayOf(t))
	id := c.spec.ID(r)
	recs := make([]R, 0, len(b.recs)+1)
	var bytes int64
	for _, old := range b.recs {
		if c.spec.ID(old) != id {
			recs = append(recs, old)
			bytes += int64(c.spec.Size(old))
		}
	}
	recs = append(recs, r)
	bytes += int64(c.spec.Size(r))
	c.s.bytes += bytes - b.bytes
	b.recs, b.bytes = recs, bytes
}
