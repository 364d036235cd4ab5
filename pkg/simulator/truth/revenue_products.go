package truth

import (
	"math/big"
	"sort"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// Revenue by product and by price, from the model: what each payment collected, split across the
// products (or prices) of the invoice it paid, and each refund taken back from them the same way.
//
// The definition (METRICS.md "Revenue by product", made to satisfy its sum identity):
//   - A succeeded charge counts its captured amount, when it was created; a refund its amount, when
//     it was created; both in the presentment currency. So the products of a bucket sum to the
//     succeeded payments less the refunds of that bucket, whatever was paid with credit balance,
//     partly, or outside Stripe.
//   - A payment of an invoice is split across the invoice's lines in proportion to each line's
//     amount less its discounts (tax excluded: the simulator's invoices carry none), in line
//     order, each line's share rounded so the shares add up to the payment exactly: line i gets
//     round(P·C_i/T) − round(P·C_{i−1}/T), C_i the sum of the first i lines' amounts, T of all,
//     rounded half away from zero. A payment of an invoice whose lines add up to nothing (or
//     less) is all "(no product)"; a payment without an invoice is "(no invoice)".
//   - A refund is split across its payment's invoice the same way (the same lines, its amount).

// Revenue keys that are no product or price.
const (
	KeyNoInvoice = "(no invoice)"
	KeyNoProduct = "(no product)"
)

// RevenueBy says what revenue is split by.
type RevenueBy uint8

const (
	ByProduct RevenueBy = iota + 1 // product id
	ByPrice                        // price id
)

// RevenueRow is one bucket of one product (or price) in one currency: what payments collected and
// refunds gave back (positive), in minor units.
type RevenueRow struct {
	Start    time.Time
	Paid     int64
	Refunded int64
}

// Net is what was paid less what was refunded.
func (r RevenueRow) Net() int64 { return r.Paid - r.Refunded }

// RevenueSeries is one product's (or price's) revenue in one presentment currency.
type RevenueSeries struct {
	Currency string
	Key      string // product or price id, or KeyNoInvoice / KeyNoProduct
	Name     string // the product's name ("" for the two keys above)
	Rows     []RevenueRow
}

// RevenueByKey is revenue by product or price in the buckets of [from, to), sorted by currency
// and key; every key with a payment or refund in the buckets, with every bucket.
func (t *Truth) RevenueByKey(by RevenueBy, from, to time.Time, size Size, loc *time.Location) ([]RevenueSeries, error) {
	return t.revenueByKey(by, from, to, size, loc, func(c *generator.Charge, _, amount int64) (string, int64, error) {
		return c.Currency, amount, nil
	})
}

// revenueByKey is RevenueByKey with each amount (a charge's, or a refund's of charge c, made at
// the instant given) handed through money, which says its currency and value.
func (t *Truth) revenueByKey(by RevenueBy, from, to time.Time, size Size, loc *time.Location,
	money func(c *generator.Charge, at, amount int64) (string, int64, error)) ([]RevenueSeries, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return nil, err
	}
	m := t.m
	type seriesKey struct{ cur, key string }
	rows := map[seriesKey][]RevenueRow{}
	add := func(cur, key string, i int, paid, refunded int64) {
		k := seriesKey{cur, key}
		if rows[k] == nil {
			rows[k] = make([]RevenueRow, b.Len())
			for j := range rows[k] {
				rows[k][j].Start = b.Starts[j]
			}
		}
		rows[k][i].Paid += paid
		rows[k][i].Refunded += refunded
	}
	for ci := range m.Charges {
		c := &m.Charges[ci]
		i := b.Index(c.Created)
		if i < 0 || c.StatusAt(t.now) != "succeeded" || c.AmountCaptured == 0 {
			continue
		}
		cur, amount, err := money(c, c.Created, c.AmountCaptured)
		if err != nil {
			return nil, err
		}
		for key, share := range t.split(by, c.Invoice, amount) {
			add(cur, key, i, share, 0)
		}
	}
	for ri := range m.Refunds {
		r := &m.Refunds[ri]
		i := b.Index(r.Created)
		if i < 0 || r.Created > t.now {
			continue
		}
		c := &m.Charges[r.Charge]
		cur, amount, err := money(c, r.Created, r.Amount)
		if err != nil {
			return nil, err
		}
		for key, share := range t.split(by, c.Invoice, amount) {
			add(cur, key, i, 0, share)
		}
	}
	out := make([]RevenueSeries, 0, len(rows))
	for k, rs := range rows {
		out = append(out, RevenueSeries{Currency: k.cur, Key: k.key, Name: t.keyName(by, k.key), Rows: rs})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Currency != out[j].Currency {
			return out[i].Currency < out[j].Currency
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

// split divides amount across the lines of invoice ii (-1: none) by key.
func (t *Truth) split(by RevenueBy, ii int32, amount int64) map[string]int64 {
	if ii < 0 {
		return map[string]int64{KeyNoInvoice: amount}
	}
	m := t.m
	lines := m.Invoices[ii].Lines
	var total int64
	for _, l := range lines {
		total += l.Amount - l.DiscountAmount
	}
	if total <= 0 {
		return map[string]int64{KeyNoProduct: amount}
	}
	out := map[string]int64{}
	var cum, before int64
	for _, l := range lines {
		cum += l.Amount - l.DiscountAmount
		upto := roundedShare(amount, cum, total)
		p := &m.Prices[l.Price]
		key := p.ID
		if by == ByProduct {
			key = m.Products[p.Product].ID
		}
		out[key] += upto - before
		before = upto
	}
	return out
}

// roundedShare is amount·part/total rounded half away from zero (total > 0), exactly.
func roundedShare(amount, part, total int64) int64 {
	num := new(big.Int).Mul(big.NewInt(amount), big.NewInt(part))
	den := big.NewInt(total)
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	twice := new(big.Int).Abs(r)
	twice.Lsh(twice, 1)
	if twice.Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q.Int64()
}

func (t *Truth) keyName(by RevenueBy, key string) string {
	m := t.m
	for i := range m.Prices {
		p := &m.Prices[i]
		if (by == ByPrice && p.ID == key) || (by == ByProduct && m.Products[p.Product].ID == key) {
			return m.Products[p.Product].Name
		}
	}
	return ""
}

// PaymentsLessRefunds is, per presentment currency and bucket of [from, to), the captured amount
// of the charges created in the bucket that succeeded, less the refunds created in it: what
// revenue by product must add up to. Sorted by currency; every currency with a charge.
func (t *Truth) PaymentsLessRefunds(from, to time.Time, size Size, loc *time.Location) (map[string][]int64, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return nil, err
	}
	m := t.m
	out := map[string][]int64{}
	row := func(cur string) []int64 {
		if out[cur] == nil {
			out[cur] = make([]int64, b.Len())
		}
		return out[cur]
	}
	for ci := range m.Charges {
		c := &m.Charges[ci]
		row(c.Currency)
		if i := b.Index(c.Created); i >= 0 && c.StatusAt(t.now) == "succeeded" {
			row(c.Currency)[i] += c.AmountCaptured
		}
	}
	for ri := range m.Refunds {
		r := &m.Refunds[ri]
		if i := b.Index(r.Created); i >= 0 && r.Created <= t.now {
			row(m.Charges[r.Charge].Currency)[i] -= r.Amount
		}
	}
	return out, nil
}
