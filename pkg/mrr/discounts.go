package mrr

import "github.com/revops/stripe-datasource/pkg/records"

// endedDiscountID names a discount known only from the amounts it took off invoices (when the
// invoices' discounts were not expanded and the subscription no longer lists it).
const endedDiscountID = "\x00ended"

// discountCatalog gathers the terms of every discount a subscription had: the ones it lists now
// and the ones its invoices name (a used once coupon, a repeating one that ran out, any coupon
// of a canceled subscription). Each applies by its own dates: a once coupon from its start to
// the end of the period of the first invoice it reduced, a repeating one until discount.end, a
// forever one without end.
func discountCatalog(s *records.Subscription, invs []*records.Invoice, coupons map[string]records.Coupon, n *notes) map[string]*discountTerms {
	terms := map[string]*discountTerms{}
	add := func(d records.Discount) {
		if _, done := terms[d.ID]; done || d.Coupon == "" {
			return
		}
		c, ok := coupons[d.Coupon]
		if !ok {
			n.missingCoupons++
			return
		}
		t, ok := termsOf(d, c, s.Currency)
		if !ok {
			return
		}
		if c.Duration == "once" && t.end == 0 {
			t.end = firstReducedPeriodEnd(d.ID, invs)
		}
		t.byTime = true
		terms[d.ID] = &t
	}
	for _, d := range s.Discounts {
		add(d)
	}
	for _, inv := range invs {
		for _, d := range inv.Discounts {
			add(d)
		}
	}
	if len(terms) == 0 && len(s.DiscountIDs) == 0 {
		if t := discountFromAmounts(invs); t != nil {
			terms[endedDiscountID] = t
		}
	}
	return terms
}

// firstReducedPeriodEnd is the end of the service period billed by the first invoice the
// discount reduced (0 when it reduced none yet).
func firstReducedPeriodEnd(id string, invs []*records.Invoice) int64 {
	for _, inv := range invs {
		named := false
		for _, d := range inv.Discounts {
			named = named || d.ID == id
		}
		if !named {
			continue
		}
		var end int64
		for _, l := range inv.Lines {
			if !l.Proration && l.DiscountAmount > 0 {
				end = max(end, l.PeriodEnd)
			}
		}
		if end > 0 {
			return end
		}
	}
	return 0
}

// discountFromAmounts reads an unnamed discount from the regular lines it reduced: the share
// of the amount they kept, over the periods they bill. Not knowing its coupon, it is taken as
// temporary: forever coupons stay on their subscription.
func discountFromAmounts(invs []*records.Invoice) *discountTerms {
	var from, to, off, base int64
	for _, inv := range invs {
		for _, l := range inv.Lines {
			if l.Proration || l.DiscountAmount <= 0 || l.Amount <= 0 {
				continue
			}
			if base == 0 || l.PeriodStart < from {
				from = l.PeriodStart
			}
			to = max(to, l.PeriodEnd)
			off += l.DiscountAmount
			base += l.Amount
		}
	}
	if base == 0 {
		return nil
	}
	return &discountTerms{temporary: true, keepNum: base - off, keepDen: base, start: from, end: to, byTime: true}
}
