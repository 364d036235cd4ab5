package generator

import (
	"os"
	"testing"
	"time"
)

// TestPrintSummary prints what each profile generates (run with SIM_SUMMARY=name).
func TestPrintSummary(t *testing.T) {
	name := os.Getenv("SIM_SUMMARY")
	if name == "" {
		t.Skip("set SIM_SUMMARY to a profile name")
	}
	p, err := NamedProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	m, err := Generate(p, 42, time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %v customers=%d subs=%d invoices=%d charges=%d refunds=%d disputes=%d payouts=%d fees=%d ledger=%d events=%d",
		name, time.Since(t0), len(m.Customers), len(m.Subscriptions), len(m.Invoices), len(m.Charges), len(m.Refunds),
		len(m.Disputes), len(m.Payouts), len(m.AccountFees), len(m.Ledger), len(m.Events))
}
