package truth

import (
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// InvoiceStatusAt is an invoice's status at instant at: draft until finalized, then open until
// paid, voided or marked uncollectible.
func InvoiceStatusAt(inv *generator.Invoice, at int64) string {
	switch {
	case inv.PaidAt != 0 && inv.PaidAt <= at:
		return "paid"
	case inv.VoidedAt != 0 && inv.VoidedAt <= at:
		return "void"
	case inv.UncollectibleAt != 0 && inv.UncollectibleAt <= at:
		return "uncollectible"
	case inv.FinalizedAt != 0 && inv.FinalizedAt <= at:
		return "open"
	default:
		return "draft"
	}
}

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
		if inv.Created > u || InvoiceStatusAt(inv, u) != "open" {
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
		st := InvoiceStatusAt(inv, t.now)
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
