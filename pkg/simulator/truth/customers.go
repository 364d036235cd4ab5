package truth

import (
	"sort"
	"time"
)

// CustomerCounts are the customer metrics of METRICS.md per bucket: customers created in it,
// customers created up to its end (every customer of the model is listed: none is deleted), and
// customers with at least one charge that has succeeded (as of now) created in it.
type CustomerCounts struct {
	Starts []time.Time
	New    []int
	Total  []int
	Paying []int
}

// Customers counts the customers of each bucket of [from, to).
func (t *Truth) Customers(from, to time.Time, size Size, loc *time.Location) (CustomerCounts, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return CustomerCounts{}, err
	}
	n := b.Len()
	out := CustomerCounts{Starts: b.Starts[:n], New: make([]int, n), Total: make([]int, n), Paying: make([]int, n)}
	for i := range t.m.Customers {
		created := t.m.Customers[i].Created
		if created > t.now {
			continue
		}
		if j := b.Index(created); j >= 0 {
			out.New[j]++
		}
		for j := 0; j < n; j++ {
			if created < b.unix[j+1] {
				out.Total[j]++
			}
		}
	}
	paying := make([]map[int32]bool, n)
	for ci := range t.m.Charges {
		c := &t.m.Charges[ci]
		j := b.Index(c.Created)
		if j < 0 || c.Customer < 0 || c.Created > t.now || c.StatusAt(t.now) != "succeeded" {
			continue
		}
		if paying[j] == nil {
			paying[j] = map[int32]bool{}
		}
		paying[j][c.Customer] = true
	}
	for j := range paying {
		out.Paying[j] = len(paying[j])
	}
	return out, nil
}

// TopCustomer is one line of the top customers table: a customer's succeeded charges created in
// the range in one presentment currency, less what has been refunded of them (as of now).
type TopCustomer struct {
	Customer, Name, Email, Currency string
	Net                             int64 // minor units
	Payments                        int
	First, Last                     time.Time
	MRR                             int64 // the customer's MRR now in Currency
}

// TopCustomers lists every customer with a succeeded charge created in [from, to), per
// currency, largest net first (ties by customer id).
func (t *Truth) TopCustomers(from, to time.Time) []TopCustomer {
	type key struct {
		customer int32
		currency string
	}
	rows := map[key]*TopCustomer{}
	for ci := range t.m.Charges {
		c := &t.m.Charges[ci]
		if c.Customer < 0 || c.Created < from.Unix() || c.Created >= to.Unix() || c.Created > t.now || c.StatusAt(t.now) != "succeeded" {
			continue
		}
		k := key{c.Customer, c.Currency}
		r := rows[k]
		at := time.Unix(c.Created, 0).UTC()
		if r == nil {
			cu := &t.m.Customers[c.Customer]
			r = &TopCustomer{Customer: cu.ID, Name: cu.Name, Email: cu.Email, Currency: c.Currency, First: at, Last: at}
			rows[k] = r
		}
		r.Net += c.Amount
		for _, ri := range c.Refunds {
			if rf := &t.m.Refunds[ri]; rf.Created <= t.now {
				r.Net -= rf.Amount
			}
		}
		r.Payments++
		if at.Before(r.First) {
			r.First = at
		}
		if at.After(r.Last) {
			r.Last = at
		}
	}
	mrrNow := map[key]int64{}
	st := t.steps()
	for i := range st {
		s := &t.m.Subscriptions[i]
		mrrNow[key{s.Customer, s.Currency}] += valueAt(st[i], t.now)
	}
	out := make([]TopCustomer, 0, len(rows))
	for k, r := range rows {
		r.MRR = mrrNow[k]
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Net != out[j].Net {
			return out[i].Net > out[j].Net
		}
		if out[i].Customer != out[j].Customer {
			return out[i].Customer < out[j].Customer
		}
		return out[i].Currency < out[j].Currency
	})
	return out
}
