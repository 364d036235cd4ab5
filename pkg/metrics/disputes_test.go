package metrics

import (
	"testing"

	"github.com/revops/stripe-datasource/pkg/records"
)

// Disputes opened, by when they were opened: count, amount and reason ("unknown" when none).
func TestDisputeActivity(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	a := NewDisputeActivity(g, nil)
	for _, d := range []records.Dispute{
		{ID: "dp_1", Created: d0 + 10, Currency: "usd", Amount: 1000, Reason: "fraudulent"},
		{ID: "dp_2", Created: d0 + 20, Currency: "usd", Amount: 2000, Reason: "fraudulent"},
		{ID: "dp_3", Created: d0 + daySecs, Currency: "usd", Amount: 500},
		{ID: "dp_4", Created: d0 + daySecs + 5, Currency: "jpy", Amount: 3000, Reason: "product_not_received"},
		{ID: "dp_5", Created: d0 - 1, Currency: "usd", Amount: 9999, Reason: "general"}, // before the grid
	} {
		a.Add(d)
	}
	checkLines(t, "count", a.Opened("disputes_opened", false), []line{{Cur: "jpy", Values: []float64{0, 1}}, {Cur: "usd", Values: []float64{2, 1}}})
	checkLines(t, "amount", a.Opened("disputes_opened_amount", true), []line{{Cur: "jpy", Minor: []int64{0, 3000}}, {Cur: "usd", Minor: []int64{3000, 500}}})
	by := a.OpenedByReason("disputes_by_reason")
	checkLines(t, "by reason", by, []line{
		{Cur: "jpy", Labels: "reason=product_not_received ", Values: []float64{0, 1}},
		{Cur: "usd", Labels: "reason=fraudulent ", Values: []float64{2, 0}},
		{Cur: "usd", Labels: "reason=unknown ", Values: []float64{0, 1}},
	})
	if s := by[0]; s.Metric != "disputes_by_reason" || s.Name != "Disputes opened" || s.Unit != UnitCount {
		t.Errorf("header %+v", s)
	}
	if s := a.Opened("x", true)[0]; s.Unit != UnitMoney || s.Name != "Disputes opened" {
		t.Errorf("amount header %+v", s)
	}
}

// A listed currency without disputes has a zero series of the count; with no reason seen it has
// no by-reason series.
func TestDisputeActivityListedCurrency(t *testing.T) {
	g, _ := dayGrid(t, 2)
	a := NewDisputeActivity(g, []string{"eur"})
	a.Add(records.Dispute{Created: g.From().Unix(), Currency: "usd", Amount: 100, Reason: "general"})
	checkLines(t, "count", a.Opened("m", false), []line{{Cur: "eur", Values: []float64{0, 0}}})
	checkLines(t, "by reason", a.OpenedByReason("m"), []line{})
	if s := NewDisputeActivity(g, nil).Opened("m", false); len(s) != 0 {
		t.Errorf("no disputes, no filter: %d series", len(s))
	}
}

// Open disputes, earliest deadline first, those without a deadline last, ties by id.
func TestOpenDisputes(t *testing.T) {
	all := []records.Dispute{
		{ID: "dp_c", Status: "needs_response", Currency: "usd", DueBy: 300},
		{ID: "dp_a", Status: "warning_needs_response", Currency: "usd", DueBy: 300},
		{ID: "dp_f", Status: "warning_under_review", Currency: "usd"},
		{ID: "dp_b", Status: "under_review", Currency: "usd"},
		{ID: "dp_d", Status: "needs_response", Currency: "eur", DueBy: 100},
		{ID: "dp_e", Status: "won", Currency: "usd", DueBy: 50},
		{ID: "dp_g", Status: "warning_closed", Currency: "usd", DueBy: 60},
		{ID: "dp_h", Status: "lost", Currency: "eur"},
	}
	cases := []struct {
		currencies []string
		want       string
	}{
		{nil, "dp_d dp_a dp_c dp_b dp_f "},
		{[]string{"usd"}, "dp_a dp_c dp_b dp_f "},
		{[]string{"jpy"}, ""},
	}
	for _, c := range cases {
		got := ""
		for _, d := range OpenDisputes(all, c.currencies) {
			got += d.ID + " "
		}
		if got != c.want {
			t.Errorf("OpenDisputes(%v) = %q, want %q", c.currencies, got, c.want)
		}
	}
	if len(OpenDisputes(nil, nil)) != 0 {
		t.Error("no disputes, some open")
	}
}

// DueWithin: needs a response and its evidence is due by the deadline (a passed deadline too).
func TestDueWithin(t *testing.T) {
	open := []records.Dispute{
		{ID: "late", Status: "needs_response", DueBy: 100},
		{ID: "after", Status: "needs_response", DueBy: 301},
		{ID: "at", Status: "warning_needs_response", DueBy: 300},
		{ID: "review", Status: "under_review", DueBy: 200},
		{ID: "no_deadline", Status: "needs_response"},
	}
	got := ""
	for _, d := range DueWithin(open, 300) {
		got += d.ID + " "
	}
	if got != "late at " {
		t.Errorf("DueWithin = %q, want %q", got, "late at ")
	}
	if len(DueWithin(nil, 300)) != 0 {
		t.Error("nothing open, something due")
	}
}

// OpenDisputeCounts: per currency now; listed currencies without an open dispute count 0.
func TestOpenDisputeCounts(t *testing.T) {
	open := []records.Dispute{{Currency: "usd"}, {Currency: "usd"}, {Currency: "eur"}}
	cases := []struct {
		name       string
		open       []records.Dispute
		currencies []string
		want       map[string]float64
		order      []string
	}{
		{"seen and listed", open, []string{"jpy", "usd"}, map[string]float64{"eur": 1, "jpy": 0, "usd": 2}, []string{"eur", "jpy", "usd"}},
		{"nothing open, listed", nil, []string{"kwd"}, map[string]float64{"kwd": 0}, []string{"kwd"}},
		{"nothing at all", nil, nil, nil, nil},
	}
	for _, c := range cases {
		got := OpenDisputeCounts(c.open, c.currencies)
		if len(got) != len(c.order) {
			t.Fatalf("%s: %d values, want %d", c.name, len(got), len(c.order))
		}
		for i, cur := range c.order {
			v := got[i]
			if v.Currency != cur || v.Number != c.want[cur] || v.Metric != "open_disputes" || v.Name != "Open disputes" || v.Unit != UnitCount {
				t.Errorf("%s: value %d = %+v, want %s %v", c.name, i, v, cur, c.want[cur])
			}
		}
	}
}
