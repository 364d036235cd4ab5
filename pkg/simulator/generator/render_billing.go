package generator

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// renderCatalog renders the prices and coupons, which subscriptions and old-version event
// payloads embed.
func (r *renderer) renderCatalog() {
	m := r.m
	r.prices = make([]objects.Price, len(m.Prices))
	for i := range m.Prices {
		p := &m.Prices[i]
		o := objects.Price{
			ID: p.ID, Active: true, BillingScheme: "per_unit", Created: p.Created, Currency: p.Currency,
			Nickname: objects.NullString(p.Nickname), Product: m.Products[p.Product].ID, TaxBehavior: "unspecified", Type: "recurring",
			Recurring: &objects.Recurring{Interval: p.Interval, IntervalCount: p.IntervalCount, UsageType: "licensed"},
		}
		if p.Metered {
			o.Recurring.UsageType = "metered"
			o.Recurring.Meter = objects.NullString("mtr_test_" + m.AccountID[6:14] + "api")
		}
		if len(p.Tiers) > 0 {
			o.BillingScheme, o.TiersMode = "tiered", objects.NullString(p.TiersMode)
			for _, t := range p.Tiers {
				pt := objects.PriceTier{UnitAmount: i64(t.UnitAmount), UnitAmountDecimal: objects.Decimal(t.UnitAmount),
					FlatAmount: i64(t.FlatAmount), FlatAmountDecimal: objects.Decimal(t.FlatAmount)}
				if t.FlatAmount == 0 {
					pt.FlatAmount, pt.FlatAmountDecimal = nil, ""
				}
				if t.UpTo != 0 {
					pt.UpTo = i64(t.UpTo)
				}
				o.Tiers = append(o.Tiers, pt)
			}
		} else {
			o.UnitAmount, o.UnitAmountDecimal = i64(p.UnitAmount), objects.Decimal(p.UnitAmount)
		}
		r.prices[i] = o
	}
	r.coupons = make([]objects.Coupon, len(m.Coupons))
	for i := range m.Coupons {
		c := &m.Coupons[i]
		o := objects.Coupon{ID: c.ID, Created: c.Created, Duration: c.Duration, Name: objects.NullString(c.Name),
			TimesRedeemed: c.TimesRedeemed, Valid: true}
		if c.AmountOff > 0 {
			o.AmountOff, o.Currency = i64(c.AmountOff), objects.NullString(c.Currency)
		} else {
			o.PercentOff = objects.Float64(c.PercentOff)
		}
		if c.Duration == DurationRepeating {
			o.DurationInMonths = i64(c.DurationInMonths)
		}
		r.coupons[i] = o
	}
}

// catalog puts products, prices and coupons into the store.
func (r *renderer) catalog(st *objects.Store) {
	m := r.m
	defaultPrice := map[int32]string{}
	for i := range m.Prices {
		p := &m.Prices[i]
		if _, ok := defaultPrice[p.Product]; !ok {
			defaultPrice[p.Product] = p.ID
		}
	}
	st.Prices = append(st.Prices, r.prices...)
	for i := range m.Products {
		p := &m.Products[i]
		st.Products = append(st.Products, objects.Product{ID: p.ID, Active: true, Created: p.Created,
			DefaultPrice: objects.NullString(defaultPrice[int32(i)]), Name: p.Name, Updated: p.Created})
	}
	st.Coupons = append(st.Coupons, r.coupons...)
}

// discount renders a subscription's discount object (nil if it has none).
func (r *renderer) discount(si int32) *objects.Discount {
	s := &r.m.Subscriptions[si]
	d := s.Discount
	if d == nil {
		return nil
	}
	o := &objects.Discount{ID: d.ID, Customer: objects.NullString(r.m.Customers[s.Customer].ID), Start: d.Start,
		Source: objects.DiscountSource{Coupon: objects.NullString(r.m.Coupons[d.Coupon].ID)}, Subscription: objects.NullString(s.ID)}
	if d.End != 0 {
		o.End = i64(d.End)
	}
	return o
}

func (r *renderer) customer(ci int32) objects.Customer {
	c := &r.m.Customers[ci]
	return objects.Customer{
		ID: c.ID, Balance: c.Balance, Created: c.Created, Currency: objects.NullString(c.Currency), Email: objects.NullString(c.Email),
		InvoicePrefix:       objects.NullString(c.InvoicePrefix),
		InvoiceSettings:     objects.CustomerInvoiceSettings{DefaultPaymentMethod: objects.NullString(c.Card.PaymentMethod)},
		Name:                objects.NullString(c.Name),
		NextInvoiceSequence: r.nextInvoiceSeq[ci] + 1, TaxExempt: "none",
		Address: &objects.Address{Country: objects.NullString(c.Card.Country)},
	}
}

// periodAt is the subscription's billing period at instant at.
func periodAt(s *Subscription, at int64) Period {
	p := s.Periods[0]
	for _, q := range s.Periods {
		if q.Start > at {
			break
		}
		p = q
	}
	return p
}

// subscription renders a subscription as it is at instant at.
func (r *renderer) subscription(si int32, at int64) objects.Subscription {
	m := r.m
	s := &m.Subscriptions[si]
	cust := &m.Customers[s.Customer]
	o := objects.Subscription{
		ID: s.ID, BillingCycleAnchor: s.BillingCycleAnchor, CollectionMethod: s.CollectionMethod, Created: s.Created,
		Currency: s.Currency, Customer: cust.ID, DefaultPaymentMethod: objects.NullString(cust.Card.PaymentMethod),
		StartDate: s.Created, Status: s.StatusAt(at), TrialStart: optTime(s.TrialStart, s.TrialStart), TrialEnd: optTime(s.TrialEnd, s.TrialEnd),
		EndedAt: optTime(s.EndedAt, at),
	}
	if s.DaysUntilDue != 0 {
		o.DaysUntilDue = i64(s.DaysUntilDue)
	}
	if s.CanceledAt != 0 && s.CanceledAt <= at {
		o.CanceledAt = i64(s.CanceledAt)
		o.CancellationDetails.Reason = objects.NullString(s.CancellationReason)
		if s.CancelAtPeriodEnd {
			o.CancelAtPeriodEnd, o.CancelAt = true, i64(s.CancelAt)
		}
	}
	for _, ch := range s.Changes {
		if ch.Kind == ChangePaused {
			o.TrialSettings.EndBehavior.MissingPaymentMethod = "pause"
		}
	}
	if s.TrialEnd != 0 && s.StatusAt(s.TrialEnd) == StatusCanceled {
		o.TrialSettings.EndBehavior.MissingPaymentMethod = "cancel"
	}
	if d := s.Discount; d != nil && d.Start <= at && (s.EndedAt == 0 || at < s.EndedAt) {
		active := true
		switch m.Coupons[d.Coupon].Duration {
		case DurationRepeating:
			active = at < d.End
		case DurationOnce:
			active = d.RemovedAt == 0 || at < d.RemovedAt
		}
		if active {
			o.Discounts = objects.Array[string]{d.ID}
		}
	}
	var items []SubItem
	for _, span := range s.Items {
		if span.At > at {
			break
		}
		items = span.Items
	}
	per := periodAt(s, at)
	for _, it := range items {
		so := objects.SubscriptionItem{ID: it.ID, Created: it.Created, CurrentPeriodStart: per.Start, CurrentPeriodEnd: per.End,
			Price: r.prices[it.Price], Subscription: s.ID}
		if !m.Prices[it.Price].Metered {
			so.Quantity = i64(it.Quantity)
		}
		o.Items.Data = append(o.Items.Data, so)
	}
	for k := len(s.Invoices) - 1; k >= 0; k-- {
		if inv := &m.Invoices[s.Invoices[k]]; inv.Created <= at {
			o.LatestInvoice = objects.NullString(inv.ID)
			break
		}
	}
	o.FillDefaults()
	return o
}

// money formats a minor-unit amount for line descriptions ("$29.00", "¥4,400", "KWD 8.900").
func money(amount int64, cur string) string {
	e := currencyTable[cur].exponent
	neg := amount < 0
	if neg {
		amount = -amount
	}
	s := strconv.FormatInt(amount, 10)
	if e > 0 {
		for len(s) <= e {
			s = "0" + s
		}
		s = s[:len(s)-e] + "." + s[len(s)-e:]
	}
	sym := map[string]string{"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥"}[cur]
	if sym == "" {
		sym = toUpper(cur) + " "
	}
	if neg {
		return "-" + sym + s
	}
	return sym + s
}

func toUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// lineDescription is Stripe's wording for each kind of line.
func (r *renderer) lineDescription(l *InvoiceLine, cur string) string {
	p := &r.m.Prices[l.Price]
	name := r.m.Products[p.Product].Name
	switch l.Kind {
	case LineProration:
		day := time.Unix(l.ChangeAt, 0).UTC().Format("2 Jan 2006")
		if l.Amount < 0 {
			return fmt.Sprintf("Unused time on %d × %s after %s", l.Quantity, name, day)
		}
		return fmt.Sprintf("Remaining time on %d × %s after %s", l.Quantity, name, day)
	case LineUsage:
		return fmt.Sprintf("%d × %s (at %s per unit)", l.Quantity, name, money(p.UnitAmount, cur))
	}
	if len(p.Tiers) > 0 {
		return fmt.Sprintf("%d × %s (Tier pricing)", l.Quantity, name)
	}
	return fmt.Sprintf("%d × %s (at %s / %s)", l.Quantity, name, money(p.UnitAmount, cur), p.Interval)
}

// invoice renders an invoice as it is at instant at.
func (r *renderer) invoice(ii int32, at int64) objects.Invoice {
	m := r.m
	inv := &m.Invoices[ii]
	status := inv.StatusAt(at)
	o := objects.Invoice{
		ID: inv.ID, More: r.invoiceMore[0], Payer: r.invoicePayers[inv.Customer],
		AmountDue: inv.AmountDue, BillingReason: objects.NullString(inv.BillingReason), CollectionMethod: inv.CollectionMethod,
		Created: inv.Created, Currency: inv.Currency, PeriodStart: inv.PeriodStart, PeriodEnd: inv.PeriodEnd,
		StartingBalance: inv.StartingBalance, Status: objects.NullString(status), Subtotal: inv.Subtotal,
		SubtotalExcludingTax: i64(inv.Subtotal), Total: inv.Total, TotalExcludingTax: i64(inv.Total),
		Parent: r.invoiceParents[inv.Subscription],
		StatusTransitions: objects.InvoiceStatusTransitions{
			FinalizedAt: optTime(inv.FinalizedAt, at), PaidAt: optTime(inv.PaidAt, at), VoidedAt: optTime(inv.VoidedAt, at),
			MarkedUncollectibleAt: optTime(inv.UncollectibleAt, at),
		},
		WebhooksDeliveredAt: i64(inv.Created + 1),
	}
	if inv.DueDate != 0 {
		o.DueDate = i64(inv.DueDate)
	}
	if status != "draft" {
		o.Number = objects.NullString(r.invoiceNumbers[ii])
		o.EffectiveAt = i64(inv.FinalizedAt)
		o.EndingBalance = i64(inv.EndingBalance)
		o.More = r.invoiceMore[1] // with hosted_invoice_url and invoice_pdf, derived when marshalled
	} else {
		o.AutomaticallyFinalizesAt = i64(inv.Created + secondsPerHour)
	}
	switch status {
	case "paid":
		o.AmountPaid = inv.AmountDue
	case "open", "uncollectible":
		o.AmountRemaining = inv.AmountDue
	}
	if status == "draft" || (status == "open" && inv.CollectionMethod == "charge_automatically") {
		o.AutoAdvance = true
	}
	if status == "open" && inv.NextAttempt > at {
		o.NextPaymentAttempt = i64(inv.NextAttempt)
	}
	for _, ci := range inv.Attempts {
		if m.Charges[ci].Created <= at {
			o.AttemptCount++
		}
	}
	o.Attempted = o.AttemptCount > 0 || status == "paid"
	if inv.DiscountID != "" {
		o.Discounts = objects.Array[string]{inv.DiscountID}
		o.TotalDiscountAmounts = objects.Array[objects.DiscountAmount]{{Amount: inv.DiscountAmount, Discount: inv.DiscountID}}
		o.TotalPretaxCreditAmounts = objects.Array[objects.PretaxCreditAmount]{{Amount: inv.DiscountAmount, Discount: inv.DiscountID, Type: "discount"}}
	}
	o.LineSource, o.LineRef = lineSource{r}, ii // rendered when read: most of an invoice's memory
	return o
}

// lineSource renders a model invoice's lines (objects.LineSource; the ref is the invoice's index).
// Rendering a line only reads the model, so concurrent renders are safe.
type lineSource struct{ r *renderer }

func (s lineSource) InvoiceLines(ref int32) []objects.LineItem {
	m := s.r.m
	inv := &m.Invoices[ref]
	sub := &m.Subscriptions[inv.Subscription]
	lines := make([]objects.LineItem, len(inv.Lines))
	for k := range inv.Lines {
		lines[k] = s.r.line(inv, sub, &inv.Lines[k])
	}
	return lines
}

func (r *renderer) line(inv *Invoice, sub *Subscription, l *InvoiceLine) objects.LineItem {
	m := r.m
	p := &m.Prices[l.Price]
	o := objects.LineItem{
		ID: l.ID, Amount: l.Amount, Currency: inv.Currency, Description: objects.NullString(r.lineDescription(l, inv.Currency)),
		Discountable: l.Kind != LineProration, Period: objects.Period{Start: l.PeriodStart, End: l.PeriodEnd},
		Subscription: objects.NullString(sub.ID), Subtotal: l.Amount,
		Pricing: &objects.LineItemPricing{PriceDetails: &objects.PriceDetails{Price: p.ID, Product: m.Products[p.Product].ID}},
		Parent: &objects.LineItemParent{Type: "subscription_item_details", SubscriptionItemDetails: &objects.SubscriptionItemParent{
			InvoiceItem: objects.NullString(l.InvoiceItem), Proration: l.Kind == LineProration,
			Subscription: objects.NullString(sub.ID), SubscriptionItem: l.SubItem,
		}},
	}
	if l.Quantity != 0 {
		o.Pricing.UnitAmountDecimal = objects.Decimal(l.Amount / l.Quantity)
		if l.Amount%l.Quantity != 0 {
			o.Pricing.UnitAmountDecimal = objects.NullString(strconv.FormatFloat(float64(l.Amount)/float64(l.Quantity), 'f', -1, 64))
		}
	}
	if l.Kind != LineUsage || l.Quantity != 0 {
		o.Quantity = i64(l.Quantity)
		o.QuantityDecimal = objects.Decimal(l.Quantity)
	}
	if l.DiscountAmount != 0 {
		o.DiscountAmounts = objects.Array[objects.DiscountAmount]{{Amount: l.DiscountAmount, Discount: inv.DiscountID}}
		o.PretaxCreditAmounts = objects.Array[objects.PretaxCreditAmount]{{Amount: l.DiscountAmount, Discount: inv.DiscountID, Type: "discount"}}
	}
	if l.Kind == LineProration && l.Amount < 0 {
		if ci, li := r.creditedLine(sub, l); ci != "" {
			o.Parent.SubscriptionItemDetails.ProrationDetails.CreditedItems = &objects.CreditedItems{Invoice: ci, InvoiceLineItems: []string{li}}
		}
	}
	return o
}

// creditedLine finds the invoice line that billed the period a proration credit refunds: the
// latest regular line of the same subscription item before the change.
func (r *renderer) creditedLine(sub *Subscription, l *InvoiceLine) (string, string) {
	for k := len(sub.Invoices) - 1; k >= 0; k-- {
		inv := &r.m.Invoices[sub.Invoices[k]]
		if inv.Created > l.ChangeAt {
			continue
		}
		for j := range inv.Lines {
			if x := &inv.Lines[j]; x.SubItem == l.SubItem && x.Kind != LineUsage {
				return inv.ID, x.ID
			}
		}
	}
	return "", ""
}

// pendingItems renders the proration lines still pending at now as invoice items, newest first
// (date, then id, descending): what GET /v1/invoiceitems?pending=true lists.
func (r *renderer) pendingItems() []objects.InvoiceItem {
	m := r.m
	var out []objects.InvoiceItem
	for si := range m.Subscriptions {
		sub := &m.Subscriptions[si]
		for k := range sub.Pending {
			out = append(out, r.pendingItem(sub, &sub.Pending[k]))
		}
	}
	slices.SortStableFunc(out, func(a, b objects.InvoiceItem) int {
		if a.Date != b.Date {
			return cmp.Compare(b.Date, a.Date)
		}
		return strings.Compare(b.ID, a.ID)
	})
	return out
}

// pendingItem is one pending proration line as an invoice item: dated at the change, for the
// rest of the period it prorates.
func (r *renderer) pendingItem(sub *Subscription, l *InvoiceLine) objects.InvoiceItem {
	m := r.m
	p := &m.Prices[l.Price]
	o := objects.InvoiceItem{
		ID: l.InvoiceItem, Amount: l.Amount, Currency: sub.Currency, Customer: m.Customers[sub.Customer].ID,
		Date: l.ChangeAt, Description: objects.NullString(r.lineDescription(l, sub.Currency)), NetAmount: l.Amount,
		Parent: &objects.InvoiceItemParentRef{Type: "subscription_details",
			SubscriptionDetails: &objects.InvoiceItemSubscriptionParent{Subscription: sub.ID, SubscriptionItem: l.SubItem}},
		Period:    objects.Period{Start: l.PeriodStart, End: l.PeriodEnd},
		Pricing:   &objects.LineItemPricing{PriceDetails: &objects.PriceDetails{Price: p.ID, Product: m.Products[p.Product].ID}},
		Proration: true, Quantity: l.Quantity, QuantityDecimal: objects.Decimal(l.Quantity),
	}
	if l.Quantity != 0 {
		o.Pricing.UnitAmountDecimal = objects.NullString(strconv.FormatFloat(float64(l.Amount)/float64(l.Quantity), 'f', -1, 64))
	}
	return o
}
