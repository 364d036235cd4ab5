package truth

import "time"

// BalanceTotalAt is the account's total balance (available + pending) per settlement currency
// just before the instant at: every money movement the model recorded before it, net of fees.
func (t *Truth) BalanceTotalAt(at time.Time) map[string]int64 {
	out := map[string]int64{}
	for _, c := range t.m.SettlementCurrencies {
		out[c] = 0
	}
	for _, mv := range t.moneyMovements() {
		if mv.at < at.Unix() {
			out[mv.currency] += mv.amount - mv.fee
		}
	}
	return out
}
