// Package generator builds a realistic Stripe account deterministically from (profile, seed, now):
// customers, a catalog, subscriptions with trials, upgrades, downgrades, quantity changes,
// prorations, coupons, pauses, cancellations and dunning, invoices, charges (declines, Radar
// blocks, retries, bank debits that bounce, partial captures), refunds, disputes, fees, FX,
// automatic payouts, a balance ledger and the last 30 days of events.
//
// The result is a Model: the generator's own record of every decision and its time. The ground
// truth (package truth) is computed from the Model; Render turns it into the objects.Store the
// simulated API serves.
//
// # Determinism
//
// Same (profile, seed, now) → the same Model and byte-identical rendered objects. All randomness
// comes from PCG streams keyed by the seed and by where a decision belongs (a day's sign-ups, one
// customer, one subscription of that customer); nothing reads global randomness, the clock or
// map iteration order.
//
// # Moving `now` (the demo)
//
// A profile with Start set (the demo uses a fixed calendar date derived from its seed) is
// anchored: generating with a later `now` extends history instead of rewriting it. Each day's
// sign-ups come from that day's stream, each timeline draws a fixed number of values per step
// whatever happens later, and IDs are numbered per timeline (IDs reserved for a refund or dispute
// that has not happened yet stay reserved), so everything created before the earlier `now` comes
// back with the same IDs, amounts and times (TestLaterNowExtendsHistory).
//
// What can still differ between an earlier and a later `now`:
//   - the state of things in flight at the earlier `now`: a pending balance transaction becomes
//     available, an open invoice gets paid, a trial converts, a scheduled cancellation happens,
//     a dispute is decided, a bank debit clears or bounces, a payout arrives;
//   - objects created after the earlier `now` (new sign-ups, renewals, payouts) and the event
//     window (the last EventDays days), whose events get day-scoped IDs;
//   - the current balance, and which payout swept a transaction that was still pending;
//   - with Start unset (the test profiles), the history starts HistoryMonths before `now`, so a
//     different `now` is a different account (days keep their own streams, but the first days
//     drop out and everything downstream of the ledger, such as payouts, moves);
//   - "tiny"'s story customers, which are timed relative to `now`.
//
// # API versions
//
// Render serves every object in the pinned API version (APIVersion), but an event is rendered in
// the version the account had when it was created (Profile.APIVersions, Model.EventAPIVersion),
// as Stripe does: render_versions.go rewrites the pinned JSON into the older shape. The history
// is read only when rendering: the Model is the same with or without it.
//
// # Money
//
// Amounts are int64 minor units with Stripe's exponents (JPY 0, KWD/BHD 3, others 2). A charge
// settles in its presentment currency when that is one of the profile's settlement currencies,
// otherwise in the first settlement currency at the day's rate (exchange_rate on the balance
// transaction). The built-in catalog and coupons are chosen so that every MRR normalisation
// (yearly ÷12, weekly ×52/12, quarterly ÷3, 10/20/25/50% discounts) is exact in every currency.
//
// # Times
//
// The Model never records an object created after Now. A few decided times may lie after Now and
// are read with the record's StatusAt: when a bank debit resolves (Charge.ResolvedAt), when a
// scheduled cancellation takes effect (Subscription.CancelAt) and the next automatic payment
// retry (Invoice.NextAttempt).
package generator
