package metrics

import (
	"testing"

	"github.com/revops/stripe-datasource/pkg/records"
)

// Amount outstanding at each bucket's end (now for the bucket in progress and after): the open
// invoices then, amount_remaining for those open now, amount_due for those settled since.
func TestInvoicesOutstanding(t *testing.T) {
	g, d0 := dayGrid(t, 3)
	now := d0 + daySecs + 12*3600 // instants: end of day 0, now, now
	invoices := []records.Invoice{
		{ID: "open_partly_paid", Currency: "usd", Status: "open", Created: d0 + 100, FinalizedAt: d0 + 200, AmountDue: 10000, AmountRemaining: 4000, DueDate: d0 + 1000},
		{ID: "paid_today", Currency: "usd", Status: "paid", Created: d0 + 100, FinalizedAt: d0 + 100, PaidAt: d0 + daySecs + 100, AmountDue: 2500},
		{ID: "draft", Currency: "usd", Status: "draft", Created: d0, AmountDue: 700, AmountRemaining: 700},
		{ID: "opened_today", Currency: "usd", Status: "open", Created: d0 + daySecs + 1000, FinalizedAt: d0 + daySecs + 1000, AmountDue: 300, AmountRemaining: 300, DueDate: d0 + 2*daySecs},
		{ID: "voided_day0", Currency: "usd", Status: "void", Created: d0, FinalizedAt: d0 + 10, VoidedAt: d0 + 20, AmountDue: 999},
		{ID: "written_off", Currency: "usd", Status: "uncollectible", Created: d0, FinalizedAt: d0 + 10, UncollectibleAt: d0 + 20, AmountDue: 888},
		{ID: "yen", Currency: "jpy", Status: "open", Created: d0, FinalizedAt: d0, AmountDue: 5000, AmountRemaining: 5000},
	}
	// usd: end of day 0: 4000 + 2500; now: 4000 + 300.
	checkLines(t, "outstanding", InvoicesOutstanding(invoices, g, now, nil, false, "amount_outstanding"), []line{
		{Cur: "jpy", Minor: []int64{5000, 5000, 5000}},
		{Cur: "usd", Minor: []int64{6500, 4300, 4300}},
	})
	// past due: open with a due date before the instant; only open_partly_paid has one passed.
	past := InvoicesOutstanding(invoices, g, now, nil, true, "amount_past_due")
	checkLines(t, "past due", past, []line{
		{Cur: "jpy", Minor: []int64{0, 0, 0}},
		{Cur: "usd", Minor: []int64{4000, 4000, 4000}},
	})
	if s := past[1]; s.Metric != "amount_past_due" || s.Name != "Amount past due" || s.Unit != UnitMoney || s.Len() != 3 {
		t.Errorf("header %+v", s)
	}
	if s := InvoicesOutstanding(invoices, g, now, nil, false, "m")[0]; s.Name != "Amount outstanding" {
		t.Errorf("name %q", s.Name)
	}
	// Currency filter: listed currencies only, a listed one without invoices gets zeros.
	checkLines(t, "filtered", InvoicesOutstanding(invoices, g, now, []string{"kwd", "jpy"}, false, "m"), []line{
		{Cur: "jpy", Minor: []int64{5000, 5000, 5000}},
		{Cur: "kwd", Minor: []int64{0, 0, 0}},
	})
	checkLines(t, "no invoices", InvoicesOutstanding(nil, g, now, nil, false, "m"), []line{})
}

// A due date equal to the instant is not past yet (due_date < instant).
func TestInvoicesPastDueIsStrict(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	now := d0 + 10*daySecs
	in := []records.Invoice{{Currency: "kwd", Status: "open", Created: d0, FinalizedAt: d0, AmountRemaining: 1250, DueDate: d0 + daySecs - 1}}
	checkLines(t, "past due", InvoicesOutstanding(in, g, now, nil, true, "m"), []line{{Cur: "kwd", Minor: []int64{0, 1250}}})
}

// Level instants in New York across the fall-back: the end of Nov 1 is 04:59:59 UTC on Nov 2.
// An invoice paid at 23:30 EST on Nov 1 is settled by then; one paid at midnight EST is still open.
func TestInvoicesOutstandingDST(t *testing.T) {
	g := nyFallBackDays(t)
	now := utc(2026, 12, 1, 0, 0, 0)
	fin := utc(2026, 10, 31, 16, 0, 0) // Oct 31 12:00 EDT
	in := []records.Invoice{
		{ID: "a", Currency: "usd", Status: "paid", Created: fin, FinalizedAt: fin, PaidAt: utc(2026, 11, 2, 4, 30, 0), AmountDue: 1000},
		{ID: "b", Currency: "usd", Status: "paid", Created: fin, FinalizedAt: fin, PaidAt: utc(2026, 11, 2, 5, 0, 0), AmountDue: 20},
	}
	checkLines(t, "outstanding", InvoicesOutstanding(in, g, now, nil, false, "m"), []line{{Cur: "usd", Minor: []int64{1020, 20, 0}}})
}

// Invoices by status: by when they were created, split by their status now.
func TestInvoicesByStatus(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	invoices := []records.Invoice{
		{Currency: "usd", Status: "paid", Created: d0 + 1, AmountDue: 1000},
		{Currency: "usd", Status: "paid", Created: d0 + 2, AmountDue: 2000},
		{Currency: "usd", Status: "open", Created: d0 + daySecs, AmountDue: 500},
		{Currency: "usd", Status: "void", Created: d0 + 3, AmountDue: 300},
		{Currency: "jpy", Status: "paid", Created: d0 + daySecs + 1, AmountDue: 4000},
		{Currency: "usd", Status: "paid", Created: d0 + 2*daySecs, AmountDue: 9999}, // after the grid
	}
	count := InvoicesByStatus(invoices, g, nil, false, "invoices_by_status")
	checkLines(t, "count", count, []line{
		{Cur: "jpy", Labels: "status=paid ", Values: []float64{0, 1}},
		{Cur: "usd", Labels: "status=open ", Values: []float64{0, 1}},
		{Cur: "usd", Labels: "status=paid ", Values: []float64{2, 0}},
		{Cur: "usd", Labels: "status=void ", Values: []float64{1, 0}},
	})
	amount := InvoicesByStatus(invoices, g, nil, true, "invoices_by_status_amount")
	checkLines(t, "amount", amount, []line{
		{Cur: "jpy", Labels: "status=paid ", Minor: []int64{0, 4000}},
		{Cur: "usd", Labels: "status=open ", Minor: []int64{0, 500}},
		{Cur: "usd", Labels: "status=paid ", Minor: []int64{3000, 0}},
		{Cur: "usd", Labels: "status=void ", Minor: []int64{300, 0}},
	})
	if c, a := count[0], amount[0]; c.Unit != UnitCount || a.Unit != UnitMoney || c.Name != "Invoices" || c.Metric != "invoices_by_status" {
		t.Errorf("headers %+v %+v", c, a)
	}
	checkLines(t, "filtered", InvoicesByStatus(invoices, g, []string{"jpy"}, false, "m"), []line{{Cur: "jpy", Labels: "status=paid ", Values: []float64{0, 1}}})
	checkLines(t, "none", InvoicesByStatus(nil, g, nil, false, "m"), []line{})
}
