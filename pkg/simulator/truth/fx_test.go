package truth

import (
	"math/big"
	"testing"
	"time"
)

// In one reporting currency the identity with fx holds in every bucket, fx is what rates moving
// did to the MRR held (the exact revaluation, within the rounding of the seven rounded terms),
// and on multi_currency's market path it is not zero.
func TestConvertedMRRIdentityWithFX(t *testing.T) {
	m := model(t, "multi_currency")
	tr := New(m, DefaultOptions())
	for _, zone := range []string{"UTC", "Europe/Berlin"} {
		for _, size := range []Size{Month, Week, Day} {
			rows, err := tr.ConvertedMRR(m.Now.AddDate(0, -6, 0), m.Now.Add(time.Hour), size, mustLoc(t, zone), "usd", ModelTable(m))
			if err != nil {
				t.Fatal(err)
			}
			nonzero := 0
			for i, r := range rows {
				if r.MRR != r.StartMRR+r.New+r.Reactivation+r.Expansion-r.Contraction-r.Churn+r.FX {
					t.Fatalf("%s %s %s: identity broken %+v", zone, size, r.Start, r)
				}
				if i > 0 && rows[i-1].MRR != r.StartMRR {
					t.Fatalf("%s %s %s: start %d != previous end %d", zone, size, r.Start, r.StartMRR, rows[i-1].MRR)
				}
				diff := new(big.Rat).Sub(new(big.Rat).SetInt64(r.FX), r.Revaluation)
				if f, _ := diff.Abs(diff).Float64(); f > 3.5 {
					t.Fatalf("%s %s %s: fx %d, revaluation %s", zone, size, r.Start, r.FX, r.Revaluation.FloatString(2))
				}
				if r.FX != 0 {
					nonzero++
				}
			}
			if nonzero < len(rows)/2 {
				t.Errorf("%s %s: fx is non-zero in only %d of %d buckets", zone, size, nonzero, len(rows))
			}
		}
	}
}

// Converted net revenue adds up the converted movements; usd needs no rate, and eur (a settlement
// currency the account never converts into usd) is served by the table.
func TestConvertedBalanceSources(t *testing.T) {
	m := model(t, "multi_currency")
	tr := New(m, DefaultOptions())
	s, used, err := tr.ConvertedBalanceActivity(m.Now.AddDate(0, -2, 0), m.Now, Week, time.UTC, "usd", ModelTable(m))
	if err != nil {
		t.Fatal(err)
	}
	if s.Currency != "usd" || len(s.Rows) < 8 {
		t.Fatalf("series %s with %d rows", s.Currency, len(s.Rows))
	}
	if used["eur"][FromTable] == 0 || used["usd"] != nil {
		t.Errorf("sources %v: want eur from the table, usd without a rate", used)
	}
	if _, _, err := tr.ConvertedBalanceActivity(m.Now.AddDate(0, -2, 0), m.Now, Week, time.UTC, "usd", nil); err == nil {
		t.Error("eur → usd without a table converted anyway")
	}
}
