// Package truth computes the ground truth of a generated account from the generator's own model
// of what happened (its decisions and their times), never from the rendered Stripe objects and
// never with the plugin's metric code. Every metric test compares the plugin's numbers with these.
//
// Conventions (see /work/shared/METRICS.md for the definitions):
//   - Amounts are int64 minor units of one currency; nothing adds two currencies.
//   - A window is [from, to); buckets are aligned in a *time.Location (calendar month, ISO week
//     starting Monday, day, hour; DST days are 23 or 25 hours) and stamped with their start. The
//     first bucket is the one containing `from`.
//   - Flows (revenue, counts, movements) sum what happened inside the bucket.
//   - Levels (MRR, subscribers) are the value just before the bucket's end — every change at a
//     time < end counted — or, for the bucket in progress, the value at `now` (changes <= now).
//     With this convention MRR(end) = MRR(start) + movements in [start, end) holds exactly.
package truth
