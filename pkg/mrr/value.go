package mrr

import (
	"math"
	"math/big"
	"slices"

	"github.com/revops/stripe-datasource/pkg/records"
)

// Subscription statuses that matter to MRR.
const (
	statusActive   = "active"
	statusPastDue  = "past_due"
	statusPaused   = "paused"
	statusTrialing = "trialing"
	statusUnpaid   = "unpaid"
	statusCanceled = "canceled"
	statusNone     = "" // before the subscription existed
)

// monthlyFactor is Stripe's normalisation: MRR = amount × factor / (12 × interval_count), with
// factor 12 for months, 1 for years, 52 for weeks and 365 for days.
func monthlyFactor(interval string) int64 {
	switch interval {
	case "year":
		return 1
	case "week":
		return 52
	case "day":
		return 365
	default:
		return 12
	}
}

// intervalTotal is what a licensed price costs per interval for a quantity, by Stripe's tier
// rules: volume prices every unit at the tier the quantity falls in, graduated prices each unit
// at the tier it falls in; a tier's flat amount is added once the tier is reached.
func intervalTotal(p *records.Price, qty int64) int64 {
	if len(p.Tiers) == 0 {
		return p.UnitAmount * qty
	}
	if p.TiersMode == "volume" {
		for _, t := range p.Tiers {
			if t.UpTo == 0 || qty <= t.UpTo {
				return qty*t.UnitAmount + t.FlatAmount
			}
		}
		return 0
	}
	var total, lower int64
	for _, t := range p.Tiers {
		if qty <= lower {
			break
		}
		upper := qty
		if t.UpTo != 0 && t.UpTo < qty {
			upper = t.UpTo
		}
		total += (upper-lower)*t.UnitAmount + t.FlatAmount
		lower = upper
	}
	return total
}

// state is what a subscription's MRR depends on at one moment.
type state struct {
	status     string
	items      []records.SubscriptionItem
	discounts  []string // ids of the discounts applied
	canceledAt int64
}

func stateOf(s *records.Subscription) *state {
	return &state{status: s.Status, items: s.Items, discounts: s.DiscountIDs, canceledAt: s.CanceledAt}
}

// discountTerms is what a discount takes off and while when. A discount whose coupon is gone
// from the subscription is known only from the invoices it reduced: the amount is then
// multiplied by keepNum/keepDen, the share those invoices kept after it.
type discountTerms struct {
	temporary        bool
	percentBP        int64
	amountOff        int64 // per interval, in the subscription's currency
	keepNum, keepDen int64
	start, end       int64 // end 0: no end
	// byTime: applies by its dates whatever discounts the subscription lists (known only from
	// invoices, it is no longer on the subscription).
	byTime bool
}

func (d *discountTerms) applies(at int64, o *Options) bool {
	if at < d.start || (d.end != 0 && at >= d.end) {
		return false
	}
	if d.temporary {
		return o.SubtractTemporaryDiscounts
	}
	return o.SubtractForeverDiscounts
}

const bp = 10000 // percentages are applied in basis points

func termsOf(d records.Discount, c records.Coupon, currency string) (discountTerms, bool) {
	t := discountTerms{temporary: c.Duration != "forever", start: d.Start, end: d.End}
	switch {
	case c.PercentOff > 0:
		t.percentBP = int64(math.Round(c.PercentOff * 100))
	case c.AmountOff > 0 && c.Currency == currency:
		t.amountOff = c.AmountOff
	default:
		return t, false
	}
	return t, true
}

// itemTotal is what an item bills per interval of its price at instant at: a licensed price's
// amount for the quantity; a metered price's most recent finalized invoice line when usage is
// given (Options.Metered = last_invoice), else nothing. counts is false for an item MRR leaves
// out (metered without usage, one-off prices).
func itemTotal(it *records.SubscriptionItem, p *records.Price, at int64, usage usageBills) (total int64, counts bool) {
	switch {
	case p.Interval == "":
		return 0, false
	case p.Metered:
		if usage == nil {
			return 0, false
		}
		return usage.at(it, at)
	}
	return intervalTotal(p, it.Quantity), true
}

// valueOf is the MRR of a subscription in state st at instant at, in minor units, rounded half
// up from the exact fraction. unknownPrice is called for an item whose price was not read;
// usage values metered items (nil: they count 0).
func valueOf(st *state, at int64, terms map[string]*discountTerms, prices map[string]records.Price, usage usageBills, o *Options, unknownPrice func(string)) int64 {
	if st == nil {
		return 0
	}
	if o.ChurnAtCancellation && st.canceledAt != 0 && at >= st.canceledAt {
		return 0
	}
	switch st.status {
	case statusActive, statusPastDue:
	case statusPaused:
		if !o.PausedCountsMRR {
			return 0
		}
	default:
		return 0
	}
	// Stripe requires every item of a subscription to share one interval, so one denominator fits.
	var sum, factor, count int64
	for i := range st.items {
		it := &st.items[i]
		p, ok := prices[it.Price]
		if !ok {
			unknownPrice(it.Price)
			continue
		}
		total, counts := itemTotal(it, &p, at, usage)
		if !counts {
			continue
		}
		factor, count = monthlyFactor(p.Interval), max(1, p.IntervalCount)
		sum += total * factor
	}
	if sum == 0 {
		return 0
	}
	num := sum * bp
	var done []*discountTerms
	apply := func(d *discountTerms) {
		if d == nil || !d.applies(at, o) || slices.Contains(done, d) {
			return
		}
		done = append(done, d)
		switch {
		case d.keepDen > 0:
			x := new(big.Int).Mul(big.NewInt(num), big.NewInt(d.keepNum))
			num = x.Quo(x, big.NewInt(d.keepDen)).Int64()
		case d.percentBP > 0:
			num = num / bp * (bp - d.percentBP)
		default:
			num = max(0, num-d.amountOff*factor*bp)
		}
	}
	for _, id := range st.discounts {
		apply(terms[id])
	}
	for _, d := range terms {
		if d.byTime {
			apply(d)
		}
	}
	den := 12 * count * bp
	return (num + den/2) / den
}
