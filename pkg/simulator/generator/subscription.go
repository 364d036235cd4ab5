package generator

import "sort"

// subSim simulates one subscription from sign-up until it ends or `now` is reached. Decisions are
// drawn in a fixed number of draws per step (per period, per renewal) whatever their outcome, so a
// later `now` replays the same decisions.
type subSim struct {
	*timeline
	si        int32
	interval  string
	count     int64
	sendInv   bool
	credit    int64         // customer credit from downgrades, negative
	pending   []InvoiceLine // downgrade prorations waiting for the next renewal
	changes   int
	renewals  int
	churnedAt int64
}

func (s *subSim) sub() *Subscription { return &s.g.m.Subscriptions[s.si] }

// runSubscription simulates a subscription that starts at start. It returns when the customer
// churned (ended, or became unpaid), or 0 while still subscribed at `now`.
func (tl *timeline) runSubscription(start int64, addon bool) int64 {
	g, r, b := tl.g, tl.r, tl.beh
	cur := tl.customer().Currency

	// Sign-up decisions: always the same draws in the same order.
	plan := g.p.Plans[pickWeighted(r, g.planW)].Plan
	multi, qtyDraw := chance(r, b.Multiseat), between(r, 2, 12)
	trial, trialDays := chance(r, b.Trial), []int64{7, 14, 30}[r.IntN(3)]
	hasCoupon, couponPick, couponPick2 := chance(r, b.Coupon), r.Float64(), r.Float64()
	metered := chance(r, 0.25)
	sendInv := chance(r, b.SendInvoice)
	tl.reactivates = chance(r, b.Reactivation)
	tl.reactivateDelay = between(r, 20, 120) * secondsPerDay

	if addon {
		plan, trial, metered, sendInv = PlanSupportAddon, false, false, false
	} else if b.plan != "" {
		plan = b.plan
	}
	tmpl := planTemplates[plan]
	qty := int64(1)
	if tmpl.perSeat && multi {
		qty = qtyDraw
	}
	if b.quantity > 0 {
		qty = b.quantity
	}
	switch {
	case b.trialDays > 0:
		trial, trialDays = true, b.trialDays
	case b.trialDays < 0:
		trial = false
	}
	monthly := tmpl.interval == "month" && tmpl.intervalCount == 1
	metered = (metered && monthly && plan != PlanFree && b.metered == 0) || b.metered == 1
	sendInv = (sendInv && tmpl.interval != "week" && b.sendInvoice == 0) || b.sendInvoice == 1
	if b.reactivate == 1 {
		tl.reactivates = true
	}
	if b.reactivateAfterDays > 0 {
		tl.reactivateDelay = b.reactivateAfterDays * secondsPerDay
	}

	s := &subSim{timeline: tl, interval: tmpl.interval, count: tmpl.intervalCount, sendInv: sendInv}
	sub := Subscription{
		ID:               tl.ids.next("sub"),
		Customer:         tl.cust,
		Currency:         cur,
		Created:          start,
		CollectionMethod: "charge_automatically",
	}
	if sendInv {
		sub.CollectionMethod = "send_invoice"
		sub.DaysUntilDue = 14
		if !monthly {
			sub.DaysUntilDue = 30
		}
	}
	items := []SubItem{{ID: tl.ids.next("si"), Price: g.prices[priceKey{plan, cur}], Quantity: qty, Created: start}}
	if metered {
		items = append(items, SubItem{ID: tl.ids.next("si"), Price: g.prices[priceKey{PlanAPIUsage, cur}], Created: start})
	}
	sub.Items = []ItemSpan{{At: start, Items: items}}
	if c := g.chooseCoupon(b, cur, plan, hasCoupon, couponPick, couponPick2); c >= 0 {
		g.m.Coupons[c].TimesRedeemed++
		d := &SubDiscount{ID: tl.ids.next("di"), Coupon: c, Start: start}
		if cp := g.m.Coupons[c]; cp.Duration == DurationRepeating {
			d.End = addMonths(start, int(cp.DurationInMonths))
			d.AppliesUntil = d.End
		}
		sub.Discount = d
	}
	sub.Changes = []SubChange{{At: start, Kind: ChangeCreated}}
	s.si = int32(len(g.m.Subscriptions))
	g.m.Subscriptions = append(g.m.Subscriptions, sub)

	anchor, ok := s.begin(start, trial, trialDays)
	if ok {
		s.cycle(anchor)
	}
	s.finish()
	return s.churnedAt
}

// chooseCoupon picks the subscription's coupon (-1 for none).
func (g *gen) chooseCoupon(b *behavior, cur string, plan PlanKey, has bool, pick, pick2 float64) int32 {
	if b.coupon == "none" || plan == PlanFree {
		return -1
	}
	if b.coupon != "" {
		if i, ok := g.coupons[b.coupon]; ok {
			return i
		}
		return -1
	}
	if !has {
		return -1
	}
	id := "LAUNCH25"
	switch {
	case pick < 0.27:
		id = "FOREVER20"
	case pick < 0.45:
		id = "LOYAL10"
	case pick < 0.8:
		id = "LAUNCH25"
	case cur == "usd" && pick2 < 0.5:
		id = "SAVE12USD"
	default:
		id = "WELCOME50"
	}
	return g.coupons[id]
}

// begin runs the subscription from creation to its first paid period: the trial (and what happens
// when it ends), or the first invoice and its payment. It returns the billing cycle anchor and
// whether the subscription goes on into regular billing.
func (s *subSim) begin(start int64, trial bool, trialDays int64) (int64, bool) {
	r, b, now := s.r, s.beh, s.g.now
	if !trial {
		incomplete := chance(r, b.Incomplete)
		recovers := chance(r, 0.5)
		retryDelay := between(r, secondsPerHour, 20*secondsPerHour)
		decline := firstPaymentDeclines[pickWeighted(r, firstPaymentDeclineWeights)]
		switch b.incomplete {
		case 1:
			incomplete, recovers = true, false
		case 2:
			incomplete, recovers = true, true
		}
		s.setStatus(start, StatusActive)
		pe := periodBoundary(start, s.interval, s.count, 1)
		s.sub().BillingCycleAnchor = start
		s.sub().Periods = append(s.sub().Periods, Period{start, pe})
		ii := s.newInvoice(start, "subscription_create", start, pe, false)
		inv := s.g.invoices.at(ii)
		inv.FinalizedAt = start
		if s.sendInv || inv.AmountDue == 0 {
			if s.sendInv {
				return start, s.collectByEmail(ii)
			}
			inv.PaidAt = start
			return start, true
		}
		if !incomplete {
			s.attempt(ii, start, 0)
			inv := s.g.invoices.at(ii)
			inv.PaidAt = start
			return start, true
		}
		// The first payment failed: the subscription is incomplete until the customer pays within
		// 23 hours, or it expires.
		s.sub().Statuses = nil
		s.setStatus(start, StatusIncomplete)
		s.attempt(ii, start, decline)
		if !recovers {
			exp := start + 23*secondsPerHour
			if exp > now {
				return 0, false
			}
			s.setStatus(exp, StatusIncompleteExpired)
			s.g.invoices.at(ii).VoidedAt = exp
			s.sub().EndedAt = exp
			s.addChange(exp, ChangeDeleted)
			return 0, false
		}
		at := start + retryDelay
		if at > now {
			return 0, false
		}
		s.attempt(ii, at, 0)
		s.g.invoices.at(ii).PaidAt = at
		s.setStatus(at, StatusActive)
		return start, true
	}

	// Trial: a $0 invoice now, a decision at trial end.
	convert := chance(r, b.TrialConversion)
	pause := chance(r, b.TrialPause)
	resume := chance(r, b.Resume)
	resumeDelay := between(r, 5, 45) * secondsPerDay
	pausedCancelDelay := between(r, 15, 90) * secondsPerDay
	switch b.trialEnd {
	case "convert":
		convert = true
	case "cancel":
		convert, pause = false, false
	case "pause":
		convert, pause = false, true
	}
	switch b.resume {
	case 1:
		resume = true
	case -1:
		resume = false
	}
	if b.resumeAfter > 0 {
		resumeDelay = b.resumeAfter * secondsPerDay
	}
	end := start + trialDays*secondsPerDay
	sub := s.sub()
	sub.TrialStart, sub.TrialEnd, sub.BillingCycleAnchor = start, end, end
	sub.Periods = append(sub.Periods, Period{start, end})
	s.setStatus(start, StatusTrialing)
	ii := s.newInvoice(start, "subscription_create", start, end, true)
	inv := s.g.invoices.at(ii)
	inv.FinalizedAt, inv.PaidAt = start, start
	if end > now {
		return 0, false
	}
	switch {
	case convert:
		s.setStatus(end, StatusActive)
		return end, s.renew(end, periodBoundary(end, s.interval, s.count, 1), "subscription_cycle")
	case pause:
		s.setStatus(end, StatusPaused)
		s.addChange(end, ChangePaused)
		if !resume {
			at := end + pausedCancelDelay
			if at <= now {
				s.end(at, "cancellation_requested")
			}
			return 0, false
		}
		at := end + resumeDelay
		if at > now {
			return 0, false
		}
		s.sub().BillingCycleAnchor = at
		s.setStatus(at, StatusActive)
		s.addChange(at, ChangeResumed)
		return at, s.renew(at, periodBoundary(at, s.interval, s.count, 1), "subscription_cycle")
	default:
		s.end(end, "cancellation_requested")
		return 0, false
	}
}

// Mid-period change kinds.
const (
	changeNone = iota
	changeUpgrade
	changeDowngrade
	changeQuantity
)

// cycle runs the billing periods from anchor (whose first period is already invoiced).
func (s *subSim) cycle(anchor int64) {
	r, b, now := s.r, s.beh, s.g.now
	settled := s.lastSettled()
	pe := periodBoundary(anchor, s.interval, s.count, 0)
	for k := 0; ; k++ {
		ps := pe
		pe = periodBoundary(anchor, s.interval, s.count, k+1)
		length := float64(pe - ps)

		// This period's decisions, always six draws.
		u, changeFrac := r.Float64(), 0.6+0.35*r.Float64()
		cancelRoll, nowRoll, cancelFrac := r.Float64(), r.Float64(), 0.6+0.35*r.Float64()
		qDelta := between(r, 1, 3)

		kind := changeNone
		switch {
		case u < b.Upgrade:
			kind = changeUpgrade
		case u < b.Upgrade+b.Downgrade:
			kind = changeDowngrade
		case u < b.Upgrade+b.Downgrade+b.QuantityChange:
			kind = changeQuantity
		}
		if b.maxChanges > 0 && s.changes >= b.maxChanges {
			kind = changeNone
		}
		cancel, cancelNow := cancelRoll < b.Cancel, nowRoll < b.CancelNow
		changeAt := ps + int64(changeFrac*length)
		cancelAt := ps + int64(cancelFrac*length)
		if b.cancelAt != 0 {
			cancel = b.cancelAt >= ps && b.cancelAt < pe
			cancelNow, cancelAt = b.cancelNow, b.cancelAt
		}
		// Nothing changes before the period's invoice is settled.
		if changeAt <= settled {
			kind = changeNone
		}
		if cancel && cancelAt <= settled {
			cancelAt = settled + secondsPerHour
			cancel = cancelAt < pe
		}

		steps := make([]periodStep, 0, 2)
		if kind != changeNone {
			steps = append(steps, periodStep{changeAt, false})
		}
		if cancel {
			steps = append(steps, periodStep{cancelAt, true})
		}
		if len(steps) == 2 && steps[1].at < steps[0].at {
			steps[0], steps[1] = steps[1], steps[0]
		}
		for _, st := range steps {
			if st.at > now {
				return
			}
			if !st.cancel {
				if s.change(st.at, kind, qDelta, ps, pe) {
					s.changes++
				}
				continue
			}
			sub := s.sub()
			if cancelNow {
				sub.CanceledAt = st.at
				s.end(st.at, "cancellation_requested")
				return
			}
			sub.CancelAtPeriodEnd, sub.CanceledAt, sub.CancelAt = true, st.at, pe
			sub.CancellationReason = "cancellation_requested"
			s.addChange(st.at, ChangeCancelScheduled)
		}
		if pe > now {
			return
		}
		if s.sub().CancelAtPeriodEnd {
			s.end(pe, "cancellation_requested")
			return
		}
		if !s.renew(pe, periodBoundary(anchor, s.interval, s.count, k+2), "subscription_cycle") {
			return
		}
		settled = s.lastSettled()
	}
}

// periodStep is a mid-period change or cancellation.
type periodStep struct {
	at     int64
	cancel bool
}

// lastSettled is when the latest invoice stopped being open (paid), or its creation.
func (s *subSim) lastSettled() int64 {
	inv := s.g.invoices.at(s.sub().Invoices[len(s.sub().Invoices)-1])
	if inv.PaidAt != 0 {
		return inv.PaidAt
	}
	return inv.Created
}

// renew opens the period starting at ps: its invoice and the invoice's collection. It reports
// whether the subscription goes on.
func (s *subSim) renew(ps, pe int64, reason string) bool {
	r, b, now := s.r, s.beh, s.g.now
	sub := s.sub()
	sub.Periods = append(sub.Periods, Period{ps, pe})
	ii := s.newInvoice(ps, reason, ps, pe, false)
	fin := ps + secondsPerHour
	if fin > now {
		return false
	}
	s.g.invoices.at(ii).FinalizedAt = fin
	if s.sendInv {
		return s.collectByEmail(ii)
	}
	if s.g.invoices.at(ii).AmountDue == 0 {
		s.g.invoices.at(ii).PaidAt = fin
		return true
	}
	s.renewals++

	// Renewal decisions, always the same draws.
	fail := chance(r, b.PaymentFailure)
	var recovers [3]bool
	for i := range recovers {
		recovers[i] = chance(r, b.RetryRecovery)
	}
	decline := renewalDeclines[pickWeighted(r, renewalDeclineWeights)]
	unpaid := chance(r, b.FinalUnpaid)
	unpaidDays := between(r, 25, 60)
	var jitter [4]int64
	for i := range jitter {
		jitter[i] = between(r, 0, 50*60)
	}

	failures := 0
	if fail {
		failures = 1
		for failures < 4 && !recovers[failures-1] {
			failures++
		}
	}
	if b.failRenewal == s.renewals {
		failures = b.failures
	}
	switch b.finalUnpaid {
	case 1:
		unpaid = true
	case -1:
		unpaid = false
	}

	offsets := [4]int64{0, 3 * secondsPerDay, 5 * secondsPerDay, 7 * secondsPerDay}
	if s.interval == "week" || s.interval == "day" {
		offsets = [4]int64{0, secondsPerDay, 2 * secondsPerDay, 4 * secondsPerDay}
	}
	var last int64
	for i := 0; i < 4; i++ {
		at := fin + offsets[i] + jitter[i]
		if i == 0 {
			at = fin
		}
		if at > now {
			s.g.invoices.at(ii).NextAttempt = at
			return false
		}
		if i >= failures {
			s.attempt(ii, at, 0)
			s.g.invoices.at(ii).PaidAt = at
			s.setStatus(at, StatusActive)
			return true
		}
		s.attempt(ii, at, decline)
		if i == 0 {
			s.setStatus(at, StatusPastDue)
		}
		last = at
	}
	// Every retry failed.
	final := last + secondsPerHour
	if final > now {
		return false
	}
	if unpaid {
		s.setStatus(final, StatusUnpaid)
		s.churnedAt = final
		at := final + unpaidDays*secondsPerDay
		if at <= now {
			s.g.invoices.at(ii).UncollectibleAt = at
			s.sub().CanceledAt = at
			s.end(at, "payment_failed")
			s.churnedAt = final
		}
		return false
	}
	s.g.invoices.at(ii).UncollectibleAt = final
	s.sub().CanceledAt = final
	s.end(final, "payment_failed")
	return false
}

// collectByEmail settles an emailed invoice: paid before its due date, late (the subscription is
// past_due from the due date until payment), or never (voided, and the subscription canceled).
func (s *subSim) collectByEmail(ii int32) bool {
	r, b, now := s.r, s.beh, s.g.now
	late, never := chance(r, b.LateInvoice), chance(r, 0.25)
	onTimeDelay := between(r, secondsPerDay, (s.sub().DaysUntilDue-1)*secondsPerDay)
	lateDelay := between(r, secondsPerDay, 8*secondsPerDay)
	switch b.late {
	case -1:
		late = false
	case 1:
		late, never = true, false
	case 2:
		late, never = true, true
	}
	inv := s.g.invoices.at(ii)
	if inv.FinalizedAt == 0 {
		inv.FinalizedAt = inv.Created
	}
	fin := inv.FinalizedAt
	due := fin + s.sub().DaysUntilDue*secondsPerDay
	inv.DueDate = due
	if inv.AmountDue == 0 {
		inv.PaidAt = fin
		return true
	}
	if !late {
		at := fin + onTimeDelay
		if at > now {
			return false
		}
		s.attempt(ii, at, 0)
		s.g.invoices.at(ii).PaidAt = at
		return true
	}
	if due > now {
		return false
	}
	s.setStatus(due, StatusPastDue)
	if never {
		at := due + 10*secondsPerDay
		if at > now {
			return false
		}
		s.g.invoices.at(ii).VoidedAt = at
		s.sub().CanceledAt = at
		s.end(at, "payment_failed")
		return false
	}
	at := due + lateDelay
	if at > now {
		return false
	}
	s.attempt(ii, at, 0)
	s.g.invoices.at(ii).PaidAt = at
	s.setStatus(at, StatusActive)
	return true
}

// end ends the subscription at t.
func (s *subSim) end(t int64, reason string) {
	sub := s.sub()
	s.setStatus(t, StatusCanceled)
	sub.EndedAt = t
	if sub.CanceledAt == 0 {
		sub.CanceledAt = t
	}
	if sub.CancellationReason == "" || reason == "payment_failed" {
		sub.CancellationReason = reason
	}
	s.addChange(t, ChangeDeleted)
	if s.churnedAt == 0 {
		s.churnedAt = t
	}
}

// setStatus records a status from t (no-op when unchanged).
func (s *subSim) setStatus(t int64, status string) {
	sub := s.sub()
	if n := len(sub.Statuses); n > 0 {
		if sub.Statuses[n-1].Status == status {
			return
		}
		if status != StatusCanceled && status != StatusPaused {
			s.addChange(t, ChangeStatus)
		}
	}
	sub.Statuses = append(sub.Statuses, StatusSpan{At: t, Status: status})
}

func (s *subSim) addChange(t int64, k ChangeKind) {
	sub := s.sub()
	sub.Changes = append(sub.Changes, SubChange{At: t, Kind: k})
}

// finish records discount expiries as changes and orders the changes.
func (s *subSim) finish() {
	sub := s.sub()
	sub.Pending = s.pending
	if d := sub.Discount; d != nil {
		ends := d.End
		if d.RemovedAt != 0 {
			ends = d.RemovedAt
		}
		if ends != 0 && ends <= s.g.now && (sub.EndedAt == 0 || ends < sub.EndedAt) {
			sub.Changes = append(sub.Changes, SubChange{At: ends, Kind: ChangeDiscountEnded})
		}
	}
	sort.SliceStable(sub.Changes, func(i, j int) bool { return sub.Changes[i].At < sub.Changes[j].At })
}
