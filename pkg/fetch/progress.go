package fetch

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// Reads counts the pages of the long reads in flight (every listing a Store or a whole-history
// read makes), so that a query that cannot wait for one can say how far it has got, and Save &
// test can show it. Safe for concurrent use; a nil *Reads counts nothing.
type Reads struct {
	mu     sync.Mutex
	active []*ReadProgress
}

// ReadProgress is one read being counted.
type ReadProgress struct {
	what    string
	started time.Time
	objects atomic.Int64 // delivered so far
	// expected estimates the objects of the whole read; nil until the read knows enough.
	mu       sync.Mutex
	expected func() int64
}

// Progress is a snapshot of one read in flight.
type Progress struct {
	// What is read: the resource's name ("invoices", "balance_transactions").
	What string
	// Pages read so far, and the pages the whole read is expected to take (an estimate from the
	// density of what was read; 0 while unknown). Pages of 100 objects: one request each.
	Pages, Expected int64
	Started         time.Time
}

// start counts a new read; finish it with done.
func (r *Reads) start(what string, now time.Time) *ReadProgress {
	p := &ReadProgress{what: what, started: now}
	if r == nil {
		return p
	}
	r.mu.Lock()
	r.active = append(r.active, p)
	r.mu.Unlock()
	return p
}

// done stops counting p.
func (r *Reads) done(p *ReadProgress) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.active = slices.DeleteFunc(r.active, func(q *ReadProgress) bool { return q == p })
}

// InFlight is every counted read still running, oldest first; reads of the same resource are
// summed into one line (a resource is listed in several ranges at once).
func (r *Reads) InFlight() []Progress {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	active := slices.Clone(r.active)
	r.mu.Unlock()
	var out []Progress
	for _, p := range active {
		pages, expected := p.pages()
		i := slices.IndexFunc(out, func(q Progress) bool { return q.What == p.what })
		if i < 0 {
			out = append(out, Progress{What: p.what, Started: p.started})
			i = len(out) - 1
		}
		out[i].Pages += pages
		out[i].Expected += expected
	}
	slices.SortStableFunc(out, func(a, b Progress) int {
		if c := a.Started.Compare(b.Started); c != 0 {
			return c
		}
		return strings.Compare(a.What, b.What)
	})
	return out
}

// add counts n delivered objects.
func (p *ReadProgress) add(n int64) {
	if p != nil {
		p.objects.Add(n)
	}
}

// estimate sets how the whole read's objects are estimated.
func (p *ReadProgress) estimate(f func() int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.expected = f
	p.mu.Unlock()
}

// pages are the pages read and expected (never fewer expected than read, plus the one being
// read while the read runs).
func (p *ReadProgress) pages() (read, expected int64) {
	objects := p.objects.Load()
	read = pagesOf(objects)
	p.mu.Lock()
	f := p.expected
	p.mu.Unlock()
	if f == nil {
		return read, 0
	}
	return read, max(pagesOf(f()), read+1)
}

func pagesOf(objects int64) int64 {
	return (objects + stripeapi.PageSize - 1) / stripeapi.PageSize
}
