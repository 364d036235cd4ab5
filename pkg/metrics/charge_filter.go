package metrics

import "github.com/revops/stripe-datasource/pkg/records"

// ChargeFilter is the customer and payment-method selection a payments query may carry. The zero
// value keeps every charge.
type ChargeFilter struct {
	Customer          string // cus_… ; empty: every customer
	PaymentMethodType string // card, sepa_debit, … ; empty: every type
}

// Keep says whether c passes the filter.
func (f ChargeFilter) Keep(c records.Charge) bool {
	return (f.Customer == "" || c.Customer == f.Customer) &&
		(f.PaymentMethodType == "" || c.PaymentMethodType == f.PaymentMethodType)
}

// Wrap passes to fn only the charges the filter keeps, so a streaming aggregation can be
// filtered without collecting the charges first.
func (f ChargeFilter) Wrap(fn func(records.Charge)) func(records.Charge) {
	if f == (ChargeFilter{}) {
		return fn
	}
	return func(c records.Charge) {
		if f.Keep(c) {
			fn(c)
		}
	}
}
