package fetch

import (
	"context"
	"errors"
	"sync"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// Sharding parameters. Every shard ends on a partly filled page, so a shard should span many
// pages (waste ≤ 1/shardPages of the floor); enough shards must run to keep the rate budget busy
// while each waits for Stripe (100 req/s × 150 ms latency ≈ 15 requests in flight).
const (
	shardPages = 16
	maxShards  = 32
)

// lister reads every object created in a window, converted to its record, newest first (Stripe's
// list order). A non-nil error from fn stops the read and is returned.
type lister[R any] func(ctx context.Context, w stripeapi.Window, fn func(R) error) error

// errProbeFull stops the probe read after its first page.
var errProbeFull = errors.New("probe page full")

// readSharded reads every object created in s. One page is read first: if the list ends there,
// that is all. Otherwise the page's time span estimates the density, and the rest of s is split
// by created into shards of about shardPages pages each, read concurrently. The client's rate
// budget is the only limiter: shards wait for it like any other request. Any failure fails the
// whole read and returns no records (nothing partial).
func readSharded[R any](ctx context.Context, list lister[R], created func(R) int64, id func(R) string, s span, now int64) ([]R, error) {
	var probe []R
	err := list(ctx, window(s), func(r R) error {
		probe = append(probe, r)
		if len(probe) == stripeapi.PageSize {
			return errProbeFull
		}
		return nil
	})
	if err == nil {
		return probe, nil
	}
	if !errors.Is(err, errProbeFull) {
		return nil, err
	}
	oldest := created(probe[0])
	for _, r := range probe {
		oldest = min(oldest, created(r))
	}
	// The probe holds everything newer than `oldest` and some objects created in that second;
	// the shards re-read that second and skip the ids the probe already has.
	seen := map[string]struct{}{}
	for _, r := range probe {
		if created(r) == oldest {
			seen[id(r)] = struct{}{}
		}
	}
	shards := planShards(span{s.from, oldest + 1}, min(s.to, now+1)-oldest)
	parts := make([][]R, len(shards))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for i, sh := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := list(ctx, window(sh), func(r R) error {
				if created(r) == oldest {
					if _, dup := seen[id(r)]; dup {
						return nil
					}
				}
				parts[i] = append(parts[i], r)
				return nil
			})
			if err != nil {
				once.Do(func() { firstErr = err; cancel() })
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	n := len(probe)
	for _, p := range parts {
		n += len(p)
	}
	out := make([]R, 0, n)
	out = append(out, probe...)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out, nil
}

// planShards splits rest into consecutive ranges going back in time from rest.to, each
// expected to hold shardPages pages given that one page spanned pageSpan seconds. Older periods
// of a growing account are sparser, and an open lower bound (every subscription, every dispute)
// reaches back to 1970, so after linearShards shards each shard doubles, and no shard starts
// before stripeEpoch except the last, which takes whatever is left back to rest.from.
func planShards(rest span, pageSpan int64) []span {
	step := max(1, pageSpan) * shardPages
	var out []span
	hi := rest.to
	for hi > rest.from {
		if len(out) >= linearShards {
			step *= 2
		}
		lo := hi - step
		if lo <= rest.from || len(out) == maxShards-1 || lo < stripeEpoch {
			lo = rest.from
		}
		out = append(out, span{lo, hi})
		hi = lo
	}
	return out
}

const (
	linearShards = 16
	// stripeEpoch (2009-01-01) is before any Stripe object was created.
	stripeEpoch = 1230768000
)

// window converts a span to the list filter; endOfTime and 0 are open bounds.
func window(s span) stripeapi.Window {
	w := stripeapi.Window{From: s.from}
	if s.to != endOfTime {
		w.To = s.to
	}
	return w
}
