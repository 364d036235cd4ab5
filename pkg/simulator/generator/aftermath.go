package generator

// What may happen to a successful charge later: a refund or a dispute. The decisions are drawn
// when the charge succeeds (a fixed number of draws), and recorded only if they happen by `now`.

var (
	disputeReasons       = []string{"fraudulent", "product_not_received", "subscription_canceled", "duplicate", "credit_not_processed", "unrecognized", "general"}
	disputeReasonWeights = []float64{40, 15, 15, 8, 8, 8, 6}
	refundReasons        = []string{"requested_by_customer", "requested_by_customer", "duplicate", "fraudulent"}
)

// aftermath decides the charge's refund or dispute.
func (tl *timeline) aftermath(ci int32) {
	r, b := tl.r, tl.beh
	disputed, inquiry := chance(r, b.Dispute), chance(r, b.Inquiry)
	evidence, win := chance(r, 0.75), chance(r, b.DisputeWin)
	disputeDelay := between(r, 3*secondsPerDay, 60*secondsPerDay)
	evidenceDelay := between(r, 2*secondsPerDay, 18*secondsPerDay)
	decideDelay := between(r, 30*secondsPerDay, 75*secondsPerDay)
	inquiryClose := between(r, 15*secondsPerDay, 40*secondsPerDay)
	reason := disputeReasons[pickWeighted(r, disputeReasonWeights)]
	refunded, partial := chance(r, b.Refund), chance(r, b.PartialRefund)
	frac := 0.1 + 0.8*r.Float64()
	refundDelay := between(r, 2*secondsPerHour, 20*secondsPerDay)
	refundReason := refundReasons[r.IntN(len(refundReasons))]
	// IDs are taken whether or not the refund or dispute happens by now, so that the IDs of every
	// later object of this timeline do not depend on now.
	ids := aftermathIDs{src: tl.ids, first: tl.ids.reserve(5)}
	if b.noAftermath {
		return
	}
	if b.fast {
		disputeDelay, evidenceDelay, decideDelay, inquiryClose, refundDelay = disputeDelay/6, evidenceDelay/6, decideDelay/6, inquiryClose/6, refundDelay/6
	}
	c := tl.g.charges.at(ci)
	switch {
	case disputed && c.Method == MethodCard:
		tl.dispute(ci, disputePlan{after: disputeDelay, inquiry: inquiry, evidence: evidence, win: win,
			evidenceAfter: evidenceDelay, decideAfter: decideDelay, inquiryClose: inquiryClose, reason: reason}, ids)
	case refunded:
		amount := c.AmountCaptured
		if partial {
			unit := int64(100)
			if e, _ := Exponent(c.Currency); e == 0 {
				unit = 10
			}
			amount = int64(float64(c.AmountCaptured)*frac) / unit * unit
			if amount <= 0 || amount >= c.AmountCaptured {
				amount = c.AmountCaptured / 2
			}
		}
		tl.refund(ci, c.Created+refundDelay, amount, refundReason, ids)
	}
}

// refund records a refund of amount (presentment) at t, if t is not after now.
func (tl *timeline) refund(ci int32, t, amount int64, reason string, ids aftermathIDs) {
	g := tl.g
	if t > g.now || amount <= 0 {
		return
	}
	c := g.charges.at(ci)
	settled := settledPortion(c, amount)
	if amount == c.AmountCaptured {
		settled = c.SettleAmount - c.CaptureReversalAmt
	}
	ri := int32(len(g.m.Refunds))
	g.m.Refunds = append(g.m.Refunds, Refund{
		ID: ids.src.at("re", ids.first), Charge: ci, Created: t, Amount: amount, Reason: reason,
		BalanceTxn: ids.src.at("txn", ids.first+1), SettleAmount: settled,
	})
	c.Refunds = append(c.Refunds, ri)
}

// disputePlan is a dispute's whole course, decided up front.
type disputePlan struct {
	after         int64 // after the charge
	inquiry       bool
	evidence      bool
	win           bool
	evidenceAfter int64 // after the dispute opened
	decideAfter   int64 // after evidence
	inquiryClose  int64 // after the inquiry opened
	reason        string
	// neverClose keeps the dispute open whatever the delays (scripted "open" disputes).
	neverClose bool
}

// dispute records a dispute and its course up to now.
func (tl *timeline) dispute(ci int32, p disputePlan, ids aftermathIDs) {
	g := tl.g
	c := g.charges.at(ci)
	at := c.Created + p.after
	if at > g.now {
		return
	}
	d := Dispute{
		ID: ids.src.at("dp", ids.first+2), Charge: ci, Created: at, Amount: c.AmountCaptured, Currency: c.Currency,
		Reason: p.reason, Inquiry: p.inquiry, DueBy: dayStart(at+21*secondsPerDay) + secondsPerDay - 1,
	}
	if !p.inquiry {
		d.WithdrawalTxn = ids.src.at("txn", ids.first+3)
		d.SettleCurrency, d.SettleAmount, d.ExchangeRate = c.SettleCurrency, c.SettleAmount-c.CaptureReversalAmt, c.ExchangeRate
		d.Fee = currencyTable[c.SettleCurrency].disputeFee
	}
	closeAt, outcome := int64(0), OutcomeLost
	switch {
	case p.inquiry:
		if p.evidence {
			d.EvidenceAt = at + p.evidenceAfter
		}
		closeAt, outcome = at+p.inquiryClose, OutcomeWarningClosed
	case p.evidence:
		d.EvidenceAt = at + p.evidenceAfter
		closeAt = d.EvidenceAt + p.decideAfter
		if p.win {
			outcome = OutcomeWon
		}
	default:
		closeAt = d.DueBy + secondsPerHour
	}
	if d.EvidenceAt > g.now {
		d.EvidenceAt = 0
	}
	if closeAt <= g.now && !p.neverClose {
		d.ClosedAt, d.Outcome = closeAt, outcome
		if outcome == OutcomeWon {
			d.ReversalTxn = ids.src.at("txn", ids.first+4)
		}
	}
	c.Dispute = int32(len(g.m.Disputes))
	g.m.Disputes = append(g.m.Disputes, d)
}

// aftermathIDs are the five sequence numbers reserved for a charge's possible refund (refund,
// its transaction) and dispute (dispute, withdrawal, reinstatement).
type aftermathIDs struct {
	src   *idSource
	first uint64
}
