package simulator

import (
	"os"
	"runtime"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

func heap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc >> 20
}

func TestMemDbg(t *testing.T) {
	name := os.Getenv("SIM_MEM")
	if name == "" {
		t.Skip("set SIM_MEM")
	}
	p, _ := generator.NamedProfile(name)
	h0 := heap()
	m, _ := generator.Generate(p, 1, testNow)
	h1 := heap()
	st, err := generator.Render(m)
	if err != nil {
		t.Fatal(err)
	}
	h2 := heap()
	var evBytes int
	for _, e := range st.Events {
		evBytes += len(e.Data.Object) + len(e.Data.PreviousAttributes)
	}
	t.Logf("model %d MiB, store %d MiB (events JSON %d MiB, %d events), ledger %d invoices %d", h1-h0, h2-h1, evBytes>>20, len(st.Events), len(m.Ledger), len(m.Invoices))
	runtime.KeepAlive(m)
	runtime.KeepAlive(st)
}
