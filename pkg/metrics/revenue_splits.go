package metrics

import (
	"math/big"
	"math/bits"

	"github.com/revops/stripe-datasource/pkg/records"
)

// Revenue by product splits each payment across the products of the invoice it paid, and takes
// each refund back from them the same way (METRICS.md "Revenue by product"). How the split is
// made, so that the products always add up to the payments less the refunds:
//
//   - An invoice's parts are its lines in order, each weighing its amount less its discounts and
//     less the tax an inclusive price puts inside it, then the invoice's tax (every line's taxes)
//     as one more part, "(tax)".
//   - A payment P of an invoice whose parts weigh T in all gives part i round(P·C_i/T) −
//     round(P·C_{i−1}/T), C_i the weight of the first i parts, rounded half away from zero: the
//     shares add up to P exactly, and a payment of the whole invoice gives each line exactly its
//     amount less discounts.
//   - A payment of an invoice whose parts weigh nothing (or less) is all "(no product)"; one that
//     no invoice names is "(no invoice)".

// Revenue keys that are no product or price.
const (
	NoInvoice = "(no invoice)"
	NoProduct = "(no product)"
	NoPrice   = "(no price)"
	TaxPart   = "(tax)"
)

// RevenueSplits knows, for each payment an invoice names (payment intent, or charge made without
// one), how that invoice splits what is paid or refunded.
type RevenueSplits struct {
	byPayment map[string]*invoiceSplit
}

type invoiceSplit struct {
	parts []splitPart
	total int64
}

type splitPart struct {
	product, price string
	weight         int64
}

// NewRevenueSplits indexes the invoices' payments.
func NewRevenueSplits(invoices []records.Invoice) *RevenueSplits {
	s := &RevenueSplits{byPayment: map[string]*invoiceSplit{}}
	for i := range invoices {
		in := &invoices[i]
		if len(in.Payments) == 0 {
			continue
		}
		sp := splitOf(in)
		for _, p := range in.Payments {
			if p.Payment != "" {
				s.byPayment[p.Payment] = sp
			}
		}
	}
	return s
}

func splitOf(in *records.Invoice) *invoiceSplit {
	sp := &invoiceSplit{parts: make([]splitPart, 0, len(in.Lines)+1)}
	var tax int64
	for _, l := range in.Lines {
		part := splitPart{product: l.Product, price: l.Price, weight: l.Amount - l.DiscountAmount - l.TaxIncluded}
		if part.product == "" {
			part.product = NoProduct
		}
		if part.price == "" {
			part.price = NoPrice
		}
		sp.parts = append(sp.parts, part)
		sp.total += part.weight
		tax += l.Tax
	}
	if tax != 0 {
		sp.parts = append(sp.parts, splitPart{product: TaxPart, price: TaxPart, weight: tax})
		sp.total += tax
	}
	return sp
}

// Knows reports whether an invoice names the payment.
func (s *RevenueSplits) Knows(payment string) bool { return s.byPayment[payment] != nil }

// Split hands fn the product, price and share of each part of amount, paid (or refunded) on
// payment: the parts of its invoice, or one part for a payment of no invoice or of an invoice
// with nothing to split by. The shares add up to amount.
func (s *RevenueSplits) Split(payment string, amount int64, fn func(product, price string, share int64)) {
	sp := s.byPayment[payment]
	switch {
	case sp == nil:
		fn(NoInvoice, NoInvoice, amount)
		return
	case sp.total <= 0:
		fn(NoProduct, NoPrice, amount)
		return
	}
	var cum, before int64
	for _, p := range sp.parts {
		cum += p.weight
		upto := mulDivRound(amount, cum, sp.total)
		fn(p.product, p.price, upto-before)
		before = upto
	}
}

// mulDivRound is a·b/c rounded half away from zero (c > 0), exact for every int64 a and b whose
// result fits.
func mulDivRound(a, b, c int64) int64 {
	neg := (a < 0) != (b < 0)
	ua, ub := absU(a), absU(b)
	hi, lo := bits.Mul64(ua, ub)
	uc := uint64(c)
	if hi >= uc { // the quotient needs more than 64 bits: not a sum of money, but exact all the same
		num := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
		q, r := new(big.Int).QuoRem(num, big.NewInt(c), new(big.Int))
		if new(big.Int).Lsh(new(big.Int).Abs(r), 1).Cmp(big.NewInt(c)) >= 0 {
			q.Add(q, big.NewInt(int64(num.Sign())))
		}
		return q.Int64()
	}
	q, r := bits.Div64(hi, lo, uc)
	if r >= uc-r { // 2r >= c without overflow
		q++
	}
	if neg {
		return -int64(q)
	}
	return int64(q)
}

func absU(v int64) uint64 {
	if v < 0 {
		return uint64(-v) // -MinInt64 wraps to itself, whose uint64 is 2^63: still right
	}
	return uint64(v)
}
