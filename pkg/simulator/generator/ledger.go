package generator

import (
	"fmt"
	"math"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/internal/keyorder"
)

// Type is the balance transaction's `type`.
func (k LedgerKind) Type(bankDebit bool) string {
	switch k {
	case LedgerCharge:
		if bankDebit {
			return "payment"
		}
		return "charge"
	case LedgerChargeFailure:
		return "payment_failure_refund"
	case LedgerCaptureReversal:
		return "payment_reversal"
	case LedgerRefund:
		return "refund"
	case LedgerDispute, LedgerDisputeReversal:
		return "adjustment"
	case LedgerBillingFee:
		return "stripe_fee"
	case LedgerPayout:
		return "payout"
	}
	return ""
}

// Category is the balance transaction's `reporting_category`.
func (k LedgerKind) Category() string {
	switch k {
	case LedgerCharge:
		return "charge"
	case LedgerChargeFailure:
		return "charge_failure"
	case LedgerCaptureReversal:
		return "partial_capture_reversal"
	case LedgerRefund:
		return "refund"
	case LedgerDispute:
		return "dispute"
	case LedgerDisputeReversal:
		return "dispute_reversal"
	case LedgerBillingFee:
		return "fee"
	case LedgerPayout:
		return "payout"
	}
	return ""
}

// billingFees charges the account Stripe Billing's usage fee (0.7% of the previous calendar
// month's subscription payments, per settlement currency) on the 1st of each month.
func (g *gen) billingFees() {
	type key struct {
		month int
		cur   string
	}
	volume := map[key]int64{}
	monthOf := func(t int64) int {
		u := time.Unix(t, 0).UTC()
		return u.Year()*12 + int(u.Month()) - 1
	}
	for i := range g.m.Charges {
		c := &g.m.Charges[i]
		if c.Invoice >= 0 && c.Succeeded && c.BalanceTxn != "" {
			volume[key{monthOf(c.Created), c.SettleCurrency}] += c.SettleAmount
		}
	}
	first, last := monthOf(g.start)+1, monthOf(g.now)
	for mo := first; mo <= last; mo++ {
		at := time.Date(mo/12, time.Month(mo%12+1), 1, 6, 0, 0, 0, time.UTC).Unix()
		if at > g.now {
			break
		}
		ids := newIDSource(g.acct, dayOf(at), systemArrival, 1)
		for _, cur := range g.p.SettlementCurrencies {
			fee := int64(math.Round(float64(volume[key{mo - 1, cur}]) * 0.007))
			if fee <= 0 {
				continue
			}
			prev := time.Date((mo-1)/12, time.Month((mo-1)%12+1), 1, 0, 0, 0, 0, time.UTC)
			g.m.AccountFees = append(g.m.AccountFees, AccountFee{
				BalanceTxn: ids.next("txn"), Created: at, Currency: cur, Amount: fee,
				Description: fmt.Sprintf("Billing - Usage Fee (%s)", prev.Format("2006-01")),
			})
		}
	}
}

// buildLedger writes one balance transaction per money movement recorded in the model.
func (g *gen) buildLedger() {
	m := g.m
	// Sized once: every entry counted here, plus at most one payout per settlement currency and
	// day (payouts come later). Growing by append would copy the million entries four times.
	n := len(m.Refunds) + len(m.AccountFees) + int(dayOf(g.now)-dayOf(g.start)+1)*len(g.p.SettlementCurrencies)
	for i := range m.Charges {
		c := &m.Charges[i]
		n += btoi(c.BalanceTxn != "") + btoi(c.FailureTxn != "") + btoi(c.CaptureReversalTxn != "")
	}
	for i := range m.Disputes {
		n += btoi(m.Disputes[i].WithdrawalTxn != "") + btoi(m.Disputes[i].ReversalTxn != "")
	}
	m.Ledger = make([]LedgerEntry, 0, n)
	add := func(e LedgerEntry) {
		e.Payout = -1
		m.Ledger = append(m.Ledger, e)
	}
	for i := range m.Charges {
		c := &m.Charges[i]
		if c.BalanceTxn == "" {
			continue
		}
		add(LedgerEntry{ID: c.BalanceTxn, Kind: LedgerCharge, Created: c.Created, AvailableOn: c.AvailableOn, Currency: c.SettleCurrency,
			Amount: c.SettleAmount, Fee: c.Fee, ExchangeRate: c.ExchangeRate, Source: int32(i), BankDebit: c.Method == MethodBankDebit})
		if c.FailureTxn != "" {
			add(LedgerEntry{ID: c.FailureTxn, Kind: LedgerChargeFailure, Created: c.ResolvedAt, AvailableOn: max(c.AvailableOn, dayStart(c.ResolvedAt)),
				Currency: c.SettleCurrency, Amount: -c.SettleAmount, ExchangeRate: c.ExchangeRate, Source: int32(i), BankDebit: true})
		}
		if c.CaptureReversalTxn != "" {
			add(LedgerEntry{ID: c.CaptureReversalTxn, Kind: LedgerCaptureReversal, Created: c.CaptureReversalAt, AvailableOn: max(c.AvailableOn, dayStart(c.CaptureReversalAt)),
				Currency: c.SettleCurrency, Amount: -c.CaptureReversalAmt, ExchangeRate: c.ExchangeRate, Source: int32(i)})
		}
	}
	for i := range m.Refunds {
		rf := &m.Refunds[i]
		c := &m.Charges[rf.Charge]
		add(LedgerEntry{ID: rf.BalanceTxn, Kind: LedgerRefund, Created: rf.Created, AvailableOn: rf.Created, Currency: c.SettleCurrency,
			Amount: -rf.SettleAmount, ExchangeRate: c.ExchangeRate, Source: int32(i)})
	}
	for i := range m.Disputes {
		d := &m.Disputes[i]
		if d.WithdrawalTxn == "" {
			continue
		}
		add(LedgerEntry{ID: d.WithdrawalTxn, Kind: LedgerDispute, Created: d.Created, AvailableOn: d.Created, Currency: d.SettleCurrency,
			Amount: -d.SettleAmount, Fee: d.Fee, ExchangeRate: d.ExchangeRate, Source: int32(i)})
		if d.ReversalTxn != "" {
			add(LedgerEntry{ID: d.ReversalTxn, Kind: LedgerDisputeReversal, Created: d.ClosedAt, AvailableOn: d.ClosedAt, Currency: d.SettleCurrency,
				Amount: d.SettleAmount, ExchangeRate: d.ExchangeRate, Source: int32(i)})
		}
	}
	for i := range m.AccountFees {
		f := &m.AccountFees[i]
		add(LedgerEntry{ID: f.BalanceTxn, Kind: LedgerBillingFee, Created: f.Created, AvailableOn: f.Created, Currency: f.Currency,
			Amount: -f.Amount, Source: int32(i)})
	}
}

// payouts pays out the available balance of each settlement currency automatically: every day
// at 02:00 UTC, or every Monday with WeeklyPayouts, whenever it is positive. Each transaction
// remembers the payout that swept it.
func (g *gen) payouts() {
	m := g.m
	order := keyorder.AscendingBy(len(m.Ledger), func(i int) (int64, int64, string) {
		e := &m.Ledger[i]
		return e.AvailableOn, e.Created, e.ID
	})
	balance := map[string]int64{}
	swept := map[string][]int32{}
	next := 0
	for day := dayOf(g.start) + 1; ; day++ {
		at := day*secondsPerDay + 2*secondsPerHour
		if at > g.now {
			break
		}
		for next < len(order) && m.Ledger[order[next]].AvailableOn <= at {
			e := &m.Ledger[order[next]]
			balance[e.Currency] += e.Net()
			swept[e.Currency] = append(swept[e.Currency], order[next])
			next++
		}
		if g.p.WeeklyPayouts && time.Unix(at, 0).UTC().Weekday() != time.Monday {
			continue
		}
		ids := newIDSource(g.acct, day, systemArrival, 2)
		for _, cur := range g.p.SettlementCurrencies {
			amt := balance[cur]
			if amt <= 0 {
				continue
			}
			pi := int32(len(m.Payouts))
			p := Payout{ID: ids.next("po"), Created: at, ArrivalDate: dayStart(at) + 2*secondsPerDay, Amount: amt, Currency: cur}
			p.BalanceTxn = ids.next("txn")
			m.Payouts = append(m.Payouts, p)
			for _, li := range swept[cur] {
				m.Ledger[li].Payout = pi
			}
			swept[cur] = swept[cur][:0]
			balance[cur] = 0
			m.Ledger = append(m.Ledger, LedgerEntry{ID: p.BalanceTxn, Kind: LedgerPayout, Created: at, AvailableOn: at, Currency: cur,
				Amount: -amt, Source: pi, Payout: pi})
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
