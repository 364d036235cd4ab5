package mrr

import "github.com/revops/stripe-datasource/pkg/records"

// pendingFacts reads a subscription's pending proration items into item facts. A change leaves
// two items per subscription item, both starting at the change: the credit for the old price
// and quantity (amount <= 0) and the debit for the new ones (amount >= 0). The debit is the one
// with the larger amount; when both are 0 (a free price on both sides) the one matching the
// item's current price and quantity is taken, as the later state.
func pendingFacts(s *records.Subscription, pending []*records.PendingItem, prices map[string]records.Price) []itemFact {
	type change struct {
		item string
		at   int64
	}
	current := map[string]records.SubscriptionItem{}
	for _, it := range s.Items {
		current[it.ID] = it
	}
	debit := map[change]*records.PendingItem{}
	var order []change
	for _, it := range pending {
		if !it.Proration || it.SubItem == "" || it.Price == "" {
			continue
		}
		if p, ok := prices[it.Price]; ok && p.Metered {
			continue
		}
		k := change{it.SubItem, it.PeriodStart}
		d, ok := debit[k]
		if !ok {
			order = append(order, k)
		}
		cur := current[it.SubItem]
		if !ok || it.Amount > d.Amount || (it.Amount == d.Amount && it.Price == cur.Price && it.Quantity == cur.Quantity) {
			debit[k] = it
		}
	}
	out := make([]itemFact, 0, len(order))
	for _, k := range order {
		d := debit[k]
		out = append(out, itemFact{from: k.at, item: k.item, price: d.Price, quantity: d.Quantity})
	}
	return out
}
