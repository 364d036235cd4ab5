package plugin

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/fetch"
)

// A whole-history read (every subscription and invoice, for MRR; every invoice, for the amounts
// outstanding) is shared by the queries of a data source:
//   - concurrent callers wait for the read or update in flight (a dashboard sends its panels at
//     once);
//   - a read younger than readReuse answers without asking Stripe anything;
//   - an older one is brought up to date with the events since its last check (one events
//     request, plus one request for each object whose event does not carry all of it), so an
//     alert rule evaluating every minute costs a couple of requests, not the history; when the
//     events cannot be applied exactly (fetch.ErrRereadNeeded) the history is read again;
//   - past readMaxAge it is read again whatever the events say.
//
// A failed read is not kept; a failed update leaves the previous read, to be updated next time.
//
// readMaxAge: the updates are exact for everything the events carry, so a whole read (thousands
// of requests on a large account) is only a guard against what no followed event announces (a
// product renamed changes the product name kept with its prices) and against drift. Once a day
// bounds that staleness without making the read a cost that recurs through the day; it also stays
// well inside Stripe's 30 days of events, the span an update needs to reach back.
const (
	readReuse  = time.Minute
	readMaxAge = 24 * time.Hour
)

// sharedRead holds the latest read of one history. Reads and updates belong to the data
// source, not to the query that started them: they run under owner (the instance's context,
// ended when Grafana disposes of the instance), and every query, the first included, only
// waits for them with its own deadline. A panel that is closed, or an alert evaluation that
// times out, leaves the read running for the others and for the next try.
type sharedRead[T any] struct {
	owner context.Context // nil: context.Background()
	// held, when set, is told the bytes of each read kept (the data source's memory budget).
	held func(T)
	// recall, when set, reads a read kept on disk (disk.go), once, before the first get;
	// onSaved is told when a new read or update finished, so that it is written again.
	recall   func() (keptRead[T], bool)
	onSaved  func()
	recalled sync.Once
	// adopt, when set, is asked before a whole read for the read another replica of a Grafana in
	// high availability kept in the shared store (shared.go); taken, it is brought up to date with
	// the events since it was current, exactly as a read recalled from disk is. shared is told when
	// a read or update finished, so that the others can adopt it.
	adopt     func() (keptRead[T], bool)
	shared    func()
	mu        sync.Mutex
	read      *readResult[T] // the latest read or update, possibly in flight
	last      *readResult[T] // the latest one that finished without error
	checkedAt time.Time      // the read is known current as of this instant
	readAt    time.Time      // the whole history was last read at this instant
}

type readResult[T any] struct {
	done chan struct{}
	v    T
	err  error
	// checkedAt is when v was current: the events after it are what an update applies.
	checkedAt time.Time
}

// readFunc reads the whole history at now.
type readFunc[T any] func(ctx context.Context, now time.Time) (T, error)

// updateFunc brings old up to date at now with what changed since; fetch.ErrRereadNeeded asks
// for a whole read instead.
type updateFunc[T any] func(ctx context.Context, since, now time.Time, old T) (T, error)

// get returns a read that is current as of now: reused, updated with update, or made with read.
// update may be nil (no updates: a read older than readReuse is redone). The read or update
// runs under m.owner; the caller waits for it with ctx.
func (m *sharedRead[T]) get(ctx context.Context, now time.Time, read readFunc[T], update updateFunc[T]) (T, error) {
	return m.getAsOf(ctx, now, time.Time{}, read, update)
}

// getAsOf is get for a caller that knows something happened at notBefore: a read younger than
// readReuse is reused only if it was current at that instant.
func (m *sharedRead[T]) getAsOf(ctx context.Context, now, notBefore time.Time, read readFunc[T], update updateFunc[T]) (T, error) {
	m.recalled.Do(m.seed)
	m.mu.Lock()
	r := m.read
	switch {
	case r != nil && !r.finished():
		m.mu.Unlock()
		return r.wait(ctx)
	case r != nil && r.err == nil && !now.Before(m.checkedAt) && now.Sub(m.checkedAt) <= readReuse && !m.checkedAt.Before(notBefore):
		m.mu.Unlock()
		return r.v, nil
	case r != nil && r.err == nil && update != nil && !now.Before(m.checkedAt) && now.Sub(m.readAt) <= readMaxAge:
		since := m.checkedAt.Add(-time.Second) // created is second-resolution
		prevChecked := m.checkedAt
		next := m.start(now)
		m.mu.Unlock()
		m.run(next, func(ctx context.Context) (T, time.Time, error) {
			v, err := update(ctx, since, now, r.v)
			if errors.Is(err, fetch.ErrRereadNeeded) {
				v, err = read(ctx, now)
				return v, now, err
			}
			return v, time.Time{}, err // an update: the maximum age still runs from the last whole read
		}, func() { m.read, m.checkedAt = r, prevChecked })
		return next.wait(ctx)
	}
	next := m.start(now)
	m.mu.Unlock()
	m.run(next, func(ctx context.Context) (T, time.Time, error) {
		if k, ok := m.adoptable(now, update); ok {
			if v, err := update(ctx, k.CheckedAt.Add(-time.Second), now, k.V); err == nil {
				return v, k.ReadAt, nil // the maximum age runs from the other replica's whole read
			}
		}
		v, err := read(ctx, now)
		return v, now, err
	}, func() { m.read = nil })
	return next.wait(ctx)
}

// adoptable is the read another replica kept, when there is one an update can bring to now.
func (m *sharedRead[T]) adoptable(now time.Time, update updateFunc[T]) (keptRead[T], bool) {
	if m.adopt == nil || update == nil {
		return keptRead[T]{}, false
	}
	k, ok := m.adopt()
	if !ok || now.Before(k.CheckedAt) || now.Sub(k.ReadAt) > readMaxAge {
		return keptRead[T]{}, false
	}
	return k, true
}

// run does a read or update in the background under the owner's context and publishes it to
// r's waiters; readAt is when the whole history was read (zero for an update), undo puts back
// what start replaced if it fails. A panic becomes the read's error rather than ending the plugin
// (the query's own recover is on another goroutine).
func (m *sharedRead[T]) run(r *readResult[T], do func(ctx context.Context) (T, time.Time, error), undo func()) {
	owner := m.owner
	if owner == nil {
		owner = context.Background()
	}
	go func() {
		var v T
		var readAt time.Time
		err := errors.New("the read of this account's history failed inside the plugin; the error is in Grafana's server log")
		defer func() {
			if p := recover(); p != nil {
				backend.Logger.Error("shared read panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			}
			m.finish(r, v, err, readAt, undo)
		}()
		v, readAt, err = do(owner)
	}()
}

// seed takes the read kept on disk, if any, as the latest read: the next get brings it up to date
// with the events since it was current, or reads the history again when it is too old, exactly as
// it would a read made before.
func (m *sharedRead[T]) seed() {
	if m.recall == nil {
		return
	}
	k, ok := m.recall()
	if !ok {
		return
	}
	r := &readResult[T]{done: make(chan struct{}), v: k.V, checkedAt: k.CheckedAt}
	close(r.done)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.read == nil {
		m.read, m.last, m.checkedAt, m.readAt = r, r, k.CheckedAt, k.ReadAt
	}
}

// kept is the latest finished read as it is written to disk.
func (m *sharedRead[T]) kept() (any, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.last == nil {
		return nil, errors.New("no read to keep")
	}
	return keptRead[T]{V: m.last.v, CheckedAt: m.last.checkedAt, ReadAt: m.readAt}, nil
}

// start records a read or update beginning at now (m.mu held).
func (m *sharedRead[T]) start(now time.Time) *readResult[T] {
	r := &readResult[T]{done: make(chan struct{}), checkedAt: now}
	m.read, m.checkedAt = r, now
	return r
}

// finish publishes r's outcome to its waiters. A success made by reading the whole history at
// readAt (zero for an update) restarts the maximum age; a failure is undone with undo.
func (m *sharedRead[T]) finish(r *readResult[T], v T, err error, readAt time.Time, undo func()) {
	m.mu.Lock()
	r.v, r.err = v, err
	switch {
	case err == nil:
		m.last = r
		if !readAt.IsZero() {
			m.readAt = readAt
		}
		if m.held != nil {
			m.held(v)
		}
		if m.onSaved != nil {
			defer m.onSaved() // after m.mu is released: it reads the read through kept
		}
		if m.shared != nil {
			defer m.shared()
		}
	case m.read == r:
		undo()
	}
	m.mu.Unlock()
	close(r.done)
}

// checked is when the latest successful read or update was current (zero: none yet).
func (m *sharedRead[T]) checked() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.last == nil {
		return time.Time{}
	}
	return m.last.checkedAt
}

// latest is the latest successful read or update, without waiting for one in flight.
func (m *sharedRead[T]) latest() (T, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.last == nil {
		var zero T
		return zero, false
	}
	return m.last.v, true
}

func (r *readResult[T]) wait(ctx context.Context) (T, error) {
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
