package mrr

import (
	"cmp"
	"slices"
	"sort"

	"github.com/revops/stripe-datasource/pkg/records"
)

// usageBill is what one finalized invoice billed for a metered item.
type usageBill struct {
	at     int64 // the invoice's finalization: the value holds from here until the next bill
	amount int64 // the line's amount before discounts, per the price's interval
}

// usageBills are a subscription's metered bills by item (Options.Metered = last_invoice): by
// subscription item id, or "price " + the price id for a line that names no item.
type usageBills map[string][]usageBill

func usageKey(item, price string) string {
	if item != "" {
		return item
	}
	return "price " + price
}

// usageOf reads a subscription's invoices for the lines that billed its metered prices. A draft
// invoice (not finalized) has billed nothing yet; a proration line is not usage.
func usageOf(invs []*records.Invoice, metered map[string]bool) usageBills {
	var out usageBills
	for _, inv := range invs {
		if inv.FinalizedAt == 0 {
			continue
		}
		for _, l := range inv.Lines {
			if l.Proration || !metered[l.Price] {
				continue
			}
			if out == nil {
				out = usageBills{}
			}
			k := usageKey(l.SubItem, l.Price)
			out[k] = append(out[k], usageBill{at: inv.FinalizedAt, amount: l.Amount})
		}
	}
	for _, bills := range out {
		slices.SortStableFunc(bills, func(a, b usageBill) int { return cmp.Compare(a.at, b.at) })
	}
	return out
}

// at is what the most recent bill finalized at or before at billed for the item; false before
// its first bill.
func (u usageBills) at(it *records.SubscriptionItem, at int64) (int64, bool) {
	bills := u[usageKey(it.ID, it.Price)]
	i := sort.Search(len(bills), func(i int) bool { return bills[i].at > at })
	if i == 0 {
		return 0, false
	}
	return bills[i-1].amount, true
}

// instants are the moments a bill changes a metered item's value.
func (u usageBills) instants() []int64 {
	var out []int64
	for _, bills := range u {
		for _, b := range bills {
			out = append(out, b.at)
		}
	}
	return out
}
