package fetch

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// Sharding parameters. Every shard ends on a partly filled page, so a shard should span many
// pages (waste ≤ 1/shardPages of the floor); enough shards must run to keep the rate budget busy
// while each waits for Stripe (100 req/s × 150 ms latency ≈ 15 requests in flight).
const (
	shardPages = 16
	maxShards  = 32
)

// lister reads every object created in a window, converted to its record, newest first (Stripe's
// list order). A non-nil error from fn stops the read and is returned.
type lister[R any] func(ctx context.Context, w stripeapi.Window, fn func(R) error) error

// errProbeFull stops the probe read after its first page.
var errProbeFull = errors.New("probe page full")

// readSharded reads every object created in s. One page is read first: if the list ends there,
// that is all. Otherwise the page's time span estimates the density, and the rest of s is split
// by created into shards of about shardPages pages each, read concurrently. The client's rate
// budget is the only limiter: shards wait for it like any other request. Any failure fails the
// whole read and returns no records (nothing partial). p.Sequential reads s with one cursor.
// The read's pages are counted in p.Reads under what. keep, when set, is handed each part of s
// as soon as every object created in it has been read (each finished shard, and the probe's
// range), so that a read that fails or is interrupted later has not lost them.
func readSharded[R any](ctx context.Context, what string, list lister[R], created func(R) int64, id func(R) string, s span, now int64, p Paging, keep func(span, []R)) ([]R, error) {
	pr := p.Reads.start(what, time.Unix(now, 0))
	defer p.Reads.done(pr)
	var probe []R
	if p.Sequential {
		err := list(ctx, window(s), func(r R) error { probe = append(probe, r); pr.add(1); return nil })
		if err != nil {
			return nil, err
		}
		return probe, nil
	}
	err := list(ctx, window(s), func(r R) error {
		probe = append(probe, r)
		pr.add(1)
		if len(probe) == stripeapi.PageSize {
			return errProbeFull
		}
		return nil
	})
	if err == nil {
		return probe, nil
	}
	if !errors.Is(err, errProbeFull) {
		return nil, err
	}
	oldest := created(probe[0])
	for _, r := range probe {
		oldest = min(oldest, created(r))
	}
	// The probe holds everything newer than `oldest` and some objects created in that second;
	// the shards re-read that second and skip the ids the probe already has.
	seen := map[string]struct{}{}
	for _, r := range probe {
		if created(r) == oldest {
			seen[id(r)] = struct{}{}
		}
	}
	pageSpan := min(s.to, now+1) - oldest
	skip := func(r R) bool {
		if created(r) != oldest {
			return false
		}
		_, dup := seen[id(r)]
		return dup
	}
	var keepShard func(span, []R)
	if keep != nil {
		// The probe holds all of (oldest, s.to) and part of the second oldest; the shard ending
		// there holds the rest of that second.
		var newer, atOldest []R
		for _, r := range probe {
			if created(r) == oldest {
				atOldest = append(atOldest, r)
			} else {
				newer = append(newer, r)
			}
		}
		keep(span{oldest + 1, s.to}, newer)
		keepShard = func(sp span, recs []R) {
			if sp.to == oldest+1 {
				recs = append(append([]R{}, atOldest...), recs...)
			}
			keep(sp, recs)
		}
	}
	parts, err := runShards(ctx, list, created, skip, planShards(span{s.from, oldest + 1}, pageSpan), pr, int64(len(probe)), keepShard)
	if err != nil {
		return nil, err
	}
	n := len(probe)
	for _, p := range parts {
		n += len(p)
	}
	out := make([]R, 0, n)
	out = append(out, probe...)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out, nil
}

// errCut ends a shard whose older part another worker took over.
var errCut = errors.New("shard cut")

// shard is one range being read, newest first, by one worker.
type shard[R any] struct {
	hi, lo int64 // reading [lo, hi); lo rises when a worker takes over the older part
	pos    int64 // created of the last object read (hi until the first)
	read   int   // objects read so far
	recs   []R
	// keptTo: [keptTo, hi) has been handed to keep; pending are the records read since.
	keptTo  int64
	pending []R
}

// keepBatch is how many records a shard reads between handing the range below what it kept to
// keep: about ten pages, so that a failure or restart loses little of a long read while the
// cache is not locked for every page.
const keepBatch = 10 * stripeapi.PageSize

// complete takes what keep may have of the shard after it read an object created at t: every
// object created after t has been read (a list is newest first), so [t+1, keptTo) is whole; the
// records of the second t stay pending (more may come). ok is false when there is nothing new.
func (sh *shard[R]) complete(t int64, created func(R) int64) (part span, recs []R, ok bool) {
	if t+1 >= sh.keptTo {
		return span{}, nil, false
	}
	var rest []R
	for _, r := range sh.pending {
		if created(r) > t {
			recs = append(recs, r)
		} else {
			rest = append(rest, r)
		}
	}
	part = span{t + 1, sh.keptTo}
	sh.keptTo, sh.pending = t+1, rest
	return part, recs, true
}

// pagesLeft estimates the pages between lo and pos from the density this shard has read so
// far; 0 until it has read a full page (nothing known yet, so nothing worth taking over).
func (sh *shard[R]) pagesLeft() float64 {
	if sh.read < stripeapi.PageSize || sh.hi <= sh.pos {
		return 0
	}
	return float64(sh.pos-sh.lo) * float64(sh.read) / float64(sh.hi-sh.pos) / stripeapi.PageSize
}

// expected estimates the objects of the shard's whole range: what it has read plus, at the
// density it has read at, what is left; a shard that has not read a full page yet counts as the
// pages the plan gave it.
func (sh *shard[R]) expected() int64 {
	if sh.read < stripeapi.PageSize {
		return max(int64(sh.read), shardPages*stripeapi.PageSize)
	}
	return int64(sh.read) + int64(sh.pagesLeft()*stripeapi.PageSize)
}

// runShards reads the planned shards concurrently, one worker each. A worker whose shard ends
// takes over the older half of the shard with the most pages left, so the read does not end
// waiting on one long sequential tail (older periods hold fewer objects than the plan assumed,
// or an open lower bound left one shard with most of history). The shard it splits stops at
// the first object older than the cut, all of whose second it has already read, so no object
// is read twice or missed; each cut costs at most one partly read page.
// The objects it reads and its estimate of the whole read (the probe's objects plus every
// shard's) are counted in pr. keep, when set, gets each shard's range and records once it is read.
func runShards[R any](ctx context.Context, list lister[R], created func(R) int64, skip func(R) bool, plan []span, pr *ReadProgress, probed int64, keep func(span, []R)) ([][]R, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex // guards every shard's lo, pos, read and the list of shards
	var all []*shard[R]
	for _, p := range plan {
		all = append(all, &shard[R]{hi: p.to, lo: p.from, pos: p.to, keptTo: p.to})
	}
	finished := map[*shard[R]]bool{}
	pr.estimate(func() int64 {
		mu.Lock()
		defer mu.Unlock()
		n := probed
		for _, sh := range all {
			if finished[sh] {
				n += int64(sh.read)
			} else {
				n += sh.expected()
			}
		}
		return n
	})
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	var work func(sh *shard[R])
	work = func(sh *shard[R]) {
		defer wg.Done()
		mu.Lock()
		w := window(span{sh.lo, sh.hi})
		mu.Unlock()
		err := list(ctx, w, func(r R) error {
			t := created(r)
			mu.Lock()
			if t < sh.lo {
				mu.Unlock()
				return errCut
			}
			sh.pos, sh.read = t, sh.read+1
			pr.add(1)
			if !skip(r) {
				sh.recs = append(sh.recs, r)
				if keep != nil {
					sh.pending = append(sh.pending, r)
				}
			}
			var part span
			var recs []R
			ok := false
			if keep != nil && len(sh.pending) >= keepBatch {
				part, recs, ok = sh.complete(t, created)
			}
			mu.Unlock()
			if ok {
				keep(part, recs)
			}
			return nil
		})
		mu.Lock()
		finished[sh] = true
		rest, recs := span{sh.lo, sh.keptTo}, sh.pending
		sh.pending = nil
		mu.Unlock()
		if keep != nil && (err == nil || errors.Is(err, errCut)) && ctx.Err() == nil && !rest.empty() {
			keep(rest, recs) // [lo, keptTo) is read whole: a cut shard stops below lo only
		}
		if err != nil && !errors.Is(err, errCut) {
			once.Do(func() { firstErr = err; cancel() })
			return
		}
		if ctx.Err() != nil {
			return
		}
		// Take over the older half of the longest shard still being read.
		mu.Lock()
		var victim *shard[R]
		for _, o := range all {
			if o != sh && o.pos > o.lo && (victim == nil || o.pagesLeft() > victim.pagesLeft()) {
				victim = o
			}
		}
		if victim == nil || victim.pagesLeft() < 2*shardPages || victim.pos-victim.lo < 2 {
			mu.Unlock()
			return
		}
		cut := victim.lo + (victim.pos-victim.lo)/2
		next := &shard[R]{hi: cut, lo: victim.lo, pos: cut, keptTo: cut}
		victim.lo = cut
		all = append(all, next)
		wg.Add(1)
		mu.Unlock()
		go work(next)
	}
	mu.Lock()
	for _, sh := range all {
		wg.Add(1)
		go work(sh)
	}
	mu.Unlock()
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	parts := make([][]R, len(all))
	for i, sh := range all {
		parts[i] = sh.recs
	}
	return parts, nil
}

// planShards splits rest into consecutive ranges going back in time from rest.to, each
// expected to hold shardPages pages given that one page spanned pageSpan seconds. Older periods
// of a growing account are sparser, and an open lower bound (every subscription, every dispute)
// reaches back to 1970, so after linearShards shards each shard doubles, and no shard starts
// before stripeEpoch except the last, which takes whatever is left back to rest.from. A
// whole-history read doubles after openLinearShards already: most of the years back to
// stripeEpoch predate the account, and every empty shard still costs a request.
func planShards(rest span, pageSpan int64) []span {
	step := max(1, pageSpan) * shardPages
	linear := linearShards
	if rest.from < stripeEpoch {
		linear = openLinearShards
	}
	var out []span
	hi := rest.to
	for hi > rest.from {
		if len(out) >= linear {
			step *= 2
		}
		lo := hi - step
		if lo <= rest.from || len(out) == maxShards-1 || lo < stripeEpoch {
			lo = rest.from
		}
		out = append(out, span{lo, hi})
		hi = lo
	}
	return out
}

const (
	linearShards     = 16
	openLinearShards = 4
	// stripeEpoch (2009-01-01) is before any Stripe object was created.
	stripeEpoch = 1230768000
)

// window converts a span to the list filter; endOfTime and 0 are open bounds.
func window(s span) stripeapi.Window {
	w := stripeapi.Window{From: s.from}
	if s.to != endOfTime {
		w.To = s.to
	}
	return w
}
