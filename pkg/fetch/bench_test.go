package fetch

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// noClient lists nothing: the benchmarks below read through caches of their own.
type noClient struct{}

func (noClient) ListBalanceTransactions(context.Context, Window, func(*stripe.BalanceTransaction) error) error {
	return nil
}
func (noClient) ListCharges(context.Context, Window, func(*stripe.Charge) error) error   { return nil }
func (noClient) ListDisputes(context.Context, Window, func(*stripe.Dispute) error) error { return nil }
func (noClient) ListRefunds(context.Context, Window, func(*stripe.Refund) error) error   { return nil }
func (noClient) ListProducts(context.Context, Window, func(*stripe.Product) error) error { return nil }
func (noClient) ListPricesActive(context.Context, Window, bool, func(*stripe.Price) error) error {
	return nil
}
func (noClient) ListCustomers(context.Context, Window, func(*stripe.Customer) error) error {
	return nil
}
func (noClient) ListEvents(context.Context, Window, []string, func(*stripe.Event) error) error {
	return nil
}
func (noClient) RetrieveObject(context.Context, string, string) (json.RawMessage, error) {
	return nil, nil
}

// ledger is n synthetic balance transactions over 90 days, newest first like Stripe's lists.
func ledger(n int) []BalanceTxn {
	end := t0.Unix()
	out := make([]BalanceTxn, n)
	for i := range out {
		out[i] = BalanceTxn{ID: fmt.Sprintf("txn_%024d", i), Created: end - int64(i)*90*secondsPerDay/int64(n),
			Currency: []string{"usd", "eur", "gbp"}[i%3], Category: "charge", Type: "charge", Amount: 1000, Fee: 59, Net: 941, Source: fmt.Sprintf("ch_%024d", i)}
	}
	return out
}

// inMemory lists from a slice, newest first, honouring the window (no HTTP: the benchmarks
// measure the cache, not the network).
func inMemory(recs []BalanceTxn) func(ctx context.Context, w Window, fn func(BalanceTxn) error) error {
	return func(_ context.Context, w Window, fn func(BalanceTxn) error) error {
		to := w.To
		if to == 0 {
			to = endOfTime
		}
		i := sort.Search(len(recs), func(i int) bool { return recs[i].Created < to })
		for ; i < len(recs) && recs[i].Created >= w.From; i++ {
			if err := fn(recs[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

func benchCache(b *testing.B, recs []BalanceTxn) (*Store, *Cache[BalanceTxn]) {
	s := NewStore(noClient{}, Options{Now: func() time.Time { return t0.Add(time.Hour) }, MaxBytes: 1 << 30})
	spec := balanceSpec(noClient{})
	spec.List = inMemory(recs)
	return s, NewCache(s, spec)
}

const benchRecords = 100_000

// BenchmarkCacheInsert: one cold read of 100k records (sharded listing in memory, insert).
func BenchmarkCacheInsert(b *testing.B) {
	recs := ledger(benchRecords)
	w := stripeapi.WindowFor(t0.AddDate(0, 0, -91), t0)
	b.ReportAllocs()
	for b.Loop() {
		s, c := benchCache(b, recs)
		if err := c.Read(context.Background(), w, func(BalanceTxn) {}); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(benchRecords)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkCacheRead: a warm read of 100k cached records.
func BenchmarkCacheRead(b *testing.B) {
	recs := ledger(benchRecords)
	w := stripeapi.WindowFor(t0.AddDate(0, 0, -91), t0)
	s, c := benchCache(b, recs)
	defer s.Close()
	if err := c.Read(context.Background(), w, func(BalanceTxn) {}); err != nil {
		b.Fatal(err)
	}
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Read(context.Background(), w, func(BalanceTxn) { n++ }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkAggregate compares summing 100k records into daily buckets from the warm cache with
// the same sum over a plain slice (the baseline: no cache at all).
func BenchmarkAggregate(b *testing.B) {
	recs := ledger(benchRecords)
	from, to := t0.AddDate(0, 0, -91).Truncate(24*time.Hour), t0.Truncate(24*time.Hour)
	grid, err := timebucket.NewGrid(from, to, timebucket.Day, time.UTC)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("slice", func(b *testing.B) {
		n := 0
		for b.Loop() {
			agg := metrics.NewBalanceActivity(grid, nil)
			for _, r := range recs {
				if r.Created >= from.Unix() && r.Created < to.Unix() {
					agg.Add(r)
					n++
				}
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("cache", func(b *testing.B) {
		s, c := benchCache(b, recs)
		defer s.Close()
		w := stripeapi.WindowFor(from, to)
		if err := c.Read(context.Background(), w, func(BalanceTxn) {}); err != nil {
			b.Fatal(err)
		}
		n := 0
		for b.Loop() {
			agg := metrics.NewBalanceActivity(grid, nil)
			if err := c.Read(context.Background(), w, func(r BalanceTxn) { n++; agg.Add(r) }); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
	})
}
