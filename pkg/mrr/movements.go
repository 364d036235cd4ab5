package mrr

import "sort"

// Movement kinds (METRICS.md "MRR movements").
const (
	MoveNew          = "new"
	MoveReactivation = "reactivation"
	MoveExpansion    = "expansion"
	MoveContraction  = "contraction"
	MoveChurn        = "churn"
)

// MovementKinds in the order series and tables show them.
var MovementKinds = []string{MoveNew, MoveReactivation, MoveExpansion, MoveContraction, MoveChurn}

// Movement is one change of a customer's total MRR in one currency.
type Movement struct {
	At           int64
	Customer     string
	Currency     string
	Subscription string // the subscription whose change made it (the first, when several changed at once)
	Kind         string
	Before       int64
	After        int64
}

// Amount is the size of the movement (positive).
func (m Movement) Amount() int64 {
	if m.After > m.Before {
		return m.After - m.Before
	}
	return m.Before - m.After
}

// Movements classifies every change of each customer's total MRR per currency, comparing the
// total over all their subscriptions before and after each instant something changed. Ordered
// by time, then customer, then currency: a total order, whatever the order of subs.
func Movements(subs []SubscriptionMRR) []Movement {
	type key struct{ customer, currency string }
	type change struct {
		at  int64
		sub int
		v   int64
	}
	groups := map[key][]change{}
	var keys []key
	for i := range subs {
		s := &subs[i]
		k := key{s.Customer, s.Currency}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
			groups[k] = nil
		}
		for _, st := range s.Steps {
			groups[k] = append(groups[k], change{st.At, i, st.MRR})
		}
	}
	var out []Movement
	for _, k := range keys {
		chs := groups[k]
		// By time, then subscription id: the first subscription changing at an instant names the
		// movement, whatever order the subscriptions were read in.
		sort.SliceStable(chs, func(a, b int) bool {
			if chs[a].at != chs[b].at {
				return chs[a].at < chs[b].at
			}
			return subs[chs[a].sub].ID < subs[chs[b].sub].ID
		})
		cur := map[int]int64{}
		var total int64
		had := false
		for i := 0; i < len(chs); {
			at, before, first := chs[i].at, total, chs[i].sub
			for ; i < len(chs) && chs[i].at == at; i++ {
				total += chs[i].v - cur[chs[i].sub]
				cur[chs[i].sub] = chs[i].v
			}
			if total == before {
				continue
			}
			out = append(out, Movement{At: at, Customer: k.customer, Currency: k.currency, Subscription: subs[first].ID,
				Kind: classify(before, total, had), Before: before, After: total})
			had = had || total > 0
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.At != b.At {
			return a.At < b.At
		}
		if a.Customer != b.Customer {
			return a.Customer < b.Customer
		}
		return a.Currency < b.Currency // one entry per customer, currency and instant
	})
	return out
}

// classify names a change of a customer's MRR from before to after; had says whether the
// customer had MRR > 0 at some earlier moment.
func classify(before, after int64, had bool) string {
	switch {
	case before == 0 && !had:
		return MoveNew
	case before == 0:
		return MoveReactivation
	case after == 0:
		return MoveChurn
	case after > before:
		return MoveExpansion
	default:
		return MoveContraction
	}
}
