package generator

import "math"

// itemAmount is what a licensed item costs per period: unit × quantity, or the tiers' amount.
func (g *gen) itemAmount(pi int32, qty int64) int64 {
	p := &g.m.Prices[pi]
	if len(p.Tiers) == 0 {
		return p.UnitAmount * qty
	}
	if p.TiersMode == "volume" {
		for _, t := range p.Tiers {
			if t.UpTo == 0 || qty <= t.UpTo {
				return t.UnitAmount*qty + t.FlatAmount
			}
		}
		return 0
	}
	var sum, prev int64
	left := qty
	for _, t := range p.Tiers {
		n := left
		if t.UpTo != 0 && t.UpTo-prev < n {
			n = t.UpTo - prev
		}
		if n > 0 {
			sum += n*t.UnitAmount + t.FlatAmount
			left -= n
		}
		prev = t.UpTo
		if left == 0 {
			break
		}
	}
	return sum
}

// newInvoice creates the subscription's invoice for the period [ps, pe): one line per licensed
// item, the metered usage of the period that just ended, and any pending downgrade prorations.
// A trial's invoice has zero-amount lines.
func (s *subSim) newInvoice(t int64, reason string, ps, pe int64, trial bool) int32 {
	sub := s.sub()
	items := sub.Items[len(sub.Items)-1].Items
	var prev *Period
	if n := len(sub.Periods); n >= 2 {
		prev = &sub.Periods[n-2]
	}
	lines := make([]InvoiceLine, 0, len(items)+len(s.pending))
	for _, it := range items {
		price := &s.g.m.Prices[it.Price]
		if price.Metered {
			if reason != "subscription_cycle" || prev == nil {
				continue
			}
			units := between(s.r, 0, 20000)
			lines = append(lines, InvoiceLine{Kind: LineUsage, Price: it.Price, Quantity: units, Amount: units * price.UnitAmount,
				PeriodStart: prev.Start, PeriodEnd: ps, SubItem: it.ID})
			continue
		}
		amount := s.g.itemAmount(it.Price, it.Quantity)
		if trial {
			amount = 0
		}
		lines = append(lines, InvoiceLine{Kind: LineSubscription, Price: it.Price, Quantity: it.Quantity, Amount: amount,
			PeriodStart: ps, PeriodEnd: pe, SubItem: it.ID})
	}
	if reason == "subscription_cycle" {
		lines = append(lines, s.pending...)
		s.pending = nil
	}
	periodStart := t
	if prev != nil && reason == "subscription_cycle" {
		periodStart = prev.Start
	}
	return s.buildInvoice(t, reason, lines, periodStart, t, pe)
}

// buildInvoice gives the lines their IDs, applies the subscription's discount and the customer's
// credit, and records the invoice. billedUntil is the end of the service period the invoice bills
// (where a once coupon stops applying).
func (s *subSim) buildInvoice(t int64, reason string, lines []InvoiceLine, periodStart, periodEnd, billedUntil int64) int32 {
	g, sub := s.g, s.sub()
	inv := Invoice{
		ID: s.ids.next("in"), Customer: s.cust, Subscription: s.si, Currency: sub.Currency, Created: t,
		PeriodStart: periodStart, PeriodEnd: periodEnd, BillingReason: reason, CollectionMethod: sub.CollectionMethod,
	}
	var discountable int64
	for i := range lines {
		lines[i].ID = s.ids.next("il")
		if lines[i].Kind != LineProration {
			discountable += lines[i].Amount
		}
		inv.Subtotal += lines[i].Amount
	}
	if d := sub.Discount; d != nil && discountable > 0 && t >= d.Start {
		c := &g.m.Coupons[d.Coupon]
		applies := false
		switch c.Duration {
		case DurationForever:
			applies = true
		case DurationRepeating:
			applies = t < d.End
		case DurationOnce:
			applies = d.RemovedAt == 0
		}
		if applies {
			left := c.AmountOff
			for i := range lines {
				l := &lines[i]
				if l.Kind == LineProration || l.Amount <= 0 {
					continue
				}
				if c.PercentOff > 0 {
					l.DiscountAmount = int64(math.Round(float64(l.Amount) * c.PercentOff / 100))
				} else {
					l.DiscountAmount = min(left, l.Amount)
					left -= l.DiscountAmount
				}
				inv.DiscountAmount += l.DiscountAmount
			}
			inv.DiscountID = d.ID
			if c.Duration == DurationOnce {
				d.RemovedAt, d.AppliesUntil = t, billedUntil
			}
		}
	}
	inv.Lines = lines
	inv.Total = inv.Subtotal - inv.DiscountAmount
	inv.StartingBalance = s.credit
	due := inv.Total + s.credit
	if due < 0 {
		inv.EndingBalance, inv.AmountDue = due, 0
	} else {
		inv.AmountDue = due
	}
	g.m.Customers[s.cust].Balance += inv.EndingBalance - inv.StartingBalance
	s.credit = inv.EndingBalance
	if inv.AmountDue > 0 {
		inv.PaymentIntent = s.ids.next("pi")
	}
	ii := g.invoices.add(inv)
	sub.Invoices = append(sub.Invoices, ii)
	return ii
}

// change applies an upgrade, downgrade or quantity change at t within the period [ps, pe), with
// proration lines for the rest of the period: an increase is invoiced and charged at once
// (proration_behavior always_invoice), a decrease waits for the next renewal invoice.
func (s *subSim) change(t int64, kind int, qDelta int64, ps, pe int64) bool {
	g, sub := s.g, s.sub()
	cur := sub.Items[len(sub.Items)-1].Items
	items := append([]SubItem(nil), cur...)
	main := &items[0]
	oldPrice, oldQty := main.Price, main.Quantity
	plan := g.m.Prices[oldPrice].Plan
	tmpl := planTemplates[plan]
	switch kind {
	case changeUpgrade:
		if p, ok := g.neighbourPrice(plan, sub.Currency, +1); ok {
			main.Price = p
		} else if tmpl.perSeat {
			main.Quantity += qDelta
		}
	case changeDowngrade:
		if p, ok := g.neighbourPrice(plan, sub.Currency, -1); ok {
			main.Price = p
		} else if tmpl.perSeat && main.Quantity > 1 {
			main.Quantity = max(1, main.Quantity-qDelta)
		}
	case changeQuantity:
		if tmpl.perSeat {
			if qDelta == 2 && main.Quantity > 1 {
				main.Quantity--
			} else {
				main.Quantity += qDelta
			}
		}
	}
	if main.Price == oldPrice && main.Quantity == oldQty {
		return false
	}
	sub.Items = append(sub.Items, ItemSpan{At: t, Items: items})
	s.addChange(t, ChangeItems)

	frac := float64(pe-t) / float64(pe-ps)
	credit := -int64(math.Round(float64(g.itemAmount(oldPrice, oldQty)) * frac))
	debit := int64(math.Round(float64(g.itemAmount(main.Price, main.Quantity)) * frac))
	lines := []InvoiceLine{
		{Kind: LineProration, Price: oldPrice, Quantity: oldQty, Amount: credit, PeriodStart: t, PeriodEnd: pe, SubItem: main.ID, InvoiceItem: s.ids.next("ii"), ChangeAt: t},
		{Kind: LineProration, Price: main.Price, Quantity: main.Quantity, Amount: debit, PeriodStart: t, PeriodEnd: pe, SubItem: main.ID, InvoiceItem: s.ids.next("ii"), ChangeAt: t},
	}
	if credit+debit <= 0 {
		s.pending = append(s.pending, lines...)
		return true
	}
	ii := s.buildInvoice(t, "subscription_update", lines, t, t, pe)
	inv := g.invoices.at(ii)
	inv.FinalizedAt = t
	if inv.AmountDue > 0 {
		s.attempt(ii, t, 0)
	}
	g.invoices.at(ii).PaidAt = t
	return true
}

// neighbourPrice is the price of the next (dir=+1) or previous (-1) plan of the same family.
func (g *gen) neighbourPrice(plan PlanKey, cur string, dir int) (int32, bool) {
	t := planTemplates[plan]
	for _, k := range planOrder {
		o := planTemplates[k]
		if o.family == t.family && o.rank == t.rank+dir {
			p, ok := g.prices[priceKey{k, cur}]
			return p, ok
		}
	}
	return 0, false
}
