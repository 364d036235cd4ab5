package metrics

import (
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// DimensionInvoiceStatus is the label of the invoice-status dimension.
const DimensionInvoiceStatus = "status"

// InvoicesOutstanding is what customers owe per currency at each bucket's end (now for the
// bucket in progress): Σ of the invoices open at that instant; with pastDue only those whose
// due date had passed. An invoice still open now counts its amount_remaining; one settled since
// counts its amount_due for the time it was open (Stripe does not date partial payments).
func InvoicesOutstanding(invoices []records.Invoice, grid timebucket.Grid, now int64, currencies []string, pastDue bool, metric string) []Series {
	keep := InCurrencies(currencies)
	instants := grid.LevelInstants(now)
	totals := map[string][]int64{}
	for _, c := range currencies {
		totals[c] = make([]int64, len(instants))
	}
	for _, in := range invoices {
		if !keep(in.Currency) {
			continue
		}
		sums, ok := totals[in.Currency]
		if !ok {
			sums = make([]int64, len(instants))
			totals[in.Currency] = sums
		}
		owed := in.AmountDue
		if in.Status == "open" {
			owed = in.AmountRemaining
		}
		for i, x := range instants {
			if in.Created <= x && in.StatusAt(x, now) == "open" && (!pastDue || (in.DueDate != 0 && in.DueDate < x)) {
				sums[i] += owed
			}
		}
	}
	name := "Amount outstanding"
	if pastDue {
		name = "Amount past due"
	}
	times := grid.Starts()
	var out []Series
	for _, cur := range SortedKeys(totals) {
		out = append(out, Series{Metric: metric, Name: name, Currency: cur, Unit: UnitMoney, Times: times, Minor: totals[cur]})
	}
	return out
}

type invoiceStatusBucket map[string]*InvoiceCount

// InvoiceCount is a number of invoices and their amount_due.
type InvoiceCount struct {
	Count  int64
	Amount int64
}

// InvoicesByStatus counts invoices by when they were created, split by their status now, one
// series per currency and status (Stripe has five statuses: a bounded dimension).
func InvoicesByStatus(invoices []records.Invoice, grid timebucket.Grid, currencies []string, amount bool, metric string) []Series {
	totals := newCurrencyBuckets[invoiceStatusBucket](grid, currencies)
	for _, in := range invoices {
		b := totals.at(in.Currency, in.Created)
		if b == nil {
			continue
		}
		if *b == nil {
			*b = invoiceStatusBucket{}
		}
		c := (*b)[in.Status]
		if c == nil {
			c = &InvoiceCount{}
			(*b)[in.Status] = c
		}
		c.Count++
		c.Amount += in.AmountDue
	}
	unit := UnitCount
	if amount {
		unit = UnitMoney
	}
	times := grid.Starts()
	var out []Series
	for _, cur := range totals.currencies() {
		statuses := map[string]bool{}
		for _, b := range totals.by[cur] {
			for st := range b {
				statuses[st] = true
			}
		}
		for _, st := range SortedKeys(statuses) {
			s := Series{Metric: metric, Name: "Invoices", Currency: cur, Unit: unit, Times: times, Labels: map[string]string{DimensionInvoiceStatus: st}}
			for _, b := range totals.by[cur] {
				var c InvoiceCount
				if b[st] != nil {
					c = *b[st]
				}
				if amount {
					s.Minor = append(s.Minor, c.Amount)
				} else {
					s.Values = append(s.Values, float64(c.Count))
				}
			}
			out = append(out, s)
		}
	}
	return out
}
