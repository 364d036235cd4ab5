package generator

import "math"

// attempt makes one charge for an invoice's amount due (decline 0 = it succeeds).
func (s *subSim) attempt(ii int32, t int64, decline int) {
	inv := s.g.invoices.at(ii)
	desc := "Subscription update"
	switch inv.BillingReason {
	case "subscription_create":
		desc = "Subscription creation"
	case "subscription_cycle":
		desc = "Subscription cycle"
	}
	ci := s.newCharge(ii, inv.PaymentIntent, t, inv.AmountDue, decline, MethodCard, desc)
	inv = s.g.invoices.at(ii)
	inv.Attempts = append(inv.Attempts, ci)
}

// newCharge records a charge; a successful one reaches the balance (and may later be refunded or
// disputed). Bank debits reach the balance as pending and may fail days later.
func (tl *timeline) newCharge(inv int32, pi string, t, amount int64, decline, method int, desc string) int32 {
	g := tl.g
	riskDraw := tl.r.Int64N(60)
	c := Charge{
		ID: tl.ids.next("ch"), Customer: tl.cust, Invoice: inv, PaymentIntent: pi, Created: t, Amount: amount,
		Currency: g.m.Customers[tl.cust].Currency, Method: method, Decline: decline, Succeeded: decline == 0,
		Dispute: -1, Description: desc, RiskScore: 4 + riskDraw,
	}
	if Declines[decline].OutcomeType == "blocked" {
		c.RiskScore = 76 + riskDraw%24
	}
	if c.Succeeded || method == MethodBankDebit {
		c.AmountCaptured = amount
		tl.settle(&c, t)
	}
	if tl.capture > 0 && c.Succeeded {
		// Partial capture: the full amount settled, the uncaptured rest is reversed a day later.
		c.AmountCaptured = tl.capture
		c.CaptureReversalAt = t + secondsPerDay
		c.CaptureReversalAmt = c.SettleAmount - settledPortion(&c, tl.capture)
		seq := tl.ids.reserve(1)
		if c.CaptureReversalAt <= g.now {
			c.CaptureReversalTxn = tl.ids.at("txn", seq)
		}
	}
	if method == MethodBankDebit {
		c.ResolvedAt = t + 3*secondsPerDay + riskDraw*60
		seq := tl.ids.reserve(1) // reserved either way, see aftermath
		if !c.Succeeded {
			c.Decline = declineBankInsufficient
			if c.ResolvedAt <= g.now {
				c.FailureTxn = tl.ids.at("txn", seq)
			}
		}
	}
	ci := g.charges.add(c)
	if c.Succeeded && method == MethodCard {
		tl.aftermath(ci)
	}
	return ci
}

// settle fills in the balance side of a charge: settlement currency (converted at the day's rate
// when the presentment currency is not a settlement currency), Stripe's fee, availability date.
func (tl *timeline) settle(c *Charge, t int64) {
	g := tl.g
	sc := c.Currency
	if !g.settles[sc] {
		sc = g.p.SettlementCurrencies[0]
		c.ExchangeRate = g.m.Rate(dayOf(t), c.Currency, sc)
	}
	amt := c.Amount
	if c.ExchangeRate != 0 {
		amt = convertMinor(c.Amount, c.Currency, sc, c.ExchangeRate)
	}
	info := currencyTable[sc]
	var fee int64
	if c.Method == MethodBankDebit {
		// ACH Direct Debit: 0.8%, capped at $5.
		fee = min(int64(math.Round(float64(amt)*0.008)), 500)
	} else {
		bps := info.feeBps
		if g.m.Customers[c.Customer].Card.Country != g.m.AccountCountry {
			bps += 150 // international card
		}
		if c.ExchangeRate != 0 {
			bps += 100 // currency conversion
		}
		fee = int64(math.Round(float64(amt)*float64(bps)/10000)) + info.feeFixed
	}
	c.BalanceTxn = tl.ids.next("txn")
	c.SettleCurrency, c.SettleAmount, c.Fee = sc, amt, fee
	days := int64(info.availableDay)
	if c.Method == MethodBankDebit {
		days = 4
	}
	c.AvailableOn = dayStart(t) + days*secondsPerDay
}

// settledPortion converts part of a charge's presentment amount into its settlement amount, in
// proportion to what the charge settled for (refunds and disputes use the charge's rate).
func settledPortion(c *Charge, part int64) int64 {
	if part == c.Amount {
		return c.SettleAmount
	}
	return int64(math.Round(float64(c.SettleAmount) * float64(part) / float64(c.Amount)))
}
