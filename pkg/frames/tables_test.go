package frames

import (
	"reflect"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/records"
)

const testDashboard = "https://dashboard.stripe.com/test/"

func ptime(t time.Time) *time.Time { return &t }
func pfloat(f float64) *float64    { return &f }

// Open disputes: amounts in the currency's unit, the deadline and the seconds left (negative
// once passed, null without a deadline), a link per dispute.
func TestOpenDisputesTable(t *testing.T) {
	now := time.Date(2026, 7, 8, 0, 0, 0, 0, time.UTC)
	due := time.Date(2026, 7, 10, 0, 0, 0, 0, time.UTC)
	passed := time.Date(2026, 7, 7, 12, 0, 0, 0, time.UTC)
	open := []records.Dispute{
		{ID: "dp_1", Status: "needs_response", Reason: "fraudulent", Currency: "kwd", Amount: 1250, Created: 1782907200, Charge: "ch_1", DueBy: due.Unix(), HasEvidence: true},
		{ID: "dp_2", Status: "warning_needs_response", Reason: "general", Currency: "jpy", Amount: 3000, Created: 1782907300, Charge: "ch_2", DueBy: passed.Unix()},
		{ID: "dp_3", Status: "under_review", Reason: "duplicate", Currency: "usd", Amount: 2599, Created: 1782907400},
	}
	fr := OpenDisputesTable("T", open, now, testDashboard)
	if len(fr) != 1 || fr[0].Name != "open_disputes" || fr[0].RefID != "T" {
		t.Fatalf("frames %+v", fr)
	}
	f := fr[0]
	checkColumns(t, f, []col{{"Dispute", data.FieldTypeString}, {"Status", data.FieldTypeString}, {"Reason", data.FieldTypeString},
		{"Amount", data.FieldTypeFloat64}, {"Currency", data.FieldTypeString}, {"Opened", data.FieldTypeTime},
		{"Evidence due", data.FieldTypeNullableTime}, {"Time left", data.FieldTypeNullableFloat64}, {"Evidence submitted", data.FieldTypeBool},
		{"Charge", data.FieldTypeString}, {"Stripe Dashboard", data.FieldTypeString}})
	checks := map[string][]any{
		"Dispute":            {"dp_1", "dp_2", "dp_3"},
		"Amount":             {1.25, 3000.0, 25.99},
		"Currency":           {"kwd", "jpy", "usd"},
		"Opened":             {time.Unix(1782907200, 0).UTC(), time.Unix(1782907300, 0).UTC(), time.Unix(1782907400, 0).UTC()},
		"Evidence due":       {ptime(due), ptime(passed), (*time.Time)(nil)},
		"Time left":          {pfloat(2 * 86400), pfloat(-12 * 3600), (*float64)(nil)},
		"Evidence submitted": {true, false, false},
		"Charge":             {"ch_1", "ch_2", ""},
		"Stripe Dashboard":   {testDashboard + "disputes/dp_1", testDashboard + "disputes/dp_2", testDashboard + "disputes/dp_3"},
	}
	for name, want := range checks {
		if got := cells(t, f, name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if c := field(t, f, "Time left").Config; c == nil || c.Unit != "s" || c.Description == "" {
		t.Errorf("Time left config %+v", c)
	}
	checkDashboardLink(t, field(t, f, "Dispute"))
	if empty := OpenDisputesTable("T", nil, now, testDashboard)[0]; len(empty.Fields) != 11 || empty.Rows() != 0 {
		t.Errorf("empty table: %d fields %d rows", len(empty.Fields), empty.Rows())
	}
}

// Failed payments: the reason column is the failure reason (outcome.reason, else failure_code,
// else unknown), the outcome column outcome.type as it is.
func TestFailedPaymentsTable(t *testing.T) {
	failed := []records.Charge{
		{ID: "ch_1", Created: 1782907200, Currency: "usd", Amount: 2900, Customer: "cus_1", OutcomeReason: "insufficient_funds", OutcomeType: "issuer_declined", FailureCode: "card_declined", PaymentMethodType: "card"},
		{ID: "ch_2", Created: 1782907100, Currency: "jpy", Amount: 5000, FailureCode: "card_declined", PaymentMethodType: "card"},
		{ID: "ch_3", Created: 1782907000, Currency: "kwd", Amount: 1005, PaymentMethodType: "sepa_debit"},
	}
	f := FailedPaymentsTable("F", failed, testDashboard)[0]
	if f.Name != "failed_payments" || f.RefID != "F" {
		t.Errorf("frame %s %s", f.Name, f.RefID)
	}
	checkColumns(t, f, []col{{"Time", data.FieldTypeTime}, {"Amount", data.FieldTypeFloat64}, {"Currency", data.FieldTypeString},
		{"Customer", data.FieldTypeString}, {"Reason", data.FieldTypeString}, {"Outcome", data.FieldTypeString}, {"Failure code", data.FieldTypeString},
		{"Payment method", data.FieldTypeString}, {"Charge", data.FieldTypeString}, {"Stripe Dashboard", data.FieldTypeString}})
	checks := map[string][]any{
		"Time":             {time.Unix(1782907200, 0).UTC(), time.Unix(1782907100, 0).UTC(), time.Unix(1782907000, 0).UTC()},
		"Amount":           {29.0, 5000.0, 1.005},
		"Customer":         {"cus_1", "", ""},
		"Reason":           {"insufficient_funds", "card_declined", "unknown"},
		"Outcome":          {"issuer_declined", "", ""},
		"Failure code":     {"card_declined", "card_declined", ""},
		"Payment method":   {"card", "card", "sepa_debit"},
		"Charge":           {"ch_1", "ch_2", "ch_3"},
		"Stripe Dashboard": {testDashboard + "payments/ch_1", testDashboard + "payments/ch_2", testDashboard + "payments/ch_3"},
	}
	for name, want := range checks {
		if got := cells(t, f, name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	checkDashboardLink(t, field(t, f, "Charge"))
}

// Refunds: settlement amounts, the charge linked when there is one (no address otherwise).
func TestRefundsTable(t *testing.T) {
	refunds := []records.Refund{
		{ID: "re_1", Created: 1782907200, Currency: "usd", Amount: 2900, Charge: "ch_1", Reason: "requested_by_customer", Status: "succeeded"},
		{ID: "re_2", Created: 1782907100, Currency: "kwd", Amount: 1005, Status: "pending"},
	}
	f := RefundsTable("R", refunds, "https://dashboard.stripe.com/")[0]
	if f.Name != "refunds" || f.RefID != "R" {
		t.Errorf("frame %s %s", f.Name, f.RefID)
	}
	checkColumns(t, f, []col{{"Time", data.FieldTypeTime}, {"Amount", data.FieldTypeFloat64}, {"Currency", data.FieldTypeString},
		{"Reason", data.FieldTypeString}, {"Status", data.FieldTypeString}, {"Refund", data.FieldTypeString}, {"Charge", data.FieldTypeString},
		{"Stripe Dashboard", data.FieldTypeString}})
	checks := map[string][]any{
		"Amount":           {29.0, 1.005},
		"Reason":           {"requested_by_customer", ""},
		"Status":           {"succeeded", "pending"},
		"Refund":           {"re_1", "re_2"},
		"Charge":           {"ch_1", ""},
		"Stripe Dashboard": {"https://dashboard.stripe.com/payments/ch_1", ""},
	}
	for name, want := range checks {
		if got := cells(t, f, name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	checkDashboardLink(t, field(t, f, "Charge"))
}

// Subscriptions: MRR now as an amount in the subscription's currency; notices kept on the frame.
func TestSubscriptionsTable(t *testing.T) {
	rows := []SubscriptionRow{
		{ID: "sub_1", Customer: "cus_1", Status: "active", Currency: "usd", MRR: 4900},
		{ID: "sub_2", Customer: "cus_2", Status: "past_due", Currency: "jpy", MRR: 1200},
		{ID: "sub_3", Customer: "cus_3", Status: "trialing", Currency: "kwd", MRR: 0},
		{ID: "sub_4", Customer: "cus_4", Status: "active", Currency: "kwd", MRR: 12500},
	}
	note := data.Notice{Severity: data.NoticeSeverityInfo, Text: "2 metered items valued at 0"}
	f := SubscriptionsTable("S", rows, testDashboard, note)[0]
	if f.Name != "subscriptions" || f.RefID != "S" || f.Meta == nil || len(f.Meta.Notices) != 1 || f.Meta.Notices[0].Text != note.Text {
		t.Errorf("frame %s %s meta %+v", f.Name, f.RefID, f.Meta)
	}
	checkColumns(t, f, []col{{"Subscription", data.FieldTypeString}, {"Customer", data.FieldTypeString}, {"Status", data.FieldTypeString},
		{"Currency", data.FieldTypeString}, {"MRR", data.FieldTypeFloat64}, {"Stripe Dashboard", data.FieldTypeString}})
	if got, want := cells(t, f, "MRR"), []any{49.0, 1200.0, 0.0, 12.5}; !reflect.DeepEqual(got, want) {
		t.Errorf("MRR = %v, want %v", got, want)
	}
	if got := cells(t, f, "Stripe Dashboard")[1]; got != testDashboard+"subscriptions/sub_2" {
		t.Errorf("link %v", got)
	}
	checkDashboardLink(t, field(t, f, "Subscription"))
	if plain := SubscriptionsTable("S", rows, testDashboard)[0]; plain.Meta != nil {
		t.Errorf("no notices, meta %+v", plain.Meta)
	}
}

// Movements: before and after as amounts in the movement's currency.
func TestMovementsTable(t *testing.T) {
	at := time.Date(2026, 11, 1, 1, 30, 0, 0, time.FixedZone("EST", -5*3600))
	rows := []MovementRow{
		{At: at, Customer: "cus_1", Subscription: "sub_1", Kind: "churn", Currency: "usd", Before: 4900, After: 0},
		{At: at, Customer: "cus_2", Subscription: "sub_2", Kind: "contraction", Currency: "jpy", Before: 3000, After: 1000},
		{At: at, Customer: "cus_3", Subscription: "sub_3", Kind: "new", Currency: "kwd", Before: 0, After: 1250},
	}
	note := data.Notice{Severity: data.NoticeSeverityWarning, Text: "a discount ended before the oldest invoice"}
	f := MovementsTable("M", rows, note)[0]
	if f.Name != "mrr_movements" || f.RefID != "M" || len(f.Meta.Notices) != 1 {
		t.Errorf("frame %s %s %+v", f.Name, f.RefID, f.Meta)
	}
	checkColumns(t, f, []col{{"When", data.FieldTypeTime}, {"Customer", data.FieldTypeString}, {"Subscription", data.FieldTypeString},
		{"Movement", data.FieldTypeString}, {"Currency", data.FieldTypeString}, {"MRR before", data.FieldTypeFloat64}, {"MRR after", data.FieldTypeFloat64}})
	if got, want := cells(t, f, "MRR before"), []any{49.0, 3000.0, 0.0}; !reflect.DeepEqual(got, want) {
		t.Errorf("before = %v, want %v", got, want)
	}
	if got, want := cells(t, f, "MRR after"), []any{0.0, 1000.0, 1.25}; !reflect.DeepEqual(got, want) {
		t.Errorf("after = %v, want %v", got, want)
	}
	if got := cells(t, f, "When")[0].(time.Time); !got.Equal(at) {
		t.Errorf("when %v", got)
	}
	if got := cells(t, f, "Movement"); !reflect.DeepEqual(got, []any{"churn", "contraction", "new"}) {
		t.Errorf("movement %v", got)
	}
}
