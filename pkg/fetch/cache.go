package fetch

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Spec describes one cached resource: how to list it, and how to read a record's identity,
// time and size.
type Spec[R any] struct {
	// Name is the resource, for Stats ("balance_transactions").
	Name string
	// List reads every object created in a window as records, newest first.
	List    func(ctx context.Context, w Window, fn func(R) error) error
	ID      func(R) string
	Created func(R) int64
	// Size estimates the bytes a record holds (struct and strings), for the memory budget.
	Size func(R) int
	// TTL, when > 0, expires what was read that long ago: the next read lists it again. Use it
	// for objects that change after creation and have no Changes feed (subscriptions, invoices).
	// 0: what was read stays valid (immutable objects, or objects kept current by Changes).
	TTL time.Duration
	// Intern, when set, shares a record's repeated strings (records' Interned): applied to the
	// records read back from disk, which decoding gave copies of their own.
	Intern func(R) R
	// Changes, when set, keeps cached records current from Stripe's events: before a read (at
	// most every Store's SyncEvery), the events of these types since the last sync are listed
	// and their objects replace the cached records with the same id.
	Changes *Changes[R]
}

// Changes is an event feed for a resource whose objects change after creation.
type Changes[R any] struct {
	Types []string
	// Removes are the types among Types whose object leaves the resource (customer.deleted):
	// its record is dropped from the cache instead of replaced.
	Removes []string
	// Decode turns an event's data.object into the record.
	Decode func(raw json.RawMessage) (R, error)
}

// bucket holds the records of one UTC day. Its slice is only ever appended to or replaced,
// never changed in place, so readers may keep a copy of the slice header without the lock.
type bucket[R any] struct {
	recs  []R
	bytes int64
	used  uint64 // Store.tick when last read or written, for least-recently-used eviction
}

const secondsPerDay = 86400

func dayOf(t int64) int64 {
	if t < 0 {
		return (t - secondsPerDay + 1) / secondsPerDay
	}
	return t / secondsPerDay
}

// flight is one read of a created range in progress; every caller needing part of that range
// waits for it instead of reading it again.
type flight[R any] struct {
	seq   uint64 // names the read in summary keys (store-wide, never reused)
	s     span
	start time.Time
	done  chan struct{}
	recs  []R
	err   error
}

// Cache is the shared, cached reader of one resource in a Store. Make one with NewCache.
type Cache[R any] struct {
	s    *Store
	spec Spec[R]

	// Guarded by s.mu.
	cov     coverage
	days    map[int64]*bucket[R]
	flights []*flight[R]
	edge    *flight[R] // the latest completed read of the open edge, shared for edgeReuse
	// version changes whenever cached records do (read in, changed by an event, evicted): two
	// readers planning at the same version and waiting for the same reads see the same records.
	version    uint64
	summaries  map[summaryKey]*summary // summaries.go
	summarized int                     // summaries made, for tests
}

// NewCache registers a resource in s. Make every cache when the Store is made.
func NewCache[R any](s *Store, spec Spec[R]) *Cache[R] {
	c := &Cache[R]{s: s, spec: spec, days: map[int64]*bucket[R]{}}
	s.mu.Lock()
	s.caches = append(s.caches, c)
	s.mu.Unlock()
	return c
}

// part is a covered range of a read and the day slices that hold it.
type part[R any] struct {
	s      span
	slices [][]R
}

// Read hands fn every record created in w, each id once. Ranges already cached are read from
// memory; missing ones are listed from Stripe once, however many callers need them at the same
// time. When any page fails, every waiting caller gets the error, fn may have been called with
// nothing, and nothing of that range is cached.
func (c *Cache[R]) Read(ctx context.Context, w Window, fn func(R)) error {
	sn, err := c.snapshot(ctx, w)
	if err != nil || sn == nil {
		return err
	}
	sn.each(c.spec.Created, fn)
	return nil
}

// snapshot is what a read of a window hands out: cached day slices and completed reads, with
// the cache version they were planned at.
type snapshot[R any] struct {
	parts   []part[R]
	waits   []waiting[R]
	version uint64
}

// snapshot plans a read of w and waits for the listing it needs; nil for an empty window.
func (c *Cache[R]) snapshot(ctx context.Context, w Window) (*snapshot[R], error) {
	if w.From < 0 || w.To < 0 || (w.To > 0 && w.From > w.To) {
		return nil, fmt.Errorf("fetch: time window [%d, %d) is not a range of Unix seconds", w.From, w.To)
	}
	if err := c.s.waitLoaded(ctx.Done()); err != nil {
		return nil, err
	}
	want := span{w.From, w.To}
	if w.To == 0 {
		want.to = endOfTime
	}
	if want.empty() {
		return nil, nil
	}
	if c.spec.Changes != nil {
		// Missing ranges start listing while the change feed is read; the cached part is
		// taken after the feed is applied.
		c.prefetch(want)
		if err := c.s.sync(ctx); err != nil {
			return nil, err
		}
	}
	sn := &snapshot[R]{}
	sn.parts, sn.waits, sn.version = c.plan(want)
	for _, w := range sn.waits {
		if err := w.f.wait(ctx); err != nil {
			return nil, err
		}
	}
	return sn, nil
}

// each hands fn every record of the snapshot.
func (sn *snapshot[R]) each(created func(R) int64, fn func(R)) {
	for _, p := range sn.parts {
		for _, recs := range p.slices {
			for _, r := range recs {
				if p.s.has(created(r)) {
					fn(r)
				}
			}
		}
	}
	for _, w := range sn.waits {
		for _, r := range w.f.recs {
			if w.clip.has(created(r)) {
				fn(r)
			}
		}
	}
}

// waiting is a read a caller waits for and the part of its records the caller takes.
type waiting[R any] struct {
	f    *flight[R]
	clip span
}

// edgeReuse is how long the records of the last read of the open edge serve other readers: the
// panels of one dashboard arrive within it and share that read instead of each listing the
// newest second again.
const edgeReuse = time.Second

// plan takes what is cached for want and starts or joins reads for the rest, and returns the
// cache version it planned at.
func (c *Cache[R]) plan(want span) ([]part[R], []waiting[R], uint64) {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	fresh := c.cov.fresh(now, c.spec.TTL)
	var parts []part[R]
	for _, p := range intersect(want, fresh) {
		pt := part[R]{s: p}
		for d := dayOf(p.from); d <= dayOf(p.to-1); d++ {
			if b := c.days[d]; b != nil {
				s.tick++
				b.used = s.tick
				pt.slices = append(pt.slices, b.recs)
			}
		}
		parts = append(parts, pt)
	}
	var waits []waiting[R]
	for _, gap := range c.gaps(want, now) {
		if e := c.edge; e != nil && gap.to == endOfTime && e.s.from <= gap.from && now.Sub(e.start) < edgeReuse {
			waits = append(waits, waiting[R]{e, gap.clip(want)})
			continue
		}
		var busy []span
		for _, f := range c.flights {
			if f.s.overlaps(gap) {
				waits = append(waits, waiting[R]{f, f.s.clip(gap).clip(want)})
				busy = append(busy, f.s)
			}
		}
		for _, todo := range subtract(gap, busy) {
			waits = append(waits, waiting[R]{c.start(todo, now), todo.clip(want)})
		}
	}
	return parts, waits, c.version
}

// gaps are the parts of want not cached (or expired). A gap reaching into the last second
// reaches to the end of time: nothing is created later than now, and readers of the open edge
// with different ends (a bucket in progress, an open window) then share one read (s.mu held).
func (c *Cache[R]) gaps(want span, now time.Time) []span {
	gaps := subtract(want, c.cov.fresh(now, c.spec.TTL))
	for i := range gaps {
		if gaps[i].to > now.Unix()-1 {
			gaps[i].to = endOfTime
		}
	}
	return gaps
}

// prefetch starts reads for the missing parts of want without waiting for them.
func (c *Cache[R]) prefetch(want span) {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, gap := range c.gaps(want, now) {
		var busy []span
		for _, f := range c.flights {
			busy = append(busy, f.s)
		}
		for _, todo := range subtract(gap, busy) {
			c.start(todo, now) // joined by plan
		}
	}
}

// start begins reading s from Stripe (s.mu held).
func (c *Cache[R]) start(sp span, now time.Time) *flight[R] {
	c.s.flights++
	f := &flight[R]{seq: uint64(c.s.flights), s: sp, start: now, done: make(chan struct{})}
	c.flights = append(c.flights, f)
	if c.spec.Changes != nil && c.s.lastSync.IsZero() {
		// What is read from now on is current; only later changes need the event feed.
		c.s.lastSync = now
	}
	// Every finished part of the read is cached at once (kept), so that a failure or a restart
	// later in a long read does not lose it; the rest is cached when the read ends.
	// The last second before the read started may still gain objects (created has second
	// resolution), so it stays uncovered: the next read overlaps it by a second and the cache,
	// holding only covered seconds, cannot hold an id twice.
	upto := span{sp.from, now.Unix() - 1}
	var kept []span
	keep := func(part span, recs []R) {
		part = part.clip(upto)
		c.s.mu.Lock()
		defer c.s.mu.Unlock()
		c.insert(part, recs, now)
		kept = append(kept, part)
		c.s.evict()
	}
	go func() {
		recs, err := readSharded(c.s.ctx, c.spec.Name, lister[R](c.spec.List), c.spec.Created, c.spec.ID, sp, now.Unix(), c.s.Paging(), keep)
		c.s.mu.Lock()
		defer c.s.mu.Unlock()
		for i, g := range c.flights {
			if g == f {
				c.flights = append(c.flights[:i], c.flights[i+1:]...)
				break
			}
		}
		f.recs, f.err = recs, err
		if err == nil {
			covered := sp.clip(upto)
			for _, rest := range subtract(covered, kept) { // what no finished part cached yet
				c.insert(rest, recs, now)
			}
			if sp.to == endOfTime && (c.edge == nil || !f.start.Before(c.edge.start)) {
				c.edge = f.tail(max(covered.to, sp.from), c.spec.Created)
			}
			c.s.evict()
		}
		close(f.done)
	}()
	return f
}

// tail is what the open edge's next readers need of f once the range up to from is cached: its
// records created from there on (the seconds not cached yet), so that the edge does not keep
// every record of the read alive beside the cache's own copies.
func (f *flight[R]) tail(from int64, created func(R) int64) *flight[R] {
	var recs []R
	for _, r := range f.recs {
		if created(r) >= from {
			recs = append(recs, r)
		}
	}
	return &flight[R]{seq: f.seq, s: span{from, endOfTime}, start: f.start, done: f.done, recs: recs}
}

// insert caches the records of a completely read range (s.mu held).
func (c *Cache[R]) insert(sp span, recs []R, at time.Time) {
	if sp.empty() {
		return
	}
	c.drop(sp)
	c.version++
	touched := map[*bucket[R]]bool{}
	for _, r := range recs {
		t := c.spec.Created(r)
		if !sp.has(t) {
			continue
		}
		b := c.bucket(dayOf(t))
		b.recs = append(b.recs, r)
		if !touched[b] {
			touched[b] = true
			c.s.markDirty(c.spec.Name, dayOf(t))
		}
		n := int64(c.spec.Size(r))
		b.bytes += n
		c.s.bytes += n
	}
	for b := range touched {
		if cap(b.recs) > len(b.recs) {
			b.recs = slices.Clone(b.recs) // exactly sized: a day is kept for long, append leaves up to half unused
		}
	}
	c.cov = c.cov.add(sp, at)
	c.s.markChanged()
}

func (c *Cache[R]) bucket(d int64) *bucket[R] {
	b := c.days[d]
	if b == nil {
		b = &bucket[R]{}
		c.days[d] = b
	}
	c.s.tick++
	b.used = c.s.tick
	return b
}

// drop removes cached records created in sp (an expired range about to be replaced), copying
// each changed day so readers holding the old slice are unaffected (s.mu held).
func (c *Cache[R]) drop(sp span) {
	for d := dayOf(sp.from); d <= dayOf(sp.to-1); d++ {
		b := c.days[d]
		if b == nil {
			continue
		}
		kept := make([]R, 0, len(b.recs))
		var bytes int64
		for _, r := range b.recs {
			if !sp.has(c.spec.Created(r)) {
				kept = append(kept, r)
				bytes += int64(c.spec.Size(r))
			}
		}
		c.s.bytes -= b.bytes - bytes
		b.recs, b.bytes = kept, bytes
		c.s.markDirty(c.spec.Name, d)
	}
	c.cov = c.cov.remove(sp)
	c.version++
	c.s.markChanged()
}

// oldest returns the least recently used day and its use tick (s.mu held).
func (c *Cache[R]) oldest() (day int64, used uint64, ok bool) {
	for d, b := range c.days {
		if !ok || b.used < used {
			day, used, ok = d, b.used, true
		}
	}
	return day, used, ok
}

// evictDay forgets one day: its records and its coverage (s.mu held).
func (c *Cache[R]) evictDay(d int64) {
	b := c.days[d]
	if b == nil {
		return
	}
	delete(c.days, d)
	c.version++
	c.s.bytes -= b.bytes
	c.cov = c.cov.remove(span{d * secondsPerDay, (d + 1) * secondsPerDay})
	// Its blob goes too: events for a day no longer held are not applied to it, so the copy on
	// disk would go stale.
	c.s.markDirty(c.spec.Name, d)
}

// clear forgets everything (s.mu held).
func (c *Cache[R]) clear() {
	for d := range c.days {
		c.evictDay(d)
	}
	c.cov, c.edge = nil, nil
	c.s.markChanged()
}

// stats counts what the cache holds (s.mu held).
func (c *Cache[R]) stats() ResourceStats {
	st := ResourceStats{Name: c.spec.Name}
	for _, b := range c.days {
		st.Records += len(b.recs)
		st.Bytes += b.bytes
	}
	return st
}

// wait blocks until f is done or ctx ends. A caller that leaves early stops nothing: the read
// belongs to the Store (it runs under the Store's context until Close), so what it lists is
// cached for the next query instead of being thrown away with one panel's deadline.
func (f *flight[R]) wait(ctx context.Context) error {
	select {
	case <-f.done:
		return f.err
	case <-ctx.Done():
		return ctx.Err()
	}
}
