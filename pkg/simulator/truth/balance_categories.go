package truth

import "time"

// NetByCategory is the net (amount − fee) the model moved per settlement currency, reporting
// category and bucket: the truth behind a breakdown of balance activity by category.
func (t *Truth) NetByCategory(from, to time.Time, size Size, loc *time.Location) (map[string]map[string][]int64, *Buckets, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return nil, nil, err
	}
	out := map[string]map[string][]int64{}
	for _, mv := range t.moneyMovements() {
		i := b.Index(mv.at)
		if i < 0 {
			continue
		}
		if out[mv.currency] == nil {
			out[mv.currency] = map[string][]int64{}
		}
		if out[mv.currency][mv.category] == nil {
			out[mv.currency][mv.category] = make([]int64, b.Len())
		}
		out[mv.currency][mv.category][i] += mv.amount - mv.fee
	}
	return out, b, nil
}
