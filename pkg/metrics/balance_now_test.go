package metrics

import "testing"

// BalanceNow: per currency (sorted) an available and a pending value, the type as a label.
func TestBalanceNow(t *testing.T) {
	amounts := []BalanceAmounts{{Currency: "usd", Available: 10000, Pending: 2500}, {Currency: "eur", Available: -300}, {Currency: "jpy", Pending: 5000}}
	type v struct {
		cur, kind string
		minor     int64
	}
	cases := []struct {
		name       string
		currencies []string
		want       []v
	}{
		{"every currency, a negative balance kept", nil, []v{
			{"eur", "available", -300}, {"eur", "pending", 0}, {"jpy", "available", 0}, {"jpy", "pending", 5000}, {"usd", "available", 10000}, {"usd", "pending", 2500}}},
		{"filtered", []string{"usd"}, []v{{"usd", "available", 10000}, {"usd", "pending", 2500}}},
		// chf is a currency the balance does not list: asked for by name, it holds 0.
		{"a listed currency never held", []string{"usd", "chf"}, []v{
			{"chf", "available", 0}, {"chf", "pending", 0}, {"usd", "available", 10000}, {"usd", "pending", 2500}}},
	}
	for _, c := range cases {
		got := BalanceNow(amounts, c.currencies)
		if len(got) != len(c.want) {
			t.Fatalf("%s: %d values, want %d", c.name, len(got), len(c.want))
		}
		for i, w := range c.want {
			g := got[i]
			if g.Currency != w.cur || g.Labels["balance_type"] != w.kind || len(g.Labels) != 1 || g.Minor != w.minor ||
				g.Metric != "balance" || g.Name != "Balance" || g.Unit != UnitMoney {
				t.Errorf("%s: value %d = %+v, want %+v", c.name, i, g, w)
			}
		}
	}
	if amounts[0].Currency != "usd" {
		t.Error("BalanceNow sorted its input in place")
	}
	if got := BalanceNow(nil, nil); len(got) != 0 {
		t.Errorf("no balance: %v", got)
	}
}
