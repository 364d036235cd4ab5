package stripeapi

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/stripeapi/apiversion"
)

// inPinnedShapes hands fn each event with its data rewritten in the pinned version's shapes:
// Stripe renders an event's object in the API version the account had when the event was
// created, whatever the request asks, and stripe-go's types are the pinned version's. Whether the
// rewrite is exact for an event's version is apiversion.Readable's to say; its callers retrieve
// the objects of the versions it cannot read.
func inPinnedShapes(fn func(*stripe.Event) error) func(*stripe.Event) error {
	return func(ev *stripe.Event) error {
		if err := apiversion.Event(ev); err != nil {
			return &Error{Kind: KindStripeServer, Resource: "events", Message: fmt.Sprintf(
				"Stripe's event %s (API version %s) could not be read: %v. Retry later; if it persists, please report it.",
				ev.ID, ev.APIVersion, err)}
		}
		return fn(ev)
	}
}

// retriever reads one kind of object by id, with the expansions a list read of the same
// resource makes, so that the record made from either is the same.
type retriever struct {
	op       operation
	prefixes []string
	get      func(ctx context.Context, id string) (*stripe.APIResponse, error)
}

// retrievers are the objects RetrieveObject reads, by their object type.
func (c *Client) retrievers() map[string]retriever {
	return map[string]retriever{
		"subscription": {operation{path: "/v1/subscriptions/{id}", resource: "subscriptions"}, []string{"sub_"},
			func(ctx context.Context, id string) (*stripe.APIResponse, error) {
				p := &stripe.SubscriptionRetrieveParams{}
				p.AddExpand("discounts")
				p.AddExpand("items.data.discounts")
				o, err := c.sc.V1Subscriptions.Retrieve(ctx, id, p)
				if err != nil {
					return nil, err
				}
				return o.LastResponse, nil
			}},
		"invoice": {operation{path: "/v1/invoices/{id}", resource: "invoices"}, []string{"in_"},
			func(ctx context.Context, id string) (*stripe.APIResponse, error) {
				p := &stripe.InvoiceRetrieveParams{}
				p.AddExpand("discounts")
				o, err := c.sc.V1Invoices.Retrieve(ctx, id, p)
				if err != nil {
					return nil, err
				}
				return o.LastResponse, nil
			}},
		"charge": {operation{path: "/v1/charges/{id}", resource: "charges"}, []string{"ch_", "py_"},
			func(ctx context.Context, id string) (*stripe.APIResponse, error) {
				o, err := c.sc.V1Charges.Retrieve(ctx, id, &stripe.ChargeRetrieveParams{})
				if err != nil {
					return nil, err
				}
				return o.LastResponse, nil
			}},
		"customer": {operation{path: "/v1/customers/{id}", resource: "customers"}, []string{"cus_"},
			func(ctx context.Context, id string) (*stripe.APIResponse, error) {
				o, err := c.sc.V1Customers.Retrieve(ctx, id, &stripe.CustomerRetrieveParams{})
				if err != nil {
					return nil, err
				}
				return o.LastResponse, nil
			}},
		"dispute": {operation{path: "/v1/disputes/{id}", resource: "disputes"}, []string{"dp_", "du_"},
			func(ctx context.Context, id string) (*stripe.APIResponse, error) {
				o, err := c.sc.V1Disputes.Retrieve(ctx, id, &stripe.DisputeRetrieveParams{})
				if err != nil {
					return nil, err
				}
				return o.LastResponse, nil
			}},
	}
}

// RetrieveObject reads one object by id in the pinned version and returns its JSON, for an event
// whose version's shapes cannot be read exactly (apiversion.Readable): one request per object.
// objectType is the object's "object" member: subscription, invoice, charge, dispute or customer.
func (c *Client) RetrieveObject(ctx context.Context, objectType, id string) (json.RawMessage, error) {
	r, ok := c.retrievers()[objectType]
	if !ok {
		return nil, invalidArgument(fmt.Sprintf("the plugin cannot retrieve %q objects.", objectType))
	}
	if !slices.ContainsFunc(r.prefixes, func(p string) bool { return checkID(id, p, objectType) == nil }) {
		return nil, checkID(id, r.prefixes[0], objectType)
	}
	var resp *stripe.APIResponse
	err := c.call(ctx, r.op, func(ctx context.Context) (err error) {
		resp, err = r.get(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if resp == nil || len(resp.RawJSON) == 0 {
		return nil, &Error{Kind: KindStripeServer, Resource: r.op.resource, Message: fmt.Sprintf("Stripe's answer to %s was empty. Retry later.", r.op.request())}
	}
	return json.RawMessage(resp.RawJSON), nil
}

// EventVersion is how many of the account's recent events Stripe rendered in one API version.
type EventVersion struct {
	Version string `json:"version"`
	Events  int    `json:"events"`
	// Readable: the plugin reads this version's objects in place (apiversion.Readable); if not,
	// it retrieves each changed object by id in the pinned version.
	Readable bool `json:"readable"`
}

// recentEvents is how many of the newest events RecentEventVersions looks at: one page.
const recentEvents = PageSize

// RecentEventVersions reads the newest page of the account's events (one request) and counts
// them by the API version each was rendered in, oldest version first. Accounts keep their
// version until someone upgrades it, so this is the version the account's changes arrive in.
func (c *Client) RecentEventVersions(ctx context.Context) ([]EventVersion, error) {
	l := eventsList(c, Window{}, nil)
	var page *stripe.V1List[*stripe.Event]
	err := c.call(ctx, l.op, func(ctx context.Context) error {
		page = l.fetch(ctx, pageParams(recentEvents, ""))
		return page.Err()
	})
	if err != nil {
		return nil, err
	}
	n := map[string]int{}
	for _, ev := range page.Data() {
		n[ev.APIVersion]++
	}
	out := make([]EventVersion, 0, len(n))
	for v, k := range n {
		out = append(out, EventVersion{Version: v, Events: k, Readable: apiversion.Readable(v)})
	}
	slices.SortFunc(out, func(a, b EventVersion) int { return strings.Compare(a.Version, b.Version) })
	return out, nil
}
