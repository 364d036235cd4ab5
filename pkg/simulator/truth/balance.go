package truth

import (
	"sort"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// Balance categories, as Stripe's reporting_category names them.
const (
	CatCharge                 = "charge"
	CatPartialCaptureReversal = "partial_capture_reversal"
	CatRefund                 = "refund"
	CatDispute                = "dispute"
	CatDisputeReversal        = "dispute_reversal"
	CatChargeFailure          = "charge_failure"
	CatFee                    = "fee"
	CatPayout                 = "payout"
)

// movement is one money movement the model recorded, as the truth sees it: when, in which
// settlement currency, which category, the amount (signed, as the balance moves) and Stripe's fee.
type movement struct {
	at, availableOn int64
	currency        string
	category        string
	amount, fee     int64
}

// moneyMovements lists every money movement from the model's records (charges, their failures and
// capture reversals, refunds, disputes and reinstatements, account fees, payouts). It reads the
// records, not the model's ledger, so the ledger can be checked against it.
func (t *Truth) moneyMovements() []movement {
	m := t.m
	var out []movement
	for i := range m.Charges {
		c := &m.Charges[i]
		if c.BalanceTxn == "" {
			continue // declined: never reached the balance
		}
		out = append(out, movement{c.Created, c.AvailableOn, c.SettleCurrency, CatCharge, c.SettleAmount, c.Fee})
		// A reversal of part of a charge becomes available with the charge, or when it happens if later.
		if c.FailureTxn != "" {
			out = append(out, movement{c.ResolvedAt, max(c.AvailableOn, dayStartUTC(c.ResolvedAt)), c.SettleCurrency, CatChargeFailure, -c.SettleAmount, 0})
		}
		if c.CaptureReversalTxn != "" {
			out = append(out, movement{c.CaptureReversalAt, max(c.AvailableOn, dayStartUTC(c.CaptureReversalAt)), c.SettleCurrency, CatPartialCaptureReversal, -c.CaptureReversalAmt, 0})
		}
	}
	for i := range m.Refunds {
		r := &m.Refunds[i]
		out = append(out, movement{r.Created, r.Created, m.Charges[r.Charge].SettleCurrency, CatRefund, -r.SettleAmount, 0})
	}
	for i := range m.Disputes {
		d := &m.Disputes[i]
		if d.Inquiry {
			continue // inquiries move no money
		}
		out = append(out, movement{d.Created, d.Created, d.SettleCurrency, CatDispute, -d.SettleAmount, d.Fee})
		if d.ClosedAt != 0 && d.Outcome == generator.OutcomeWon {
			out = append(out, movement{d.ClosedAt, d.ClosedAt, d.SettleCurrency, CatDisputeReversal, d.SettleAmount, 0})
		}
	}
	for i := range m.AccountFees {
		f := &m.AccountFees[i]
		out = append(out, movement{f.Created, f.Created, f.Currency, CatFee, -f.Amount, 0})
	}
	for i := range m.Payouts {
		p := &m.Payouts[i]
		out = append(out, movement{p.Created, p.Created, p.Currency, CatPayout, -p.Amount, 0})
	}
	return out
}

func dayStartUTC(t int64) int64 { return t - ((t%86400)+86400)%86400 }

// BalanceRow is one bucket of balance activity in one settlement currency (METRICS.md "Balance
// activity"). Refunds, Disputes, Fees, Payouts and ChargeFailures are reported positive.
type BalanceRow struct {
	Start          time.Time
	Gross          int64
	Refunds        int64
	Disputes       int64 // lost: withdrawals minus reinstatements
	Fees           int64
	ChargeFailures int64
	NetRevenue     int64 // Gross - Refunds - Disputes - Fees - ChargeFailures
	NetSales       int64 // Gross - Refunds - Disputes
	Payouts        int64
	BalanceChange  int64 // net of everything but payouts
	// Rows counts balance transactions per reporting category.
	Rows map[string]int
}

// BalanceSeries is the balance activity of one settlement currency.
type BalanceSeries struct {
	Currency string
	Rows     []BalanceRow
}

// BalanceActivity is the balance activity per settlement currency (every settlement currency of
// the account, sorted, buckets without activity present with zeros).
func (t *Truth) BalanceActivity(from, to time.Time, size Size, loc *time.Location) ([]BalanceSeries, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return nil, err
	}
	curs := map[string]bool{}
	for _, c := range t.m.SettlementCurrencies {
		curs[c] = true
	}
	return balanceRows(b, sortedSet(curs), t.moneyMovements()), nil
}

// balanceRows sums movements into the buckets of each currency in curs (others are left out).
func balanceRows(b *Buckets, curs []string, movements []movement) []BalanceSeries {
	rows := map[string][]BalanceRow{}
	for _, c := range curs {
		rs := make([]BalanceRow, b.Len())
		for i := range rs {
			rs[i] = BalanceRow{Start: b.Starts[i], Rows: map[string]int{}}
		}
		rows[c] = rs
	}
	for _, mv := range movements {
		i := b.Index(mv.at)
		rs, ok := rows[mv.currency]
		if i < 0 || !ok {
			continue
		}
		r := &rs[i]
		r.Rows[mv.category]++
		r.Fees += mv.fee
		switch mv.category {
		case CatCharge, CatPartialCaptureReversal:
			r.Gross += mv.amount
		case CatRefund:
			r.Refunds -= mv.amount
		case CatDispute, CatDisputeReversal:
			r.Disputes -= mv.amount
		case CatChargeFailure:
			r.ChargeFailures -= mv.amount
		case CatFee:
			r.Fees -= mv.amount
		case CatPayout:
			r.Payouts -= mv.amount
		}
		if mv.category != CatPayout {
			r.BalanceChange += mv.amount - mv.fee
		}
	}
	var out []BalanceSeries
	for _, c := range curs {
		rs := rows[c]
		for i := range rs {
			r := &rs[i]
			r.NetSales = r.Gross - r.Refunds - r.Disputes
			r.NetRevenue = r.NetSales - r.Fees - r.ChargeFailures
		}
		out = append(out, BalanceSeries{Currency: c, Rows: rs})
	}
	return out
}

// BalanceAmount is the balance of one currency at a moment.
type BalanceAmount struct {
	Currency  string
	Available int64
	Pending   int64
}

// Balance is the account balance at Now per settlement currency (sorted): money whose
// available_on has passed is available, the rest pending.
func (t *Truth) Balance() []BalanceAmount {
	by := map[string]*BalanceAmount{}
	for _, c := range t.m.SettlementCurrencies {
		by[c] = &BalanceAmount{Currency: c}
	}
	for _, mv := range t.moneyMovements() {
		b, ok := by[mv.currency]
		if !ok {
			b = &BalanceAmount{Currency: mv.currency}
			by[mv.currency] = b
		}
		if mv.availableOn <= t.now {
			b.Available += mv.amount - mv.fee
		} else {
			b.Pending += mv.amount - mv.fee
		}
	}
	out := make([]BalanceAmount, 0, len(by))
	for _, b := range by {
		out = append(out, *b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Currency < out[j].Currency })
	return out
}
