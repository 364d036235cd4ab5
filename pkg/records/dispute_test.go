package records

import (
	"testing"

	stripe "github.com/stripe/stripe-go/v85"
)

// FromDispute keeps the charge's id, the evidence deadline and whether evidence was submitted,
// and dates a reinstatement by its dispute_reversal balance transaction.
func TestFromDispute(t *testing.T) {
	cases := []struct {
		name string
		in   *stripe.Dispute
		want Dispute
	}{
		{"open dispute with a deadline",
			&stripe.Dispute{ID: "dp_1", Created: 1782907200, Currency: "usd", Amount: 2500, Status: "needs_response", Reason: "fraudulent",
				Charge: &stripe.Charge{ID: "ch_1"}, EvidenceDetails: &stripe.DisputeEvidenceDetails{DueBy: 1783727999, HasEvidence: true},
				BalanceTransactions: []*stripe.BalanceTransaction{{ID: "txn_d", Created: 1782907200, ReportingCategory: "dispute", Amount: -2500}}},
			Dispute{ID: "dp_1", Created: 1782907200, Currency: "usd", Amount: 2500, Status: "needs_response", Reason: "fraudulent",
				Charge: "ch_1", DueBy: 1783727999, HasEvidence: true}},
		{"won dispute dated by the funds coming back",
			&stripe.Dispute{ID: "dp_2", Created: 1782907200, Currency: "jpy", Amount: 3000, Status: "won", Reason: "product_not_received",
				Charge: &stripe.Charge{ID: "ch_2"},
				BalanceTransactions: []*stripe.BalanceTransaction{
					{ID: "txn_a", Created: 1782907200, ReportingCategory: "dispute", Amount: -3000},
					nil,
					{ID: "txn_b", Created: 1783900000, ReportingCategory: "dispute_reversal", Amount: 3000},
				}},
			Dispute{ID: "dp_2", Created: 1782907200, Currency: "jpy", Amount: 3000, Status: "won", Reason: "product_not_received",
				Charge: "ch_2", ReinstatedAt: 1783900000}},
		{"no charge, no evidence details, no balance transactions",
			&stripe.Dispute{ID: "dp_3", Currency: "kwd", Amount: 1250, Status: "lost", Reason: "general"},
			Dispute{ID: "dp_3", Currency: "kwd", Amount: 1250, Status: "lost", Reason: "general"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := FromDispute(c.in); got != c.want {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// METRICS.md: open disputes are warning_needs_response, needs_response, warning_under_review and
// under_review; the two *needs_response statuses still wait for the merchant's evidence.
func TestDisputeOpenAndNeedsResponse(t *testing.T) {
	cases := []struct {
		status              string
		open, needsResponse bool
	}{
		{"warning_needs_response", true, true},
		{"needs_response", true, true},
		{"warning_under_review", true, false},
		{"under_review", true, false},
		{"warning_closed", false, false},
		{"won", false, false},
		{"lost", false, false},
		{"prevented", false, false},
		{"", false, false},
	}
	for _, c := range cases {
		d := Dispute{Status: c.status}
		if got := d.Open(); got != c.open {
			t.Errorf("Open(%q) = %v, want %v", c.status, got, c.open)
		}
		if got := d.NeedsResponse(); got != c.needsResponse {
			t.Errorf("NeedsResponse(%q) = %v, want %v", c.status, got, c.needsResponse)
		}
	}
}

// Only a charge.dispute.closed event whose data names a dispute id is a closing.
func TestFromDisputeClosedEvent(t *testing.T) {
	obj := func(m map[string]any) *stripe.EventData { return &stripe.EventData{Object: m} }
	cases := []struct {
		name string
		in   *stripe.Event
		want DisputeClosing
		ok   bool
	}{
		{"won", &stripe.Event{Type: "charge.dispute.closed", Created: 1783000000, Data: obj(map[string]any{"id": "dp_1", "status": "won"})},
			DisputeClosing{Dispute: "dp_1", At: 1783000000, Status: "won"}, true},
		{"lost", &stripe.Event{Type: "charge.dispute.closed", Created: 1783000001, Data: obj(map[string]any{"id": "dp_2", "status": "lost", "amount": 100.0})},
			DisputeClosing{Dispute: "dp_2", At: 1783000001, Status: "lost"}, true},
		{"no status", &stripe.Event{Type: "charge.dispute.closed", Created: 5, Data: obj(map[string]any{"id": "dp_3"})},
			DisputeClosing{Dispute: "dp_3", At: 5}, true},
		{"nil event", nil, DisputeClosing{}, false},
		{"another type", &stripe.Event{Type: "charge.dispute.created", Data: obj(map[string]any{"id": "dp_1", "status": "needs_response"})}, DisputeClosing{}, false},
		{"no data", &stripe.Event{Type: "charge.dispute.closed"}, DisputeClosing{}, false},
		{"no id", &stripe.Event{Type: "charge.dispute.closed", Data: obj(map[string]any{"status": "won"})}, DisputeClosing{}, false},
		{"id not a string", &stripe.Event{Type: "charge.dispute.closed", Data: obj(map[string]any{"id": 7.0, "status": "won"})}, DisputeClosing{}, false},
	}
	for _, c := range cases {
		got, ok := FromDisputeClosedEvent(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("%s: got %+v, %v; want %+v, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
