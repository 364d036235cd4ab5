package generator

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC)

func generateNamed(t *testing.T, name string, seed uint64, now time.Time) *Model {
	t.Helper()
	p, err := NamedProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Generate(p, seed, now)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestDeterministic(t *testing.T) {
	for _, name := range []string{"tiny", "small", "zero_and_three_decimal"} {
		a, b := generateNamed(t, name, 11, testNow), generateNamed(t, name, 11, testNow)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two runs with the same inputs differ", name)
		}
		c := generateNamed(t, name, 12, testNow)
		if reflect.DeepEqual(a.Ledger, c.Ledger) || a.Customers[0].ID == c.Customers[0].ID {
			t.Errorf("%s: seeds 11 and 12 give the same account", name)
		}
	}
}

// Every ID is unique across the account (within each prefix, Stripe's IDs are unique).
func TestIDsUnique(t *testing.T) {
	m := generateNamed(t, "small", 3, testNow)
	seen := map[string]string{}
	add := func(id, what string) {
		if id == "" {
			return
		}
		if prev, ok := seen[id]; ok {
			t.Fatalf("ID %s used by %s and %s", id, prev, what)
		}
		seen[id] = what
	}
	for _, c := range m.Customers {
		add(c.ID, "customer")
	}
	for _, s := range m.Subscriptions {
		add(s.ID, "subscription")
		for _, span := range s.Items[:1] {
			for _, it := range span.Items {
				add(it.ID, "item")
			}
		}
	}
	for _, inv := range m.Invoices {
		add(inv.ID, "invoice")
		add(inv.PaymentIntent, "payment intent")
		for _, l := range inv.Lines {
			add(l.ID, "line")
			add(l.InvoiceItem, "invoice item")
		}
	}
	for _, c := range m.Charges {
		add(c.ID, "charge")
	}
	for _, e := range m.Ledger {
		add(e.ID, "balance transaction")
	}
	for _, e := range m.Events {
		add(e.ID, "event")
	}
	for _, r := range m.Refunds {
		add(r.ID, "refund")
	}
	for _, d := range m.Disputes {
		add(d.ID, "dispute")
	}
	for _, p := range m.Payouts {
		add(p.ID, "payout")
	}
}

// With a fixed start (the demo), generating later extends history: every balance transaction,
// charge and subscription created by the earlier `now` is still there with the same ID and values.
func TestLaterNowExtendsHistory(t *testing.T) {
	p, _ := NamedProfile("small")
	p.Start = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	now1 := time.Date(2026, 1, 20, 9, 30, 0, 0, time.UTC)
	now2 := now1.Add(17*24*time.Hour + 5*time.Hour)
	m1, err := Generate(p, 5, now1)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Generate(p, 5, now2)
	if err != nil {
		t.Fatal(err)
	}
	type txn struct {
		ID, Cur           string
		Created, Amt, Fee int64
	}
	collect := func(m *Model) map[string]txn {
		out := map[string]txn{}
		for _, e := range m.Ledger {
			if e.Created <= now1.Unix() {
				out[e.ID] = txn{e.ID, e.Currency, e.Created, e.Amount, e.Fee}
			}
		}
		return out
	}
	a, b := collect(m1), collect(m2)
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Fatalf("balance transactions before the first now differ: %d vs %d", len(a), len(b))
	}
	charges := map[string]int64{}
	for _, c := range m2.Charges {
		charges[c.ID] = c.Amount
	}
	for _, c := range m1.Charges {
		if charges[c.ID] != c.Amount {
			t.Fatalf("charge %s changed or vanished", c.ID)
		}
	}
	subs := map[string]int64{}
	for _, s := range m2.Subscriptions {
		subs[s.ID] = s.Created
	}
	for _, s := range m1.Subscriptions {
		if subs[s.ID] != s.Created {
			t.Fatalf("subscription %s changed or vanished", s.ID)
		}
	}
	if len(m2.Ledger) <= len(m1.Ledger) {
		t.Fatal("later now added no history")
	}
}

func TestBadProfilesAreErrors(t *testing.T) {
	mutations := map[string]func(p *Profile){
		"no history":          func(p *Profile) { p.HistoryMonths = 0 },
		"unknown currency":    func(p *Profile) { p.PresentmentCurrencies = []CurrencyWeight{{"xyz", 1}} },
		"no settlement":       func(p *Profile) { p.SettlementCurrencies = nil },
		"bad probability":     func(p *Profile) { p.Rates.Refund = 1.5 },
		"unknown plan":        func(p *Profile) { p.Plans = []PlanWeight{{"enterprise", 1}} },
		"zero weights":        func(p *Profile) { p.Plans = []PlanWeight{{PlanFree, 0}} },
		"negative arrivals":   func(p *Profile) { p.NewCustomersPerDay = -1 },
		"start after now":     func(p *Profile) { p.Start = testNow.Add(time.Hour) },
		"too many event days": func(p *Profile) { p.EventDays = 365 },
	}
	for name, mutate := range mutations {
		p, _ := NamedProfile("tiny")
		mutate(&p)
		if _, err := Generate(p, 1, testNow); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := NamedProfile("huge"); err == nil || !strings.Contains(err.Error(), "tiny") {
		t.Errorf("unknown profile error should list the known ones: %v", err)
	}
	p, _ := NamedProfile("tiny")
	if _, err := Generate(p, 1, time.Time{}); err == nil {
		t.Error("zero now accepted")
	}
}

func TestAddMonthsClampsMonthEnds(t *testing.T) {
	jan31 := time.Date(2026, 1, 31, 10, 0, 0, 0, time.UTC).Unix()
	cases := []struct {
		n    int
		want time.Time
	}{
		{1, time.Date(2026, 2, 28, 10, 0, 0, 0, time.UTC)},
		{2, time.Date(2026, 3, 31, 10, 0, 0, 0, time.UTC)},
		{13, time.Date(2027, 2, 28, 10, 0, 0, 0, time.UTC)},
		{-2, time.Date(2025, 11, 30, 10, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		if got := addMonths(jan31, c.n); got != c.want.Unix() {
			t.Errorf("Jan 31 + %d months = %v, want %v", c.n, time.Unix(got, 0).UTC(), c.want)
		}
	}
}

func TestEveryProfileGenerates(t *testing.T) {
	for _, name := range ProfileNames() {
		if name == "large" || name == "medium" {
			continue // benchmarks cover them
		}
		m := generateNamed(t, name, 1, testNow)
		if len(m.Charges) == 0 || len(m.Ledger) == 0 || len(m.Events) == 0 || len(m.Payouts) == 0 {
			t.Errorf("%s: charges %d ledger %d events %d payouts %d", name, len(m.Charges), len(m.Ledger), len(m.Events), len(m.Payouts))
		}
	}
}

// The currency scenarios settle where they should: JPY and KWD settle as themselves, BHD is
// converted into the default settlement currency (JPY, zero decimals); multi_currency settles in
// four currencies and converts the rest into usd.
func TestCurrencyScenarios(t *testing.T) {
	m := generateNamed(t, "zero_and_three_decimal", 2, testNow)
	settled := map[string]map[string]bool{} // presentment -> settlement currencies
	for i := range m.Charges {
		c := &m.Charges[i]
		if c.BalanceTxn == "" {
			continue
		}
		if settled[c.Currency] == nil {
			settled[c.Currency] = map[string]bool{}
		}
		settled[c.Currency][c.SettleCurrency] = true
		if (c.Currency == c.SettleCurrency) != (c.ExchangeRate == 0) {
			t.Fatalf("charge %s %s→%s with exchange rate %v", c.ID, c.Currency, c.SettleCurrency, c.ExchangeRate)
		}
	}
	for pres, want := range map[string]string{"jpy": "jpy", "kwd": "kwd", "usd": "usd", "bhd": "jpy"} {
		if len(settled[pres]) != 1 || !settled[pres][want] {
			t.Errorf("%s settles in %v, want only %s", pres, settled[pres], want)
		}
	}
	m = generateNamed(t, "multi_currency", 2, testNow)
	ledger := map[string]bool{}
	for _, e := range m.Ledger {
		ledger[e.Currency] = true
	}
	if len(ledger) != 4 || !ledger["cad"] || !ledger["gbp"] {
		t.Errorf("multi_currency ledger currencies %v, want usd eur gbp cad", ledger)
	}
}
