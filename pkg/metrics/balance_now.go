package metrics

import "sort"

// BalanceAmounts is the account's balance in one currency at one moment, in minor units.
type BalanceAmounts struct {
	Currency  string
	Available int64
	Pending   int64
}

// BalanceNow turns /v1/balance into values: available and pending per currency, the balance
// type as a label so each is its own alert instance.
func BalanceNow(amounts []BalanceAmounts, currencies []string) []Value {
	keep := map[string]bool{}
	for _, c := range currencies {
		keep[c] = true
	}
	sorted := append([]BalanceAmounts(nil), amounts...)
	// A currency asked for by name that the balance does not list holds nothing: 0, as the flow
	// metrics answer, so an alert rule on it reads 0 rather than No Data.
	listed := map[string]bool{}
	for _, a := range amounts {
		listed[a.Currency] = true
	}
	for _, c := range currencies {
		if !listed[c] {
			listed[c] = true
			sorted = append(sorted, BalanceAmounts{Currency: c})
		}
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Currency < sorted[j].Currency })
	var out []Value
	for _, a := range sorted {
		if len(keep) > 0 && !keep[a.Currency] {
			continue
		}
		for _, v := range []struct {
			kind  string
			minor int64
		}{{"available", a.Available}, {"pending", a.Pending}} {
			out = append(out, Value{Metric: "balance", Name: "Balance", Currency: a.Currency, Unit: UnitMoney,
				Labels: map[string]string{"balance_type": v.kind}, Minor: v.minor})
		}
	}
	return out
}
