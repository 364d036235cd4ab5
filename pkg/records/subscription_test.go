package records

import (
	"reflect"
	"testing"

	stripe "github.com/stripe/stripe-go/v85"
)

// FromSubscription keeps the dates and flags MRR reconstruction reads, the customer's id, each
// item's id, price id and quantity, every discount's id and the discounts that were expanded
// (a source or a start date says so).
func TestFromSubscription(t *testing.T) {
	in := &stripe.Subscription{
		ID: "sub_1", Currency: "usd", Status: "active", CollectionMethod: "charge_automatically", Created: 1780000000,
		TrialStart: 1780000000, TrialEnd: 1781209600, CanceledAt: 1782000000, CancelAt: 1785000000, EndedAt: 0, CancelAtPeriodEnd: true,
		Customer:            &stripe.Customer{ID: "cus_1", Email: "dropped@example.com"},
		PauseCollection:     &stripe.SubscriptionPauseCollection{Behavior: "void"},
		TrialSettings:       &stripe.SubscriptionTrialSettings{EndBehavior: &stripe.SubscriptionTrialSettingsEndBehavior{MissingPaymentMethod: "pause"}},
		CancellationDetails: &stripe.SubscriptionCancellationDetails{Reason: "cancellation_requested", Comment: "dropped"},
		Items: &stripe.SubscriptionItemList{Data: []*stripe.SubscriptionItem{
			{ID: "si_1", Quantity: 3, Price: &stripe.Price{ID: "price_1", UnitAmount: 4900}},
			{ID: "si_2", Quantity: 0, Price: &stripe.Price{ID: "price_metered"}},
		}},
		Discounts: []*stripe.Discount{
			{ID: "di_1", Start: 1780000000, End: 1790000000, Source: &stripe.DiscountSource{Coupon: &stripe.Coupon{ID: "co_1"}}},
			{ID: "di_2"}, // not expanded: an id only
			nil,
			{ID: "di_3", Start: 1781000000}, // expanded, no source
		},
	}
	want := Subscription{ID: "sub_1", Customer: "cus_1", Currency: "usd", Status: "active", CollectionMethod: "charge_automatically",
		Created: 1780000000, TrialStart: 1780000000, TrialEnd: 1781209600, CanceledAt: 1782000000, CancelAt: 1785000000, CancelAtPeriodEnd: true,
		PausesAfterTrial: true, PauseCollection: true, CancellationReason: "cancellation_requested",
		Items:       []SubscriptionItem{{ID: "si_1", Price: "price_1", Quantity: 3}, {ID: "si_2", Price: "price_metered"}},
		DiscountIDs: []string{"di_1", "di_2", "di_3"},
		Discounts:   []Discount{{ID: "di_1", Coupon: "co_1", Start: 1780000000, End: 1790000000}, {ID: "di_3", Start: 1781000000}}}
	if got := FromSubscription(in); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestFromSubscriptionNilMembers(t *testing.T) {
	cases := []struct {
		name string
		in   *stripe.Subscription
		want Subscription
	}{
		{"no members", &stripe.Subscription{ID: "sub_2", Status: "trialing", Currency: "jpy"},
			Subscription{ID: "sub_2", Status: "trialing", Currency: "jpy"}},
		{"trial settings without end behavior", &stripe.Subscription{ID: "sub_3", TrialSettings: &stripe.SubscriptionTrialSettings{}},
			Subscription{ID: "sub_3"}},
		{"a trial that creates an invoice does not pause", &stripe.Subscription{ID: "sub_4",
			TrialSettings: &stripe.SubscriptionTrialSettings{EndBehavior: &stripe.SubscriptionTrialSettingsEndBehavior{MissingPaymentMethod: "create_invoice"}}},
			Subscription{ID: "sub_4"}},
		{"cancellation details without a reason", &stripe.Subscription{ID: "sub_5", CancellationDetails: &stripe.SubscriptionCancellationDetails{}},
			Subscription{ID: "sub_5"}},
	}
	for _, c := range cases {
		got := FromSubscription(c.in)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}

func TestFromSubscriptionItem(t *testing.T) {
	cases := []struct {
		in   *stripe.SubscriptionItem
		want SubscriptionItem
	}{
		{&stripe.SubscriptionItem{ID: "si_1", Quantity: 5, Price: &stripe.Price{ID: "price_1"}}, SubscriptionItem{ID: "si_1", Price: "price_1", Quantity: 5}},
		{&stripe.SubscriptionItem{ID: "si_2"}, SubscriptionItem{ID: "si_2"}},
	}
	for _, c := range cases {
		if got := FromSubscriptionItem(c.in); got != c.want {
			t.Errorf("got %+v, want %+v", got, c.want)
		}
	}
}

func TestFromDiscount(t *testing.T) {
	cases := []struct {
		in   *stripe.Discount
		want Discount
	}{
		{&stripe.Discount{ID: "di_1", Start: 100, End: 200, Source: &stripe.DiscountSource{Coupon: &stripe.Coupon{ID: "co_1"}}},
			Discount{ID: "di_1", Coupon: "co_1", Start: 100, End: 200}},
		{&stripe.Discount{ID: "di_2", Start: 100, Source: &stripe.DiscountSource{Type: "coupon"}}, Discount{ID: "di_2", Start: 100}},
		{&stripe.Discount{ID: "di_3"}, Discount{ID: "di_3"}},
	}
	for _, c := range cases {
		if got := FromDiscount(c.in); got != c.want {
			t.Errorf("got %+v, want %+v", got, c.want)
		}
	}
}

// FromPrice keeps the product's id and name, the interval, whether usage is metered, the unit
// amount and the tiers (nil tiers skipped).
func TestFromPrice(t *testing.T) {
	cases := []struct {
		name string
		in   *stripe.Price
		want Price
	}{
		{"monthly licensed",
			&stripe.Price{ID: "price_1", Currency: "usd", UnitAmount: 4900, Product: &stripe.Product{ID: "prod_1", Name: "Pro"},
				Recurring: &stripe.PriceRecurring{Interval: "month", IntervalCount: 1, UsageType: "licensed"}},
			Price{ID: "price_1", Product: "prod_1", ProductName: "Pro", Currency: "usd", Interval: "month", IntervalCount: 1, UnitAmount: 4900}},
		{"metered yearly in yen, product not expanded",
			&stripe.Price{ID: "price_2", Currency: "jpy", UnitAmount: 10, Product: &stripe.Product{ID: "prod_2"},
				Recurring: &stripe.PriceRecurring{Interval: "year", IntervalCount: 1, UsageType: "metered"}},
			Price{ID: "price_2", Product: "prod_2", Currency: "jpy", Interval: "year", IntervalCount: 1, Metered: true, UnitAmount: 10}},
		{"one-time, no product",
			&stripe.Price{ID: "price_3", Currency: "kwd", UnitAmount: 1250},
			Price{ID: "price_3", Currency: "kwd", UnitAmount: 1250}},
		{"graduated tiers every 3 months",
			&stripe.Price{ID: "price_4", Currency: "eur", TiersMode: "graduated", Recurring: &stripe.PriceRecurring{Interval: "month", IntervalCount: 3},
				Tiers: []*stripe.PriceTier{{UpTo: 10, UnitAmount: 500}, nil, {UpTo: 0, UnitAmount: 400, FlatAmount: 1000}}},
			Price{ID: "price_4", Currency: "eur", Interval: "month", IntervalCount: 3, TiersMode: "graduated",
				Tiers: []PriceTier{{UpTo: 10, UnitAmount: 500}, {UpTo: 0, UnitAmount: 400, FlatAmount: 1000}}}},
	}
	for _, c := range cases {
		if got := FromPrice(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}

func TestFromCoupon(t *testing.T) {
	cases := []struct {
		in   *stripe.Coupon
		want Coupon
	}{
		{&stripe.Coupon{ID: "co_1", Duration: "forever", PercentOff: 25, Name: "dropped"}, Coupon{ID: "co_1", Duration: "forever", PercentOff: 25}},
		{&stripe.Coupon{ID: "co_2", Duration: "repeating", AmountOff: 500, Currency: "usd", DurationInMonths: 3},
			Coupon{ID: "co_2", Duration: "repeating", AmountOff: 500, Currency: "usd"}},
		{&stripe.Coupon{ID: "co_3", Duration: "once", AmountOff: 1000, Currency: "jpy"}, Coupon{ID: "co_3", Duration: "once", AmountOff: 1000, Currency: "jpy"}},
	}
	for _, c := range cases {
		if got := FromCoupon(c.in); got != c.want {
			t.Errorf("got %+v, want %+v", got, c.want)
		}
	}
}
