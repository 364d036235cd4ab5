// Package server is an http.Handler that serves Stripe's v1 REST API, read-only, from the
// simulator's stores (package objects), so tests, benchmarks and the demo data source run without
// a key or network. It serves what the plugin reads:
//
//	GET /v1/balance, /v1/account
//	GET /v1/{balance_transactions,charges,refunds,disputes,subscriptions,invoices,invoice_payments,
//	        prices,products,customers,coupons,payouts,events,invoiceitems}[/{id}]
//	GET /v1/subscription_items?subscription=sub_...   and /v1/subscription_items/{id}
//	GET /v1/invoices/{id}/lines
//
// Stripe semantics (shapes doc §1, §2): lists are newest first; limit 1..100 (default 10);
// starting_after / ending_before exactly as stripe-go pages (ending_before returns the `limit`
// items just newer than the cursor, newest first); has_more; created and created[gt|gte|lt|lte]
// found by binary search; each list's filters (subscriptions hide canceled ones unless status is
// given; status=all|ended|...); expand[] with data. paths on lists and nested paths, resolved
// through the store, at most 4 segments, valid exactly when Stripe's OpenAPI spec says so
// (x-expandableFields, expand_spec.go: naming an always-embedded member is accepted and changes
// nothing); includable members (price.tiers, charge.refunds,
// customer.subscriptions, invoice.payments) only when expanded. Every response carries Request-Id and Stripe-Version;
// errors use Stripe's envelope and messages.
//
// Choices where Stripe gives no answer to copy, or the simulator cannot do what Stripe does:
//
//   - Writes (POST, DELETE, ...) on a served path get 405 with Allow: GET and an
//     invalid_request_error; on other paths the usual 404 "Unrecognized request URL".
//   - A cursor or filter id naming no object is a 400 resource_missing naming the parameter; a
//     path id naming no object is Stripe's 404 resource_missing with param "id". "No such X" uses
//     the object name (balance_transaction, subscription_item).
//   - Parameters Stripe accepts on a list but the simulator does not implement (transfer_group,
//     lookup_keys, ...) get a 400 saying so, instead of being ignored.
//   - Expanding a member whose objects the simulator does not hold (payment_intent,
//     payment_method, ...) is a 400 saying so when the member has a value; an ID in the store that
//     names no object (a generator bug) is a 500 naming it.
//   - Restricted keys: each endpoint needs its read permission (PermCharge, ...); expanding into
//     another kind needs that kind's permission, except balance_transaction.source, which
//     rak_balance_transaction_source_read covers. GET /v1/account answers a restricted key with
//     Stripe's "not available for use by restricted keys" 403 unless the key holds PermAccount.
//   - Order of checks: authentication (401), rate limit (429), injected faults, latency, routing
//     (404/405), permission (403), parameters (400), then the answer.
//
// Test and live keys read their own mode's store. Knobs (rate limit, latency, faults) can change
// at run time. The rate limit is a token bucket per mode, or in strict mode Stripe's limiters:
// a sliding second per mode and per endpoint, and a concurrency limit. Counts reports requests
// by endpoint and status, the busiest sliding second (every arrival, globally and per
// endpoint) and the faults applied.
package server
