package truth

import (
	"math"
	"sort"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// Step is a value that holds from At (Unix seconds) until the next step.
type Step struct {
	At  int64
	MRR int64
}

// monthlyUnits converts one interval's amount into MRR units: MRR = amount × factor / (12 × count),
// with factor 12 for months, 1 for years, 52 for weeks and 365 for days (Stripe's normalisation).
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

// tierTotal is what a licensed price costs per interval for a quantity (the truth's own reading of
// Stripe's tier rules: volume prices every unit at the tier the quantity falls in, graduated
// prices each unit at the tier it falls in; a tier's flat amount is added when it is reached).
func tierTotal(p *generator.Price, qty int64) int64 {
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

// subValue is a subscription's MRR at instant at (every change at <= at applied), and whether the
// value is exact (no rounding was needed).
func (t *Truth) subValue(s *generator.Subscription, at int64) (int64, bool) {
	if t.opts.ChurnAtCancellation && s.CanceledAt != 0 && at >= s.CanceledAt {
		return 0, true
	}
	switch s.StatusAt(at) {
	case generator.StatusActive, generator.StatusPastDue:
	case generator.StatusPaused:
		if !t.opts.PausedCountsMRR {
			return 0, true
		}
	default:
		return 0, true
	}
	var items []generator.SubItem
	for _, span := range s.Items {
		if span.At > at {
			break
		}
		items = span.Items
	}
	// Stripe requires every item of a subscription to share one interval, so one denominator fits.
	var sum, factor, count int64
	for _, it := range items {
		p := &t.m.Prices[it.Price]
		amount := tierTotal(p, it.Quantity)
		if p.Metered {
			billed, ok := t.usageBilled(s, it.ID, at)
			if !ok {
				continue
			}
			amount = billed
		}
		factor, count = monthlyFactor(p.Interval), p.IntervalCount
		sum += amount * factor
	}
	if sum == 0 {
		return 0, true
	}
	const bp = 10000 // percentages are applied in basis points
	num := sum * bp
	if d := s.Discount; d != nil && t.discountApplies(d, at) {
		c := &t.m.Coupons[d.Coupon]
		if c.PercentOff > 0 {
			num = sum * (bp - int64(math.Round(c.PercentOff*100)))
		} else {
			num = max(0, (sum-c.AmountOff*factor)*bp)
		}
	}
	den := 12 * count * bp
	v := (num + den/2) / den
	return v, num%den == 0
}

// usageBilled is, under MeteredLastInvoice, the usage amount the subscription's latest invoice
// finalized by instant at billed for item: the generator bills a period's usage in arrears on
// the next renewal invoice. false when the option is off or nothing was billed yet.
func (t *Truth) usageBilled(s *generator.Subscription, item string, at int64) (int64, bool) {
	if !t.opts.MeteredLastInvoice {
		return 0, false
	}
	var best int64 = -1
	var amount int64
	for _, ii := range s.Invoices {
		inv := &t.m.Invoices[ii]
		if inv.FinalizedAt == 0 || inv.FinalizedAt > at || inv.FinalizedAt < best {
			continue
		}
		for _, l := range inv.Lines {
			if l.Kind == generator.LineUsage && l.SubItem == item {
				best, amount = inv.FinalizedAt, l.Amount
			}
		}
	}
	return amount, best >= 0
}

// discountApplies says whether the discount reduces MRR at instant at, under the options.
func (t *Truth) discountApplies(d *generator.SubDiscount, at int64) bool {
	if at < d.Start {
		return false
	}
	switch t.m.Coupons[d.Coupon].Duration {
	case generator.DurationForever:
		return t.opts.SubtractForeverDiscounts
	case generator.DurationRepeating:
		return t.opts.SubtractTemporaryDiscounts && at < d.End
	default: // once
		return t.opts.SubtractTemporaryDiscounts && (d.AppliesUntil == 0 || at < d.AppliesUntil)
	}
}

// changeInstants are the moments a subscription's MRR can change: with metered items valued,
// also each finalization of an invoice that billed usage.
func (t *Truth) changeInstants(s *generator.Subscription) []int64 {
	ts := []int64{s.Created}
	if t.opts.MeteredLastInvoice {
		for _, ii := range s.Invoices {
			inv := &t.m.Invoices[ii]
			for _, l := range inv.Lines {
				if l.Kind == generator.LineUsage {
					ts = append(ts, inv.FinalizedAt)
					break
				}
			}
		}
	}
	for _, sp := range s.Statuses {
		ts = append(ts, sp.At)
	}
	for _, sp := range s.Items {
		ts = append(ts, sp.At)
	}
	if d := s.Discount; d != nil {
		ts = append(ts, d.Start, d.End, d.AppliesUntil)
	}
	ts = append(ts, s.CanceledAt, s.EndedAt)
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	out := ts[:0]
	for i, v := range ts {
		if v == 0 || (i > 0 && v == ts[i-1]) {
			continue
		}
		out = append(out, v)
	}
	return out
}

// steps builds (once) every subscription's MRR step function. A subscription is 0 before its
// first step.
func (t *Truth) steps() [][]Step {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.subSteps != nil {
		return t.subSteps
	}
	all := make([][]Step, len(t.m.Subscriptions))
	for i := range t.m.Subscriptions {
		s := &t.m.Subscriptions[i]
		var st []Step
		prev := int64(0)
		for _, at := range t.changeInstants(s) {
			if at > t.now {
				break
			}
			v, _ := t.subValue(s, at)
			if v != prev {
				st = append(st, Step{At: at, MRR: v})
				prev = v
			}
		}
		all[i] = st
	}
	t.subSteps = all
	return all
}

// SubscriptionMRR is one subscription's MRR history.
type SubscriptionMRR struct {
	ID       string
	Customer string
	Currency string
	Steps    []Step
}

// SubscriptionMRRs lists every subscription's MRR step function (in model order).
func (t *Truth) SubscriptionMRRs() []SubscriptionMRR {
	st := t.steps()
	out := make([]SubscriptionMRR, len(st))
	for i := range st {
		s := &t.m.Subscriptions[i]
		out[i] = SubscriptionMRR{ID: s.ID, Customer: t.m.Customers[s.Customer].ID, Currency: s.Currency, Steps: st[i]}
	}
	return out
}

// SubscriptionMRRAt is a subscription's MRR at instant at (changes at <= at applied), by ID.
func (t *Truth) SubscriptionMRRAt(id string, at time.Time) (int64, bool) {
	for i := range t.m.Subscriptions {
		if t.m.Subscriptions[i].ID == id {
			return valueAt(t.steps()[i], at.Unix()), true
		}
	}
	return 0, false
}

// valueAt reads a step function at instant at (steps at <= at applied).
func valueAt(st []Step, at int64) int64 {
	i := sort.Search(len(st), func(i int) bool { return st[i].At > at })
	if i == 0 {
		return 0
	}
	return st[i-1].MRR
}

// MRRAt is the MRR per currency at instant at (every change at <= at applied). Currencies with
// zero MRR are left out.
func (t *Truth) MRRAt(at time.Time) map[string]int64 {
	out := map[string]int64{}
	st := t.steps()
	for i := range st {
		if v := valueAt(st[i], at.Unix()); v != 0 {
			out[t.m.Subscriptions[i].Currency] += v
		}
	}
	return out
}

// Exact reports whether every subscription's MRR, at every change, needed no rounding (true for
// the built-in catalog and coupons: their amounts are chosen so).
func (t *Truth) Exact() (bool, string) {
	for i := range t.m.Subscriptions {
		s := &t.m.Subscriptions[i]
		for _, at := range t.changeInstants(s) {
			if at > t.now {
				break
			}
			if _, exact := t.subValue(s, at); !exact {
				return false, s.ID
			}
		}
	}
	return true, ""
}
