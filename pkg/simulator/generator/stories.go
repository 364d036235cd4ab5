package generator

// Story customers act out one feature each, timed relative to `now` so that a two-month history
// still contains every status, movement and money flow the metrics must handle. They use their own
// arrival numbers (above any random arrival) on the account's first day.

type story struct {
	name string
	beh  behavior
	// daysAgo is when the customer signs up (and subscribes, unless beh.subscribeAt is set).
	daysAgo float64
}

func (g *gen) stories() {
	// Every call moves its answer a further 61 seconds back, so no two stories act in the same
	// second (Stripe lists tie on created; the stories should not all sit on one second).
	calls := int64(0)
	ago := func(days float64) int64 {
		calls++
		t := g.now - int64(days*secondsPerDay) - calls*61
		return max(t, g.start+secondsPerHour+calls*61)
	}
	monthBefore := func(daysAgo float64) int64 { return max(addMonths(ago(daysAgo), -1), g.start+secondsPerHour) }
	base := func() behavior {
		return behavior{Rates: Rates{Subscribe: 1}, currency: "usd", plan: PlanProMonthly, coupon: "none", trialDays: -1,
			metered: -1, sendInvoice: -1, late: -1, noAftermath: true, fast: true}
	}
	with := func(f func(b *behavior)) behavior {
		b := base()
		f(&b)
		return b
	}
	stories := []story{
		{"trial_converts", with(func(b *behavior) { b.trialDays, b.trialEnd = 14, "convert" }), 40},
		{"trial_cancels", with(func(b *behavior) { b.plan, b.trialDays, b.trialEnd = PlanStarterMonthly, 7, "cancel" }), 30},
		{"trial_paused", with(func(b *behavior) { b.trialDays, b.trialEnd, b.resume = 7, "pause", -1 }), 20},
		{"trial_paused_resumes", with(func(b *behavior) { b.trialDays, b.trialEnd, b.resume, b.resumeAfter = 7, "pause", 1, 20 }), 45},
		{"trialing_now", with(func(b *behavior) { b.trialDays = 30 }), 5},
		{"upgrade", with(func(b *behavior) { b.plan, b.Upgrade, b.maxChanges = PlanStarterMonthly, 1, 1 }), 58},
		{"downgrade", with(func(b *behavior) { b.plan, b.Downgrade, b.maxChanges = PlanBusinessMonthly, 1, 1 }), 58},
		{"quantity_change", with(func(b *behavior) { b.plan, b.quantity, b.QuantityChange, b.maxChanges = PlanSeatsVolume, 4, 1, 1 }), 57},
		{"yearly", with(func(b *behavior) { b.plan, b.quantity = PlanProYearly, 3 }), 50},
		{"weekly_upgrade", with(func(b *behavior) { b.plan, b.Upgrade, b.maxChanges = PlanTeamWeekly, 1, 1 }), 45},
		{"quarterly", with(func(b *behavior) { b.plan = PlanBusinessQuarterly }), 40},
		{"graduated_seats", with(func(b *behavior) { b.plan, b.quantity = PlanSeatsGraduated, 14 }), 35},
		{"free_plan", with(func(b *behavior) { b.plan = PlanFree }), 30},
		{"metered", with(func(b *behavior) { b.plan, b.metered = PlanStarterMonthly, 1 }), 58},
		{"cancel_scheduled", with(func(b *behavior) { b.cancelAt = ago(5) }), 20},
		{"cancel_at_period_end", with(func(b *behavior) { b.cancelAt = ago(50) }), 58},
		{"cancel_now", with(func(b *behavior) { b.plan, b.cancelAt, b.cancelNow = PlanStarterMonthly, ago(25), true }), 45},
		{"past_due_now", with(func(b *behavior) { b.subscribeAt, b.failRenewal, b.failures = monthBefore(2), 1, 4 }), 0},
		{"unpaid_now", with(func(b *behavior) { b.subscribeAt, b.failRenewal, b.failures, b.finalUnpaid = monthBefore(15), 1, 4, 1 }), 0},
		{"dunning_cancels", with(func(b *behavior) { b.subscribeAt, b.failRenewal, b.failures, b.finalUnpaid = monthBefore(30), 1, 4, -1 }), 0},
		{"dunning_recovers", with(func(b *behavior) { b.subscribeAt, b.failRenewal, b.failures = monthBefore(25), 1, 2 }), 0},
		{"incomplete_expired", with(func(b *behavior) { b.incomplete = 1 }), 10},
		{"incomplete_recovers", with(func(b *behavior) { b.incomplete = 2 }), 12},
		{"incomplete_now", with(func(b *behavior) { b.incomplete = 1 }), 0.2},
		{"coupon_forever", with(func(b *behavior) { b.coupon = "FOREVER20" }), 50},
		{"coupon_repeating", with(func(b *behavior) { b.plan, b.coupon = PlanStarterMonthly, "LAUNCH25" }), 55},
		{"coupon_once", with(func(b *behavior) { b.coupon = "WELCOME50" }), 45},
		{"coupon_amount_off", with(func(b *behavior) { b.plan, b.coupon = PlanStarterYearly, "SAVE12USD" }), 40},
		{"jpy_customer", with(func(b *behavior) {
			b.currency = "jpy"
			b.oneOffs = []oneOffScript{{at: ago(30), amount: 12000, kind: oneOffPaid, refund: "partial", refundAfter: secondsPerDay}}
		}), 50},
		{"kwd_customer", with(func(b *behavior) {
			b.currency, b.plan = "kwd", PlanStarterMonthly
			b.oneOffs = []oneOffScript{{at: ago(28), amount: 15500, kind: oneOffPaid, refund: "full", refundAfter: secondsPerDay}}
		}), 50},
		{"eur_converted", with(func(b *behavior) {
			b.currency, b.plan = "eur", PlanBusinessMonthly
			b.oneOffs = []oneOffScript{{at: ago(26), amount: 8900, kind: oneOffPaid, refund: "partial", refundAfter: secondsPerDay}}
		}), 50},
		{"send_invoice_past_due", with(func(b *behavior) { b.sendInvoice, b.late = 1, 2 }), 20},
		{"send_invoice_on_time", with(func(b *behavior) { b.sendInvoice, b.late = 1, -1 }), 40},
		{"two_subscriptions", with(func(b *behavior) { b.SecondSubscription, b.addonAt = 1, ago(30) }), 58},
		{"reactivation", with(func(b *behavior) {
			b.cancelAt, b.cancelNow, b.reactivate, b.reactivateAfterDays = ago(50), true, 1, 20
		}), 58},
		{"one_offs", with(func(b *behavior) {
			b.Subscribe = 0
			b.oneOffs = []oneOffScript{
				{at: ago(40), amount: 4900, kind: oneOffPaid, refund: "full", refundAfter: 2 * secondsPerDay},
				{at: ago(38), amount: 12900, kind: oneOffPaid, refund: "partial", refundAfter: secondsPerDay},
				{at: ago(55), amount: 9900, kind: oneOffPaid, dispute: "won", disputeAfter: 2 * secondsPerDay},
				{at: ago(50), amount: 19900, kind: oneOffPaid, dispute: "lost", disputeAfter: 2 * secondsPerDay},
				{at: ago(40), amount: 2900, kind: oneOffPaid, dispute: "inquiry", disputeAfter: 2 * secondsPerDay},
				{at: ago(20), amount: 29900, kind: oneOffPaid, dispute: "open", disputeAfter: 3 * secondsPerDay},
				{at: ago(30), amount: 49900, kind: oneOffBlocked},
				{at: ago(25), amount: 7900, kind: oneOffDeclinedRetry, decline: declineInsufficientFunds, retryGap: 600},
				{at: ago(24), amount: 7900, kind: oneOffDeclined, decline: declineExpiredCard, retryGap: 900},
				{at: ago(20), amount: 15000, kind: oneOffBankPaid},
				{at: ago(1), amount: 17000, kind: oneOffBankPaid},
				{at: ago(15), amount: 25000, kind: oneOffBankFailed},
				{at: ago(10), amount: 30000, kind: oneOffPartialCapture, captureOf: 0.6},
			}
		}), 58},
	}
	first := dayOf(g.start)
	for i, st := range stories {
		signup := ago(st.daysAgo)
		if st.beh.subscribeAt != 0 {
			signup = min(signup, st.beh.subscribeAt)
		}
		for _, o := range st.beh.oneOffs {
			signup = min(signup, o.at)
		}
		g.customerLife(first, storyArrivalBase+i, signup, st.beh, st.name)
	}
}
