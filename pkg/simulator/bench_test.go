package simulator

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// objectCount is the number of API objects an account holds.
func objectCount(m *generator.Model) int {
	return len(m.Customers) + len(m.Subscriptions) + len(m.Invoices) + len(m.Charges) + len(m.Refunds) + len(m.Disputes) +
		len(m.Payouts) + len(m.Ledger) + len(m.Events) + len(m.Prices) + len(m.Products) + len(m.Coupons)
}

// BenchmarkGenerate measures the model alone; BenchmarkNew the model rendered into a store.
// Run one profile with -bench 'New/large' -benchtime 1x (large holds over a million balance
// transactions).
func BenchmarkGenerate(b *testing.B) { benchProfiles(b, false) }

func BenchmarkNew(b *testing.B) { benchProfiles(b, true) }

func benchProfiles(b *testing.B, render bool) {
	now := time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC)
	for _, name := range generator.ProfileNames() {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var objects, ledger int
			var peak uint64
			for i := 0; i < b.N; i++ {
				var m *generator.Model
				if render {
					a, err := New(name, uint64(i+1), now)
					if err != nil {
						b.Fatal(err)
					}
					m = a.Model
				} else {
					var err error
					p, _ := generator.NamedProfile(name)
					if m, err = generator.Generate(p, uint64(i+1), now); err != nil {
						b.Fatal(err)
					}
				}
				objects, ledger = objectCount(m), len(m.Ledger)
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				runtime.KeepAlive(m)
			}
			b.ReportMetric(float64(objects)*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
			b.ReportMetric(float64(objects), "objects")
			b.ReportMetric(float64(ledger), "balance_txns")
			b.ReportMetric(float64(peak)/(1<<20), "heap_MiB")
		})
	}
}

var (
	largeOnce sync.Once
	largeAcct *Account
	largeErr  error
)

// BenchmarkServePage serves the first page of 100 of each big list of the large account (built
// once, which takes a while) through the handler, including the objects that render parts of
// themselves when marshalled: invoices their lines, events their payloads. The newest events are
// in the pinned API version; events_old are 13 days old, in large's old version (2024-06-20).
func BenchmarkServePage(b *testing.B) {
	now := time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC)
	largeOnce.Do(func() { largeAcct, largeErr = New("large", 1, now) })
	if largeErr != nil {
		b.Fatal(largeErr)
	}
	h, err := largeAcct.Handler()
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	old := "created[lt]=" + strconv.FormatInt(now.Unix()-13*86400, 10)
	for _, path := range []string{"balance_transactions", "balance_transactions?expand[]=data.source", "charges", "invoices",
		"events", "events?" + old, "events?type=customer.subscription.updated&" + old, "subscriptions", "customers"} {
		name := strings.NewReplacer("?", "_", "[]", "", old, "old").Replace(path)
		b.Run(name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/v1/"+path+limitSep(path)+"limit=100", nil)
			req.Header.Set("Authorization", "Bearer "+DemoKey)
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", path, rec.Code)
				}
			}
		})
	}
}

func limitSep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}
