package metrics

import (
	"reflect"
	"testing"

	"github.com/revops/stripe-datasource/pkg/records"
)

// Keeps: [From, To), the currencies, and a minimum in the currency's own units (Stripe's
// exponents: 100 JPY is 100 minor units, 1.5 KWD 1500).
func TestEventFilterKeeps(t *testing.T) {
	cases := []struct {
		name  string
		f     EventFilter
		at    int64
		minor int64
		cur   string
		want  bool
	}{
		{"first second", EventFilter{From: 1000, To: 2000}, 1000, 1, "usd", true},
		{"last second", EventFilter{From: 1000, To: 2000}, 1999, 1, "usd", true},
		{"at To", EventFilter{From: 1000, To: 2000}, 2000, 1, "usd", false},
		{"before From", EventFilter{From: 1000, To: 2000}, 999, 1, "usd", false},
		{"listed currency", EventFilter{From: 0, To: 10, Currencies: []string{"usd"}}, 5, 1, "usd", true},
		{"other currency", EventFilter{From: 0, To: 10, Currencies: []string{"usd"}}, 5, 1, "eur", false},
		{"100 USD: 10000 cents", EventFilter{To: 10, MinAmount: 100}, 5, 10000, "usd", true},
		{"100 USD: 9999 cents", EventFilter{To: 10, MinAmount: 100}, 5, 9999, "usd", false},
		{"100 JPY: 100", EventFilter{To: 10, MinAmount: 100}, 5, 100, "jpy", true},
		{"100 JPY: 99", EventFilter{To: 10, MinAmount: 100}, 5, 99, "jpy", false},
		{"1.5 KWD: 1500 fils", EventFilter{To: 10, MinAmount: 1.5}, 5, 1500, "kwd", true},
		{"1.5 KWD: 1499 fils", EventFilter{To: 10, MinAmount: 1.5}, 5, 1499, "kwd", false},
		{"no minimum keeps 0", EventFilter{To: 10}, 5, 0, "usd", true},
		{"negative minimum is no minimum", EventFilter{To: 10, MinAmount: -5}, 5, -100, "usd", true},
	}
	for _, c := range cases {
		if got := c.f.Keeps(c.at, c.minor, c.cur); got != c.want {
			t.Errorf("%s: Keeps = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDisputeEvents(t *testing.T) {
	t0 := utc(2026, 7, 1, 12, 0, 0)
	disputes := []records.Dispute{
		{ID: "dp_1", Created: t0, Currency: "usd", Amount: 2500, Reason: "fraudulent", Status: "needs_response", DueBy: utc(2026, 7, 10, 23, 59, 59)},
		{ID: "dp_2", Created: t0 - 3600, Currency: "jpy", Amount: 3000, Status: "lost"},
		{ID: "dp_3", Created: t0 + 10*daySecs, Currency: "usd", Amount: 100, Status: "won"}, // after To
	}
	got := DisputeEvents(disputes, EventFilter{From: t0 - daySecs, To: t0 + daySecs})
	want := []Event{
		{Time: t0 - 3600, Title: "Dispute opened: 3000 JPY", Text: "Reason: unknown. Status: lost.", Tags: []string{"dispute", "jpy", "unknown"}, Link: "disputes/dp_2"},
		{Time: t0, Title: "Dispute opened: 25.00 USD", Text: "Reason: fraudulent. Status: needs_response. Evidence due by 2026-07-10 23:59 UTC.",
			Tags: []string{"dispute", "usd", "fraudulent"}, Link: "disputes/dp_1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if got := DisputeEvents(nil, EventFilter{To: 1}); len(got) != 0 {
		t.Errorf("no disputes: %v", got)
	}
}

func TestPayoutEvents(t *testing.T) {
	t0 := utc(2026, 7, 1, 12, 0, 0)
	payouts := []records.Payout{
		{ID: "po_1", Created: t0, ArrivalDate: utc(2026, 7, 3, 0, 0, 0), Currency: "usd", Amount: 100000, Status: "paid", Automatic: true},
		{ID: "po_2", Created: t0 + 60, ArrivalDate: t0 + 60, Currency: "kwd", Amount: 1250, Status: "pending"},
		{ID: "po_3", Created: t0, Currency: "usd", Amount: 50, Status: "paid", Automatic: true, ArrivalDate: t0}, // under the minimum
	}
	got := PayoutEvents(payouts, EventFilter{From: t0, To: t0 + daySecs, MinAmount: 1})
	want := []Event{
		{Time: t0, TimeEnd: utc(2026, 7, 3, 0, 0, 0), Title: "Payout: 1000.00 USD", Text: "Automatic payout, paid; arrival 2026-07-03.",
			Tags: []string{"payout", "usd", "paid"}, Link: "payouts/po_1"},
		{Time: t0 + 60, Title: "Payout: 1.250 KWD", Text: "Manual payout, pending; arrival 2026-07-01.", Tags: []string{"payout", "kwd", "pending"}, Link: "payouts/po_2"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestRefundEvents(t *testing.T) {
	t0 := utc(2026, 7, 1, 12, 0, 0)
	refunds := []records.Refund{
		{ID: "re_2", Created: t0 + 5, Currency: "jpy", Amount: 500, Status: "pending"},
		{ID: "re_1", Created: t0, Currency: "usd", Amount: 2900, Charge: "ch_1", Reason: "requested_by_customer", Status: "succeeded"},
		{ID: "re_3", Created: t0, Currency: "eur", Amount: 100, Charge: "ch_3", Status: "succeeded"}, // currency not listed
	}
	got := RefundEvents(refunds, EventFilter{From: t0, To: t0 + 10, Currencies: []string{"usd", "jpy"}})
	want := []Event{
		{Time: t0, Title: "Refund: 29.00 USD", Text: "Reason: requested_by_customer. Status: succeeded. Refund re_1.",
			Tags: []string{"refund", "usd", "requested_by_customer"}, Link: "payments/ch_1"},
		{Time: t0 + 5, Title: "Refund: 500 JPY", Text: "Reason: none given. Status: pending. Refund re_2.", Tags: []string{"refund", "jpy", "none_given"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// ByTime: oldest first, ties by title, then by link.
func TestByTime(t *testing.T) {
	events := []Event{{Time: 2, Title: "B"}, {Time: 1, Title: "Z"}, {Time: 1, Title: "A", Link: "x/2"}, {Time: 1, Title: "A", Link: "x/1"}}
	got := ""
	for _, e := range ByTime(events) {
		got += e.Title + e.Link + " "
	}
	if got != "Ax/1 Ax/2 Z B " {
		t.Errorf("ByTime = %q", got)
	}
	if ByTime(nil) != nil {
		t.Error("ByTime(nil) is not nil")
	}
}
