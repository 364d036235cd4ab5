package records

import (
	"testing"

	stripe "github.com/stripe/stripe-go/v85"
)

func TestFromPayout(t *testing.T) {
	cases := []struct {
		in   *stripe.Payout
		want Payout
	}{
		{&stripe.Payout{ID: "po_1", Created: 1782907200, ArrivalDate: 1783036800, Currency: "usd", Amount: 100000, Status: "paid", Automatic: true, Description: "dropped"},
			Payout{ID: "po_1", Created: 1782907200, ArrivalDate: 1783036800, Currency: "usd", Amount: 100000, Status: "paid", Automatic: true}},
		{&stripe.Payout{ID: "po_2", Created: 1782907200, ArrivalDate: 1782907200, Currency: "kwd", Amount: 1250, Status: "in_transit"},
			Payout{ID: "po_2", Created: 1782907200, ArrivalDate: 1782907200, Currency: "kwd", Amount: 1250, Status: "in_transit"}},
	}
	for _, c := range cases {
		if got := FromPayout(c.in); got != c.want {
			t.Errorf("got %+v\nwant %+v", got, c.want)
		}
	}
}
