package fetch

import (
	"context"
	"slices"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// eventRetention is how far back Stripe lists events (30 days), less a day of margin: caches
// last synced before that cannot learn what changed and are read again instead.
const eventRetention = 29 * 24 * time.Hour

// syncRun is one event sync in progress; concurrent readers wait for it.
type syncRun struct {
	done chan struct{}
	err  error
}

// sync brings every cache with a change feed up to date, at most every syncEvery: one list of
// the events of all their types since the last sync (one request unless many objects changed)
// replaces the changed records, instead of listing the objects again. Like the reads, the sync
// belongs to the Store: it runs under the Store's context, and every caller (the one that
// started it too) waits for it with its own.
func (s *Store) sync(ctx context.Context) error {
	s.mu.Lock()
	run := s.syncing
	if run == nil {
		run = s.startSync()
	}
	s.mu.Unlock()
	if run == nil {
		return nil
	}
	select {
	case <-run.done:
		return run.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// startSync starts the event sync if one is due, nil if none is (s.mu held).
func (s *Store) startSync() *syncRun {
	now := s.now()
	if s.lastSync.IsZero() || now.Sub(s.lastSync) < s.syncEvery {
		return nil
	}
	if now.Sub(s.lastSync) > eventRetention {
		s.forgetChanging()
		return nil
	}
	var types []string
	for _, c := range s.caches {
		types = append(types, c.changeTypes()...)
	}
	since := s.lastSync
	run := &syncRun{done: make(chan struct{})}
	s.syncing = run
	go func() {
		var events []*stripe.Event
		err := s.events.ListEvents(s.ctx, Window{From: since.Unix() - 1}, types, func(e *stripe.Event) error {
			events = append(events, e)
			return nil
		})
		if err == nil {
			// The newest event of each object carries its state: for a version the access layer
			// cannot read, that state is retrieved in the pinned version.
			slices.SortStableFunc(events, func(a, b *stripe.Event) int { return compareInt(b.Created, a.Created) })
			err = pinUnreadable(s.ctx, s.events, events, "charge", "dispute")
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.syncing = nil
		defer close(run.done)
		run.err = s.applyEvents(events, err, now)
	}()
	return run
}

// applyEvents applies a sync's events (s.mu held). A key that may not read events cannot follow
// changes: what may have changed is forgotten, so reads list current objects.
func (s *Store) applyEvents(events []*stripe.Event, err error, now time.Time) error {
	switch {
	case stripeapi.KindOf(err) == stripeapi.KindPermission:
		s.forgetChanging()
		return nil
	case err != nil:
		return err
	}
	// Apply oldest first, so each object ends as its latest event left it.
	slices.SortStableFunc(events, func(a, b *stripe.Event) int { return compareInt(a.Created, b.Created) })
	for _, e := range events {
		if e.Data == nil {
			continue
		}
		for _, c := range s.caches {
			if slices.Contains(c.changeTypes(), string(e.Type)) {
				c.apply(string(e.Type), e.Data.Raw)
			}
		}
	}
	// A read still in flight started before this sync may hold objects older than events that
	// were skipped as not cached yet: the next sync goes back to that read's start.
	s.markChanged()
	s.lastSync = now
	for _, c := range s.caches {
		for _, t := range c.flightStarts() {
			if t.Before(s.lastSync) {
				s.lastSync = t
			}
		}
	}
	return nil
}

// forgetChanging clears every cache with a change feed (s.mu held).
func (s *Store) forgetChanging() {
	for _, c := range s.caches {
		if len(c.changeTypes()) > 0 {
			c.clear()
		}
	}
	s.lastSync = time.Time{}
}

func (c *Cache[R]) changeTypes() []string {
	if c.spec.Changes == nil {
		return nil
	}
	return c.spec.Changes.Types
}

func (c *Cache[R]) flightStarts() []time.Time {
	var out []time.Time
	for _, f := range c.flights {
		out = append(out, f.start)
	}
	return out
}

// apply decodes an event's object and replaces the cached record, or drops it for an event
// that removes the object (s.mu held).
func (c *Cache[R]) apply(eventType string, raw []byte) {
	if r, err := c.spec.Changes.Decode(raw); err == nil {
		c.replace(r, slices.Contains(c.spec.Changes.Removes, eventType))
	}
}

// replace puts r in place of the cached record with its id (or only drops that record when
// remove), when its created time is cached (s.mu held). The day is copied, never changed in
// place, for readers holding the old slice.
func (c *Cache[R]) replace(r R, remove bool) {
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
	if !remove {
		recs = append(recs, r)
		bytes += int64(c.spec.Size(r))
	}
	c.s.bytes += bytes - b.bytes
	b.recs, b.bytes = recs, bytes
	c.version++
	c.s.markDirty(c.spec.Name, dayOf(t))
}
