package plugin

import (
	"context"
	"sync"
	"time"
)

// A whole-history read (every subscription and invoice, for MRR; every invoice, for the amounts
// outstanding) is shared by the queries of a data source:
//   - concurrent callers wait for the read in flight (a dashboard sends its panels at once);
//   - a read younger than readReuse answers without asking Stripe anything;
//   - an older one is revalidated by listing the events of its kind since it was made (one or two
//     requests): no event, no change, and it is reused — so an alert rule evaluating every minute
//     costs a couple of requests, not the history;
//   - past readMaxAge it is read again whatever the events say.
//
// A failed read is not kept.
const (
	readReuse  = time.Minute
	readMaxAge = time.Hour
)

// sharedRead holds the latest read of one history.
type sharedRead[T any] struct {
	mu        sync.Mutex
	read      *readResult[T]
	checkedAt time.Time // the read is known current as of this instant
	readAt    time.Time
}

type readResult[T any] struct {
	done chan struct{}
	v    T
	err  error
}

// get returns a read that is current as of now: reused, revalidated with changedSince, or made
// with read. changedSince may be nil (no revalidation: a read older than readReuse is redone).
func (m *sharedRead[T]) get(ctx context.Context, now time.Time, read func(context.Context, time.Time) (T, error),
	changedSince func(context.Context, time.Time) (bool, error)) (T, error) {
	m.mu.Lock()
	r := m.read
	fresh := r != nil && !now.Before(m.checkedAt) && now.Sub(m.checkedAt) <= readReuse
	if r != nil && !fresh && changedSince != nil && now.Sub(m.readAt) <= readMaxAge && !now.Before(m.checkedAt) && r.finished() && r.err == nil {
		since := m.checkedAt.Add(-time.Second) // created is second-resolution
		m.mu.Unlock()
		changed, err := changedSince(ctx, since)
		m.mu.Lock()
		if err == nil && !changed && m.read == r {
			m.checkedAt = now
			fresh = true
		}
	}
	if r == nil || !fresh {
		r = &readResult[T]{done: make(chan struct{})}
		m.read, m.readAt, m.checkedAt = r, now, now
		m.mu.Unlock()
		r.v, r.err = read(ctx, now)
		if r.err != nil {
			m.mu.Lock()
			if m.read == r {
				m.read = nil
			}
			m.mu.Unlock()
		}
		close(r.done)
		return r.v, r.err
	}
	m.mu.Unlock()
	select {
	case <-r.done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

func (r *readResult[T]) finished() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}
