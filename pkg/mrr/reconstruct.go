package mrr

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/revops/stripe-datasource/pkg/records"
)

// Input is everything the reconstruction reads.
type Input struct {
	Now           int64
	EventsFrom    int64 // start of the event window read; events are complete from here on
	Subscriptions []records.Subscription
	Invoices      []records.Invoice
	Events        []records.SubscriptionEvent
	Prices        map[string]records.Price
	Coupons       map[string]records.Coupon
	// PendingItems are the pending invoice items: a proration one holds dates a change no
	// invoice shows yet. Without them such a change is dated halfway.
	PendingItems []records.PendingItem

	metered map[string]bool // ids of the metered prices, set by Reconstruct
}

// Step is a value that holds from At (Unix seconds) until the next step.
type Step struct {
	At  int64
	MRR int64
}

// SubscriptionMRR is one subscription's MRR history; it is 0 before its first step.
type SubscriptionMRR struct {
	ID       string
	Customer string
	Currency string
	Status   string // now
	Created  int64
	TrialEnd int64 // 0: no trial
	Steps    []Step
	// Statuses is the status history as reconstructed ("" before the subscription existed).
	Statuses []StatusStep
	// Parts split Steps by Options.Breakdown (empty without one).
	Parts []Part
}

// StatusStep is a status that holds from At.
type StatusStep struct {
	At     int64
	Status string
}

// StatusAt is the reconstructed status at instant at ("" before the subscription existed).
func (s *SubscriptionMRR) StatusAt(at int64) string {
	i := sort.Search(len(s.Statuses), func(i int) bool { return s.Statuses[i].At > at })
	if i == 0 {
		return statusNone
	}
	return s.Statuses[i-1].Status
}

// At is the value at instant at (steps at <= at applied).
func (s *SubscriptionMRR) At(at int64) int64 { return valueAt(s.Steps, at) }

func valueAt(st []Step, at int64) int64 {
	i := sort.Search(len(st), func(i int) bool { return st[i].At > at })
	if i == 0 {
		return 0
	}
	return st[i-1].MRR
}

// Result is the reconstruction with what it had to assume.
type Result struct {
	Subscriptions []SubscriptionMRR
	Notices       []string
	// NextChange is the earliest instant after Now at which, from the same input, a value
	// would change (a trial ending, a discount running out, an assumed move to unpaid); 0 for
	// none. Until then, the same input reconstructed later gives the same result.
	NextChange int64
}

// exactState is a state known exactly from an instant on (an event's subscription, or now).
type exactState struct {
	from int64
	st   *state
}

// Reconstruct builds every subscription's MRR step function (METRICS.md): the current state is
// authoritative at now; the events of the window give exact states from their instants; before
// the window (or before a subscription's first event that does not tell what came before),
// invoices give the items and the current state and invoices the status changes.
func Reconstruct(in Input, o Options) Result {
	in.metered = map[string]bool{}
	for id, p := range in.Prices {
		if p.Metered {
			in.metered[id] = true
		}
	}
	invs := make(map[string][]*records.Invoice, len(in.Subscriptions))
	for i := range in.Invoices {
		inv := &in.Invoices[i]
		invs[inv.Subscription] = append(invs[inv.Subscription], inv)
	}
	pending := map[string][]*records.PendingItem{}
	for i := range in.PendingItems {
		it := &in.PendingItems[i]
		pending[it.Subscription] = append(pending[it.Subscription], it)
	}
	evs := map[string][]*records.SubscriptionEvent{}
	for i := range in.Events {
		ev := &in.Events[i]
		if ev.Created <= in.Now {
			evs[ev.After.ID] = append(evs[ev.After.ID], ev)
		}
	}
	n := notes{missingPrices: map[string]bool{}}
	out := Result{Subscriptions: make([]SubscriptionMRR, 0, len(in.Subscriptions))}
	for i := range in.Subscriptions {
		s := &in.Subscriptions[i]
		si := invs[s.ID]
		slices.SortStableFunc(si, func(a, b *records.Invoice) int { return cmp.Compare(a.Created, b.Created) })
		se := evs[s.ID]
		slices.SortStableFunc(se, func(a, b *records.SubscriptionEvent) int { return cmp.Compare(a.Created, b.Created) })
		out.Subscriptions = append(out.Subscriptions, reconstructOne(s, si, pending[s.ID], se, &in, &o, &n))
	}
	out.Notices = n.list(in.EventsFrom)
	out.NextChange = n.nextChange
	return out
}

func reconstructOne(s *records.Subscription, invs []*records.Invoice, pending []*records.PendingItem, evs []*records.SubscriptionEvent, in *Input, o *Options, n *notes) SubscriptionMRR {
	terms := discountCatalog(s, invs, in.Coupons, n)
	until := in.EventsFrom
	if s.EndedAt != 0 && s.EndedAt < until {
		until = s.EndedAt
	}
	h := buildHistory(s, invs, pending, in.Prices, in.metered, until, o)
	var usage usageBills
	if o.Metered == MeteredLastInvoice {
		usage = usageOf(invs, in.metered)
		n.countMetered(s, usage, in.metered)
	}
	if h.undated {
		n.undated++
	}
	if h.unpaidAssumed && s.EndedAt < in.EventsFrom+1 {
		n.unpaidAssumed++
	}
	if _, ok := terms[endedDiscountID]; ok && o.SubtractTemporaryDiscounts {
		n.endedDiscounts++
	}

	// Exact states: from the window start (or the first event when it does not say what came
	// before), each event's subscription, and the current state from the last event on.
	exactFrom := in.EventsFrom
	var exact []exactState
	switch {
	case s.Created > in.EventsFrom:
		exact = append(exact, exactState{in.EventsFrom, nil})
	case len(evs) == 0:
		exact = append(exact, exactState{in.EventsFrom, stateOf(s)})
	case evs[0].Before != nil:
		exact = append(exact, exactState{in.EventsFrom, stateOf(evs[0].Before)})
	default:
		exactFrom = evs[0].Created
	}
	for _, ev := range evs {
		exact = append(exact, exactState{ev.Created, stateOf(&ev.After)})
	}
	last := exactFrom
	if len(evs) > 0 {
		last = evs[len(evs)-1].Created
	}
	exact = append(exact, exactState{last, stateOf(s)})
	unknownPrice := func(id string) { n.missingPrices[id] = true }
	walk := h.walk(s)
	stateAt := func(at int64) *state { // at nondecreasing
		if at < s.Created {
			return nil
		}
		if at >= exactFrom {
			if k := sort.Search(len(exact), func(i int) bool { return exact[i].from > at }); k > 0 {
				return exact[k-1].st
			}
		}
		return walk.at(at)
	}

	// Every instant the value can change, in order.
	ts := append(h.instants(), s.Created, s.TrialEnd, s.CanceledAt, s.EndedAt, exactFrom)
	for _, e := range exact {
		ts = append(ts, e.from)
	}
	for _, t := range terms {
		ts = append(ts, t.start, t.end)
	}
	ts = append(ts, usage.instants()...)
	slices.Sort(ts)
	out := SubscriptionMRR{ID: s.ID, Customer: s.Customer, Currency: s.Currency, Status: s.Status, Created: s.Created, TrialEnd: s.TrialEnd}
	prev, prevStatus, prevAt := int64(0), statusNone, int64(-1)
	var parts partSteps
	for _, at := range ts {
		if at > in.Now && (n.nextChange == 0 || at < n.nextChange) {
			n.nextChange = at
		}
		if at <= 0 || at == prevAt || at > in.Now {
			continue
		}
		prevAt = at
		st := stateAt(at)
		v := valueOf(st, at, terms, in.Prices, usage, o, unknownPrice)
		if v != prev {
			out.Steps = append(out.Steps, Step{At: at, MRR: v})
			prev = v
		}
		if o.Breakdown != "" {
			parts.add(at, split(st, v, at, in.Prices, usage, o.Breakdown))
		}
		status := statusNone
		if st != nil {
			status = st.status
		}
		if status != prevStatus {
			out.Statuses = append(out.Statuses, StatusStep{At: at, Status: status})
			prevStatus = status
		}
	}
	out.Parts = parts.parts()
	return out
}

// notes counts what the reconstruction assumed, for the frame notices.
type notes struct {
	nextChange     int64 // Result.NextChange so far
	missingPrices  map[string]bool
	missingCoupons int
	unpaidAssumed  int
	endedDiscounts int
	undated        int
	// metered items valued from an invoice line, and those no finalized invoice billed yet
	// (last_invoice).
	meteredValued, meteredUnbilled int
}

// countMetered counts the subscription's metered items (on it now, or billed before) by
// whether an invoice line values them.
func (n *notes) countMetered(s *records.Subscription, usage usageBills, metered map[string]bool) {
	n.meteredValued += len(usage)
	for i := range s.Items {
		it := &s.Items[i]
		if _, billed := usage[usageKey(it.ID, it.Price)]; metered[it.Price] && !billed {
			n.meteredUnbilled++
		}
	}
}

func (n *notes) list(eventsFrom int64) []string {
	day := time.Unix(eventsFrom, 0).UTC().Format("2006-01-02")
	var out []string
	if len(n.missingPrices) > 0 {
		out = append(out, fmt.Sprintf("%s used by subscriptions could not be read; their items count 0.", count(len(n.missingPrices), "price")))
	}
	if n.missingCoupons > 0 {
		out = append(out, fmt.Sprintf("%s name a coupon that could not be read; they are not subtracted.", count(n.missingCoupons, "discount")))
	}
	if n.unpaidAssumed > 0 {
		out = append(out, fmt.Sprintf("%s became unpaid before %s, outside Stripe's 30 days of events: each is dated at the invoice's finalization plus the assumed retry schedule.", count(n.unpaidAssumed, "subscription"), day))
	}
	if n.endedDiscounts > 0 {
		out = append(out, fmt.Sprintf("%s: known only from the invoices they reduced, and applied over those invoices' periods.", count(n.endedDiscounts, "ended temporary discount")))
	}
	if n.undated > 0 {
		out = append(out, fmt.Sprintf("%s changed price or quantity before %s in a way no invoice or pending invoice item dates; each change is shown halfway between the last invoice and the end of what is known.", count(n.undated, "subscription"), day))
	}
	if n.meteredValued+n.meteredUnbilled > 0 {
		text := fmt.Sprintf("metered: last_invoice: %s valued at what the most recent finalized invoice billed for it, normalised by its interval like a licensed price",
			count(n.meteredValued, "metered item"))
		if n.meteredUnbilled > 0 {
			text += fmt.Sprintf("; %d not billed by a finalized invoice yet count 0", n.meteredUnbilled)
		}
		out = append(out, text+".")
	}
	return out
}

// count writes "1 subscription" or "3 subscriptions".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
