package mrr

import (
	"cmp"
	"slices"
	"sort"

	"github.com/revops/stripe-datasource/pkg/records"
)

// itemFact says an item had a price and quantity from an instant on: what a regular invoice
// line states for its service period, and a proration debit (invoiced, or still a pending
// invoice item) from the change it prorates.
type itemFact struct {
	from     int64
	item     string
	price    string
	quantity int64
}

// statusSpan is a status inferred to hold from an instant.
type statusSpan struct {
	at     int64
	status string
}

// history is a subscription's past as its invoices and current state tell it, for the time no
// event covers.
type history struct {
	facts    []itemFact // sorted by from
	statuses []statusSpan
	// discounts applied at each instant: the current ones, and ended ones known from invoices.
	discounts []string
	// unpaidAssumed says the move to unpaid was dated by Options.RetrySpan.
	unpaidAssumed bool
	// undated says a price or quantity change was dated halfway (dateUninvoicedChange).
	undated bool
}

// buildHistory reads a subscription's invoices (sorted by created) into item facts and a status
// timeline.
// A change no invoice shows is dated by its pending proration item when there is one, else
// halfway between the last dated fact and until (when the subscription ended, or the event
// window's start). metered holds the ids of the metered prices (a set, not the price map: this
// is every line of every invoice, and a price is a large value to copy out of a map).
func buildHistory(s *records.Subscription, invs []*records.Invoice, pending []*records.PendingItem, prices map[string]records.Price,
	metered map[string]bool, until int64, o *Options) *history {
	h := &history{discounts: s.DiscountIDs}
	for _, inv := range invs {
		for _, l := range inv.Lines {
			if l.SubItem == "" || l.Price == "" {
				continue
			}
			// A metered line tells the item was there when its usage counts (last_invoice).
			if (!l.Proration || l.Amount > 0) && (!metered[l.Price] || o.Metered == MeteredLastInvoice) {
				h.facts = append(h.facts, itemFact{from: l.PeriodStart, item: l.SubItem, price: l.Price, quantity: l.Quantity})
			}
		}
	}
	h.facts = append(h.facts, pendingFacts(s, pending, prices)...)
	slices.SortStableFunc(h.facts, func(a, b itemFact) int { return cmp.Compare(a.from, b.from) })
	h.dateUninvoicedChange(s, prices, until)
	h.statuses = inferStatuses(s, invs, o, &h.unpaidAssumed)
	return h
}

// inferStatuses dates the status changes the current state and the invoices imply.
func inferStatuses(s *records.Subscription, invs []*records.Invoice, o *Options, unpaidAssumed *bool) []statusSpan {
	var st []statusSpan
	add := func(at int64, status string) { st = append(st, statusSpan{at, status}) }
	switch {
	case s.TrialEnd != 0:
		add(s.Created, statusTrialing)
		if s.EndedAt == 0 || s.TrialEnd < s.EndedAt {
			// The first invoice after the trial opens the first paid period: at trial_end when
			// the trial converted, later when it paused first and resumed then.
			resumed := int64(0)
			for _, inv := range invs {
				if inv.Created >= s.TrialEnd && inv.BillingReason != "subscription_create" {
					resumed = inv.Created
					break
				}
			}
			switch {
			case resumed == s.TrialEnd:
				add(s.TrialEnd, statusActive)
			case s.PausesAfterTrial:
				add(s.TrialEnd, statusPaused)
				if resumed != 0 {
					add(resumed, statusActive)
				}
			default:
				add(s.TrialEnd, statusActive)
			}
		}
	case s.CollectionMethod == "charge_automatically":
		// The subscription is incomplete until its first invoice is paid.
		var first *records.Invoice
		for _, inv := range invs {
			if inv.BillingReason == "subscription_create" {
				first = inv
				break
			}
		}
		switch {
		case first == nil || first.PaidAt == 0 || first.PaidAt <= s.Created:
			if first != nil && first.PaidAt == 0 && first.Status != "paid" && (s.Status == "incomplete" || s.Status == "incomplete_expired") {
				add(s.Created, "incomplete")
			} else {
				add(s.Created, statusActive)
			}
		default:
			add(s.Created, "incomplete")
			add(first.PaidAt, statusActive)
		}
	default:
		add(s.Created, statusActive)
	}
	// A renewal not paid when due makes the subscription past_due until it is paid: from the
	// failed first attempt (at finalization) or from the due date of an emailed invoice.
	for _, inv := range invs {
		if inv.BillingReason == "subscription_create" || inv.FinalizedAt == 0 {
			continue
		}
		due := inv.FinalizedAt
		if s.CollectionMethod == "send_invoice" {
			due = inv.DueDate
		}
		if due == 0 || (inv.PaidAt != 0 && inv.PaidAt <= due) || (s.EndedAt != 0 && due >= s.EndedAt) {
			continue
		}
		add(due, statusPastDue)
		if inv.PaidAt != 0 {
			add(inv.PaidAt, statusActive)
		}
	}
	if s.CollectionMethod == "charge_automatically" && (s.Status == statusUnpaid || (s.EndedAt != 0 && s.CancellationReason == "payment_failed")) {
		// Unpaid after the last retry of the latest invoice that was never paid.
		for i := len(invs) - 1; i >= 0; i-- {
			inv := invs[i]
			if inv.PaidAt != 0 || inv.FinalizedAt == 0 {
				continue
			}
			// Ended within a day of the assumed last retry: canceled by that failure, never unpaid.
			at := inv.FinalizedAt + int64(o.RetrySpan.Seconds())
			if s.EndedAt == 0 || at < s.EndedAt-secondsPerDay {
				add(at, statusUnpaid)
				*unpaidAssumed = true
			}
			break
		}
	}
	if s.EndedAt != 0 {
		add(s.EndedAt, statusCanceled)
	}
	sort.SliceStable(st, func(i, j int) bool { return st[i].at < st[j].at })
	return st
}

// historyWalk gives the subscription's state as the history tells it, at nondecreasing instants, applying each fact once as
// the instants pass it rather than replaying every fact at every instant (a subscription billed
// for two years has some fifty facts and as many instants).
type historyWalk struct {
	h       *history
	s       *records.Subscription
	applied int // facts applied to items
	items   []records.SubscriptionItem
}

func (h *history) walk(s *records.Subscription) *historyWalk { return &historyWalk{h: h, s: s} }

// at is the state at the instant at, which must not be before the previous call's; nil before
// the first status. A fact for an item already held replaces it in place (the item keeps its
// position), as the facts are read in order.
func (w *historyWalk) at(at int64) *state {
	h := w.h
	for ; w.applied < len(h.facts) && h.facts[w.applied].from <= at; w.applied++ {
		f := h.facts[w.applied]
		it := records.SubscriptionItem{ID: f.item, Price: f.price, Quantity: f.quantity}
		if k := slices.IndexFunc(w.items, func(x records.SubscriptionItem) bool { return x.ID == f.item }); k >= 0 {
			w.items[k] = it
		} else {
			w.items = append(w.items, it)
		}
	}
	i := sort.Search(len(h.statuses), func(i int) bool { return h.statuses[i].at > at })
	if i == 0 {
		return nil
	}
	return &state{status: h.statuses[i-1].status, discounts: h.discounts, canceledAt: w.s.CanceledAt, items: slices.Clone(w.items)}
}

// instants are the moments the history's value can change.
func (h *history) instants() []int64 {
	var out []int64
	for _, f := range h.facts {
		out = append(out, f.from)
	}
	for _, s := range h.statuses {
		out = append(out, s.at)
	}
	return out
}

const secondsPerDay = 24 * 60 * 60

// dateUninvoicedChange adds the current items as facts when they differ from what the invoices
// last stated: the change happened after the last dated fact and before until, and nothing
// dates it more closely.
func (h *history) dateUninvoicedChange(s *records.Subscription, prices map[string]records.Price, until int64) {
	if len(h.facts) == 0 {
		return
	}
	last := h.facts[len(h.facts)-1].from
	if until <= last {
		return
	}
	billed := map[string]itemFact{}
	for _, f := range h.facts {
		billed[f.item] = f
	}
	var changed []itemFact
	at := last + (until-last)/2
	for _, it := range s.Items {
		if p, ok := prices[it.Price]; !ok || p.Metered {
			continue
		}
		if f, ok := billed[it.ID]; !ok || f.price != it.Price || f.quantity != it.Quantity {
			changed = append(changed, itemFact{from: at, item: it.ID, price: it.Price, quantity: it.Quantity})
		}
	}
	h.facts = append(h.facts, changed...)
	h.undated = len(changed) > 0
}
