package plugin

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/fetch"
)

func TestSharedReadSharesOneReadAndForgetsFailures(t *testing.T) {
	var m sharedRead[*int]
	var reads atomic.Int32
	release := make(chan struct{})
	read := func(context.Context, time.Time) (*int, error) {
		reads.Add(1)
		<-release
		return new(int), nil
	}
	ctx, now := context.Background(), testNow
	var wg sync.WaitGroup
	got := make([]*int, 5)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], _ = m.get(ctx, now, read, nil) }()
	}
	time.Sleep(50 * time.Millisecond) // let every caller find the read in flight
	close(release)
	wg.Wait()
	if reads.Load() != 1 || got[0] == nil || got[4] != got[0] {
		t.Fatalf("%d reads for 5 concurrent queries, want 1 shared", reads.Load())
	}
	if v, _ := m.get(ctx, now.Add(readReuse/2), read, nil); v != got[0] || reads.Load() != 1 {
		t.Fatalf("a fresh read was not reused")
	}
	if m.get(ctx, now.Add(2*readReuse), read, nil); reads.Load() != 2 {
		t.Fatalf("a stale read without revalidation was reused")
	}
	fail := func(context.Context, time.Time) (*int, error) {
		reads.Add(1)
		return nil, errors.New("page 3 failed")
	}
	later := now.Add(10 * readReuse)
	if _, err := m.get(ctx, later, fail, nil); err == nil {
		t.Fatal("the failure was not returned")
	}
	if v, err := m.get(ctx, later, read, nil); err != nil || v == nil || reads.Load() != 4 {
		t.Fatalf("after a failed read: %v, %d reads; want a new read", err, reads.Load())
	}
}

// An alert rule evaluating every minute: once read, each evaluation brings the read up to date
// with what changed since the last check, never reading the history again; an update that
// cannot be applied exactly, and age, force a new read; a failed update keeps the read.
func TestSharedReadUpdatesWithEvents(t *testing.T) {
	var m sharedRead[int]
	reads, updates := 0, 0
	var lastSince time.Time
	var updateErr error
	read := func(context.Context, time.Time) (int, error) { reads++; return 1000 * reads, nil }
	update := func(_ context.Context, since, _ time.Time, old int) (int, error) {
		updates++
		lastSince = since
		if updateErr != nil {
			return 0, updateErr
		}
		return old + 1, nil
	}
	ctx, now := context.Background(), testNow
	m.get(ctx, now, read, update)
	step := readReuse + time.Second // each evaluation finds the last check just out of date
	for i := 1; i <= 9; i++ {
		at := now.Add(time.Duration(i) * step)
		if v, _ := m.get(ctx, at, read, update); v != 1000+i {
			t.Fatalf("evaluation %d: %d, want the first read updated %d times", i, v, i)
		}
		if want := at.Add(-step).Add(-time.Second); !lastSince.Equal(want) {
			t.Fatalf("evaluation %d: updated since %s, want since the last check less a second (%s)", i, lastSince, want)
		}
	}
	if v, _ := m.get(ctx, now.Add(9*step+readReuse/2), read, update); v != 1009 || updates != 9 {
		t.Fatalf("a fresh update was not reused: %d after %d updates", v, updates)
	}
	if reads != 1 || updates != 9 {
		t.Fatalf("%d reads and %d updates over 9 evaluations, want 1 read and 9 updates", reads, updates)
	}
	updateErr = errors.New("events page failed")
	if _, err := m.get(ctx, now.Add(10*step), read, update); err == nil {
		t.Fatal("a failed update was not reported")
	}
	updateErr = nil
	if v, _ := m.get(ctx, now.Add(11*step), read, update); v != 1010 || !lastSince.Equal(now.Add(9*step-time.Second)) {
		t.Fatalf("after a failed update: %d since %s, want the read kept and updated since the last good check", v, lastSince)
	}
	updateErr = fetch.ErrRereadNeeded
	if v, _ := m.get(ctx, now.Add(12*step), read, update); v != 2000 {
		t.Fatalf("after an update that cannot be applied: %d, want a new read", v)
	}
	updateErr = nil
	if v, _ := m.get(ctx, now.Add(13*step), read, update); v != 2001 {
		t.Fatalf("after the new read: %d, want it updated", v)
	}
	if v, _ := m.get(ctx, now.Add(12*step+readMaxAge+time.Minute), read, update); v != 3000 {
		t.Fatalf("past the maximum age: %d, want a new read", v)
	}
}

// Callers that find the read out of date at once share one update.
func TestSharedReadSharesOneUpdate(t *testing.T) {
	var m sharedRead[int]
	var updates atomic.Int32
	release := make(chan struct{})
	read := func(context.Context, time.Time) (int, error) { return 1, nil }
	update := func(_ context.Context, _, _ time.Time, old int) (int, error) {
		updates.Add(1)
		<-release
		return old + 1, nil
	}
	ctx := context.Background()
	m.get(ctx, testNow, read, update)
	later := testNow.Add(2 * readReuse)
	var wg sync.WaitGroup
	got := make([]int, 5)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], _ = m.get(ctx, later, read, update) }()
	}
	time.Sleep(50 * time.Millisecond) // let every caller find the update in flight
	close(release)
	wg.Wait()
	if updates.Load() != 1 || got[0] != 2 || got[4] != 2 {
		t.Fatalf("%d updates for 5 concurrent queries (got %v), want 1 shared", updates.Load(), got)
	}
}
