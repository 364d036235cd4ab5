package truth

import (
	"testing"
	"time"
)

// The MRR identity must hold for every bucket and currency, whatever the bucket size, zone and
// options: MRR(end) = MRR(start) + new + reactivation + expansion − contraction − churn.
// Levels are summed from subscriptions' step functions, movements from per-customer totals, so the
// identity checks one against the other.
func TestMRRIdentity(t *testing.T) {
	options := map[string]Options{
		"default":         DefaultOptions(),
		"all discounts":   {SubtractForeverDiscounts: true, SubtractTemporaryDiscounts: true},
		"churn at cancel": {SubtractForeverDiscounts: true, ChurnAtCancellation: true},
		"paused counts":   {PausedCountsMRR: true},
	}
	for _, profile := range []string{"tiny", "small", "multi_currency", "zero_and_three_decimal"} {
		m := model(t, profile)
		for oname, opts := range options {
			tr := New(m, opts)
			for _, size := range []Size{Month, Week, Day} {
				for _, zone := range []string{"UTC", "America/New_York", "Asia/Kolkata"} {
					loc := mustLoc(t, zone)
					series, err := tr.MRR(m.Start, m.Now.Add(time.Hour), size, loc)
					if err != nil {
						t.Fatal(err)
					}
					if len(series) == 0 {
						t.Fatalf("%s: no MRR at all", profile)
					}
					for _, s := range series {
						for i, r := range s.Rows {
							if r.MRR != r.StartMRR+r.NetNew {
								t.Fatalf("%s/%s/%s/%s %s bucket %s: MRR %d != start %d + net new %d", profile, oname, size, zone, s.Currency, r.Start, r.MRR, r.StartMRR, r.NetNew)
							}
							if i > 0 && s.Rows[i-1].MRR != r.StartMRR {
								t.Fatalf("%s %s bucket %s: start %d != previous end %d", profile, s.Currency, r.Start, r.StartMRR, s.Rows[i-1].MRR)
							}
						}
						last := s.Rows[len(s.Rows)-1]
						if now := tr.MRRAt(m.Now)[s.Currency]; last.MRR != now {
							t.Fatalf("%s %s: last bucket level %d != MRR now %d", profile, s.Currency, last.MRR, now)
						}
					}
				}
			}
		}
	}
}

// Built-in catalogs and coupons are chosen so MRR never needs rounding; a change to the catalog
// that breaks this would make exact comparisons with the plugin flaky.
func TestMRRIsExactForBuiltinCatalog(t *testing.T) {
	for _, profile := range []string{"tiny", "small", "multi_currency", "zero_and_three_decimal"} {
		for _, opts := range []Options{DefaultOptions(), {SubtractForeverDiscounts: true, SubtractTemporaryDiscounts: true}} {
			if ok, id := New(model(t, profile), opts).Exact(); !ok {
				t.Errorf("%s: subscription %s needs rounding", profile, id)
			}
		}
	}
}

// Subscribers at each bucket end equal the customers with MRR > 0 counted directly.
func TestSubscribersMatchDirectCount(t *testing.T) {
	m := model(t, "small")
	tr := New(m, DefaultOptions())
	series, err := tr.MRR(m.Start, m.Now, Month, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range series {
		for i, r := range s.Rows[:len(s.Rows)-1] {
			end := s.Rows[i+1].Start.Add(-time.Second)
			per, _ := tr.ActiveSubscribers(end)
			if per[s.Currency] != r.Subscribers {
				t.Fatalf("%s %s: %d subscribers from movements, %d counted", s.Currency, r.Start, r.Subscribers, per[s.Currency])
			}
		}
	}
}
