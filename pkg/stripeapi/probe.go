package stripeapi

import (
	"context"
	"fmt"
	"sort"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/stripe/stripe-go/v85"
)

// Balance reads the account's current balance (GET /v1/balance).
func (c *Client) Balance(ctx context.Context) (*stripe.Balance, error) {
	var b *stripe.Balance
	err := c.call(ctx, operation{path: "/v1/balance", resource: "balance"}, func(ctx context.Context) (err error) {
		b, err = c.sc.V1Balance.Retrieve(ctx, &stripe.BalanceRetrieveParams{})
		return err
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// Account reads the key's own account (GET /v1/account): name, country, default currency.
// Stripe may refuse it to restricted keys (KindPermission with no Permission); callers should
// treat the account details as optional.
func (c *Client) Account(ctx context.Context) (*stripe.Account, error) {
	var a *stripe.Account
	err := c.call(ctx, operation{path: "/v1/account"}, func(ctx context.Context) (err error) {
		a, err = c.sc.V1Accounts.Retrieve(ctx, &stripe.AccountRetrieveParams{})
		return err
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// probeLimit is the smallest page Stripe serves; a probe only needs to know it is allowed.
const probeLimit = 1

// probes maps each catalog resource id to its cheapest read. A resource added to catalog.json
// without a probe here fails the package's tests.
func (c *Client) probes() map[string]func(context.Context) error {
	all := Window{}
	return map[string]func(context.Context) error{
		"balance": func(ctx context.Context) error { _, err := c.Balance(ctx); return err },
		"balance_transactions": func(ctx context.Context) error {
			return readOne(ctx, c, list[*stripe.BalanceTransaction]{
				op: operation{path: "/v1/balance_transactions", resource: "balance_transactions"},
				fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.BalanceTransaction] {
					return c.sc.V1BalanceTransactions.List(ctx, &stripe.BalanceTransactionListParams{ListParams: lp})
				},
			}, probeLimit)
		},
		"charges":       func(ctx context.Context) error { return readOne(ctx, c, chargesList(c, all), probeLimit) },
		"disputes":      func(ctx context.Context) error { return readOne(ctx, c, disputesList(c, all), probeLimit) },
		"refunds":       func(ctx context.Context) error { return readOne(ctx, c, refundsList(c, all), probeLimit) },
		"subscriptions": func(ctx context.Context) error { return readOne(ctx, c, subscriptionsList(c, all), probeLimit) },
		"invoices":      func(ctx context.Context) error { return readOne(ctx, c, invoicesList(c, all, ""), probeLimit) },
		"prices":        func(ctx context.Context) error { return readOne(ctx, c, pricesList(c, all, true), probeLimit) },
		"products":      func(ctx context.Context) error { return readOne(ctx, c, productsList(c, all), probeLimit) },
		"customers":     func(ctx context.Context) error { return readOne(ctx, c, customersList(c, all), probeLimit) },
		"payouts":       func(ctx context.Context) error { return readOne(ctx, c, payoutsList(c, all), probeLimit) },
		"events":        func(ctx context.Context) error { return readOne(ctx, c, eventsList(c, all, nil), probeLimit) },
	}
}

// Probe makes one cheap read (limit=1) of a catalog resource to learn whether the key may read
// it: nil if it may, otherwise an *Error (KindPermission carries the missing permission).
// Resource ids are those of catalog.json "resources".
func (c *Client) Probe(ctx context.Context, resourceID string) error {
	probe, ok := c.probes()[resourceID]
	if !ok {
		return invalidArgument(fmt.Sprintf("unknown Stripe resource %q; known resources: %v.", resourceID, ProbeResources()))
	}
	return probe(ctx)
}

// ProbeResources lists the resource ids Probe accepts: those of catalog.json.
func ProbeResources() []string {
	ids := []string{}
	for _, r := range catalog.Get().Resources {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	return ids
}
