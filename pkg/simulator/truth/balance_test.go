package truth

import (
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// ledgerActivity applies METRICS.md's reporting-category formulas to the model's ledger (the
// balance transactions the API serves), a path independent of the truth's record walk.
func ledgerActivity(m *generator.Model, b *Buckets) map[string][]BalanceRow {
	out := map[string][]BalanceRow{}
	for _, e := range m.Ledger {
		i := b.Index(e.Created)
		if i < 0 {
			continue
		}
		if out[e.Currency] == nil {
			out[e.Currency] = make([]BalanceRow, b.Len())
		}
		r := &out[e.Currency][i]
		rc := e.Kind.Category()
		switch rc {
		case "charge", "partial_capture_reversal":
			r.Gross += e.Amount
		case "refund", "refund_failure":
			r.Refunds -= e.Amount
		case "dispute", "dispute_reversal":
			r.Disputes -= e.Amount
		case "charge_failure":
			r.ChargeFailures -= e.Amount
		case "payout", "payout_reversal":
			r.Payouts -= e.Amount
		}
		if rc == "fee" || rc == "tax" {
			r.Fees -= e.Amount
		} else if rc != "payout" {
			r.Fees += e.Fee
		}
		if rc != "payout" && rc != "payout_reversal" {
			r.NetRevenue += e.Net()
			r.BalanceChange += e.Net()
		}
	}
	return out
}

// The truth (from the model's records) and the ledger (what the API serves) agree on every
// balance metric, and net revenue = gross − refunds − disputes − fees − charge failures.
func TestBalanceActivityMatchesLedger(t *testing.T) {
	for _, profile := range []string{"tiny", "small", "multi_currency", "zero_and_three_decimal", "heavy_refunds_disputes"} {
		m := model(t, profile)
		tr := New(m, DefaultOptions())
		for _, size := range []Size{Month, Day} {
			loc := mustLoc(t, "Europe/Berlin")
			series, err := tr.BalanceActivity(m.Start, m.Now.Add(time.Second), size, loc)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := NewBuckets(m.Start, m.Now.Add(time.Second), size, loc)
			led := ledgerActivity(m, b)
			var gross, refunds, disputes, failures int64
			for _, s := range series {
				for i, r := range s.Rows {
					if net := r.Gross - r.Refunds - r.Disputes - r.Fees - r.ChargeFailures; net != r.NetRevenue {
						t.Fatalf("%s %s %s: net %d != formula %d", profile, s.Currency, r.Start, r.NetRevenue, net)
					}
					if r.BalanceChange != r.NetRevenue {
						t.Fatalf("%s %s %s: balance change %d != net revenue %d (no other categories exist)", profile, s.Currency, r.Start, r.BalanceChange, r.NetRevenue)
					}
					var l BalanceRow
					if rows := led[s.Currency]; rows != nil {
						l = rows[i]
					}
					if l.Gross != r.Gross || l.Refunds != r.Refunds || l.Disputes != r.Disputes || l.Fees != r.Fees ||
						l.ChargeFailures != r.ChargeFailures || l.Payouts != r.Payouts || l.NetRevenue != r.NetRevenue {
						t.Fatalf("%s %s %s:\n truth  %+v\n ledger %+v", profile, s.Currency, r.Start, r, l)
					}
					gross += r.Gross
					refunds += r.Refunds
					disputes += r.Disputes
					failures += r.ChargeFailures
				}
			}
			if gross <= 0 || refunds <= 0 || payoutsTotal(series) <= 0 {
				t.Fatalf("%s: expected gross, refunds and payouts, got %d %d %d", profile, gross, refunds, payoutsTotal(series))
			}
			if profile == "heavy_refunds_disputes" && disputes <= 0 {
				t.Fatalf("%s: no lost dispute money", profile)
			}
			_ = failures
		}
	}
}

func payoutsTotal(series []BalanceSeries) int64 {
	var sum int64
	for _, s := range series {
		for _, r := range s.Rows {
			sum += r.Payouts
		}
	}
	return sum
}

// The balance now is the ledger summed: available = net of transactions available by now,
// pending = the rest. Payouts sweep the available balance, so it stays small.
func TestBalanceEqualsLedgerSum(t *testing.T) {
	for _, profile := range []string{"tiny", "small", "multi_currency", "zero_and_three_decimal"} {
		m := model(t, profile)
		avail, pend := map[string]int64{}, map[string]int64{}
		for _, e := range m.Ledger {
			if e.AvailableOn <= m.Now.Unix() {
				avail[e.Currency] += e.Net()
			} else {
				pend[e.Currency] += e.Net()
			}
		}
		for _, b := range New(m, DefaultOptions()).Balance() {
			if b.Available != avail[b.Currency] || b.Pending != pend[b.Currency] {
				t.Errorf("%s %s: truth %d/%d, ledger %d/%d", profile, b.Currency, b.Available, b.Pending, avail[b.Currency], pend[b.Currency])
			}
			if b.Pending <= 0 && b.Currency == m.SettlementCurrencies[0] {
				t.Errorf("%s %s: expected recent charges pending, got %d", profile, b.Currency, b.Pending)
			}
		}
	}
}

// Each transaction is swept by at most one payout, and a payout's amount is exactly the net of
// what it swept (the available balance it paid out).
func TestPayoutsSweepTheirTransactions(t *testing.T) {
	m := model(t, "small")
	swept := make([]int64, len(m.Payouts))
	for _, e := range m.Ledger {
		if e.Payout >= 0 && e.Kind != generator.LedgerPayout {
			swept[e.Payout] += e.Net()
		}
	}
	for i, p := range m.Payouts {
		if swept[i] != p.Amount {
			t.Fatalf("payout %s: amount %d, swept %d", p.ID, p.Amount, swept[i])
		}
	}
}
