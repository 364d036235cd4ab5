package fetch

import (
	"context"
	"sync"
	"time"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// Window is a created-time filter, as stripeapi defines it.
type Window = stripeapi.Window

// Client is the part of the Stripe access layer a Store reads through; *stripeapi.Client
// satisfies it. Its rate budget is the one limiter of every request a Store makes.
type Client interface {
	Source
	ChargeSource
	RefundListSource
	DisputeSource
	CatalogSource
	CustomerSource
	EventSource
}

// Options tune a Store; zero values take the defaults.
type Options struct {
	// MaxBytes bounds the memory the cached records take (default 256 MiB). Past it, the days
	// read least recently are forgotten and read again when next needed.
	MaxBytes int64
	// SyncEvery is how often, at most, caches with a change feed list new events (default 30 s).
	SyncEvery time.Duration
	// Now is the clock (default time.Now); tests and benchmarks move it.
	Now func() time.Time
	// Sequential reads every range with one cursor, page after page, as a plain REST client
	// does: the load benchmark's naive baseline. Off, a long range is split into shards read
	// in parallel within the client's rate budget.
	Sequential bool
	// Disk, when set, keeps the cache across restarts (disk.go): what it holds is loaded when
	// the Store is made and brought up to date from the events since; changes are written as
	// they happen, at most every DiskEvery (default 2 s), and everything when the Store closes.
	Disk      Blobs
	DiskEvery time.Duration
	// Log receives a line when the cache on disk cannot be used or written (nil: none).
	Log func(msg string, args ...any)
}

const (
	defaultMaxBytes  = 256 << 20
	defaultSyncEvery = 30 * time.Second
)

// Store is the shared fetch layer of one data source instance: every panel and alert rule
// reading the same resource goes through the same cache, so a range is listed from Stripe once
// however many queries need it at the same time, closed periods are never listed twice (within
// the memory budget), and later reads list only what is newer than the last one.
//
// Make one per data source instance with NewStore and Close it when the instance is disposed.
//
// Resources without a method here get one with NewCache and a Spec: for example a billing
// fetcher written as a package function `Subscriptions(ctx, src, w, fn)` becomes
//
//	subs := fetch.NewCache(store, fetch.Spec[records.Subscription]{Name: "subscriptions",
//	    List: func(ctx context.Context, w fetch.Window, fn func(records.Subscription) error) error {
//	        return client.ListSubscriptions(ctx, w, func(s *stripe.Subscription) error { return fn(records.FromSubscription(s)) })
//	    }, ID: ..., Created: ..., Size: ..., TTL: 5 * time.Minute})
//	...
//	err := subs.Read(ctx, fetch.Window{}, fn) // every subscription, re-listed at most every 5 min
//
// (Changes instead of TTL when the objects' events carry everything the record keeps).
type Store struct {
	ctx    context.Context // ends on Close; reads in flight belong to the Store, not to a caller
	cancel context.CancelFunc
	events EventSource // the change feed of the caches that have one

	maxBytes   int64
	syncEvery  time.Duration
	now        func() time.Time
	sequential bool

	reads Reads       // the pages of every listing in flight
	disk  *diskWriter // nil without Options.Disk; set once, when the Store is made

	mu     sync.Mutex
	caches []cacheOps
	// lastSync: events before it (less a second) are applied; syncing: the sync in progress.
	lastSync time.Time
	syncing  *syncRun
	bytes    int64
	held     map[string]int64 // memory kept beside the caches, by holder (Hold)
	// diskClosed: the Store is closed and writes nothing more to disk.
	diskClosed bool
	tick       uint64
	flights    int64
	evicted    int64

	balance  *Cache[BalanceTxn]
	charges  *Cache[Charge]
	refunds  *Cache[ChargeRefund]
	disputes *Cache[Dispute]
	products *Cache[Product]
	// prices and inactivePrices are Stripe's two price lists (active=true, active=false).
	prices, inactivePrices *Cache[Price]
	customers              *Cache[Customer]
}

// cacheOps is what the Store needs of every cache, whatever its record type (s.mu held).
type cacheOps interface {
	oldest() (day int64, used uint64, ok bool)
	evictDay(day int64)
	clear()
	stats() ResourceStats
	changeTypes() []string
	apply(eventType string, raw []byte)
	flightStarts() []time.Time
	// disk.go
	name() string
	daySnapshot(day int64) (any, bool)
	diskState() diskCache
	load(blobs Blobs, st diskCache, log func(string, ...any))
}

// NewStore makes the shared fetch layer over one client.
func NewStore(c Client, opt Options) *Store {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Store{ctx: ctx, cancel: cancel, events: c, maxBytes: opt.MaxBytes,
		syncEvery: opt.SyncEvery, now: opt.Now, sequential: opt.Sequential}
	if s.maxBytes <= 0 {
		s.maxBytes = defaultMaxBytes
	}
	if s.syncEvery <= 0 {
		s.syncEvery = defaultSyncEvery
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.balance = NewCache(s, balanceSpec(c))
	s.charges = NewCache(s, chargeSpec(c))
	s.refunds = NewCache(s, refundSpec(c))
	s.disputes = NewCache(s, disputeSpec(c))
	s.products = NewCache(s, productSpec(c))
	s.prices = NewCache(s, priceSpec(c, true))
	s.inactivePrices = NewCache(s, priceSpec(c, false))
	s.customers = NewCache(s, customerSpec(c))
	if opt.Disk != nil {
		s.startDisk(opt.Disk, opt.DiskEvery, opt.Log)
	}
	return s
}

// Paging is how this Store lists long ranges; whole-history reads made beside it (billing)
// use the same.
func (s *Store) Paging() Paging { return Paging{Sequential: s.sequential, Reads: &s.reads} }

// Reads counts the Store's reads in flight and those made with its Paging.
func (s *Store) Reads() *Reads { return &s.reads }

// Close stops reads in flight, writes what changed to disk (waiting for the writer), and
// forgets every cached record (in memory only: the disk keeps them for the next start).
func (s *Store) Close() {
	s.cancel()
	if s.disk != nil {
		<-s.disk.done
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.diskClosed = true // nothing more is written: clearing memory must not delete what is on disk
	for _, c := range s.caches {
		c.clear()
	}
}

// Hold counts bytes that a holder keeps beside the caches (the whole-history reads and what is
// computed from them) against the memory budget, replacing what it held before; the cached days
// least recently used are forgotten until everything fits. What is held is never forgotten here:
// the holder decides (a whole-history read costs thousands of requests to read again).
func (s *Store) Hold(holder string, bytes int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held == nil {
		s.held = map[string]int64{}
	}
	s.held[holder] = bytes
	s.evict()
}

// heldBytes is the sum of what holders keep (s.mu held).
func (s *Store) heldBytes() int64 {
	var n int64
	for _, b := range s.held {
		n += b
	}
	return n
}

// evict forgets the least recently used days until the records and what holders keep fit the
// budget (s.mu held).
func (s *Store) evict() {
	for s.bytes+s.heldBytes() > s.maxBytes {
		var victim cacheOps
		var day int64
		var used uint64
		for _, c := range s.caches {
			if d, u, ok := c.oldest(); ok && (victim == nil || u < used) {
				victim, day, used = c, d, u
			}
		}
		if victim == nil {
			return
		}
		victim.evictDay(day)
		s.evicted++
	}
}

// Stats describe what a Store holds and has done.
type Stats struct {
	Bytes     int64 // memory the cached records take, as estimated by each Spec.Size
	Held      int64 // memory holders keep beside the caches (Hold)
	MaxBytes  int64 // the memory budget
	Flights   int64 // ranges listed from Stripe
	Evictions int64 // days forgotten to stay within MaxBytes
	Resources []ResourceStats
}

// ResourceStats describe one cached resource.
type ResourceStats struct {
	Name    string
	Records int
	Bytes   int64
}

// Stats returns the Store's counters.
func (s *Store) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Bytes: s.bytes, Held: s.heldBytes(), MaxBytes: s.maxBytes, Flights: s.flights, Evictions: s.evicted}
	for _, c := range s.caches {
		st.Resources = append(st.Resources, c.stats())
	}
	return st
}
