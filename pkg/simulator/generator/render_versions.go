package generator

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// Event payloads in older API versions. Stripe renders an event's data in the API version the
// account had when the event was created (STRIPE-IN-THE-WILD.md §1). The simulator renders every
// object in the pinned version (APIVersion) and rewrites that JSON into the older shape here,
// taking what the old shape needs and the pinned one lacks (full price and coupon objects, the
// invoice's charge, a charge's refunds and invoice) from the model.
//
// What changes, by the date a version carries:
//
//   - before 2025-03-31 (basil): subscription.current_period_start/end at the top level (the first
//     item's period) and not on the items; top-level plan and quantity (the only item's, null
//     with several items, quantity null for metered prices); the legacy discount (the discount
//     object, or null). invoice.subscription, .subscription_details {metadata}, .discount (the
//     invoice's only discount, or null), .paid, .charge (the latest charge made for it by then),
//     .payment_intent, and no parent. Invoice lines with price (full object), plan, proration,
//     proration_details, type (subscription | invoiceitem), subscription_item, invoice_item and
//     subscription, and no parent or pricing. charge.invoice (id or null).
//   - before 2023-10-16: no subscription.discounts (a simulator choice: the ids array came with
//     multiple discounts; 2020-08-27 accounts see only the legacy discount).
//   - before 2022-11-15: charge.refunds embedded, {object: list, data, has_more, total_count, url}.
//   - before 2025-09-30 (clover): a discount object's coupon is the full coupon object
//     (auto-expanded), with no source member.
//
// Disputes, payouts, prices, coupons and customers (but for an embedded discount) are the same in
// all these versions.

// versionCache holds the JSON old shapes embed, rendered once: prices, plans and coupons by
// the JSON of their id (a quoted string, as it appears in the pinned JSON).
type versionCache struct {
	prices  map[string]int32
	price   [][]byte
	plan    [][]byte
	coupons map[string][]byte
}

func (r *renderer) buildVersionCache() error {
	c := versionCache{prices: make(map[string]int32, len(r.prices)), coupons: make(map[string][]byte, len(r.coupons))}
	for i := range r.prices {
		p := &r.prices[i]
		id := jsonString(p.ID)
		pj, err := objects.Marshal(p)
		if err != nil {
			return err
		}
		pl := objects.PlanFromPrice(p)
		plj, err := objects.Marshal(&pl)
		if err != nil {
			return err
		}
		c.prices[string(id)] = int32(i)
		c.price, c.plan = append(c.price, pj), append(c.plan, plj)
	}
	for i := range r.coupons {
		id := jsonString(r.coupons[i].ID)
		cj, err := objects.Marshal(&r.coupons[i])
		if err != nil {
			return err
		}
		c.coupons[string(id)] = cj
	}
	r.vc = c
	return nil
}

// inVersion rewrites the pinned JSON b of the referenced record, as it was at instant at, into
// the shape of version rules v.
func (r *renderer) inVersion(ref ObjectRef, at int64, b []byte, v versionRules) ([]byte, error) {
	if v.pinned() {
		return b, nil
	}
	r.arena.reset() // nothing parsed by an earlier call is still in use
	var out []byte
	var err error
	switch ref.Kind {
	case ObjSubscription:
		if !v.legacyBilling && !v.noSubDiscounts {
			return b, nil
		}
		out, err = r.legacySubscription(ref.Index, at, b, v)
	case ObjInvoice:
		if !v.legacyBilling {
			return b, nil
		}
		out, err = r.legacyInvoice(ref.Index, at, b)
	case ObjCharge:
		if !v.legacyBilling && !v.embeddedRefunds {
			return b, nil
		}
		out, err = r.legacyCharge(ref.Index, at, b, v)
	case ObjCustomer:
		if !v.legacyDiscountCoupon {
			return b, nil
		}
		out, err = r.legacyCustomer(b)
	default:
		return b, nil
	}
	if err != nil {
		return nil, fmt.Errorf("generator: rendering %s in an older API version: %w", r.m.ObjectID(ref), err)
	}
	return out, nil
}

// jsonString is s as a JSON string, as encoding/json writes it.
func jsonString(s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // a string always marshals
			return b
		}
	}
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// legacyDiscount rewrites a discount object (pinned JSON) into the pre-clover shape: coupon is
// the full coupon object, and there is no source.
func (r *renderer) legacyDiscount(b []byte) ([]byte, error) {
	d, err := r.arena.parseObject(b)
	if err != nil {
		return nil, err
	}
	coupon := jsonNull
	if src := d.get("source"); isObject(src) {
		so, err := r.arena.parseObject(src)
		if err != nil {
			return nil, err
		}
		if id := so.get("coupon"); !isNull(id) {
			var ok bool
			if coupon, ok = r.vc.coupons[string(id)]; !ok {
				return nil, fmt.Errorf("discount with unknown coupon %s", id)
			}
		}
	}
	var e edits
	e.del("source")
	e.set("coupon", coupon)
	return d.edited(e), nil
}

// subscriptionDiscount is the legacy discount member of subscription si whose discounts are ids
// (raw JSON array): the discount object, or null.
func (r *renderer) subscriptionDiscount(si int32, ids []byte) ([]byte, error) {
	elems, err := parseArray(ids)
	if err != nil || len(elems) == 0 {
		return jsonNull, err
	}
	return r.discountObject(si, elems[0])
}

// discountObject is the legacy discount object of subscription si, which must be the discount
// whose id is the JSON string id.
func (r *renderer) discountObject(si int32, id []byte) ([]byte, error) {
	d := r.discount(si)
	if d == nil || `"`+d.ID+`"` != string(id) {
		return nil, fmt.Errorf("discount %s is not subscription %s's", id, r.m.Subscriptions[si].ID)
	}
	b, err := objects.Marshal(d)
	if err != nil {
		return nil, err
	}
	return r.legacyDiscount(b)
}

// legacySubscription is a subscription before basil (see the top of the file).
func (r *renderer) legacySubscription(si int32, at int64, b []byte, v versionRules) ([]byte, error) {
	sub, err := r.arena.parseObject(b)
	if err != nil {
		return nil, err
	}
	var e edits
	if v.legacyBilling {
		items, err := r.arena.parseObject(sub.get("items"))
		if err != nil {
			return nil, err
		}
		data, err := parseArray(items.get("data"))
		if err != nil {
			return nil, err
		}
		var start, end []byte
		plan, quantity := jsonNull, jsonNull
		out := make([][]byte, len(data))
		for k, raw := range data {
			it, err := r.arena.parseObject(raw)
			if err != nil {
				return nil, err
			}
			if k == 0 {
				start, end = it.get("current_period_start"), it.get("current_period_end")
			}
			if len(data) == 1 {
				plan = it.get("plan")
				if q := it.get("quantity"); q != nil {
					quantity = q
				}
			}
			out[k] = it.edited(edits{{key: "current_period_end"}, {key: "current_period_start"}})
		}
		if start == nil || end == nil { // no items: the period the items would carry
			p := periodAt(&r.m.Subscriptions[si], at)
			start, end = strconv.AppendInt(nil, p.Start, 10), strconv.AppendInt(nil, p.End, 10)
		}
		e.set("items", items.edited(edits{{key: "data", val: arrayJSON(out)}}))
		e.set("current_period_end", end)
		e.set("current_period_start", start)
		e.set("plan", plan)
		e.set("quantity", quantity)
		discount, err := r.subscriptionDiscount(si, sub.get("discounts"))
		if err != nil {
			return nil, err
		}
		e.set("discount", discount)
	}
	if v.noSubDiscounts {
		e.del("discounts")
	}
	return sub.edited(e), nil
}

// legacyInvoice is an invoice before basil, its embedded lines included.
func (r *renderer) legacyInvoice(ii int32, at int64, b []byte) ([]byte, error) {
	o, err := r.arena.parseObject(b)
	if err != nil {
		return nil, err
	}
	subscription, details := jsonNull, jsonNull
	if p := o.get("parent"); isObject(p) {
		po, err := r.arena.parseObject(p)
		if err != nil {
			return nil, err
		}
		if sd := po.get("subscription_details"); isObject(sd) {
			sdo, err := r.arena.parseObject(sd)
			if err != nil {
				return nil, err
			}
			subscription = sdo.get("subscription")
			meta := sdo.get("metadata")
			if meta == nil {
				meta = []byte("{}")
			}
			details = jsonObject{{key: []byte("metadata"), val: meta}}.bytes()
		}
	}
	var e edits
	e.del("parent")
	e.set("subscription", subscription)
	e.set("subscription_details", details)
	discount := jsonNull
	ids, err := parseArray(o.get("discounts"))
	if err != nil {
		return nil, err
	}
	if len(ids) == 1 {
		if discount, err = r.discountObject(r.m.Invoices[ii].Subscription, ids[0]); err != nil {
			return nil, err
		}
	}
	e.set("discount", discount)
	e.set("paid", jsonBool(string(o.get("status")) == `"paid"`))
	charge, pi := r.legacyInvoicePayment(ii, at)
	e.set("charge", charge)
	e.set("payment_intent", pi)
	if l := o.get("lines"); isObject(l) {
		lo, err := r.arena.parseObject(l)
		if err != nil {
			return nil, err
		}
		data, err := parseArray(lo.get("data"))
		if err != nil {
			return nil, err
		}
		out := make([][]byte, len(data))
		for k, raw := range data {
			if out[k], err = r.legacyLine(raw); err != nil {
				return nil, err
			}
		}
		e.set("lines", lo.edited(edits{{key: "data", val: arrayJSON(out)}}))
	}
	return o.edited(e), nil
}

// legacyInvoicePayment is a pre-basil invoice's charge (the latest charge made for it by at) and
// payment_intent (the invoice's payment intent once finalized), as JSON ids or null.
func (r *renderer) legacyInvoicePayment(ii int32, at int64) (charge, pi []byte) {
	inv := &r.m.Invoices[ii]
	charge, pi = jsonNull, jsonNull
	for _, ci := range inv.Attempts {
		if c := &r.m.Charges[ci]; c.Created <= at {
			charge = jsonString(c.ID)
		}
	}
	if inv.PaymentIntent != "" && inv.FinalizedAt != 0 && inv.FinalizedAt <= at {
		pi = jsonString(inv.PaymentIntent)
	}
	return charge, pi
}

// legacyLine is an invoice line item before basil: the parent's and pricing's members at the top
// level, the price as a full object.
func (r *renderer) legacyLine(b []byte) ([]byte, error) {
	o, err := r.arena.parseObject(b)
	if err != nil {
		return nil, err
	}
	var details jsonObject
	parentType := ""
	if p := o.get("parent"); isObject(p) {
		po, err := r.arena.parseObject(p)
		if err != nil {
			return nil, err
		}
		if t := po.get("type"); len(t) > 2 && t[0] == '"' {
			parentType = string(t[1 : len(t)-1])
		}
		if d := po.get(parentType); isObject(d) {
			if details, err = r.arena.parseObject(d); err != nil {
				return nil, err
			}
		}
	}
	price, plan := jsonNull, jsonNull
	if pr := o.get("pricing"); isObject(pr) {
		pro, err := r.arena.parseObject(pr)
		if err != nil {
			return nil, err
		}
		if pd := pro.get("price_details"); isObject(pd) {
			pdo, err := r.arena.parseObject(pd)
			if err != nil {
				return nil, err
			}
			id := pdo.get("price")
			k, ok := r.vc.prices[string(id)]
			if !ok {
				return nil, fmt.Errorf("line with unknown price %s", id)
			}
			price, plan = r.vc.price[k], r.vc.plan[k]
		}
	}
	orNull := func(v []byte) []byte {
		if v == nil {
			return jsonNull
		}
		return v
	}
	proration := details.get("proration")
	if proration == nil {
		proration = jsonFalse
	}
	invoiceItem := orNull(details.get("invoice_item"))
	typ, subItem := `"subscription"`, jsonNull
	if parentType == "invoice_item_details" || !isNull(invoiceItem) {
		typ = `"invoiceitem"`
	} else {
		invoiceItem = jsonNull
	}
	if parentType == "subscription_item_details" {
		subItem = orNull(details.get("subscription_item"))
	}
	subscription := details.get("subscription")
	if subscription == nil {
		subscription = orNull(o.get("subscription"))
	}
	return o.edited(edits{{key: "parent"}, {key: "pricing"}, {key: "invoice_item", val: invoiceItem}, {key: "plan", val: plan},
		{key: "price", val: price}, {key: "proration", val: proration}, {key: "proration_details", val: orNull(details.get("proration_details"))},
		{key: "subscription", val: subscription}, {key: "subscription_item", val: subItem}, {key: "type", val: []byte(typ)}}), nil
}

// legacyCharge is a charge before basil (invoice) and before 2022-11-15 (embedded refunds).
func (r *renderer) legacyCharge(ci int32, at int64, b []byte, v versionRules) ([]byte, error) {
	o, err := r.arena.parseObject(b)
	if err != nil {
		return nil, err
	}
	c := &r.m.Charges[ci]
	var e edits
	if v.legacyBilling {
		invoice := jsonNull
		if c.Invoice >= 0 {
			invoice = jsonString(r.m.Invoices[c.Invoice].ID)
		}
		e.set("invoice", invoice)
	}
	if v.embeddedRefunds {
		var refunds []int32
		for _, ri := range c.Refunds {
			if r.m.Refunds[ri].Created <= at {
				refunds = append(refunds, ri)
			}
		}
		slices.SortFunc(refunds, func(a, b int32) int { // newest first, as lists are
			ra, rb := &r.m.Refunds[a], &r.m.Refunds[b]
			if c := cmp.Compare(rb.Created, ra.Created); c != 0 {
				return c
			}
			return cmp.Compare(rb.ID, ra.ID)
		})
		data := make([][]byte, len(refunds))
		for k, ri := range refunds {
			rf := r.refund(ri)
			if data[k], err = objects.Marshal(&rf); err != nil {
				return nil, err
			}
		}
		url := jsonString(objects.ChargeRefundsURL(c.ID))
		list := jsonObject{
			{key: []byte("object"), val: []byte(`"list"`)},
			{key: []byte("data"), val: arrayJSON(data)},
			{key: []byte("has_more"), val: jsonFalse},
			{key: []byte("total_count"), val: strconv.AppendInt(nil, int64(len(refunds)), 10)},
			{key: []byte("url"), val: url},
		}
		e.set("refunds", list.bytes())
	}
	return o.edited(e), nil
}

// legacyCustomer is a customer before clover: an embedded discount has its coupon expanded.
func (r *renderer) legacyCustomer(b []byte) ([]byte, error) {
	o, err := r.arena.parseObject(b)
	if err != nil {
		return nil, err
	}
	d := o.get("discount")
	if !isObject(d) {
		return b, nil
	}
	ld, err := r.legacyDiscount(d)
	if err != nil {
		return nil, err
	}
	return o.edited(edits{{key: "discount", val: ld}}), nil
}
