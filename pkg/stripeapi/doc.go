// Package stripeapi is the one place the plugin talks to Stripe.
//
// A Client belongs to one data source: it owns its key, its stripe-go client, its HTTP transport,
// its request pacer and its counters. Nothing here is package-level state, so two data
// sources with two keys can never share a limiter, a connection setting or an error message.
// stripe-go's global stripe.Key and stripe.SetBackend are never touched.
//
// Every call is a read. The transport refuses any other HTTP method, waits before each attempt
// until both the data source's request budget and its endpoint's allow it to leave (held at the
// moment of departure, in any sliding second), and retries what Stripe says is safe to retry. Every
// failure comes back as an *Error whose Message tells the user what to do and never contains the
// key. List functions page through a whole resource and either deliver every object or return an
// error saying how far they got; a partial list is never reported as success.
package stripeapi
