package mrr

import (
	"math/big"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// LTV is customer lifetime value per currency at each bucket's end (METRICS.md "Lifetime value
// and cohorts"): ARPU ÷ the 30-day subscriber churn rate, both as ARPU and SubscriberChurnRate
// compute them, from their exact parts: MRR × (active 30 days before + new in the window) ÷
// (subscribers in the currency × churned in the window), rounded half up once. A point has no
// value (Null) when nobody churned in the window (the rate is 0: the lifetime is unbounded) or
// the currency has no subscriber (no ARPU).
func LTV(subs []SubscriptionMRR, movs []Movement, grid timebucket.Grid, now int64, metric string, currencies []string) []metrics.Series {
	levels, counts := arpuParts(subs, movs, grid, now, metric, "LTV", currencies)
	churned, base := churnParts(movs, grid.LevelInstants(now))
	for i := range levels {
		l := &levels[i]
		l.Null = make([]bool, len(l.Minor))
		for j, mrr := range l.Minor {
			n := counts[l.Currency][j]
			if n == 0 || churned[j] == 0 {
				l.Minor[j], l.Null[j] = 0, true
				continue
			}
			l.Minor[j] = roundedQuo(mrr, int64(base[j]), int64(n)*int64(churned[j]))
		}
	}
	return levels
}

// roundedQuo is a × b ÷ d rounded half up (d > 0, a ≥ 0), exact whatever the sizes.
func roundedQuo(a, b, d int64) int64 {
	x := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	x.Mul(x, big.NewInt(2)).Add(x, big.NewInt(d))
	return x.Quo(x, big.NewInt(2*d)).Int64()
}
