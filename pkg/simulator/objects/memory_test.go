package objects_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// TestStoreMemoryPerBalanceTransaction measures the heap a finalized store needs per balance
// transaction shaped like a generator's (unique id, source id, one fee row, shared enum strings),
// index included, and guards it: the large profile holds >= 1,000,000 of them.
func TestStoreMemoryPerBalanceTransaction(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates ~70 MB")
	}
	const n = 200_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s := objects.NewStore(false)
	s.BalanceTransactions = make([]objects.BalanceTransaction, 0, n)
	for i := 0; i < n; i++ {
		s.BalanceTransactions = append(s.BalanceTransactions, objects.BalanceTransaction{
			ID: fmt.Sprintf("txn_1Pi%010dLkdIwHu7ix", i), Amount: 2900, AvailableOn: int64(i) + 7*86400, BalanceType: "payments",
			Created: int64(i), Currency: "usd", Description: "Subscription update", Fee: 114,
			FeeDetails: objects.Array[objects.FeeDetail]{{Amount: 114, Currency: "usd", Description: "Stripe processing fees", Type: "stripe_fee"}},
			Net:        2786, ReportingCategory: "charge", Source: objects.NullString(fmt.Sprintf("ch_1Pi%010dLkdIwHu7ix", i)),
			Status: "available", Type: "charge",
		})
	}
	if err := s.Finalize(); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := float64(after.HeapAlloc-before.HeapAlloc) / n
	t.Logf("%.0f bytes per balance transaction (struct %d, id and source strings, one fee row, id index)", per, 216)
	if per > 420 {
		t.Errorf("%.0f bytes per balance transaction, over the 420-byte budget (1,000,000 would need %.0f MB)", per, per)
	}
	runtime.KeepAlive(s)
}
