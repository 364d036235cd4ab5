package truth

import (
	"time"
)

// Outstanding is what customers owe in one currency at an instant.
type Outstanding struct {
	Currency      string
	Open          int
	Amount        int64 // Σ amount_remaining of open invoices
	PastDue       int
	PastDueAmount int64 // open invoices whose due_date has passed
}

// InvoicesOutstanding is the open invoice amount per currency at instant at.
func (t *Truth) InvoicesOutstanding(at time.Time) map[string]Outstanding {
	out := map[string]Outstanding{}
	u := at.Unix()
	for i := range t.m.Invoices {
		inv := &t.m.Invoices[i]
		if inv.Created > u || inv.StatusAt(u) != "open" {
			continue
		}
		o := out[inv.Currency]
		o.Currency = inv.Currency
		o.Open++
		o.Amount += inv.AmountDue // nothing is ever partly paid, so amount_remaining = amount_due
		if inv.DueDate != 0 && inv.DueDate < u {
			o.PastDue++
			o.PastDueAmount += inv.AmountDue
		}
		out[inv.Currency] = o
	}
	return out
}

// InvoiceCount is a count and an amount (amount_due).
type InvoiceCount struct {
	Count  int
	Amount int64
}

// InvoicesByStatus counts invoices created in [from, to) by their status at Now, per currency.
func (t *Truth) InvoicesByStatus(from, to time.Time) map[string]map[string]InvoiceCount {
	out := map[string]map[string]InvoiceCount{}
	for i := range t.m.Invoices {
		inv := &t.m.Invoices[i]
		if inv.Created < from.Unix() || inv.Created >= to.Unix() {
			continue
		}
		st := inv.StatusAt(t.now)
		if out[inv.Currency] == nil {
			out[inv.Currency] = map[string]InvoiceCount{}
		}
		c := out[inv.Currency][st]
		c.Count++
		c.Amount += inv.AmountDue
		out[inv.Currency][st] = c
	}
	return out
}
