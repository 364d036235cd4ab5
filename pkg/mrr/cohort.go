package mrr

import (
	"math"
	"sort"
	"time"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// CohortOptions say which cohorts and what retention.
type CohortOptions struct {
	From, To time.Time // cohorts of the months that overlap [From, To)
	Loc      *time.Location
	Now      int64
	Months   int  // offsets 0..Months
	Revenue  bool // revenue retention per currency, else logo retention
	// Currencies keeps only these for revenue retention (empty: every currency).
	Currencies []string
}

// custState is a customer's MRR per currency as the sweep has reached it.
type custState struct {
	cohort int // index of the cohort month; -1 before the first MRR > 0 or outside the cohorts
	mrr    map[string]int64
	active int             // currencies with MRR > 0
	had    map[string]bool // currencies with MRR > 0 at some point
}

// CohortRetention builds the retention table from the customer movements (METRICS.md "Lifetime
// value and cohorts"): a customer's cohort is the month in which their MRR (any currency) first
// became > 0; month ends are read as level metrics read bucket ends (the month's last second,
// or now for the month in progress). A month that has not begun by now has no value.
func CohortRetention(movs []Movement, o CohortOptions) ([]metrics.CohortRow, error) {
	g, err := timebucket.NewGrid(o.From, o.To, timebucket.Unit("month"), o.Loc)
	if err != nil {
		return nil, err
	}
	cohorts := g.Starts()
	// The month ends every cell reads: cohort months and Months further.
	var starts []time.Time
	for m := cohorts[0]; len(starts) < len(cohorts)+o.Months+1; m = timebucket.Next(m, timebucket.Unit("month"), o.Loc) {
		starts = append(starts, m)
	}
	cohortOf := func(at int64) int {
		i := sort.Search(len(cohorts), func(i int) bool { return cohorts[i].Unix() > at }) - 1
		if i < 0 || (i == len(cohorts)-1 && at >= g.To().Unix()) {
			return -1
		}
		return i
	}
	want := metrics.InCurrencies(o.Currencies)
	custs := map[string]*custState{}
	// Per month end e (index into starts), per cohort: customers active, MRR per currency.
	type snapshot struct {
		active []int
		mrr    []map[string]int64
	}
	snaps := make([]*snapshot, len(starts))
	next := 0
	take := func(e int) {
		s := &snapshot{active: make([]int, len(cohorts)), mrr: make([]map[string]int64, len(cohorts))}
		for _, c := range custs {
			if c.cohort < 0 {
				continue
			}
			if c.active > 0 {
				s.active[c.cohort]++
			}
			if s.mrr[c.cohort] == nil {
				s.mrr[c.cohort] = map[string]int64{}
			}
			for cur, v := range c.mrr {
				s.mrr[c.cohort][cur] += v
			}
		}
		snaps[e] = s
	}
	// ends[e] is the instant month e is read at; months beginning after now are never read.
	ends := make([]int64, len(starts))
	for e := range starts {
		end := timebucket.Next(starts[e], timebucket.Unit("month"), o.Loc).Unix() - 1
		ends[e] = min(end, o.Now)
	}
	for e := range starts {
		if starts[e].Unix() > o.Now {
			break
		}
		for ; next < len(movs) && movs[next].At <= ends[e]; next++ {
			m := movs[next]
			c := custs[m.Customer]
			if c == nil {
				c = &custState{cohort: -1, mrr: map[string]int64{}, had: map[string]bool{}}
				custs[m.Customer] = c
				if m.Before == 0 && m.After > 0 {
					c.cohort = cohortOf(m.At)
				}
			}
			switch {
			case m.Before == 0 && m.After > 0:
				c.active++
			case m.Before > 0 && m.After == 0:
				c.active--
			}
			c.mrr[m.Currency] = m.After
			if m.After > 0 {
				c.had[m.Currency] = true
			}
		}
		take(e)
	}
	// Cohort sizes (by now): every customer whose first MRR fell in a cohort month.
	for ; next < len(movs) && movs[next].At <= o.Now; next++ {
		m := movs[next]
		if custs[m.Customer] == nil && m.Before == 0 && m.After > 0 {
			custs[m.Customer] = &custState{cohort: cohortOf(m.At), had: map[string]bool{m.Currency: true}}
		} else if c := custs[m.Customer]; c != nil && m.After > 0 {
			c.had[m.Currency] = true
		}
	}
	sizes := make([]int, len(cohorts))
	curSizes := make([]map[string]int, len(cohorts))
	for _, c := range custs {
		if c.cohort < 0 {
			continue
		}
		sizes[c.cohort]++
		if curSizes[c.cohort] == nil {
			curSizes[c.cohort] = map[string]int{}
		}
		for cur := range c.had {
			curSizes[c.cohort][cur]++
		}
	}
	cell := func(e int, f func(*snapshot) float64) float64 {
		if e >= len(snaps) || snaps[e] == nil {
			return math.NaN()
		}
		return f(snaps[e])
	}
	// Revenue rows: each currency any cohort of the range has, for every cohort month (a row per
	// cohort and currency, so that a currency's rows are one uninterrupted run of months).
	revCurrencies := map[string]bool{}
	for _, m := range curSizes {
		for cur := range m {
			if want(cur) {
				revCurrencies[cur] = true
			}
		}
	}
	var out []metrics.CohortRow
	for ci, month := range cohorts {
		if !o.Revenue {
			r := metrics.CohortRow{Month: month, Size: sizes[ci]}
			for k := 0; k <= o.Months; k++ {
				r.Retained = append(r.Retained, cell(ci+k, func(s *snapshot) float64 { return ratio(float64(s.active[ci]), float64(sizes[ci])) }))
			}
			out = append(out, r)
			continue
		}
		for _, cur := range metrics.SortedKeys(revCurrencies) {
			r := metrics.CohortRow{Month: month, Currency: cur, Size: curSizes[ci][cur]}
			if snaps[ci] != nil {
				r.StartMRR = snaps[ci].mrr[ci][cur]
			}
			for k := 0; k <= o.Months; k++ {
				r.Retained = append(r.Retained, cell(ci+k, func(s *snapshot) float64 { return ratio(float64(s.mrr[ci][cur]), float64(r.StartMRR)) }))
			}
			out = append(out, r)
		}
	}
	return out, nil
}
