package generator

import (
	"math"
	"sort"
)

// One-off purchases: charges outside any subscription (no invoice). Some are blocked by Radar, some
// declined and retried on the same payment intent, some paid by bank debit (which can bounce days
// later: a charge_failure), a few captured only partly.

// Kinds of one-off charges.
const (
	oneOffPaid           = "paid"
	oneOffBlocked        = "blocked"
	oneOffDeclinedRetry  = "declined_retry" // declined, then paid on the same payment intent
	oneOffDeclined       = "declined"       // declined, retry declined too
	oneOffBankPaid       = "bank_paid"
	oneOffBankFailed     = "bank_failed"
	oneOffPartialCapture = "partial_capture"
)

// oneOffScript is one one-off purchase, drawn at random or scripted by a story.
type oneOffScript struct {
	at        int64
	amount    int64 // presentment minor units
	kind      string
	decline   int
	retryGap  int64
	captureOf float64 // share captured, for partial captures
	// Scripted aftermath (stories only): refund "full"/"partial", dispute "won"/"lost"/"inquiry"/"open".
	refund       string
	refundAfter  int64
	dispute      string
	disputeAfter int64
}

// randomOneOffs draws n one-off purchases after the customer's sign-up and performs them in time
// order. Every draw happens before any purchase is performed, so `now` cannot shift them.
func (tl *timeline) randomOneOffs(n int, signup int64) {
	r, b := tl.r, tl.beh
	cur := tl.customer().Currency
	bankOK := cur == "usd" && tl.g.settles["usd"]
	list := make([]oneOffScript, n)
	for i := range list {
		o := &list[i]
		o.at = signup + between(r, 0, 240*secondsPerDay)
		cents := int64(math.Round(math.Exp(math.Log(1500) + r.Float64()*math.Log(40)))) // $15 .. $600
		o.amount = scaleAmount(cents, cur, 100)
		kindRoll, retryRoll := r.Float64(), r.Float64()
		o.decline = firstPaymentDeclines[pickWeighted(r, firstPaymentDeclineWeights)]
		o.retryGap = between(r, 5*60, 2*secondsPerHour)
		o.captureOf = 0.5 + 0.4*r.Float64()
		bankRoll, bankFailRoll := r.Float64(), r.Float64()
		switch {
		case kindRoll < b.Blocked:
			o.kind = oneOffBlocked
		case kindRoll < b.Blocked+0.05:
			o.kind = oneOffDeclined
			if retryRoll < 0.6 {
				o.kind = oneOffDeclinedRetry
			}
		case bankOK && bankRoll < b.BankDebit:
			o.kind = oneOffBankPaid
			if bankFailRoll < b.BankFailure {
				o.kind = oneOffBankFailed
			}
		case kindRoll > 1-b.PartialCapture:
			o.kind = oneOffPartialCapture
		default:
			o.kind = oneOffPaid
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].at < list[j].at })
	for i := range list {
		if list[i].at > tl.g.now {
			return
		}
		tl.oneOff(&list[i])
	}
}

// oneOff performs one purchase.
func (tl *timeline) oneOff(o *oneOffScript) {
	g := tl.g
	if o.at > g.now {
		return
	}
	pi := tl.ids.next("pi")
	const desc = "One-time purchase"
	var paid int32 = -1
	switch o.kind {
	case oneOffBlocked:
		tl.newCharge(-1, pi, o.at, o.amount, declineHighestRisk, MethodCard, desc)
	case oneOffDeclined, oneOffDeclinedRetry:
		decline := o.decline
		if Declines[decline].OutcomeType == "blocked" {
			decline = declineGeneric
		}
		tl.newCharge(-1, pi, o.at, o.amount, decline, MethodCard, desc)
		retry := o.at + o.retryGap
		if retry <= g.now {
			if o.kind == oneOffDeclinedRetry {
				paid = tl.newCharge(-1, pi, retry, o.amount, 0, MethodCard, desc)
			} else {
				tl.newCharge(-1, pi, retry, o.amount, decline, MethodCard, desc)
			}
		}
	case oneOffBankPaid:
		tl.newCharge(-1, pi, o.at, o.amount, 0, MethodBankDebit, desc)
	case oneOffBankFailed:
		tl.newCharge(-1, pi, o.at, o.amount, declineBankInsufficient, MethodBankDebit, desc)
	case oneOffPartialCapture:
		captured := int64(float64(o.amount)*o.captureOf) / 10 * 10
		if captured <= 0 {
			captured = o.amount / 2
		}
		tl.capture = captured
		paid = tl.newCharge(-1, pi, o.at, o.amount, 0, MethodCard, desc)
		tl.capture = 0
	default:
		paid = tl.newCharge(-1, pi, o.at, o.amount, 0, MethodCard, desc)
	}
	if paid < 0 || (o.refund == "" && o.dispute == "") {
		return
	}
	ids := aftermathIDs{src: tl.ids, first: tl.ids.reserve(5)}
	c := g.charges.at(paid)
	switch o.refund {
	case "full":
		tl.refund(paid, c.Created+o.refundAfter, c.AmountCaptured, "requested_by_customer", ids)
	case "partial":
		tl.refund(paid, c.Created+o.refundAfter, c.AmountCaptured/4, "requested_by_customer", ids)
	}
	if o.dispute != "" {
		p := disputePlan{after: o.disputeAfter, reason: "product_not_received", evidence: true,
			evidenceAfter: 2 * secondsPerDay, decideAfter: 6 * secondsPerDay, inquiryClose: 12 * secondsPerDay}
		switch o.dispute {
		case "won":
			p.win = true
		case "lost":
			p.reason = "fraudulent"
		case "inquiry":
			p.inquiry = true
			p.reason = "general"
		case "open":
			p.evidence, p.neverClose, p.reason = false, true, "subscription_canceled"
		}
		tl.dispute(paid, p, ids)
	}
}
