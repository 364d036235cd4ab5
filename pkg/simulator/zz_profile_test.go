package simulator

// TEMPORARY (not to be committed): phase timings, counts and a heap profile of a live account.

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

func TestZZProfile(t *testing.T) {
	profile := os.Getenv("SIMPROF")
	if profile == "" {
		t.Skip()
	}
	p, _ := generator.NamedProfile(profile)
	t0 := time.Now()
	m, err := generator.Generate(p, 1, testNow)
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	st, err := generator.Render(m)
	if err != nil {
		t.Fatal(err)
	}
	t2 := time.Now()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("generate %v render %v numGC %d pauseTotal %v totalAlloc %d MB mallocs %d\n", t1.Sub(t0), t2.Sub(t1), ms.NumGC, time.Duration(ms.PauseTotalNs), ms.TotalAlloc>>20, ms.Mallocs)
	runtime.GC()
	runtime.ReadMemStats(&ms)
	fmt.Printf("live heap %d MB\n", ms.HeapAlloc>>20)
	fmt.Printf("customers %d subs %d invoices %d charges %d refunds %d disputes %d payouts %d ledger %d events %d\n",
		len(m.Customers), len(m.Subscriptions), len(m.Invoices), len(m.Charges), len(m.Refunds), len(m.Disputes), len(m.Payouts), len(m.Ledger), len(m.Events))
	lines := 0
	for i := range m.Invoices {
		lines += len(m.Invoices[i].Lines)
	}
	fmt.Printf("invoice lines %d\n", lines)
	if f := os.Getenv("SIMHEAP"); f != "" {
		out, _ := os.Create(f)
		pprof.Lookup("heap").WriteTo(out, 0)
		out.Close()
	}
	runtime.KeepAlive(st)
	runtime.KeepAlive(m)
}
