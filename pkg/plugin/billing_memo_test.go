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

func TestBillingMemoSharesOneReadAndForgetsFailures(t *testing.T) {
	var m billingMemo
	var reads atomic.Int32
	release := make(chan struct{})
	read := func(context.Context, time.Time) (*fetch.Billing, error) {
		reads.Add(1)
		<-release
		return &fetch.Billing{}, nil
	}
	ctx, now := context.Background(), testNow
	var wg sync.WaitGroup
	got := make([]*fetch.Billing, 5)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], _ = m.get(ctx, now, read) }()
	}
	time.Sleep(50 * time.Millisecond) // let every caller find the read in flight
	close(release)
	wg.Wait()
	if reads.Load() != 1 || got[0] == nil || got[4] != got[0] {
		t.Fatalf("%d reads for 5 concurrent queries, want 1 shared", reads.Load())
	}
	if b, _ := m.get(ctx, now.Add(billingReuse/2), read); b != got[0] || reads.Load() != 1 {
		t.Fatalf("a fresh read was not reused")
	}
	if m.get(ctx, now.Add(2*billingReuse), read); reads.Load() != 2 {
		t.Fatalf("a stale read was reused")
	}
	fail := func(context.Context, time.Time) (*fetch.Billing, error) {
		reads.Add(1)
		return nil, errors.New("page 3 failed")
	}
	later := now.Add(10 * billingReuse)
	if _, err := m.get(ctx, later, fail); err == nil {
		t.Fatal("the failure was not returned")
	}
	if b, err := m.get(ctx, later, read); err != nil || b == nil || reads.Load() != 4 {
		t.Fatalf("after a failed read: %v, %d reads; want a new read", err, reads.Load())
	}
}
