package metrics

import (
	"math"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// How a dispute's decision was dated.
const (
	DatedByFunds    = "funds"    // the dispute_reversal balance transaction (won disputes)
	DatedByEvent    = "event"    // a charge.dispute.closed event (the last 30 days)
	DatedByCreation = "creation" // nothing dates it: counted when the dispute was opened
)

// DecisionTime dates a won or lost dispute: by the reinstatement of its funds where there is one,
// else by its closed event, else (a decision older than Stripe's 30 days of events) by when it
// was opened, the one date the dispute still carries. ok is false for a dispute not decided.
func DecisionTime(d records.Dispute, closings map[string]records.DisputeClosing) (at int64, datedBy string, ok bool) {
	if d.Status != "won" && d.Status != "lost" {
		return 0, "", false
	}
	if d.Status == "won" && d.ReinstatedAt > 0 {
		return d.ReinstatedAt, DatedByFunds, true
	}
	if c, found := closings[d.ID]; found {
		return c.At, DatedByEvent, true
	}
	return d.Created, DatedByCreation, true
}

type outcomeBucket struct {
	won, wonAmount, lost, lostAmount int64
}

// DisputeOutcomes counts disputes won and lost per bucket of their decision, per presentment
// currency.
type DisputeOutcomes struct {
	totals currencyBuckets[outcomeBucket]
	// DatedByCreation counts the decisions inside the grid that could only be dated by when the
	// dispute was opened; the panel says so.
	DatedByCreation int
}

// NewDisputeOutcomes starts an empty count (listed currencies get zeros, not no series).
func NewDisputeOutcomes(grid timebucket.Grid, currencies []string) *DisputeOutcomes {
	return &DisputeOutcomes{totals: newCurrencyBuckets[outcomeBucket](grid, currencies)}
}

// Add counts one dispute if it was decided inside the grid.
func (a *DisputeOutcomes) Add(d records.Dispute, closings map[string]records.DisputeClosing) {
	at, datedBy, ok := DecisionTime(d, closings)
	if !ok {
		return
	}
	b := a.totals.at(d.Currency, at)
	if b == nil {
		return
	}
	if datedBy == DatedByCreation {
		a.DatedByCreation++
	}
	if d.Status == "won" {
		b.won++
		b.wonAmount += d.Amount
	} else {
		b.lost++
		b.lostAmount += d.Amount
	}
}

// Won is the count (or, with amount, the disputed amount) of disputes won, one series per currency.
func (a *DisputeOutcomes) Won(metric string, amount bool) []Series {
	return a.series(metric, "Disputes won", amount, func(b outcomeBucket) (int64, int64) { return b.won, b.wonAmount })
}

// Lost is the count (or, with amount, the disputed amount) of disputes lost, one series per currency.
func (a *DisputeOutcomes) Lost(metric string, amount bool) []Series {
	return a.series(metric, "Disputes lost", amount, func(b outcomeBucket) (int64, int64) { return b.lost, b.lostAmount })
}

func (a *DisputeOutcomes) series(metric, name string, amount bool, pick func(outcomeBucket) (count, minor int64)) []Series {
	unit := UnitCount
	if amount {
		unit = UnitMoney
	}
	return a.totals.series(metric, name, unit,
		func(b outcomeBucket) int64 { _, m := pick(b); return m },
		func(b outcomeBucket) float64 { n, _ := pick(b); return float64(n) })
}

// DisputeRate is disputes opened over successful charges of the same bucket and presentment
// currency (METRICS.md). A bucket without a successful charge has no rate (NaN, an empty cell)
// rather than a 0 or an infinity that would trip an alert.
func DisputeRate(metric string, disputes *DisputeActivity, payments *PaymentActivity) []Series {
	times := disputes.grid.Starts()
	curs := map[string]bool{}
	for _, c := range disputes.totals.currencies() {
		curs[c] = true
	}
	for _, c := range payments.totals.currencies() {
		curs[c] = true
	}
	var out []Series
	for _, cur := range SortedKeys(curs) {
		s := Series{Metric: metric, Name: "Dispute rate", Currency: cur, Unit: UnitRatio, Times: times, Values: make([]float64, len(times))}
		opened, paid := disputes.totals.by[cur], payments.totals.by[cur]
		for i := range times {
			var n, d int64
			if opened != nil {
				n = opened[i].opened
			}
			if paid != nil {
				d = paid[i].Succeeded
			}
			if d == 0 {
				s.Values[i] = math.NaN()
				continue
			}
			s.Values[i] = float64(n) / float64(d)
		}
		out = append(out, s)
	}
	return out
}
