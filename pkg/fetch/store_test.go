package fetch

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// N panels asking for the same range at once cause one read: as many requests as one panel
// alone on an empty cache, and a second load of a closed range costs nothing.
func TestConcurrentIdenticalReadsShareOneRead(t *testing.T) {
	a := demoAt(t, t0)
	from, to := t0.AddDate(0, 0, -60), t0.AddDate(0, 0, -1)
	want := directBalance(t, a, stripeapi.WindowFor(from, to))

	alone := newRig(t, a, 1000, Options{})
	sameIDs(t, "one reader", readBalance(t, alone.store, from, to), want)
	oneRead := total(alone.count.take())

	r := newRig(t, a, 1000, Options{})
	const panels = 8
	var wg sync.WaitGroup
	got := make([]map[string]bool, panels)
	for i := range panels {
		wg.Add(1)
		go func() { defer wg.Done(); got[i] = readBalance(t, r.store, from, to) }()
	}
	wg.Wait()
	for i := range panels {
		sameIDs(t, "concurrent reader", got[i], want)
	}
	if n := total(r.count.take()); n != oneRead {
		t.Errorf("%d concurrent identical reads made %d requests; one read alone makes %d", panels, n, oneRead)
	}
	// Stripe pages hold 100 objects: one read needs at least ceil(n/100) requests and the shards
	// may each end on a partial page, but never a second pass over the range.
	if floor := (len(want) + 99) / 100; oneRead < floor || oneRead > floor+maxShards+1 {
		t.Errorf("one read made %d requests for %d objects (floor %d)", oneRead, len(want), floor)
	}
	sameIDs(t, "reload", readBalance(t, r.store, from, to), want)
	if n := total(r.count.take()); n != 0 {
		t.Errorf("reloading a closed range made %d requests, want 0", n)
	}
	// A narrower range inside what is cached is also served from memory.
	inner := directBalance(t, a, stripeapi.WindowFor(from.AddDate(0, 0, 10), to.AddDate(0, 0, -10)))
	sameIDs(t, "inner range", readBalance(t, r.store, from.AddDate(0, 0, 10), to.AddDate(0, 0, -10)), inner)
	if n := total(r.count.take()); n != 0 {
		t.Errorf("a range inside the cached one made %d requests, want 0", n)
	}
}

// Three days later the open edge is read from where the last read stopped (less a second): the
// new objects appear, none twice, pending charges that settled show their new status, and
// closed history is not listed again.
func TestIncrementalRefreshSeesNewObjectsOnce(t *testing.T) {
	a0 := demoAt(t, t0)
	t1 := t0.Add(72 * time.Hour)
	a1 := demoAt(t, t1)
	from := t0.AddDate(0, 0, -20)
	r := newRig(t, a0, 1000, Options{})
	sameIDs(t, "first load", readBalance(t, r.store, from, t0), directBalance(t, a0, stripeapi.WindowFor(from, t0)))
	var charges0 int
	if err := r.store.Charges(context.Background(), from, t0, func(Charge) { charges0++ }); err != nil {
		t.Fatal(err)
	}
	if err := r.store.Disputes(context.Background(), stripeapi.Window{}, func(Dispute) {}); err != nil {
		t.Fatal(err)
	}
	r.count.take()

	r.count.serve(a1)
	r.clock.set(t1)
	want := directBalance(t, a1, stripeapi.WindowFor(from, t1))
	old := directBalance(t, a0, stripeapi.WindowFor(from, t0))
	if len(want) <= len(old) {
		t.Fatalf("the account gained no balance transactions in three days (%d then %d); the test proves nothing", len(old), len(want))
	}
	sameIDs(t, "three days later", readBalance(t, r.store, from, t1), want)
	newPages := (len(want)-len(old))/100 + 1
	if n := listRequests(r.count.take(), "balance_transactions"); n > newPages+1 {
		t.Errorf("refresh made %d balance transaction requests for %d new objects", n, len(want)-len(old))
	}

	// Charges: the statuses must be the account's as of t1, read once each.
	wantStatus := map[string]string{}
	for _, c := range direct(t, a1, func(c *stripeapi.Client, fn func(*stripe.Charge) error) error {
		return c.ListCharges(context.Background(), stripeapi.WindowFor(from, t1), fn)
	}) {
		wantStatus[c.ID] = string(c.Status)
	}
	changed := 0
	got := map[string]string{}
	err := r.store.Charges(context.Background(), from, t1, func(c Charge) {
		if _, dup := got[c.ID]; dup {
			t.Errorf("charge %s delivered twice", c.ID)
		}
		got[c.ID] = c.Status
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(wantStatus) {
		t.Errorf("got %d charges, want %d", len(got), len(wantStatus))
	}
	for id, st := range wantStatus {
		if got[id] != st {
			t.Errorf("charge %s: status %q, want %q", id, got[id], st)
		}
	}
	// Proof the feed mattered: some charge read at t0 had another status then.
	for _, c := range direct(t, a0, func(c *stripeapi.Client, fn func(*stripe.Charge) error) error {
		return c.ListCharges(context.Background(), stripeapi.WindowFor(from, t0), fn)
	}) {
		if string(c.Status) != wantStatus[c.ID] {
			changed++
		}
	}
	// Disputes change status for weeks; every one must show its status as of t1.
	disputes0 := map[string]string{}
	for _, d := range direct(t, a0, func(c *stripeapi.Client, fn func(*stripe.Dispute) error) error {
		return c.ListDisputes(context.Background(), stripeapi.Window{}, fn)
	}) {
		disputes0[d.ID] = string(d.Status)
	}
	r.count.take()
	gotDisputes := map[string]string{}
	if err := r.store.Disputes(context.Background(), stripeapi.Window{}, func(d Dispute) { gotDisputes[d.ID] = d.Status }); err != nil {
		t.Fatal(err)
	}
	for _, d := range direct(t, a1, func(c *stripeapi.Client, fn func(*stripe.Dispute) error) error {
		return c.ListDisputes(context.Background(), stripeapi.Window{}, fn)
	}) {
		if gotDisputes[d.ID] != string(d.Status) {
			t.Errorf("dispute %s: status %q, want %q", d.ID, gotDisputes[d.ID], d.Status)
		}
		if disputes0[d.ID] != string(d.Status) {
			changed++
		}
	}
	t.Logf("%d charges at t0; %d charges or disputes changed status by t1", charges0, changed)
	if changed == 0 {
		t.Fatal("no charge or dispute changed status between t0 and t1; the test proves nothing")
	}
	// Disputes were all cached: the refresh lists only the new edge and the events since t0.
	if n := total(r.count.take()); n > 3 {
		t.Errorf("refreshing every dispute made %d requests, want at most 3", n)
	}
}

// Under a small budget the cache stays within it by forgetting the least recently used days,
// and reads stay complete (what was forgotten is listed again).
func TestEvictionKeepsTheBudgetAndReadsComplete(t *testing.T) {
	a := demoAt(t, t0)
	const budget = 64 << 10
	r := newRig(t, a, 1000, Options{MaxBytes: budget})
	from, to := t0.AddDate(0, 0, -90), t0.AddDate(0, 0, -1)
	want := directBalance(t, a, stripeapi.WindowFor(from, to))
	sameIDs(t, "first read", readBalance(t, r.store, from, to), want)
	st := r.store.Stats()
	if st.Bytes > budget {
		t.Errorf("cache holds %d bytes, budget %d", st.Bytes, budget)
	}
	if st.Evictions == 0 {
		t.Errorf("90 days of balance transactions fit in %d bytes? no eviction happened (cache %d bytes)", budget, st.Bytes)
	}
	r.count.take()
	sameIDs(t, "second read", readBalance(t, r.store, from, to), want)
	if n := total(r.count.take()); n == 0 {
		t.Error("the second read made no request although most days were evicted")
	}
	if st := r.store.Stats(); st.Bytes > budget {
		t.Errorf("after the second read the cache holds %d bytes, budget %d", st.Bytes, budget)
	}
	// A day that fits the budget, once read, is served from memory.
	dayFrom := to.Truncate(24*time.Hour).AddDate(0, 0, -3)
	dayTo := dayFrom.AddDate(0, 0, 1)
	day := directBalance(t, a, stripeapi.WindowFor(dayFrom, dayTo))
	sameIDs(t, "one day", readBalance(t, r.store, dayFrom, dayTo), day)
	r.count.take()
	sameIDs(t, "one day again", readBalance(t, r.store, dayFrom, dayTo), day)
	if n := total(r.count.take()); n != 0 {
		t.Errorf("reading a day just read made %d requests", n)
	}
}

// A page that fails fails every caller waiting for that read (none gets a partial answer); the
// parts of the range read whole before the failure stay cached, so the next read lists only the
// rest, and answers exactly.
func TestFailedPageFailsEveryWaiterAndKeepsWhatWasRead(t *testing.T) {
	a := demoAt(t, t0)
	defer a.h.SetKnobs(server.Knobs{})
	from, to := t0.AddDate(0, 0, -60), t0.AddDate(0, 0, -1)
	ref := newRig(t, a, 1000, Options{}) // the cost of reading the range whole
	a.h.SetKnobs(server.Knobs{})
	readBalance(t, ref.store, from, to)
	whole := listRequests(ref.count.take(), "balance_transactions")
	// The fault comes near the end of the read: shards run concurrently and keep what they read
	// every keepBatch pages, so how much a failure leaves behind depends on how the shards
	// interleave. Failing a few pages before the end leaves at most the in-flight shards' last
	// batches unkept however they interleave (an earlier fault, with every shard a few pages
	// short of its next batch, can leave nothing but the probe page: a flaky test).
	nth := whole - 4
	a.h.SetKnobs(server.Knobs{Faults: []server.Fault{{Kind: server.FaultServerError, Endpoint: "GET /v1/balance_transactions", Nth: nth, ShouldRetry: "false"}}})

	r := newRig(t, a, 1000, Options{})
	const panels = 5
	errs := make([]error, panels)
	got := make([]int, panels)
	var wg sync.WaitGroup
	for i := range panels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = r.store.BalanceTxns(context.Background(), from, to, func(BalanceTxn) { got[i]++ })
		}()
	}
	wg.Wait()
	for i, err := range errs {
		var se *stripeapi.Error
		if !errors.As(err, &se) || se.Kind != stripeapi.KindStripeServer {
			t.Errorf("caller %d: error %v, want the Stripe server error", i, err)
		}
		if got[i] != 0 {
			t.Errorf("caller %d was handed %d records of a read that failed", i, got[i])
		}
	}
	failed := listRequests(r.count.take(), "balance_transactions")
	a.h.SetKnobs(server.Knobs{})
	sameIDs(t, "after the failure", readBalance(t, r.store, from, to), directBalance(t, a, stripeapi.WindowFor(from, to)))
	again := listRequests(r.count.take(), "balance_transactions")
	t.Logf("whole read %d requests; the failed read %d; the read after it %d", whole, failed, again)
	if again >= whole {
		t.Errorf("the read after a failure listed %d pages, as many as a whole read (%d): nothing of the first was kept", again, whole)
	}
}

// However many queries run at once, requests reach Stripe at no more than the client's budget:
// in any one-second window at most rate+1 requests (the limiter's burst is one).
func TestRateBudgetIsNeverExceeded(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a few seconds")
	}
	a := demoAt(t, t0)
	const rate = 40
	r := newRig(t, a, rate, Options{})
	// The readers run until 3 s worth of the budget has left, however slow a loaded machine
	// serves the pages (a fixed wall time would measure the machine, not the budget).
	const enough = 3 * rate
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			r.count.mu.Lock()
			n := len(r.count.times)
			r.count.mu.Unlock()
			if n >= enough {
				cancel()
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := t0.AddDate(0, 0, -30*(i+1))
			switch i % 3 {
			case 0:
				_ = r.store.BalanceTxns(ctx, from, t0, func(BalanceTxn) {})
			case 1:
				_ = r.store.Charges(ctx, from, t0, func(Charge) {})
			default:
				_ = r.store.Disputes(ctx, stripeapi.WindowFor(from, t0), func(Dispute) {})
			}
		}()
	}
	wg.Wait()
	r.count.mu.Lock()
	times := append([]time.Time(nil), r.count.times...)
	r.count.mu.Unlock()
	if len(times) < enough {
		t.Fatalf("only %d requests in a minute; the budget was not exercised", len(times))
	}
	// The limiter grants at most rate·W+1 requests in any window of W; timestamps are taken a
	// little after the grant (goroutine scheduling on a loaded machine), so allow 100 ms of it.
	const jitter = 100 * time.Millisecond
	peak := 0
	for i := range times {
		n := 0
		for j := i; j < len(times) && times[j].Sub(times[i]) < time.Second; j++ {
			n++
		}
		peak = max(peak, n)
	}
	if limit := int(rate*(time.Second+jitter).Seconds()) + 1; peak > limit {
		t.Errorf("%d requests within one second; the budget is %d/s (%d allowing for jitter)", peak, rate, limit)
	}
	if span := times[len(times)-1].Sub(times[0]); float64(len(times)-1) > rate*(span+jitter).Seconds()+1 {
		t.Errorf("%d requests in %s; the budget is %d/s", len(times), span, rate)
	}
	t.Logf("%d requests, peak %d in any second (budget %d/s)", len(times), peak, rate)
}
