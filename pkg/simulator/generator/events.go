package generator

import (
	"cmp"
	"slices"
	"strings"
)

// events derives the last EventDays days of events from the model's records, the way Stripe would
// have emitted them. Their data.object is rendered at the event's time.
func (g *gen) events() {
	m := g.m
	from := g.now - int64(g.p.EventDays)*secondsPerDay
	var evs []Event
	add := func(t int64, typ string, kind ObjectKind, idx int) {
		if t > from && t <= g.now {
			evs = append(evs, Event{Type: typ, Created: t, Object: ObjectRef{Kind: kind, Index: int32(idx)}})
		}
	}
	if g.p.EventDays == 0 {
		return
	}
	for i := range m.Customers {
		add(m.Customers[i].Created, "customer.created", ObjCustomer, i)
	}
	for i := range m.Subscriptions {
		s := &m.Subscriptions[i]
		for _, ch := range s.Changes {
			typ := "customer.subscription.updated"
			switch ch.Kind {
			case ChangeCreated:
				typ = "customer.subscription.created"
			case ChangePaused:
				typ = "customer.subscription.paused"
			case ChangeResumed:
				typ = "customer.subscription.resumed"
			case ChangeDeleted:
				typ = "customer.subscription.deleted"
				if s.statusAt(ch.At) == StatusIncompleteExpired {
					typ = "customer.subscription.updated"
				}
			}
			add(ch.At, typ, ObjSubscription, i)
		}
		if s.TrialEnd != 0 {
			add(s.TrialEnd-3*secondsPerDay, "customer.subscription.trial_will_end", ObjSubscription, i)
		}
	}
	for i := range m.Invoices {
		inv := &m.Invoices[i]
		add(inv.Created, "invoice.created", ObjInvoice, i)
		if inv.FinalizedAt != 0 {
			add(inv.FinalizedAt, "invoice.finalized", ObjInvoice, i)
		}
		for _, ci := range inv.Attempts {
			if !m.Charges[ci].Succeeded {
				add(m.Charges[ci].Created, "invoice.payment_failed", ObjInvoice, i)
			}
		}
		if inv.PaidAt != 0 {
			add(inv.PaidAt, "invoice.paid", ObjInvoice, i)
			add(inv.PaidAt, "invoice.payment_succeeded", ObjInvoice, i)
			if m.InvoicePaymentID(int32(i)) != "" {
				add(inv.PaidAt, "invoice_payment.paid", ObjInvoicePayment, i)
			}
		}
		if inv.VoidedAt != 0 {
			add(inv.VoidedAt, "invoice.voided", ObjInvoice, i)
		}
		if inv.UncollectibleAt != 0 {
			add(inv.UncollectibleAt, "invoice.marked_uncollectible", ObjInvoice, i)
		}
	}
	for i := range m.Charges {
		c := &m.Charges[i]
		if c.Method == MethodBankDebit {
			add(c.Created, "charge.pending", ObjCharge, i)
			if c.ResolvedAt <= g.now {
				add(c.ResolvedAt, map[bool]string{true: "charge.succeeded", false: "charge.failed"}[c.Succeeded], ObjCharge, i)
			}
		} else if c.Succeeded {
			add(c.Created, "charge.succeeded", ObjCharge, i)
		} else {
			add(c.Created, "charge.failed", ObjCharge, i)
		}
		for _, ri := range c.Refunds {
			add(m.Refunds[ri].Created, "charge.refunded", ObjCharge, i)
		}
	}
	for i := range m.Disputes {
		d := &m.Disputes[i]
		add(d.Created, "charge.dispute.created", ObjDispute, i)
		if d.WithdrawalTxn != "" {
			add(d.Created, "charge.dispute.funds_withdrawn", ObjDispute, i)
		}
		if d.EvidenceAt != 0 {
			add(d.EvidenceAt, "charge.dispute.updated", ObjDispute, i)
		}
		if d.ClosedAt != 0 {
			add(d.ClosedAt, "charge.dispute.closed", ObjDispute, i)
			if d.ReversalTxn != "" {
				add(d.ClosedAt, "charge.dispute.funds_reinstated", ObjDispute, i)
			}
		}
	}
	for i := range m.Payouts {
		p := &m.Payouts[i]
		add(p.Created, "payout.created", ObjPayout, i)
		add(p.ArrivalDate, "payout.paid", ObjPayout, i)
	}
	// Order by time, then by object ID and type: never by slice index, which depends on how much
	// history other customers have.
	slices.SortFunc(evs, func(a, b Event) int {
		if c := cmp.Compare(a.Created, b.Created); c != 0 {
			return c
		}
		if c := strings.Compare(m.ObjectID(a.Object), m.ObjectID(b.Object)); c != 0 {
			return c
		}
		return strings.Compare(a.Type, b.Type)
	})
	// IDs are numbered per day, so a day's events keep their IDs when `now` moves on.
	var ids *idSource
	day := int64(-1)
	for i := range evs {
		if d := dayOf(evs[i].Created); d != day {
			day, ids = d, newIDSource(g.acct, d, systemArrival, 3)
		}
		evs[i].ID = ids.next("evt")
	}
	m.Events = evs
}

// statusAt is the subscription's status at t ("" before it was created).
func (s *Subscription) statusAt(t int64) string {
	st := ""
	for _, sp := range s.Statuses {
		if sp.At > t {
			break
		}
		st = sp.Status
	}
	return st
}

// StatusAt is the subscription's status at t ("" before it was created).
func (s *Subscription) StatusAt(t int64) string { return s.statusAt(t) }

// ObjectID is the Stripe ID of the referenced record.
func (m *Model) ObjectID(r ObjectRef) string {
	switch r.Kind {
	case ObjCustomer:
		return m.Customers[r.Index].ID
	case ObjSubscription:
		return m.Subscriptions[r.Index].ID
	case ObjInvoice:
		return m.Invoices[r.Index].ID
	case ObjCharge:
		return m.Charges[r.Index].ID
	case ObjDispute:
		return m.Disputes[r.Index].ID
	case ObjPayout:
		return m.Payouts[r.Index].ID
	case ObjInvoicePayment:
		return m.InvoicePaymentID(r.Index)
	}
	return ""
}
