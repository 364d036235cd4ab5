package generator

import (
	"fmt"
	"sort"
)

// defaultRates are the behaviour of a typical B2B SaaS account.
func defaultRates() Rates {
	return Rates{
		Subscribe: 0.85, OneOffPerCustomer: 0.4, SecondSubscription: 0.08, Multiseat: 0.3,
		Trial: 0.35, TrialConversion: 0.6, TrialPause: 0.3, Resume: 0.5,
		Upgrade: 0.03, Downgrade: 0.015, QuantityChange: 0.03, Cancel: 0.035, CancelNow: 0.3, Reactivation: 0.15,
		PaymentFailure: 0.06, RetryRecovery: 0.55, FinalUnpaid: 0.4, Incomplete: 0.04,
		Coupon: 0.25, SendInvoice: 0.07, LateInvoice: 0.25,
		Blocked: 0.03, BankDebit: 0.1, BankFailure: 0.08, PartialCapture: 0.02,
		Refund: 0.03, PartialRefund: 0.4, Dispute: 0.006, Inquiry: 0.15, DisputeWin: 0.45,
	}
}

// defaultPlans weights the sign-up plans.
func defaultPlans() []PlanWeight {
	return []PlanWeight{
		{PlanStarterMonthly, 25}, {PlanProMonthly, 20}, {PlanBusinessMonthly, 6}, {PlanStarterYearly, 8},
		{PlanProYearly, 6}, {PlanBusinessQuarterly, 3}, {PlanTeamWeekly, 4}, {PlanTeamPlusWeekly, 2},
		{PlanSeatsVolume, 8}, {PlanSeatsGraduated, 5}, {PlanFree, 5},
	}
}

// builtinProfiles builds the named profiles. Every one has a mixed API version history
// (mixedHistory): its events before day -12 are in an old version, then in BasilVersion, and in the
// pinned APIVersion for the last 3 days, the way an account upgraded recently looks. The old
// versions differ so that each is exercised somewhere: 2020-08-27 (tiny, multi_currency: no
// subscription.discounts, embedded charge.refunds), 2023-10-16 (medium, zero_and_three_decimal),
// 2024-06-20 (small and so the demo, large, heavy_refunds_disputes). Set APIVersions to nil for
// an account whose events are all in the pinned version.
var builtinProfiles = map[string]func() Profile{
	// tiny: unit tests. A few random customers over two months plus scripted story customers that
	// exercise every feature at least once.
	"tiny": func() Profile {
		return Profile{Name: "tiny", HistoryMonths: 2, NewCustomersPerDay: 0.4,
			PresentmentCurrencies: []CurrencyWeight{{"usd", 60}, {"eur", 20}, {"jpy", 10}, {"kwd", 10}},
			SettlementCurrencies:  []string{"usd"}, Plans: defaultPlans(), Rates: defaultRates(), EventDays: 30,
			APIVersions: mixedHistory("2020-08-27"), Stories: true}
	},
	// small: the demo account and quick integration tests.
	"small": func() Profile {
		return Profile{Name: "small", HistoryMonths: 12, NewCustomersPerDay: 5, MonthlyGrowth: 0.04,
			PresentmentCurrencies: []CurrencyWeight{{"usd", 70}, {"eur", 15}, {"gbp", 10}, {"jpy", 5}},
			SettlementCurrencies:  []string{"usd", "eur"}, Plans: defaultPlans(), Rates: defaultRates(), EventDays: 30,
			APIVersions: mixedHistory("2024-06-20")}
	},
	"medium": func() Profile {
		return Profile{Name: "medium", HistoryMonths: 24, NewCustomersPerDay: 25, MonthlyGrowth: 0.03,
			PresentmentCurrencies: []CurrencyWeight{{"usd", 60}, {"eur", 15}, {"gbp", 10}, {"cad", 5}, {"aud", 5}, {"jpy", 5}},
			SettlementCurrencies:  []string{"usd", "eur", "gbp"}, Plans: defaultPlans(), Rates: defaultRates(), EventDays: 30,
			APIVersions: mixedHistory("2023-10-16")}
	},
	// large: benchmarks; over a million balance transactions. A third of them come from one-off
	// purchases (an e-commerce side to the business), which keeps the rendered store smaller than
	// invoices would. Events cover 30 days like every profile: their payloads are rendered when
	// served, so they cost little memory.
	"large": func() Profile {
		r := defaultRates()
		r.OneOffPerCustomer = 3.5
		return Profile{Name: "large", HistoryMonths: 24, NewCustomersPerDay: 116, MonthlyGrowth: 0.03,
			PresentmentCurrencies: []CurrencyWeight{{"usd", 60}, {"eur", 15}, {"gbp", 10}, {"cad", 5}, {"aud", 5}, {"jpy", 5}},
			SettlementCurrencies:  []string{"usd", "eur", "gbp"}, Plans: defaultPlans(), Rates: r, EventDays: 30,
			APIVersions: mixedHistory("2024-06-20")}
	},
	// multi_currency: four settlement currencies, two more converted into usd, at rates that follow
	// a market path day by day (MarketRates).
	"multi_currency": func() Profile {
		return Profile{Name: "multi_currency", HistoryMonths: 12, NewCustomersPerDay: 12, MonthlyGrowth: 0.02, MarketRates: true,
			PresentmentCurrencies: []CurrencyWeight{{"usd", 30}, {"eur", 25}, {"gbp", 20}, {"cad", 10}, {"aud", 10}, {"jpy", 5}},
			SettlementCurrencies:  []string{"usd", "eur", "gbp", "cad"}, Plans: defaultPlans(), Rates: defaultRates(), EventDays: 30,
			APIVersions: mixedHistory("2020-08-27")}
	},
	// zero_and_three_decimal: JPY and KWD presented and settled; BHD (3 decimals) converted into
	// JPY (0 decimals), USD alongside.
	"zero_and_three_decimal": func() Profile {
		return Profile{Name: "zero_and_three_decimal", HistoryMonths: 12, NewCustomersPerDay: 8,
			PresentmentCurrencies: []CurrencyWeight{{"jpy", 45}, {"kwd", 35}, {"usd", 10}, {"bhd", 10}},
			SettlementCurrencies:  []string{"jpy", "kwd", "usd"}, Plans: defaultPlans(), Rates: defaultRates(), EventDays: 30,
			APIVersions: mixedHistory("2023-10-16")}
	},
	// heavy_refunds_disputes: many refunds, disputes, inquiries and Radar blocks; weekly payouts
	// (so dispute withdrawals can take the available balance below zero between payouts).
	"heavy_refunds_disputes": func() Profile {
		r := defaultRates()
		r.Refund, r.PartialRefund, r.Dispute, r.Inquiry, r.DisputeWin, r.Blocked = 0.2, 0.5, 0.05, 0.2, 0.35, 0.08
		r.OneOffPerCustomer = 1.5
		return Profile{Name: "heavy_refunds_disputes", HistoryMonths: 12, NewCustomersPerDay: 8,
			PresentmentCurrencies: []CurrencyWeight{{"usd", 100}},
			SettlementCurrencies:  []string{"usd"}, WeeklyPayouts: true, Plans: defaultPlans(), Rates: r, EventDays: 30,
			APIVersions: mixedHistory("2024-06-20")}
	},
}

// ProfileNames lists the built-in profiles, sorted.
func ProfileNames() []string {
	names := make([]string, 0, len(builtinProfiles))
	for n := range builtinProfiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// NamedProfile returns a fresh copy of a built-in profile, to use as is or tweak.
func NamedProfile(name string) (Profile, error) {
	f, ok := builtinProfiles[name]
	if !ok {
		return Profile{}, fmt.Errorf("generator: unknown profile %q (known: %v)", name, ProfileNames())
	}
	return f(), nil
}
