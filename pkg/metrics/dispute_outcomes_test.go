package metrics

import (
	"testing"

	"github.com/revops/stripe-datasource/pkg/records"
)

// A won dispute is dated by its funds coming back, else by its closed event, else by when it was
// opened; a lost one by its event, else its opening; an undecided one not at all.
func TestDecisionTime(t *testing.T) {
	closings := map[string]records.DisputeClosing{"dp_ev": {Dispute: "dp_ev", At: 400, Status: "won"}}
	cases := []struct {
		name string
		d    records.Dispute
		at   int64
		by   string
		ok   bool
	}{
		{"won, funds back", records.Dispute{ID: "dp_ev", Status: "won", Created: 100, ReinstatedAt: 500}, 500, DatedByFunds, true},
		{"won, event", records.Dispute{ID: "dp_ev", Status: "won", Created: 100}, 400, DatedByEvent, true},
		{"won, nothing else", records.Dispute{ID: "dp_x", Status: "won", Created: 100}, 100, DatedByCreation, true},
		{"lost, event", records.Dispute{ID: "dp_ev", Status: "lost", Created: 100}, 400, DatedByEvent, true},
		{"lost, nothing else", records.Dispute{ID: "dp_x", Status: "lost", Created: 100}, 100, DatedByCreation, true},
		{"lost ignores a reinstatement", records.Dispute{ID: "dp_x", Status: "lost", Created: 100, ReinstatedAt: 500}, 100, DatedByCreation, true},
		{"needs response", records.Dispute{ID: "dp_ev", Status: "needs_response", Created: 100}, 0, "", false},
		{"under review", records.Dispute{ID: "dp_ev", Status: "under_review", Created: 100}, 0, "", false},
		{"warning closed", records.Dispute{ID: "dp_ev", Status: "warning_closed", Created: 100}, 0, "", false},
	}
	for _, c := range cases {
		at, by, ok := DecisionTime(c.d, closings)
		if at != c.at || by != c.by || ok != c.ok {
			t.Errorf("%s: %d %q %v, want %d %q %v", c.name, at, by, ok, c.at, c.by, c.ok)
		}
	}
	if at, by, ok := DecisionTime(records.Dispute{Status: "won", Created: 7}, nil); at != 7 || by != DatedByCreation || !ok {
		t.Errorf("nil closings: %d %q %v", at, by, ok)
	}
}

// Won and lost per bucket of the decision; DatedByCreation counts only decisions inside the grid.
func TestDisputeOutcomes(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	closings := map[string]records.DisputeClosing{"dp_2": {Dispute: "dp_2", At: d0 + 50, Status: "lost"}}
	a := NewDisputeOutcomes(g, nil)
	for _, d := range []records.Dispute{
		{ID: "dp_1", Status: "won", Currency: "usd", Amount: 5000, Created: d0 - 10*daySecs, ReinstatedAt: d0 + daySecs + 1}, // day 1, by funds
		{ID: "dp_2", Status: "lost", Currency: "usd", Amount: 3000, Created: d0 - 20*daySecs},                                // day 0, by event
		{ID: "dp_3", Status: "lost", Currency: "eur", Amount: 2000, Created: d0 + 5},                                         // day 0, by creation
		{ID: "dp_4", Status: "won", Currency: "gbp", Amount: 100, Created: d0 - 100},                                         // by creation, before the grid
		{ID: "dp_5", Status: "needs_response", Currency: "usd", Amount: 700, Created: d0},
	} {
		a.Add(d, closings)
	}
	checkLines(t, "won", a.Won("disputes_won", false), []line{{Cur: "eur", Values: []float64{0, 0}}, {Cur: "usd", Values: []float64{0, 1}}})
	checkLines(t, "won amount", a.Won("disputes_won_amount", true), []line{{Cur: "eur", Minor: []int64{0, 0}}, {Cur: "usd", Minor: []int64{0, 5000}}})
	checkLines(t, "lost", a.Lost("disputes_lost_count", false), []line{{Cur: "eur", Values: []float64{1, 0}}, {Cur: "usd", Values: []float64{1, 0}}})
	checkLines(t, "lost amount", a.Lost("m", true), []line{{Cur: "eur", Minor: []int64{2000, 0}}, {Cur: "usd", Minor: []int64{3000, 0}}})
	if a.DatedByCreation != 1 {
		t.Errorf("DatedByCreation = %d, want 1", a.DatedByCreation)
	}
	if w, l := a.Won("m", false)[0], a.Lost("m", true)[0]; w.Name != "Disputes won" || w.Unit != UnitCount || l.Name != "Disputes lost" || l.Unit != UnitMoney {
		t.Errorf("headers %+v %+v", w, l)
	}
	checkLines(t, "listed, nothing decided", NewDisputeOutcomes(g, []string{"jpy"}).Won("m", false), []line{{Cur: "jpy", Values: []float64{0, 0}}})
}

// Dispute rate = disputes opened / successful charges, same bucket and currency; no successful
// charge: no rate (NaN), not 0 and not infinity.
func TestDisputeRate(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	disputes := NewDisputeActivity(g, nil)
	for _, d := range []records.Dispute{
		{Created: d0 + 1, Currency: "usd"}, {Created: d0 + daySecs + 1, Currency: "usd"}, {Created: d0 + 1, Currency: "eur"},
	} {
		disputes.Add(d)
	}
	payments := NewPaymentActivity(g, nil)
	for _, c := range []records.Charge{
		{ID: "1", Created: d0 + 2, Currency: "usd", Status: "succeeded"}, {ID: "2", Created: d0 + 3, Currency: "usd", Status: "succeeded"},
		{ID: "3", Created: d0 + 4, Currency: "usd", Status: "succeeded"}, {ID: "4", Created: d0 + 5, Currency: "usd", Status: "succeeded"},
		{ID: "5", Created: d0 + daySecs, Currency: "usd", Status: "failed"},
		{ID: "6", Created: d0 + 6, Currency: "jpy", Status: "succeeded"}, {ID: "7", Created: d0 + 7, Currency: "jpy", Status: "succeeded"},
	} {
		payments.Add(c)
	}
	got := DisputeRate("dispute_rate", disputes, payments)
	checkLines(t, "rate", got, []line{
		{Cur: "eur", Values: []float64{nan, nan}},
		{Cur: "jpy", Values: []float64{0, nan}},
		{Cur: "usd", Values: []float64{0.25, nan}},
	})
	if s := got[0]; s.Metric != "dispute_rate" || s.Name != "Dispute rate" || s.Unit != UnitRatio || s.Len() != 2 {
		t.Errorf("header %+v", s)
	}
	if s := DisputeRate("m", NewDisputeActivity(g, nil), NewPaymentActivity(g, nil)); len(s) != 0 {
		t.Errorf("nothing: %d series", len(s))
	}
}
