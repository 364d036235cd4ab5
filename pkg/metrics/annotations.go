package metrics

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/revops/stripe-datasource/pkg/money"
	"github.com/revops/stripe-datasource/pkg/records"
)

// Event is one annotation: a moment (or a span) with what happened and where to see it.
type Event struct {
	Time    int64 // Unix seconds
	TimeEnd int64 // 0: a moment rather than a span
	Title   string
	Text    string
	Tags    []string
	Link    string // path in the Stripe Dashboard, for example "disputes/dp_1"
}

// EventFilter is an annotation query's selection: a time range, currencies and a minimum amount
// in each currency's own units (0: every amount).
type EventFilter struct {
	From, To   int64 // [From, To), Unix seconds
	Currencies []string
	MinAmount  float64
}

// Keeps says whether an event at at of minor units in currency passes the filter.
func (f EventFilter) Keeps(at, minor int64, currency string) bool {
	return at >= f.From && at < f.To && InCurrencies(f.Currencies)(currency) &&
		(f.MinAmount <= 0 || minor >= money.Minor(f.MinAmount, currency))
}

// DisputeEvents marks each dispute when it was opened.
func DisputeEvents(disputes []records.Dispute, f EventFilter) []Event {
	var out []Event
	for _, d := range disputes {
		if !f.Keeps(d.Created, d.Amount, d.Currency) {
			continue
		}
		text := "Reason: " + orUnknown(d.Reason) + ". Status: " + d.Status + "."
		if d.DueBy != 0 {
			text += " Evidence due by " + time.Unix(d.DueBy, 0).UTC().Format("2006-01-02 15:04 UTC") + "."
		}
		out = append(out, Event{Time: d.Created, Title: "Dispute opened: " + money.Format(d.Amount, d.Currency), Text: text,
			Tags: []string{"dispute", d.Currency, orUnknown(d.Reason)}, Link: "disputes/" + d.ID})
	}
	return ByTime(out)
}

// PayoutEvents marks each payout as a span from its creation to its arrival date.
func PayoutEvents(payouts []records.Payout, f EventFilter) []Event {
	var out []Event
	for _, p := range payouts {
		if !f.Keeps(p.Created, p.Amount, p.Currency) {
			continue
		}
		kind := "Automatic payout"
		if !p.Automatic {
			kind = "Manual payout"
		}
		e := Event{Time: p.Created, Title: "Payout: " + money.Format(p.Amount, p.Currency),
			Text: fmt.Sprintf("%s, %s; arrival %s.", kind, p.Status, time.Unix(p.ArrivalDate, 0).UTC().Format("2006-01-02")),
			Tags: []string{"payout", p.Currency, p.Status}, Link: "payouts/" + p.ID}
		if p.ArrivalDate > p.Created {
			e.TimeEnd = p.ArrivalDate
		}
		out = append(out, e)
	}
	return ByTime(out)
}

// RefundEvents marks each refund the ledger booked, linked to the refunded payment.
func RefundEvents(refunds []records.Refund, f EventFilter) []Event {
	var out []Event
	for _, r := range refunds {
		if !f.Keeps(r.Created, r.Amount, r.Currency) {
			continue
		}
		reason := r.Reason
		if reason == "" {
			reason = "none given"
		}
		e := Event{Time: r.Created, Title: "Refund: " + money.Format(r.Amount, r.Currency),
			Text: fmt.Sprintf("Reason: %s. Status: %s. Refund %s.", reason, r.Status, r.ID),
			Tags: []string{"refund", r.Currency, strings.ReplaceAll(reason, " ", "_")}}
		if r.Charge != "" {
			e.Link = "payments/" + r.Charge
		}
		out = append(out, e)
	}
	return ByTime(out)
}

// ByTime orders events oldest first, ties by title then link, so the result is stable.
func ByTime(events []Event) []Event {
	sort.SliceStable(events, func(i, j int) bool {
		a, b := events[i], events[j]
		if a.Time != b.Time {
			return a.Time < b.Time
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.Link < b.Link
	})
	return events
}
