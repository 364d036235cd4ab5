package truth

import (
	"sort"
	"time"
)

// Movement kinds (per customer, METRICS.md "MRR movements").
const (
	MoveNew          = "new"
	MoveReactivation = "reactivation"
	MoveExpansion    = "expansion"
	MoveContraction  = "contraction"
	MoveChurn        = "churn"
)

// Movement is one change of a customer's total MRR in one currency.
type Movement struct {
	At       time.Time
	Customer string
	Currency string
	Kind     string
	Before   int64
	After    int64
}

// Amount is the size of the movement (positive).
func (mv Movement) Amount() int64 {
	if mv.After > mv.Before {
		return mv.After - mv.Before
	}
	return mv.Before - mv.After
}

type custKey struct {
	customer int32
	currency string
}

// Movements lists every customer MRR movement up to Now, ordered by time then customer.
func (t *Truth) Movements() []Movement {
	st := t.steps()
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.movements != nil {
		return t.movements
	}
	type change struct {
		at  int64
		sub int
		v   int64
	}
	groups := map[custKey][]change{}
	seen := map[custKey]bool{}
	var keys []custKey
	for i := range st {
		s := &t.m.Subscriptions[i]
		k := custKey{s.Customer, s.Currency}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
		for _, step := range st[i] {
			groups[k] = append(groups[k], change{step.At, i, step.MRR})
		}
	}
	var out []Movement
	for _, k := range keys {
		chs := groups[k]
		sort.SliceStable(chs, func(a, b int) bool { return chs[a].at < chs[b].at })
		cur := map[int]int64{}
		var total int64
		had := false
		for i := 0; i < len(chs); {
			at := chs[i].at
			before := total
			for ; i < len(chs) && chs[i].at == at; i++ {
				total += chs[i].v - cur[chs[i].sub]
				cur[chs[i].sub] = chs[i].v
			}
			if total == before {
				continue
			}
			kind := ""
			switch {
			case before == 0 && !had:
				kind = MoveNew
			case before == 0:
				kind = MoveReactivation
			case total == 0:
				kind = MoveChurn
			case total > before:
				kind = MoveExpansion
			default:
				kind = MoveContraction
			}
			if total > 0 {
				had = true
			}
			out = append(out, Movement{At: time.Unix(at, 0).UTC(), Customer: t.m.Customers[k.customer].ID, Currency: k.currency,
				Kind: kind, Before: before, After: total})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].Customer < out[j].Customer
	})
	t.movements = out
	return out
}

// MRRRow is one bucket of MRR in one currency.
type MRRRow struct {
	Start time.Time
	// StartMRR is the level just before the bucket's start; MRR the level at its end (or at Now
	// for the bucket in progress). Both are summed from the subscriptions' own step functions,
	// independently of the movement classification.
	StartMRR     int64
	MRR          int64
	New          int64
	Reactivation int64
	Expansion    int64
	Contraction  int64
	Churn        int64
	NetNew       int64
	// Subscribers is the number of customers with MRR > 0 at the bucket's end.
	Subscribers int
	// Counts of movements per kind.
	NewCount, ReactivationCount, ExpansionCount, ContractionCount, ChurnCount int
}

// MRRSeries is the MRR of one currency.
type MRRSeries struct {
	Currency string
	Rows     []MRRRow
}

// MRR returns MRR levels and movements per currency (every currency any subscription has had MRR
// in, sorted).
func (t *Truth) MRR(from, to time.Time, size Size, loc *time.Location) ([]MRRSeries, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return nil, err
	}
	st := t.steps()
	// Level sweeps: per currency, every step as a delta, sorted by time.
	type delta struct {
		at int64
		d  int64
	}
	deltas := map[string][]delta{}
	for i := range st {
		cur := t.m.Subscriptions[i].Currency
		prev := int64(0)
		for _, s := range st[i] {
			deltas[cur] = append(deltas[cur], delta{s.At, s.MRR - prev})
			prev = s.MRR
		}
	}
	curs := map[string]bool{}
	for c := range deltas {
		curs[c] = true
	}
	out := []MRRSeries{}
	for _, c := range sortedSet(curs) {
		ds := deltas[c]
		sort.Slice(ds, func(i, j int) bool { return ds[i].at < ds[j].at })
		rows := make([]MRRRow, b.Len())
		// Edges: level just before each bucket start, and at each bucket's end (capped at now+1).
		edge := func(i int) int64 {
			x := b.unix[i]
			if x > t.now+1 {
				x = t.now + 1
			}
			return x
		}
		j := 0
		var level int64
		levels := make([]int64, b.Len()+1)
		for i := 0; i <= b.Len(); i++ {
			x := edge(i)
			for j < len(ds) && ds[j].at < x {
				level += ds[j].d
				j++
			}
			levels[i] = level
		}
		for i := range rows {
			rows[i] = MRRRow{Start: b.Starts[i], StartMRR: levels[i], MRR: levels[i+1]}
		}
		for _, mv := range t.Movements() {
			if mv.Currency != c {
				continue
			}
			i := b.Index(mv.At.Unix())
			if i < 0 {
				continue
			}
			r := &rows[i]
			switch mv.Kind {
			case MoveNew:
				r.New += mv.Amount()
				r.NewCount++
			case MoveReactivation:
				r.Reactivation += mv.Amount()
				r.ReactivationCount++
			case MoveExpansion:
				r.Expansion += mv.Amount()
				r.ExpansionCount++
			case MoveContraction:
				r.Contraction += mv.Amount()
				r.ContractionCount++
			case MoveChurn:
				r.Churn += mv.Amount()
				r.ChurnCount++
			}
		}
		// Subscribers at each bucket end, from the movements that cross zero.
		active := 0
		k := 0
		mvs := t.Movements()
		for i := range rows {
			x := edge(i + 1)
			for ; k < len(mvs) && mvs[k].At.Unix() < x; k++ {
				if mvs[k].Currency != c {
					continue
				}
				if mvs[k].Before == 0 {
					active++
				} else if mvs[k].After == 0 {
					active--
				}
			}
			rows[i].Subscribers = active
			rows[i].NetNew = rows[i].New + rows[i].Reactivation + rows[i].Expansion - rows[i].Contraction - rows[i].Churn
		}
		out = append(out, MRRSeries{Currency: c, Rows: rows})
	}
	return out, nil
}

// ActiveSubscribers counts customers with MRR > 0 at instant at (changes <= at applied), per
// currency and in total (a customer counts once in the total).
func (t *Truth) ActiveSubscribers(at time.Time) (map[string]int, int) {
	st := t.steps()
	totals := map[custKey]int64{}
	for i := range st {
		s := &t.m.Subscriptions[i]
		totals[custKey{s.Customer, s.Currency}] += valueAt(st[i], at.Unix())
	}
	per := map[string]int{}
	distinct := map[int32]bool{}
	for k, v := range totals {
		if v > 0 {
			per[k.currency]++
			distinct[k.customer] = true
		}
	}
	return per, len(distinct)
}
