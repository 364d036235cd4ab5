package fetch

import (
	"context"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
)

// pagedLister serves recs (newest first) the way Stripe pages them: 100 objects a request,
// the next request only if the reader wants more. It counts requests.
func pagedLister(recs []BalanceTxn, requests *atomic.Int64) lister[BalanceTxn] {
	all := inMemory(recs)
	return func(ctx context.Context, w Window, fn func(BalanceTxn) error) error {
		if w.To != 0 && w.From == w.To {
			return nil
		}
		requests.Add(1)
		n := 0
		return all(ctx, w, func(r BalanceTxn) error {
			if n > 0 && n%100 == 0 {
				requests.Add(1)
			}
			n++
			return fn(r)
		})
	}
}

// An account that grew tenfold over the range: the plan from the newest page overestimates the
// density of older periods and leaves most of history to the last shard; idle workers split it.
// Every object arrives once, and the requests stay within 5% of the floor; read sequentially
// (the benchmark's naive baseline), the same objects arrive.
func TestShardedReadIsCompleteAndNearTheFloor(t *testing.T) {
	for _, sequential := range []bool{false, true} {
		t.Run(map[bool]string{false: "sharded", true: "sequential"}[sequential], func(t *testing.T) {
			testShardedRead(t, sequential)
		})
	}
}

func testShardedRead(t *testing.T, sequential bool) {
	const n = 200_000
	end := t0.Unix()
	recs := make([]BalanceTxn, n)
	for i := range recs {
		// density grows linearly: object i is created at end - span·(i/n)² (older = sparser).
		f := float64(i) / n
		recs[i] = BalanceTxn{ID: "txn_" + string(rune('a'+i%26)) + itoa(i), Created: end - int64(f*f*float64(365*secondsPerDay))}
	}
	sort.SliceStable(recs, func(a, b int) bool { return recs[a].Created > recs[b].Created })
	var requests atomic.Int64
	var reads Reads
	list := pagedLister(recs, &requests)
	var mid []Progress // what a query waiting for the read would see half way
	var delivered atomic.Int64
	var once sync.Once
	half := func(ctx context.Context, w Window, fn func(BalanceTxn) error) error {
		return list(ctx, w, func(r BalanceTxn) error {
			if delivered.Add(1) == n/2 {
				once.Do(func() { mid = reads.InFlight() })
			}
			return fn(r)
		})
	}
	got, err := readSharded(context.Background(), "balance_transactions", half,
		func(r BalanceTxn) int64 { return r.Created }, func(r BalanceTxn) string { return r.ID },
		span{end - 400*secondsPerDay, endOfTime}, end, Paging{Sequential: sequential, Reads: &reads}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if left := reads.InFlight(); len(left) != 0 {
		t.Errorf("a finished read is still counted: %+v", left)
	}
	if len(mid) != 1 || mid[0].What != "balance_transactions" || mid[0].Pages < n/100/2-int64(maxShards) || mid[0].Pages > n/100/2 {
		t.Errorf("half way: %+v, want about %d pages read", mid, n/100/2)
	} else if !sequential && (mid[0].Expected < n/100/2 || mid[0].Expected > 3*n/100) {
		t.Errorf("half way the read expects %d pages of %d", mid[0].Expected, n/100)
	} else {
		t.Logf("half way: %d of about %d pages (%d in all)", mid[0].Pages, mid[0].Expected, n/100)
	}
	seen := map[string]bool{}
	for _, r := range got {
		if seen[r.ID] {
			t.Fatalf("%s read twice", r.ID)
		}
		seen[r.ID] = true
	}
	if len(seen) != n {
		t.Errorf("read %d objects, want %d", len(seen), n)
	}
	floor := int64(n / 100)
	if r := requests.Load(); float64(r) > 1.05*float64(floor) {
		t.Errorf("%d requests for %d objects (floor %d)", r, n, floor)
	} else {
		t.Logf("%d requests, floor %d", r, floor)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
