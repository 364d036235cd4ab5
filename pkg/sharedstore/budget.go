package sharedstore

import (
	"context"
	"time"

	"github.com/go-redis/redis_rate/v10"
)

// Take implements stripeapi.Shared: one departure for endpoint under both shared budgets.
//
// Each budget is a GCRA limiter (redis_rate) with a burst of one: a grant at least `gap` after the
// previous one on Redis's clock, so every replica is spaced by the same clock, as the local pacer
// spaces its own departures. The endpoint's budget is asked first, then the global one; a request
// leaves only when both granted it in the same round, so its departure is within a round trip of
// both grants. A grant not followed by the other is left unused (the budget is then undercut,
// never exceeded) and the round starts again after the wait the refusing limiter asks for.
func (s *Store) Take(ctx context.Context, endpoint string, gap, endpointGap time.Duration) error {
	if !s.Up() {
		return ErrDown
	}
	global := redis_rate.Limit{Rate: 1, Burst: 1, Period: gap}
	per := redis_rate.Limit{Rate: 1, Burst: 1, Period: endpointGap}
	for {
		res, err := s.allow(ctx, "e:"+endpoint, per)
		if err != nil {
			return err
		}
		if res.Allowed > 0 {
			if res, err = s.allow(ctx, "g", global); err != nil {
				return err
			}
			if res.Allowed > 0 {
				return nil
			}
		}
		if err := sleep(ctx, max(res.RetryAfter, time.Millisecond)); err != nil {
			return err
		}
		if !s.Up() {
			return ErrDown
		}
	}
}

func (s *Store) allow(ctx context.Context, key string, l redis_rate.Limit) (*redis_rate.Result, error) {
	cctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	res, err := s.lim.Allow(cctx, s.ns+key, l)
	if err != nil {
		return nil, s.failed(ctx, err)
	}
	return res, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
