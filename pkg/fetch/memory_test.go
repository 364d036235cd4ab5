package fetch

import (
	"context"
	"net/http"
	"runtime"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// heapInUse is the live heap after collecting everything collectable.
func heapInUse() int64 {
	runtime.GC()
	runtime.GC() // the second collection frees what sync.Pool victims kept through the first
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// measureKept lists every record of spec and keeps them as a Store's day would (a slice of
// records, exactly sized): it returns the heap they take and what spec.Size says they take.
func measureKept[R any](t *testing.T, spec Spec[R]) (measured, estimated int64, n int) {
	t.Helper()
	ctx := context.Background()
	list := func() []R {
		var out []R
		if err := spec.List(ctx, Window{}, func(r R) error { out = append(out, r); return nil }); err != nil {
			t.Fatal(err)
		}
		return append([]R(nil), out...) // exact capacity, as a day's slice is kept
	}
	list() // the simulator's own lazy state is built by the first read, not counted
	base := heapInUse()
	kept := list()
	measured = heapInUse() - base
	for _, r := range kept {
		estimated += int64(spec.Size(r))
	}
	runtime.KeepAlive(kept)
	return measured, estimated, len(kept)
}

// What a Spec's Size says a record costs is what keeping it costs the heap, within 20%: the
// memory budget bounds real memory, not an estimate of a part of it.
func TestRecordSizesAreTheHeapTheyTake(t *testing.T) {
	a := demoAt(t, t0)
	cl, err := stripeapi.New(stripeapi.Config{APIKey: simulator.DemoKey, BaseURL: "http://127.0.0.1", RateLimit: 100000, EndpointRateLimit: 100000,
		HTTPClient: &http.Client{Transport: a.rt}})
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, measured, estimated int64, n int) {
		t.Helper()
		ratio := float64(measured) / float64(estimated)
		t.Logf("%s: %d records, heap %d B (%d B each), estimate %d B (%d B each): %.2f×", name, n, measured, measured/int64(n), estimated, estimated/int64(n), ratio)
		if ratio < 0.8 || ratio > 1.2 {
			t.Errorf("%s: the heap taken is %.2f× the estimate", name, ratio)
		}
	}
	m, e, n := measureKept(t, balanceSpec(cl))
	check("balance_transactions", m, e, n)
	m, e, n = measureKept(t, chargeSpec(cl))
	check("charges", m, e, n)
	m, e, n = measureKept(t, disputeSpec(cl))
	check("disputes", m, e, n)
	m, e, n = measureKept(t, refundSpec(cl))
	check("refunds", m, e, n)
}

// The whole-history reads' Bytes are the heap they keep: never more than 20% below it. They count
// each distinct interned id (unique's map entry and the string) once; whether an id's entry is
// already in the process when the read starts (kept by other reads, or not yet cleaned up after
// the collector freed its last user) varies, so the heap measured may be less than that, by up
// to the interned ids' share.
func TestBillingBytesAreTheHeapTheyTake(t *testing.T) {
	a := demoAt(t, t0)
	cl, err := stripeapi.New(stripeapi.Config{APIKey: simulator.DemoKey, BaseURL: "http://127.0.0.1", RateLimit: 100000, EndpointRateLimit: 100000,
		HTTPClient: &http.Client{Transport: a.rt}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := ReadBilling(ctx, cl, t0, Paging{}); err != nil { // warms the simulator's lazy state
		t.Fatal(err)
	}
	base := heapInUse()
	b, err := ReadBilling(ctx, cl, t0, Paging{})
	if err != nil {
		t.Fatal(err)
	}
	measured := heapInUse() - base
	ratio := float64(measured) / float64(b.Bytes())
	t.Logf("billing: %d subscriptions, %d events: heap %d B, estimate %d B: %.2f×", len(b.Subscriptions), len(b.Events), measured, b.Bytes(), ratio)
	if ratio < 0.6 || ratio > 1.2 {
		t.Errorf("billing: the heap taken is %.2f× the estimate", ratio)
	}
	runtime.KeepAlive(b)

	if _, err := Invoices(ctx, cl, t0, Paging{}); err != nil {
		t.Fatal(err)
	}
	base = heapInUse()
	l, err := Invoices(ctx, cl, t0, Paging{})
	if err != nil {
		t.Fatal(err)
	}
	measured = heapInUse() - base
	ratio = float64(measured) / float64(l.Bytes())
	t.Logf("invoices: %d + %d: heap %d B, estimate %d B: %.2f×", len(l.Subscription), len(l.Other), measured, l.Bytes(), ratio)
	if ratio < 0.6 || ratio > 1.2 {
		t.Errorf("invoices: the heap taken is %.2f× the estimate", ratio)
	}
	runtime.KeepAlive(l)
}
