// Package mrr reconstructs MRR history from what the Stripe API keeps (METRICS.md, "Reconstructing
// MRR history from the API"): each subscription's MRR as a step function of time, the customer
// movements between those steps, and the series built from both. It is pure: records in, steps
// and series out; no HTTP, no Grafana types, no clock (now is an input).
package mrr
