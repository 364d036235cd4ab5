package stripeapi

import (
	"context"
	"fmt"

	"github.com/stripe/stripe-go/v85"
)

// fetchPage requests one page: lp carries limit and starting_after; the function adds the
// resource's own filters and makes the stripe-go call.
type fetchPage[T any] func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[T]

// list describes one paginated read.
type list[T any] struct {
	op    operation
	noun  string // plural, for messages: "charges"
	fetch fetchPage[T]
	id    func(T) string
}

// pageParams is limit=100 plus the cursor. Single stops stripe-go from paging on its own, so
// this package sees every page boundary and can count and check them.
func pageParams(limit int64, after string) stripe.ListParams {
	lp := stripe.ListParams{Limit: stripe.Int64(limit), Single: true}
	if after != "" {
		lp.StartingAfter = stripe.String(after)
	}
	return lp
}

// readAll pages forwards (starting_after = id of the last object of the previous page) until
// Stripe says has_more=false, handing every object to fn. It returns nil only when the whole
// list was delivered; otherwise an error that says how many objects and pages were delivered,
// so the caller can tell the user exactly what is missing.
func readAll[T any](ctx context.Context, c *Client, l list[T], fn func(T) error) error {
	objects, pages := 0, 0
	fail := func(e *Error) error {
		e.ObjectsRead, e.PagesRead = objects, pages
		if e.Resource == "" {
			e.Resource = l.op.resource
		}
		if pages > 0 {
			e.Message = fmt.Sprintf("%s Read %d %s in %s before this; the rest is missing.", e.Message, objects, l.noun, plural(pages, "page"))
		}
		return e
	}
	after := ""
	for {
		if c.maxPages > 0 && pages >= c.maxPages {
			return fail(&Error{Kind: KindPageLimit, Message: fmt.Sprintf(
				"Stopped reading %s at the limit of %d pages of %d while Stripe still had more. Narrow the time range.",
				l.noun, c.maxPages, PageSize)})
		}
		var page *stripe.V1List[T]
		err := c.call(ctx, l.op, func(ctx context.Context) error {
			page = l.fetch(ctx, pageParams(PageSize, after))
			return page.Err()
		})
		if err != nil {
			return fail(asError(err))
		}
		pages++
		data := page.Data()
		for _, obj := range data {
			if err := fn(obj); err != nil {
				return err
			}
			objects++
		}
		if !page.Meta().HasMore {
			return nil
		}
		// Guard against a list that claims more but cannot advance; looping would read the same
		// page forever, stopping would truncate silently.
		if len(data) == 0 {
			return fail(&Error{Kind: KindStripeServer, Message: fmt.Sprintf(
				"Stripe said there are more %s after an empty page, so the list cannot continue. Retry later.", l.noun)})
		}
		next := l.id(data[len(data)-1])
		if next == "" || next == after {
			return fail(&Error{Kind: KindStripeServer, Message: fmt.Sprintf(
				"Stripe's list of %s did not advance (the page after %q ended with the same object), so the list cannot continue. Retry later.",
				l.noun, after)})
		}
		after = next
	}
}

// readOne reads a single page of at most limit objects and ignores has_more; for probes only.
func readOne[T any](ctx context.Context, c *Client, l list[T], limit int64) error {
	return c.call(ctx, l.op, func(ctx context.Context) error {
		return l.fetch(ctx, pageParams(limit, "")).Err()
	})
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
