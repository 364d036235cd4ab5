package generator

import "testing"

// "tiny" must exercise every feature at least once, so unit tests on it cover every code path of
// the metrics. Each count is taken straight from the model's decisions.
func TestTinyHasEveryFeature(t *testing.T) {
	m := generateNamed(t, "tiny", 7, testNow)
	now := m.NowUnix()
	n := map[string]int{}
	for i := range m.Subscriptions {
		s := &m.Subscriptions[i]
		n["status "+s.StatusAt(now)]++
		if s.TrialEnd != 0 && s.TrialEnd <= now && s.StatusAt(s.TrialEnd) == StatusActive {
			n["trial conversion"]++
		}
		if s.CollectionMethod == "send_invoice" {
			n["send_invoice"]++
		}
		if s.CancelAtPeriodEnd {
			n["cancel at period end"]++
		}
		if s.Discount != nil {
			n["coupon "+m.Coupons[s.Discount.Coupon].Duration]++
		}
		for k := 1; k < len(s.Items); k++ {
			before, after := s.Items[k-1].Items[0], s.Items[k].Items[0]
			bt, at := planTemplates[m.Prices[before.Price].Plan], planTemplates[m.Prices[after.Price].Plan]
			switch {
			case at.rank > bt.rank:
				n["upgrade"]++
			case at.rank < bt.rank:
				n["downgrade"]++
			case after.Quantity != before.Quantity:
				n["quantity change"]++
			}
		}
		for _, sp := range s.Items[0].Items {
			p := &m.Prices[sp.Price]
			n["interval "+p.Interval]++
			if p.Metered {
				n["metered"]++
			}
			if p.TiersMode != "" {
				n["tiers "+p.TiersMode]++
			}
			if p.Plan == PlanFree {
				n["free"]++
			}
			if p.IntervalCount > 1 {
				n["interval_count > 1"]++
			}
		}
	}
	for i := range m.Invoices {
		inv := &m.Invoices[i]
		n["billing_reason "+inv.BillingReason]++
		for _, l := range inv.Lines {
			switch l.Kind {
			case LineProration:
				n["proration line"]++
				if inv.BillingReason == "subscription_cycle" {
					n["proration on next invoice"]++
				}
			case LineUsage:
				n["usage line"]++
			}
		}
		if inv.VoidedAt != 0 {
			n["invoice void"]++
		}
		if inv.UncollectibleAt != 0 {
			n["invoice uncollectible"]++
		}
		if inv.DueDate != 0 && inv.DueDate < now && inv.PaidAt == 0 && inv.VoidedAt == 0 {
			n["invoice past due"]++
		}
		if len(inv.Attempts) > 1 {
			n["invoice retried"]++
		}
	}
	pis := map[string]int{}
	for i := range m.Charges {
		c := &m.Charges[i]
		n["charge "+c.Currency]++
		n["charge "+c.StatusAt(now)]++
		if c.ExchangeRate != 0 {
			n["fx"]++
		}
		if !c.Succeeded {
			n["outcome "+Declines[c.Decline].OutcomeType]++
		}
		if c.Invoice < 0 {
			n["one-off"]++
		}
		pis[c.PaymentIntent]++
	}
	for _, k := range pis {
		if k > 1 {
			n["payment intent retried"]++
		}
	}
	for i := range m.Refunds {
		r := &m.Refunds[i]
		if r.Amount == m.Charges[r.Charge].AmountCaptured {
			n["refund full"]++
		} else {
			n["refund partial"]++
		}
	}
	for i := range m.Disputes {
		d := &m.Disputes[i]
		n["dispute "+d.StatusAt(now)]++
	}
	for _, e := range m.Ledger {
		n["ledger "+e.Kind.Category()]++
	}
	for _, e := range m.Events {
		n["event "+e.Type]++
	}
	want := []string{
		"status trialing", "status active", "status past_due", "status unpaid", "status paused", "status canceled",
		"status incomplete", "status incomplete_expired",
		"trial conversion", "upgrade", "downgrade", "quantity change", "proration line", "proration on next invoice",
		"coupon forever", "coupon once", "coupon repeating", "cancel at period end", "send_invoice",
		"interval month", "interval year", "interval week", "interval_count > 1", "metered", "tiers volume", "tiers graduated", "free",
		"billing_reason subscription_create", "billing_reason subscription_cycle", "billing_reason subscription_update",
		"usage line", "invoice void", "invoice uncollectible", "invoice past due", "invoice retried",
		"charge usd", "charge jpy", "charge kwd", "charge eur", "fx", "charge succeeded", "charge failed", "charge pending",
		"outcome issuer_declined", "outcome blocked", "one-off", "payment intent retried",
		"refund full", "refund partial", "dispute won", "dispute lost", "dispute warning_closed", "dispute needs_response",
		"ledger charge", "ledger refund", "ledger dispute", "ledger dispute_reversal", "ledger fee", "ledger payout",
		"ledger charge_failure", "ledger partial_capture_reversal",
		"event customer.subscription.created", "event customer.subscription.updated", "event customer.subscription.deleted",
		"event customer.subscription.paused", "event customer.subscription.resumed", "event invoice.paid",
		"event invoice.payment_failed", "event charge.succeeded", "event charge.failed", "event charge.refunded",
		"event charge.dispute.created",
	}
	for _, k := range want {
		if n[k] == 0 {
			t.Errorf("tiny has no %q", k)
		}
	}
	if t.Failed() {
		t.Logf("counts: %v", n)
	}
}
