package records

import (
	"reflect"
	"testing"

	stripe "github.com/stripe/stripe-go/v85"
)

// FromInvoice keeps the customer and subscription ids (the subscription under parent since
// 2025-03-31), the status transitions, the discounts (nil ones skipped, unexpanded ones by id)
// and every embedded line.
func TestFromInvoice(t *testing.T) {
	in := &stripe.Invoice{
		ID: "in_1", Currency: "usd", Status: "paid", BillingReason: "subscription_cycle", Created: 1782907200, DueDate: 1783512000,
		AmountDue: 4900, AmountRemaining: 0, AmountPaid: 4900,
		Customer: &stripe.Customer{ID: "cus_1", Name: "dropped"},
		Parent:   &stripe.InvoiceParent{SubscriptionDetails: &stripe.InvoiceParentSubscriptionDetails{Subscription: &stripe.Subscription{ID: "sub_1"}}},
		StatusTransitions: &stripe.InvoiceStatusTransitions{FinalizedAt: 1782907260, PaidAt: 1782907320,
			MarkedUncollectibleAt: 0, VoidedAt: 0},
		Discounts: []*stripe.Discount{
			{ID: "di_1", Start: 1780000000, End: 1790000000, Source: &stripe.DiscountSource{Coupon: &stripe.Coupon{ID: "co_1"}}},
			nil,
			{ID: "di_2"},
		},
		Lines: &stripe.InvoiceLineItemList{Data: []*stripe.InvoiceLineItem{
			{ID: "il_1", Quantity: 2, Amount: 9800, Period: &stripe.Period{Start: 1782907200, End: 1785585600},
				Parent:          &stripe.InvoiceLineItemParent{SubscriptionItemDetails: &stripe.InvoiceLineItemParentSubscriptionItemDetails{SubscriptionItem: "si_1"}},
				Pricing:         &stripe.InvoiceLineItemPricing{PriceDetails: &stripe.InvoiceLineItemPricingPriceDetails{Price: &stripe.Price{ID: "price_1"}}},
				DiscountAmounts: []*stripe.InvoiceLineItemDiscountAmount{{Amount: 4900}}},
		}},
	}
	want := Invoice{ID: "in_1", Subscription: "sub_1", Customer: "cus_1", Currency: "usd", Status: "paid", BillingReason: "subscription_cycle",
		Created: 1782907200, AmountDue: 4900, AmountRemaining: 0, AmountPaid: 4900, DueDate: 1783512000, FinalizedAt: 1782907260, PaidAt: 1782907320,
		Discounts: []Discount{{ID: "di_1", Coupon: "co_1", Start: 1780000000, End: 1790000000}, {ID: "di_2"}},
		Lines: []InvoiceLine{{ID: "il_1", SubItem: "si_1", Price: "price_1", Quantity: 2, Amount: 9800, DiscountAmount: 4900,
			PeriodStart: 1782907200, PeriodEnd: 1785585600}}}
	if got := FromInvoice(in); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// Nil members (customer, parent, its subscription details, status transitions, lines) leave
// their fields empty, and a standalone invoice has no subscription.
func TestFromInvoiceNilMembers(t *testing.T) {
	cases := []struct {
		name string
		in   *stripe.Invoice
	}{
		{"all nil", &stripe.Invoice{ID: "in_2", Currency: "jpy", Status: "draft", AmountDue: 5000, AmountRemaining: 5000}},
		{"parent without subscription details", &stripe.Invoice{ID: "in_2", Currency: "jpy", Status: "draft", AmountDue: 5000, AmountRemaining: 5000,
			Parent: &stripe.InvoiceParent{Type: "quote_details"}}},
		{"subscription details without subscription", &stripe.Invoice{ID: "in_2", Currency: "jpy", Status: "draft", AmountDue: 5000, AmountRemaining: 5000,
			Parent: &stripe.InvoiceParent{SubscriptionDetails: &stripe.InvoiceParentSubscriptionDetails{}}}},
	}
	want := Invoice{ID: "in_2", Currency: "jpy", Status: "draft", AmountDue: 5000, AmountRemaining: 5000}
	for _, c := range cases {
		if got := FromInvoice(c.in); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v\nwant %+v", c.name, got, want)
		}
	}
}

// A line's proration flag and subscription item come from its parent (subscription item details
// or invoice item details), its price from pricing.price_details, and its discount is the sum of
// its discount_amounts.
func TestFromInvoiceLine(t *testing.T) {
	cases := []struct {
		name string
		in   *stripe.InvoiceLineItem
		want InvoiceLine
	}{
		{"proration of a subscription item with two discounts",
			&stripe.InvoiceLineItem{ID: "il_1", Quantity: 3, Amount: -1500, Period: &stripe.Period{Start: 100, End: 200},
				Parent: &stripe.InvoiceLineItemParent{SubscriptionItemDetails: &stripe.InvoiceLineItemParentSubscriptionItemDetails{
					SubscriptionItem: "si_1", Proration: true}},
				Pricing:         &stripe.InvoiceLineItemPricing{PriceDetails: &stripe.InvoiceLineItemPricingPriceDetails{Price: &stripe.Price{ID: "price_1"}}},
				DiscountAmounts: []*stripe.InvoiceLineItemDiscountAmount{{Amount: 100}, nil, {Amount: 50}}},
			InvoiceLine{ID: "il_1", SubItem: "si_1", Price: "price_1", Quantity: 3, Amount: -1500, DiscountAmount: 150, PeriodStart: 100, PeriodEnd: 200, Proration: true}},
		{"invoice item proration has no subscription item",
			&stripe.InvoiceLineItem{ID: "il_2", Quantity: 1, Amount: 700,
				Parent: &stripe.InvoiceLineItemParent{InvoiceItemDetails: &stripe.InvoiceLineItemParentInvoiceItemDetails{InvoiceItem: "ii_1", Proration: true}}},
			InvoiceLine{ID: "il_2", Quantity: 1, Amount: 700, Proration: true}},
		{"no parent, period or pricing",
			&stripe.InvoiceLineItem{ID: "il_3", Quantity: 1, Amount: 1000},
			InvoiceLine{ID: "il_3", Quantity: 1, Amount: 1000}},
		{"pricing without price details",
			&stripe.InvoiceLineItem{ID: "il_4", Amount: 1000, Pricing: &stripe.InvoiceLineItemPricing{Type: "price_details"}},
			InvoiceLine{ID: "il_4", Amount: 1000}},
		{"price details without price keep the product",
			&stripe.InvoiceLineItem{ID: "il_5", Amount: 1000, Pricing: &stripe.InvoiceLineItemPricing{PriceDetails: &stripe.InvoiceLineItemPricingPriceDetails{Product: "prod_1"}}},
			InvoiceLine{ID: "il_5", Amount: 1000, Product: "prod_1"}},
		{"taxes: every tax is Tax, the inclusive ones also TaxIncluded",
			&stripe.InvoiceLineItem{ID: "il_6", Amount: 1200, Pricing: &stripe.InvoiceLineItemPricing{PriceDetails: &stripe.InvoiceLineItemPricingPriceDetails{
				Price: &stripe.Price{ID: "price_2"}, Product: "prod_2"}},
				Taxes: []*stripe.InvoiceLineItemTax{{Amount: 200, TaxBehavior: "inclusive"}, nil, {Amount: 30, TaxBehavior: "exclusive"}}},
			InvoiceLine{ID: "il_6", Amount: 1200, Price: "price_2", Product: "prod_2", Tax: 230, TaxIncluded: 200}},
	}
	for _, c := range cases {
		if got := FromInvoiceLine(c.in); got != c.want {
			t.Errorf("%s: got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}

// An invoice's included payments keep the payment intent, else the charge, with status and
// amount paid; PaidAmount adds up the paid ones.
func TestFromInvoicePayments(t *testing.T) {
	in := &stripe.Invoice{ID: "in_3", Payments: &stripe.InvoicePaymentList{Data: []*stripe.InvoicePayment{
		{Status: "paid", AmountPaid: 700, Payment: &stripe.InvoicePaymentPayment{Type: "payment_intent", PaymentIntent: &stripe.PaymentIntent{ID: "pi_1"}}},
		nil,
		{Status: "paid", AmountPaid: 300, Payment: &stripe.InvoicePaymentPayment{Type: "charge", Charge: &stripe.Charge{ID: "ch_2"}}},
		{Status: "canceled", Payment: &stripe.InvoicePaymentPayment{Type: "payment_intent", PaymentIntent: &stripe.PaymentIntent{ID: "pi_3"}}},
		{Status: "paid", AmountPaid: 50, Payment: &stripe.InvoicePaymentPayment{Type: "payment_record"}},
	}}}
	got := FromInvoice(in)
	want := []InvoicePayment{{Payment: "pi_1", Status: "paid", AmountPaid: 700}, {Payment: "ch_2", Status: "paid", AmountPaid: 300},
		{Payment: "pi_3", Status: "canceled"}, {Status: "paid", AmountPaid: 50}}
	if !reflect.DeepEqual(got.Payments, want) {
		t.Errorf("payments %+v, want %+v", got.Payments, want)
	}
	if got.PaidAmount() != 1050 {
		t.Errorf("PaidAmount = %d, want 1050", got.PaidAmount())
	}
	if FromInvoice(&stripe.Invoice{ID: "in_4", Payments: &stripe.InvoicePaymentList{}}).Payments != nil {
		t.Error("no payments: nil, not an empty slice")
	}
}

// A refund keeps its presentment amount and currency, charge, payment intent and status; it gives
// money back when succeeded or pending; its payment is the intent, else the charge.
func TestFromRefund(t *testing.T) {
	r := FromRefund(&stripe.Refund{ID: "re_1", Created: 5, Currency: "jpy", Amount: 1200, Status: "pending",
		Charge: &stripe.Charge{ID: "ch_1"}, PaymentIntent: &stripe.PaymentIntent{ID: "pi_1"}})
	if r != (ChargeRefund{ID: "re_1", Created: 5, Currency: "jpy", Amount: 1200, Charge: "ch_1", PaymentIntent: "pi_1", Status: "pending"}) {
		t.Errorf("got %+v", r)
	}
	if !r.GivesBack() || r.PaymentKey() != "pi_1" {
		t.Errorf("pending refund of pi_1: GivesBack %v, PaymentKey %q", r.GivesBack(), r.PaymentKey())
	}
	for status, gives := range map[string]bool{"succeeded": true, "failed": false, "canceled": false, "requires_action": false} {
		if got := (ChargeRefund{Status: status}).GivesBack(); got != gives {
			t.Errorf("%s: GivesBack %v", status, got)
		}
	}
	if k := FromRefund(&stripe.Refund{ID: "re_2", Charge: &stripe.Charge{ID: "ch_2"}}).PaymentKey(); k != "ch_2" {
		t.Errorf("a refund of a charge without an intent: PaymentKey %q", k)
	}
}

// StatusAt reads the transitions: draft until finalized, open until paid, voided or marked
// uncollectible; an uncollectible invoice paid later is paid from then on; at or after now the
// current status answers.
func TestInvoiceStatusAt(t *testing.T) {
	const now = 10000
	paid := Invoice{Status: "paid", Created: 1000, FinalizedAt: 2000, PaidAt: 3000}
	void := Invoice{Status: "void", Created: 1000, FinalizedAt: 2000, VoidedAt: 3000}
	recovered := Invoice{Status: "paid", Created: 1000, FinalizedAt: 2000, UncollectibleAt: 3000, PaidAt: 5000}
	written := Invoice{Status: "uncollectible", Created: 1000, FinalizedAt: 2000, UncollectibleAt: 3000}
	draft := Invoice{Status: "draft", Created: 1000}
	open := Invoice{Status: "open", Created: 1000, FinalizedAt: 2000}
	cases := []struct {
		name string
		in   Invoice
		t    int64
		want string
	}{
		{"before finalization", paid, 1999, "draft"},
		{"at finalization", paid, 2000, "open"},
		{"last second open", paid, 2999, "open"},
		{"at payment", paid, 3000, "paid"},
		{"at now the current status", paid, now, "paid"},
		{"voided", void, 3000, "void"},
		{"open before voiding", void, 2500, "open"},
		{"uncollectible before being paid", recovered, 4999, "uncollectible"},
		{"paid after uncollectible", recovered, 5000, "paid"},
		{"still uncollectible", written, 9999, "uncollectible"},
		{"never finalized", draft, 9999, "draft"},
		{"open until now", open, 9999, "open"},
		{"now is authoritative even against the transitions", Invoice{Status: "void", FinalizedAt: 2000}, now, "void"},
		{"after now is authoritative", draft, now + 1, "draft"},
	}
	for _, c := range cases {
		if got := c.in.StatusAt(c.t, now); got != c.want {
			t.Errorf("%s: StatusAt(%d) = %q, want %q", c.name, c.t, got, c.want)
		}
	}
}
