package truth

import (
	"math"
	"time"
)

// CohortRow is one cohort's retention: logo (Currency empty) or revenue in one currency.
type CohortRow struct {
	Month    time.Time
	Currency string
	Size     int
	StartMRR int64
	// Retained are offsets 0..months; NaN where the month has not begun by Now or there is
	// nothing to divide by.
	Retained []float64
}

// Cohorts is METRICS.md's cohort retention for the cohort months overlapping [from, to) in loc:
// a customer's cohort is the month their total MRR first became > 0 (their earliest MRR step
// above 0); a month end is read as every level here (changes before the end, or Now for the
// month in progress). Revenue rows: per currency any cohort's customer had MRR in, for every
// cohort month; the size counts the cohort's customers who have had MRR in that currency.
func (t *Truth) Cohorts(from, to time.Time, loc *time.Location, months int, revenue bool) ([]CohortRow, error) {
	b, err := NewBuckets(from, to, Month, loc)
	if err != nil {
		return nil, err
	}
	st := t.steps()
	// Per customer: first MRR > 0, and the subscriptions they hold.
	first := map[int32]int64{}
	subsOf := map[int32][]int{}
	had := map[int32]map[string]bool{}
	for i := range st {
		c := t.m.Subscriptions[i].Customer
		subsOf[c] = append(subsOf[c], i)
		for _, s := range st[i] {
			if s.MRR > 0 {
				if f, ok := first[c]; !ok || s.At < f {
					first[c] = s.At
				}
				if had[c] == nil {
					had[c] = map[string]bool{}
				}
				had[c][t.m.Subscriptions[i].Currency] = true
				break
			}
		}
	}
	members := make([][]int32, b.Len())
	for c, at := range first {
		if i := b.Index(at); i >= 0 {
			members[i] = append(members[i], c)
		}
	}
	// mrrAt is a customer's MRR per currency at the end of the month starting at m; false when
	// the month begins after Now.
	mrrAt := func(c int32, m time.Time) (map[string]int64, bool) {
		if m.Unix() > t.now {
			return nil, false
		}
		x := min(nextStart(m, Month, loc).Unix()-1, t.now)
		out := map[string]int64{}
		for _, i := range subsOf[c] {
			out[t.m.Subscriptions[i].Currency] += valueAt(st[i], x)
		}
		return out, true
	}
	monthStart := func(ci, k int) time.Time {
		return time.Date(b.Starts[ci].In(loc).Year(), b.Starts[ci].In(loc).Month()+time.Month(k), 1, 0, 0, 0, 0, loc)
	}
	var out []CohortRow
	if !revenue {
		for ci := range members {
			r := CohortRow{Month: b.Starts[ci], Size: len(members[ci])}
			for k := 0; k <= months; k++ {
				retained, reached := 0, true
				for _, c := range members[ci] {
					v, ok := mrrAt(c, monthStart(ci, k))
					reached = ok
					var total int64
					for _, x := range v {
						total += x
					}
					if total > 0 {
						retained++
					}
				}
				r.Retained = append(r.Retained, share(float64(retained), float64(r.Size), reached && monthStart(ci, k).Unix() <= t.now))
			}
			out = append(out, r)
		}
		return out, nil
	}
	curs := map[string]bool{}
	for _, ms := range members {
		for _, c := range ms {
			for cur := range had[c] {
				curs[cur] = true
			}
		}
	}
	for ci := range members {
		for _, cur := range sortedSet(curs) {
			r := CohortRow{Month: b.Starts[ci], Currency: cur}
			sums := make([]int64, months+1)
			for _, c := range members[ci] {
				if had[c][cur] {
					r.Size++
				}
				for k := 0; k <= months; k++ {
					if v, ok := mrrAt(c, monthStart(ci, k)); ok {
						sums[k] += v[cur]
					}
				}
			}
			r.StartMRR = sums[0]
			for k := 0; k <= months; k++ {
				r.Retained = append(r.Retained, share(float64(sums[k]), float64(r.StartMRR), monthStart(ci, k).Unix() <= t.now))
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// share is a/b, NaN when b is 0 or the month is not reached.
func share(a, b float64, reached bool) float64 {
	if b == 0 || !reached {
		return math.NaN()
	}
	return a / b
}
