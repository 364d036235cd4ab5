package metrics

import (
	"math/big"
	"sort"
	"strings"

	"github.com/revops/stripe-datasource/pkg/fx"
)

// ConvertLevels converts level series (a value per currency at each bucket's end) into one
// currency: at each bucket, every currency's level at that instant (instants[i], the grid's level
// instants) times its rate then, summed exactly and rounded once. Series that differ by labels
// other than the currency stay apart. A missing rate is the converter's error.
func ConvertLevels(series []Series, instants []int64, conv *fx.Converter) ([]Series, error) {
	type group struct {
		first Series
		sums  []*big.Rat
	}
	groups := map[string]*group{}
	for _, s := range series {
		k := labelKey(s.Labels)
		g := groups[k]
		if g == nil {
			g = &group{first: s, sums: make([]*big.Rat, len(instants))}
			for i := range g.sums {
				g.sums[i] = new(big.Rat)
			}
			groups[k] = g
		}
		for i, v := range s.Minor {
			if v == 0 || i >= len(instants) {
				continue
			}
			x, err := conv.Exact(v, s.Currency, instants[i], i)
			if err != nil {
				return nil, err
			}
			g.sums[i].Add(g.sums[i], x)
		}
	}
	out := make([]Series, 0, len(groups))
	for _, k := range SortedKeys(groups) {
		g := groups[k]
		s := g.first
		s.Currency, s.Minor = conv.To, make([]int64, len(g.sums))
		for i, x := range g.sums {
			s.Minor[i] = fx.Round(x)
		}
		out = append(out, s)
	}
	return out, nil
}

// labelKey names a label set, whatever the map's order.
func labelKey(labels map[string]string) string {
	parts := make([]string, 0, len(labels))
	for k, v := range labels {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}
