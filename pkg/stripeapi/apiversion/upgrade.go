package apiversion

// Upgrade rewrites obj, a Stripe object as version v renders it (decoded JSON: maps, slices,
// strings, numbers, booleans, nil), in place into the pinned version's shapes, taking each member
// from where v puts it. Objects of a type that did not change are left as they are; members the
// pinned version does not have are dropped where they would be misread, otherwise kept (stripe-go
// ignores unknown members). The table of what moved is in STRIPE-IN-THE-WILD.md.
func Upgrade(obj map[string]any, v string) {
	switch obj["object"] {
	case "subscription":
		subscription(obj, v)
	case "invoice":
		invoice(obj, v)
	case "line_item":
		line(obj, v)
	case "invoiceitem":
		invoiceItem(obj, v)
	case "subscription_item":
		subscriptionItem(obj, v)
	case "discount":
		discount(obj, v)
	case "charge":
		if before(v, basil) {
			delete(obj, "invoice") // removed in basil; an invoice's payments say which charge paid it
		}
	}
}

// subscription: before basil the period was the subscription's, the legacy discount sat beside
// discounts, and one-item subscriptions repeated the item's plan and quantity at the top.
func subscription(s map[string]any, v string) {
	if before(v, basil) {
		periodStart, periodEnd := s["current_period_start"], s["current_period_end"]
		for _, it := range listData(s["items"]) {
			item := asMap(it)
			if item == nil {
				continue
			}
			// An item of an old version has no period of its own: the subscription's was the
			// item's (every item of a subscription renewed together).
			setIfAbsent(item, "current_period_start", periodStart)
			setIfAbsent(item, "current_period_end", periodEnd)
		}
		for _, k := range []string{"current_period_start", "current_period_end", "plan", "quantity"} {
			delete(s, k)
		}
		mergeLegacyDiscount(s)
	}
	for _, it := range listData(s["items"]) {
		if item := asMap(it); item != nil {
			subscriptionItem(item, v)
		}
	}
	discounts(s["discounts"], v)
}

// subscriptionItem: the price is always there in the versions read, but an item written before
// prices existed names only its plan, whose id is the price's.
func subscriptionItem(it map[string]any, v string) {
	if before(v, basil) {
		if _, ok := it["price"]; !ok {
			if id := idOf(it["plan"]); id != "" {
				it["price"] = id
			}
		}
	}
	discounts(it["discounts"], v)
}

// invoice: before basil the subscription was invoice.subscription (with subscription_details
// beside it), and the legacy discount sat beside discounts.
func invoice(in map[string]any, v string) {
	if before(v, basil) {
		if _, ok := in["parent"]; !ok {
			in["parent"] = invoiceParent(in)
		}
		for _, k := range []string{"subscription", "subscription_details", "paid", "paid_out_of_band", "charge", "payment_intent",
			"quote", "subscription_proration_date", "tax", "total_tax_amounts", "application_fee_amount", "transfer_data"} {
			delete(in, k)
		}
		mergeLegacyDiscount(in)
	}
	for _, l := range listData(in["lines"]) {
		if m := asMap(l); m != nil {
			line(m, v)
		}
	}
	discounts(in["discounts"], v)
}

// invoiceParent is basil's invoice.parent for an invoice of an older version: the subscription
// it bills, or null for a one-off invoice.
func invoiceParent(in map[string]any) any {
	sub := idOf(in["subscription"])
	if sub == "" {
		return nil
	}
	meta := map[string]any{}
	if d := asMap(in["subscription_details"]); d != nil {
		if m := asMap(d["metadata"]); m != nil {
			meta = m
		}
	}
	return map[string]any{
		"type":                 "subscription_details",
		"quote_details":        nil,
		"subscription_details": map[string]any{"subscription": sub, "metadata": meta},
	}
}

// line: before basil a line named its price (an object) and plan, and said what made it with
// type, proration, subscription_item and invoice_item at the top; basil put the price id under
// pricing.price_details and the rest under parent.
func line(l map[string]any, v string) {
	if !before(v, basil) {
		return
	}
	if _, ok := l["pricing"]; !ok {
		l["pricing"] = pricing(l)
	}
	if _, ok := l["parent"]; !ok {
		l["parent"] = lineParent(l)
	}
	for _, k := range []string{"price", "plan", "proration", "proration_details", "type", "subscription_item", "invoice_item",
		"tax_amounts", "tax_rates", "unit_amount_excluding_tax", "amount_excluding_tax"} {
		delete(l, k)
	}
}

// lineParent is basil's line.parent: a subscription item's line (its regular charge, or a
// proration invoice item of that item) is subscription_item_details; any other invoice item's
// line is invoice_item_details.
func lineParent(l map[string]any) any {
	proration, _ := l["proration"].(bool)
	details := func(invoiceItem any) map[string]any {
		return map[string]any{"invoice_item": invoiceItem, "proration": proration,
			"proration_details": orEmpty(l["proration_details"]), "subscription": orNil(idOf(l["subscription"]))}
	}
	invoiceItem := orNil(idOf(l["invoice_item"]))
	if l["type"] == "invoiceitem" && invoiceItem == nil {
		if id, _ := l["id"].(string); len(id) > 3 && id[:3] == "ii_" {
			invoiceItem = id // lines of invoice items once carried the item's id as their own
		}
	}
	if si := idOf(l["subscription_item"]); si != "" {
		d := details(invoiceItem)
		d["subscription_item"] = si
		return map[string]any{"type": "subscription_item_details", "subscription_item_details": d, "invoice_item_details": nil}
	}
	if l["type"] == "invoiceitem" {
		return map[string]any{"type": "invoice_item_details", "invoice_item_details": details(invoiceItem), "subscription_item_details": nil}
	}
	return nil
}

// invoiceItem: before basil an invoice item named its price, subscription and subscription item
// at the top; basil put them under pricing and parent.subscription_details.
func invoiceItem(it map[string]any, v string) {
	if !before(v, basil) {
		return
	}
	if _, ok := it["pricing"]; !ok {
		it["pricing"] = pricing(it)
	}
	if _, ok := it["parent"]; !ok {
		it["parent"] = nil
		if sub := idOf(it["subscription"]); sub != "" {
			it["parent"] = map[string]any{"type": "subscription_details",
				"subscription_details": map[string]any{"subscription": sub, "subscription_item": orNil(idOf(it["subscription_item"]))}}
		}
	}
	for _, k := range []string{"price", "plan", "subscription", "subscription_item", "unit_amount", "unit_amount_decimal"} {
		delete(it, k)
	}
	discounts(it["discounts"], v)
}

// pricing is basil's pricing member of a line or invoice item from its price (or, before
// prices, its plan, whose id is the price's); null when it has neither.
func pricing(o map[string]any) any {
	src := o["price"]
	if src == nil {
		src = o["plan"]
	}
	id := idOf(src)
	if id == "" {
		return nil
	}
	var product, unitDecimal any
	if p := asMap(src); p != nil {
		product = orNil(idOf(p["product"]))
		unitDecimal = p["unit_amount_decimal"]
		if unitDecimal == nil {
			unitDecimal = p["amount_decimal"] // a plan's
		}
	}
	return map[string]any{"type": "price_details", "unit_amount_decimal": unitDecimal,
		"price_details": map[string]any{"price": id, "product": product}}
}

// mergeLegacyDiscount moves the legacy discount member (one discount object, its coupon
// expanded) into discounts: in versions without a discounts member it becomes the only element;
// where discounts lists ids, the legacy object takes the place of its id (it is the expanded form
// of the same discount), so an event of an old version carries what a list read expands.
func mergeLegacyDiscount(o map[string]any) {
	legacy := asMap(o["discount"])
	delete(o, "discount")
	list, isList := o["discounts"].([]any)
	if !isList { // absent (or null): the legacy discount was the only one
		list = []any{}
		if legacy != nil {
			list = append(list, legacy)
		}
		o["discounts"] = list
		return
	}
	for i, d := range list {
		if legacy != nil && idOf(d) == idOf(legacy) {
			list[i] = legacy
		}
	}
}

// discounts upgrades each expanded discount of a discounts array (ids stay ids).
func discounts(v any, version string) {
	list, _ := v.([]any)
	for _, d := range list {
		if m := asMap(d); m != nil {
			discount(m, version)
		}
	}
}

// discount: before clover a discount carried its coupon (expanded) as coupon; clover put the
// coupon's id under source.
func discount(d map[string]any, v string) {
	if !before(v, clover) {
		return
	}
	if _, ok := d["source"]; !ok {
		if c := idOf(d["coupon"]); c != "" {
			d["source"] = map[string]any{"type": "coupon", "coupon": c}
		}
	}
	delete(d, "coupon")
}

// listData is the data array of a list object, nil if v is not one.
func listData(v any) []any {
	m := asMap(v)
	if m == nil {
		return nil
	}
	data, _ := m["data"].([]any)
	return data
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// idOf is the id of an expandable member: the string itself, or the expanded object's id.
func idOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		id, _ := x["id"].(string)
		return id
	}
	return ""
}

func setIfAbsent(m map[string]any, k string, v any) {
	if _, ok := m[k]; !ok && v != nil {
		m[k] = v
	}
}

// orNil is s, or JSON null for "".
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// orEmpty is v, or an empty object for null (proration_details is always an object).
func orEmpty(v any) any {
	if v == nil {
		return map[string]any{}
	}
	return v
}
