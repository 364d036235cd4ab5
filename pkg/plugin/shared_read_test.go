package plugin

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
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

// An alert rule evaluating every minute: once read, each evaluation asks only whether anything
// changed since the last check; an event forces a new read, and so does age.
func TestSharedReadRevalidatesWithEvents(t *testing.T) {
	var m sharedRead[int]
	reads, checks := 0, 0
	var lastSince time.Time
	changed := false
	read := func(context.Context, time.Time) (int, error) { reads++; return reads, nil }
	check := func(_ context.Context, since time.Time) (bool, error) {
		checks++
		lastSince = since
		return changed, nil
	}
	ctx, now := context.Background(), testNow
	m.get(ctx, now, read, check)
	step := readReuse + time.Second // each evaluation finds the last check just out of date
	for i := 1; i <= 9; i++ {
		at := now.Add(time.Duration(i) * step)
		if v, _ := m.get(ctx, at, read, check); v != 1 {
			t.Fatalf("evaluation %d: read %d, want the first read reused", i, v)
		}
		if want := at.Add(-step).Add(-time.Second); !lastSince.Equal(want) {
			t.Fatalf("evaluation %d: asked for events since %s, want since the last check less a second (%s)", i, lastSince, want)
		}
	}
	if reads != 1 || checks != 9 {
		t.Fatalf("%d reads and %d checks over 9 evaluations, want 1 read and 9 checks", reads, checks)
	}
	changed = true
	if v, _ := m.get(ctx, now.Add(12*step), read, check); v != 2 {
		t.Fatalf("after an event: read %d, want a new read", v)
	}
	changed = false
	if v, _ := m.get(ctx, now.Add(12*step+readMaxAge+time.Minute), read, check); v != 3 {
		t.Fatalf("past the maximum age: read %d, want a new read", v)
	}
}
