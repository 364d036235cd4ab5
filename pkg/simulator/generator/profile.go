package generator

import (
	"fmt"
	"time"
)

// Profile describes the account to generate. It is a plain struct so a test can take a named
// profile and change one knob. Rates are probabilities in [0, 1] unless a comment says otherwise.
type Profile struct {
	Name string

	// HistoryMonths is how much history precedes `now` when Start is zero.
	HistoryMonths int
	// Start, when set, is the fixed moment the account's history begins (the demo uses a fixed
	// calendar date so that a moving `now` extends history instead of rewriting it).
	Start time.Time

	// NewCustomersPerDay is the mean number of customer sign-ups per day at Start; it grows by
	// MonthlyGrowth (0.05 = 5%) every 30 days.
	NewCustomersPerDay float64
	MonthlyGrowth      float64

	// PresentmentCurrencies are the currencies customers pay in, with relative weights.
	PresentmentCurrencies []CurrencyWeight
	// SettlementCurrencies are the account's bank account currencies; the first is the default.
	// A charge presented in a settlement currency settles in it; any other charge is converted
	// into the default settlement currency (balance transaction with exchange_rate).
	SettlementCurrencies []string
	// MarketRates makes exchange rates follow a market path (MarketRate): each currency's dollar
	// value drifts day by day, so cross rates agree and MRR in one reporting currency moves with
	// rates alone (the fx movement). Otherwise each pair's rate wiggles around a fixed base.
	MarketRates bool
	// WeeklyPayouts pays out every Monday instead of every day.
	WeeklyPayouts bool

	// Plans are the catalog's plan templates customers choose from at sign-up, with weights.
	Plans []PlanWeight

	Rates Rates

	// EventDays is how many days of events the account keeps (Stripe keeps 30).
	EventDays int
	// Stories adds scripted customers that exercise every feature at least once, timed relative to
	// `now` (used by "tiny" so a handful of customers still cover everything).
	Stories bool

	// APIVersions is the account's API version history relative to `now`, oldest span first:
	// each event's data.object and previous_attributes are rendered in the version the account
	// had when the event was created, and its api_version names it (list and retrieve responses
	// stay in the pinned version whatever Stripe-Version asks). Nil or empty: every event in the
	// pinned version (APIVersion). Generation does not read it: the same seed gives the same
	// model, ids and events with or without it. The built-in profiles have a mixed history
	// (see builtinProfiles); set it to nil for an account whose events are all pinned.
	APIVersions []APIVersionSpan

	// BusinessName is the account's name (business_profile.name, and the Dashboard display name
	// with the profile's name); empty means "Simulated SaaS, Inc.". Generation does not read it.
	// A platform's connected accounts get names of their own.
	BusinessName string
}

// CurrencyWeight is one presentment currency and its share of customers.
type CurrencyWeight struct {
	Currency string
	Weight   float64
}

// PlanWeight is one plan template and its share of new subscriptions.
type PlanWeight struct {
	Plan   PlanKey
	Weight float64
}

// Rates are the behaviour knobs. "Per period" means per billing period of a subscription.
type Rates struct {
	Subscribe          float64 // share of customers that subscribe (the rest only buy one-off)
	OneOffPerCustomer  float64 // mean number of one-off charges per customer (Poisson)
	SecondSubscription float64 // share of subscribers that add a support add-on subscription
	Multiseat          float64 // share of per-seat plans bought with quantity > 1

	Trial           float64 // share of new subscriptions that start with a trial
	TrialConversion float64 // share of trials that end with a payment method and convert
	TrialPause      float64 // share of non-converting trials that pause (the rest cancel)
	Resume          float64 // share of paused subscriptions that later resume

	Upgrade        float64 // per period
	Downgrade      float64 // per period
	QuantityChange float64 // per period, seat plans only
	Cancel         float64 // per period
	CancelNow      float64 // share of cancellations that are immediate (the rest at period end)
	Reactivation   float64 // share of churned customers that subscribe again later

	PaymentFailure float64 // per renewal: the first attempt fails
	RetryRecovery  float64 // per retry after a failure: the retry succeeds
	FinalUnpaid    float64 // when every retry failed: share marked unpaid (the rest canceled)
	Incomplete     float64 // the first payment of a subscription without trial fails

	Coupon         float64 // share of new subscriptions with a coupon
	SendInvoice    float64 // share of subscribers billed by emailed invoice with 30 days to pay
	LateInvoice    float64 // share of emailed invoices paid after their due date (or never)
	Blocked        float64 // share of one-off charges blocked by Radar as fraudulent
	BankDebit      float64 // share of one-off charges paid by bank debit (can fail after days)
	BankFailure    float64 // share of bank debits that fail (charge_failure)
	PartialCapture float64 // share of one-off charges captured only partially

	Refund        float64 // share of successful charges refunded
	PartialRefund float64 // share of refunds that are partial
	Dispute       float64 // share of successful charges disputed
	Inquiry       float64 // share of disputes that are inquiries (warning_*), no funds moved
	DisputeWin    float64 // share of chargebacks with evidence that are won
}

// Validate reports the first problem that would make generation meaningless.
func (p *Profile) Validate() error {
	if p.HistoryMonths < 1 && p.Start.IsZero() {
		return fmt.Errorf("profile %q: HistoryMonths must be >= 1 (or Start set)", p.Name)
	}
	if p.HistoryMonths > 240 {
		return fmt.Errorf("profile %q: HistoryMonths %d is more than 20 years", p.Name, p.HistoryMonths)
	}
	if p.NewCustomersPerDay < 0 || p.NewCustomersPerDay > 20000 {
		return fmt.Errorf("profile %q: NewCustomersPerDay %g out of range [0, 20000]", p.Name, p.NewCustomersPerDay)
	}
	if p.MonthlyGrowth < -0.5 || p.MonthlyGrowth > 1 {
		return fmt.Errorf("profile %q: MonthlyGrowth %g out of range [-0.5, 1]", p.Name, p.MonthlyGrowth)
	}
	if len(p.PresentmentCurrencies) == 0 {
		return fmt.Errorf("profile %q: no presentment currencies", p.Name)
	}
	positive := false
	for _, cw := range p.PresentmentCurrencies {
		if !knownCurrency(cw.Currency) {
			return fmt.Errorf("profile %q: unknown presentment currency %q", p.Name, cw.Currency)
		}
		if cw.Weight < 0 {
			return fmt.Errorf("profile %q: negative weight for %s", p.Name, cw.Currency)
		}
		positive = positive || cw.Weight > 0
	}
	if !positive {
		return fmt.Errorf("profile %q: every presentment currency has weight 0", p.Name)
	}
	if len(p.SettlementCurrencies) == 0 {
		return fmt.Errorf("profile %q: no settlement currencies", p.Name)
	}
	for _, c := range p.SettlementCurrencies {
		if !knownCurrency(c) {
			return fmt.Errorf("profile %q: unknown settlement currency %q", p.Name, c)
		}
	}
	if len(p.Plans) == 0 {
		return fmt.Errorf("profile %q: no plans", p.Name)
	}
	positive = false
	for _, pw := range p.Plans {
		if _, ok := planTemplates[pw.Plan]; !ok {
			return fmt.Errorf("profile %q: unknown plan %q", p.Name, pw.Plan)
		}
		if pw.Weight < 0 {
			return fmt.Errorf("profile %q: negative weight for plan %q", p.Name, pw.Plan)
		}
		positive = positive || pw.Weight > 0
	}
	if !positive {
		return fmt.Errorf("profile %q: every plan has weight 0", p.Name)
	}
	if p.EventDays < 0 || p.EventDays > 90 {
		return fmt.Errorf("profile %q: EventDays %d out of range [0, 90]", p.Name, p.EventDays)
	}
	if err := validateAPIVersions(p.APIVersions); err != nil {
		return fmt.Errorf("profile %q: %w", p.Name, err)
	}
	if p.Rates.OneOffPerCustomer < 0 || p.Rates.OneOffPerCustomer > 50 {
		return fmt.Errorf("profile %q: Rates.OneOffPerCustomer %g out of range [0, 50]", p.Name, p.Rates.OneOffPerCustomer)
	}
	for _, r := range p.Rates.probabilities() {
		if r.value < 0 || r.value > 1 {
			return fmt.Errorf("profile %q: Rates.%s = %g, want a probability in [0, 1]", p.Name, r.name, r.value)
		}
	}
	return nil
}

type namedRate struct {
	name  string
	value float64
}

// probabilities lists every probability knob by name, in a fixed order so the first bad one is
// always the one reported.
func (r Rates) probabilities() []namedRate {
	return []namedRate{
		{"Subscribe", r.Subscribe}, {"SecondSubscription", r.SecondSubscription}, {"Multiseat", r.Multiseat},
		{"Trial", r.Trial}, {"TrialConversion", r.TrialConversion}, {"TrialPause", r.TrialPause}, {"Resume", r.Resume},
		{"Upgrade", r.Upgrade}, {"Downgrade", r.Downgrade}, {"QuantityChange", r.QuantityChange},
		{"Cancel", r.Cancel}, {"CancelNow", r.CancelNow}, {"Reactivation", r.Reactivation},
		{"PaymentFailure", r.PaymentFailure}, {"RetryRecovery", r.RetryRecovery}, {"FinalUnpaid", r.FinalUnpaid},
		{"Incomplete", r.Incomplete}, {"Coupon", r.Coupon}, {"SendInvoice", r.SendInvoice}, {"LateInvoice", r.LateInvoice},
		{"Blocked", r.Blocked}, {"BankDebit", r.BankDebit}, {"BankFailure", r.BankFailure}, {"PartialCapture", r.PartialCapture},
		{"Refund", r.Refund}, {"PartialRefund", r.PartialRefund}, {"Dispute", r.Dispute}, {"Inquiry", r.Inquiry},
		{"DisputeWin", r.DisputeWin},
	}
}
