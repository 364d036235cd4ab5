package metrics

import (
	"testing"

	"github.com/revops/stripe-datasource/pkg/records"
)

func TestChargeFilterKeep(t *testing.T) {
	card := records.Charge{ID: "ch_1", Customer: "cus_1", PaymentMethodType: "card"}
	sepa := records.Charge{ID: "ch_2", Customer: "cus_2", PaymentMethodType: "sepa_debit"}
	guest := records.Charge{ID: "ch_3", PaymentMethodType: "card"}
	cases := []struct {
		name string
		f    ChargeFilter
		want []bool // card, sepa, guest
	}{
		{"zero value keeps every charge", ChargeFilter{}, []bool{true, true, true}},
		{"customer", ChargeFilter{Customer: "cus_1"}, []bool{true, false, false}},
		{"unknown customer", ChargeFilter{Customer: "cus_9"}, []bool{false, false, false}},
		{"payment method", ChargeFilter{PaymentMethodType: "card"}, []bool{true, false, true}},
		{"both", ChargeFilter{Customer: "cus_2", PaymentMethodType: "sepa_debit"}, []bool{false, true, false}},
		{"both, not together", ChargeFilter{Customer: "cus_2", PaymentMethodType: "card"}, []bool{false, false, false}},
	}
	for _, c := range cases {
		for i, ch := range []records.Charge{card, sepa, guest} {
			if got := c.f.Keep(ch); got != c.want[i] {
				t.Errorf("%s: Keep(%s) = %v, want %v", c.name, ch.ID, got, c.want[i])
			}
		}
	}
}

// Wrap passes on only the kept charges.
func TestChargeFilterWrap(t *testing.T) {
	charges := []records.Charge{{ID: "ch_1", Customer: "cus_1", PaymentMethodType: "card"}, {ID: "ch_2", Customer: "cus_2", PaymentMethodType: "card"}, {ID: "ch_3", Customer: "cus_1", PaymentMethodType: "link"}}
	cases := []struct {
		f    ChargeFilter
		want string
	}{
		{ChargeFilter{}, "ch_1ch_2ch_3"},
		{ChargeFilter{Customer: "cus_1"}, "ch_1ch_3"},
		{ChargeFilter{Customer: "cus_1", PaymentMethodType: "link"}, "ch_3"},
	}
	for _, c := range cases {
		got := ""
		fn := c.f.Wrap(func(ch records.Charge) { got += ch.ID })
		for _, ch := range charges {
			fn(ch)
		}
		if got != c.want {
			t.Errorf("%+v passed %q, want %q", c.f, got, c.want)
		}
	}
}
