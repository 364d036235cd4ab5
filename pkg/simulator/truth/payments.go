package truth

import (
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// PaymentRow is one bucket of payment attempts in one presentment currency, by charge creation.
// Status is the charge's status at Now (a bank debit still clearing is pending: neither).
type PaymentRow struct {
	Start           time.Time
	Succeeded       int
	SucceededAmount int64
	Failed          int
	FailedAmount    int64
	// DistinctFailed counts payments (payment intents, or charges without one) with a failed
	// attempt in the bucket: retries of one payment count once.
	DistinctFailed int
	// FailuresByReason is keyed by outcome.reason, or failure_code when the reason is null.
	FailuresByReason map[string]int
	// FailuresByOutcome is keyed by outcome.type.
	FailuresByOutcome map[string]int
}

// PaymentSeries is the payments of one presentment currency.
type PaymentSeries struct {
	Currency string
	Rows     []PaymentRow
}

// FailureReason is the reason dimension of a failed charge: outcome.reason, else failure_code.
func FailureReason(c *generator.Charge) string {
	d := generator.Declines[c.Decline]
	if d.Reason != "" {
		return d.Reason
	}
	return d.FailureCode
}

// Payments are the payment attempts per presentment currency (every currency with a charge,
// sorted).
func (t *Truth) Payments(from, to time.Time, size Size, loc *time.Location) ([]PaymentSeries, error) {
	return t.PaymentsOf(ChargeSelection{}, from, to, size, loc)
}

// ChargeSelection narrows the charges the payment truth counts; the zero value keeps all.
type ChargeSelection struct {
	Customer  string // customer id; empty: every customer
	BankDebit *bool  // nil: every method; true: bank debits only; false: cards only
}

func (sel ChargeSelection) keeps(m *generator.Model, c *generator.Charge) bool {
	if sel.Customer != "" && (c.Customer < 0 || m.Customers[c.Customer].ID != sel.Customer) {
		return false
	}
	return sel.BankDebit == nil || *sel.BankDebit == (c.Method == generator.MethodBankDebit)
}

// PaymentsOf are the payment attempts of the selected charges, as Payments.
func (t *Truth) PaymentsOf(sel ChargeSelection, from, to time.Time, size Size, loc *time.Location) ([]PaymentSeries, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return nil, err
	}
	curs := map[string]bool{}
	for i := range t.m.Charges {
		curs[t.m.Charges[i].Currency] = true
	}
	rows := map[string][]PaymentRow{}
	distinct := map[string][]map[string]bool{}
	for c := range curs {
		rs := make([]PaymentRow, b.Len())
		ds := make([]map[string]bool, b.Len())
		for i := range rs {
			rs[i] = PaymentRow{Start: b.Starts[i], FailuresByReason: map[string]int{}, FailuresByOutcome: map[string]int{}}
			ds[i] = map[string]bool{}
		}
		rows[c], distinct[c] = rs, ds
	}
	for ci := range t.m.Charges {
		c := &t.m.Charges[ci]
		i := b.Index(c.Created)
		if i < 0 || !sel.keeps(t.m, c) {
			continue
		}
		r := &rows[c.Currency][i]
		switch c.StatusAt(t.now) {
		case "succeeded":
			r.Succeeded++
			r.SucceededAmount += c.Amount
		case "failed":
			r.Failed++
			r.FailedAmount += c.Amount
			r.FailuresByReason[FailureReason(c)]++
			r.FailuresByOutcome[generator.Declines[c.Decline].OutcomeType]++
			key := c.PaymentIntent
			if key == "" {
				key = c.ID
			}
			distinct[c.Currency][i][key] = true
		}
	}
	var out []PaymentSeries
	for _, c := range sortedSet(curs) {
		rs := rows[c]
		for i := range rs {
			rs[i].DistinctFailed = len(distinct[c][i])
		}
		out = append(out, PaymentSeries{Currency: c, Rows: rs})
	}
	return out, nil
}
