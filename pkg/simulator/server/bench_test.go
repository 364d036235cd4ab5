package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

var (
	bigOnce  sync.Once
	bigStore *objects.Store
	bigErr   error
)

// millionStore is a 1,000,000-transaction account, one transaction every 30 seconds (about a
// year), appended oldest first as a generator would.
func millionStore() (*objects.Store, error) {
	bigOnce.Do(func() {
		s := objects.NewStore(false)
		const n = 1_000_000
		s.BalanceTransactions = make([]objects.BalanceTransaction, 0, n)
		fee := objects.Array[objects.FeeDetail]{{Amount: 114, Currency: "usd", Description: "Stripe processing fees", Type: "stripe_fee"}}
		for i := 0; i < n; i++ {
			s.BalanceTransactions = append(s.BalanceTransactions, objects.BalanceTransaction{
				ID: fmt.Sprintf("txn_1Pi%010dLkdIwHu7ix", i), Amount: 2900, AvailableOn: pageT0 + int64(i)*30 + 7*86400,
				BalanceType: "payments", Created: pageT0 + int64(i)*30, Currency: "usd", Description: "Subscription update",
				Fee: 114, FeeDetails: fee, Net: 2786, ReportingCategory: "charge", Source: objects.NullString(fmt.Sprintf("ch_1Pi%010dLkdIwHu7ix", i)),
				Status: "available", Type: "charge",
			})
		}
		bigErr = s.Finalize()
		bigStore = s
	})
	return bigStore, bigErr
}

// BenchmarkListPage100Of1M serves one page of 100 from a 1,000,000-object list with a created
// range and a starting_after cursor in the middle of it, through the handler (no network).
func BenchmarkListPage100Of1M(b *testing.B) {
	s, err := millionStore()
	if err != nil {
		b.Fatal(err)
	}
	h, err := New(Config{Test: s, Keys: []Key{{Value: keyTest}}})
	if err != nil {
		b.Fatal(err)
	}
	// A cursor half-way through a 90-day created window.
	gte, lt := pageT0+100*86400, pageT0+190*86400
	cursor := s.BalanceTransactions[len(s.BalanceTransactions)-1-int((gte-pageT0)/30)-130000].ID
	url := fmt.Sprintf("/v1/balance_transactions?limit=100&created[gte]=%d&created[lt]=%d&starting_after=%s", gte, lt, cursor)
	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+keyTest)
	check := httptest.NewRecorder()
	h.ServeHTTP(check, req)
	if check.Code != http.StatusOK {
		b.Fatalf("status %d: %s", check.Code, check.Body.String())
	}
	if n := countData(check.Body.Bytes()); n != 100 {
		b.Fatalf("page has %d objects, want 100", n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	w := &discardWriter{header: http.Header{}}
	for b.Loop() {
		h.ServeHTTP(w, req)
	}
}

// BenchmarkListPage100Of1MTypeFilter pages a cached type subset of the 1,000,000-object list.
func BenchmarkListPage100Of1MTypeFilter(b *testing.B) {
	s, err := millionStore()
	if err != nil {
		b.Fatal(err)
	}
	h, err := New(Config{Test: s, Keys: []Key{{Value: keyTest}}})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/v1/balance_transactions?limit=100&type=charge&created[gte]="+fmt.Sprint(pageT0+200*86400), nil)
	req.Header.Set("Authorization", "Bearer "+keyTest)
	h.ServeHTTP(httptest.NewRecorder(), req) // builds the cached subset once
	b.ReportAllocs()
	b.ResetTimer()
	w := &discardWriter{header: http.Header{}}
	for b.Loop() {
		h.ServeHTTP(w, req)
	}
}

func countData(body []byte) int {
	var l listBody
	if err := json.Unmarshal(body, &l); err != nil {
		return -1
	}
	return len(l.Data)
}

// discardWriter is a ResponseWriter that keeps nothing, so benchmarks measure the handler and not
// a recorder's copy of the body.
type discardWriter struct {
	header http.Header
	status int
	n      int
}

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) WriteHeader(status int)      { d.status = status }
func (d *discardWriter) Write(b []byte) (int, error) { d.n += len(b); return len(b), nil }
