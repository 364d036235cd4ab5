package plugin

import (
	"fmt"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// The customer and payment-method filters, against the truth of the same selection of charges
// (the simulator's bank debits are us_bank_account payments, its other charges cards).
func TestChargeFiltersMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "heavy_refunds_disputes", 7)
	ds := sim.datasource(t, nil)
	from, to := truthRange()
	tr := sim.acct.DefaultTruth()
	failed := tr.FailedCharges(from, to)
	if len(failed) == 0 {
		t.Fatal("no failed charge in the range")
	}
	customer := failed[0].Customer
	yes, no := true, false
	cases := []struct {
		filter map[string]any
		sel    truth.ChargeSelection
	}{
		{map[string]any{"customer": customer}, truth.ChargeSelection{Customer: customer}},
		{map[string]any{"paymentMethodType": "us_bank_account"}, truth.ChargeSelection{BankDebit: &yes}},
		{map[string]any{"paymentMethodType": "card"}, truth.ChargeSelection{BankDebit: &no}},
	}
	for _, c := range cases {
		want, err := tr.PaymentsOf(c.sel, from, to, truth.Day, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		nonZero := 0
		for _, metric := range []string{"payments_succeeded", "payments_failed_amount"} {
			t.Run(fmt.Sprint(c.filter, metric), func(t *testing.T) {
				model := map[string]any{"metric": metric, "bucket": "day", "timeZone": "UTC"}
				for k, v := range c.filter {
					model[k] = v
				}
				r := run(t, ds, model, from, to)
				nonZero += comparePaymentSeries(t, r.Frames, want, metric, paymentTruth[metric])
			})
		}
		if nonZero == 0 {
			t.Errorf("%v selects no charge: the comparison would not catch a wrong filter", c.filter)
		}
	}
	// The table keeps exactly that customer's failed attempts.
	r := run(t, ds, map[string]any{"metric": "failed_payments_table", "customer": customer}, from, to)
	wantRows := 0
	for _, f := range failed {
		if f.Customer == customer {
			wantRows++
		}
	}
	if got := r.Frames[0].Rows(); got != wantRows {
		t.Errorf("table for %s: %d rows, truth %d", customer, got, wantRows)
	}
	for i := 0; i < r.Frames[0].Rows(); i++ {
		if got := r.Frames[0].Fields[3].At(i).(string); got != customer {
			t.Errorf("row %d is customer %s", i, got)
		}
	}
}
