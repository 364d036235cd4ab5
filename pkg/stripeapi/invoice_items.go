package stripeapi

import (
	"context"

	"github.com/stripe/stripe-go/v85"
)

// ListInvoiceItems reads every invoice item created in w; with pending only those no invoice
// holds yet (pending=true): a subscription change's prorations wait there until the next
// invoice, and their period.start dates the change. Stripe guards invoice items with the
// invoices' permission (rak_invoice_read), so the operation names the invoices resource.
func (c *Client) ListInvoiceItems(ctx context.Context, w Window, pending bool, fn func(*stripe.InvoiceItem) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	return readAll(ctx, c, list[*stripe.InvoiceItem]{
		op: operation{path: "/v1/invoiceitems", resource: "invoices"}, noun: "invoice items",
		id: ident(func(o *stripe.InvoiceItem) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.InvoiceItem] {
			p := &stripe.InvoiceItemListParams{ListParams: lp, CreatedRange: w.created()}
			if pending {
				p.Pending = stripe.Bool(true)
			}
			return c.sc.V1InvoiceItems.List(ctx, p)
		},
	}, fn)
}
