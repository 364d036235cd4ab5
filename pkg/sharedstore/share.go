package sharedstore

import (
	"context"
	"encoding/binary"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// Keys of a read (key is the client's digest of the request):
//
//	<ns>lease:<key>  the replica reading it and what it reads, expiring after leaseTTL unless renewed
//	<ns>ans:<key>    its answer, sealed under the key's name, kept answerTTL
//
// A lease is taken with SET NX and given back or renewed only by its holder (compare and delete,
// compare and expire, in one script each: the pattern of Redis's own documentation for locks).
var (
	releaseScript = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)
	renewScript   = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end return 0`)
)

// Share implements stripeapi.Shared.
func (s *Store) Share(ctx context.Context, key, label string, notBefore time.Time, fetch func() *stripeapi.SharedAnswer) (stripeapi.SharedAnswer, bool, error) {
	leaseKey, ansKey := s.ns+"lease:"+key, s.ns+"ans:"+key
	holder := s.replica + "\x00" + label
	for {
		if !s.Up() {
			fetch()
			return stripeapi.SharedAnswer{}, false, nil
		}
		ans, ok, err := s.answer(ctx, ansKey, notBefore)
		if err != nil {
			if ctx.Err() != nil {
				return stripeapi.SharedAnswer{}, false, ctx.Err()
			}
			continue // down now: read alone
		}
		if ok {
			return ans, true, nil
		}
		won, err := call(s, ctx, func(c context.Context) (bool, error) {
			return s.rdb.SetNX(c, leaseKey, holder, leaseTTL).Result()
		})
		if err != nil {
			if ctx.Err() != nil {
				return stripeapi.SharedAnswer{}, false, ctx.Err()
			}
			continue
		}
		if won {
			s.read(leaseKey, ansKey, holder, fetch)
			return stripeapi.SharedAnswer{}, false, nil
		}
		// Another replica reads it: wait for its answer, or for its lease to go (given back
		// without an answer to share, or expired with its holder).
		if err := s.waitFor(ctx, leaseKey); err != nil {
			return stripeapi.SharedAnswer{}, false, err
		}
	}
}

// read calls fetch holding the lease, renewing it meanwhile, stores the answer and gives the
// lease back.
func (s *Store) read(leaseKey, ansKey, holder string, fetch func() *stripeapi.SharedAnswer) {
	stop := make(chan struct{})
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		t := time.NewTicker(leaseTTL / 4)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				call(s, context.Background(), func(c context.Context) (bool, error) {
					return true, renewScript.Run(c, s.rdb, []string{leaseKey}, holder, leaseTTL.Milliseconds()).Err()
				})
			}
		}
	}()
	ans := fetch()
	close(stop)
	<-renewed
	if ans != nil {
		if sl := s.sealer.Load(); sl != nil {
			if sealed, err := sl.Seal(ansKey, encodeAnswer(*ans)); err == nil {
				call(s, context.Background(), func(c context.Context) (bool, error) {
					return true, s.rdb.Set(c, ansKey, sealed, answerTTL).Err()
				})
			}
		}
	}
	call(s, context.Background(), func(c context.Context) (bool, error) {
		return true, releaseScript.Run(c, s.rdb, []string{leaseKey}, holder).Err()
	})
}

// waitFor polls until the lease is gone (its holder stores the answer before it gives the lease
// back, or died and the lease expired), the store is down or ctx ends.
func (s *Store) waitFor(ctx context.Context, leaseKey string) error {
	for {
		if err := sleep(ctx, pollEvery); err != nil {
			return err
		}
		if !s.Up() {
			return nil
		}
		n, err := call(s, ctx, func(c context.Context) (int64, error) { return s.rdb.Exists(c, leaseKey).Result() })
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return nil
		}
		if n == 0 {
			return nil
		}
	}
}

// answer reads and opens a stored answer; a miss when absent, too old or not opening.
func (s *Store) answer(ctx context.Context, ansKey string, notBefore time.Time) (stripeapi.SharedAnswer, bool, error) {
	raw, err := call(s, ctx, func(c context.Context) ([]byte, error) {
		b, err := s.rdb.Get(c, ansKey).Bytes()
		if errors.Is(err, redis.Nil) {
			return nil, nil
		}
		return b, err
	})
	if err != nil || raw == nil {
		return stripeapi.SharedAnswer{}, false, err
	}
	sl := s.sealer.Load()
	if sl == nil {
		return stripeapi.SharedAnswer{}, false, nil
	}
	plain, err := sl.Open(ansKey, raw)
	if err != nil {
		// Sealed under another meta record (Redis restarted and another replica wrote a new
		// one): adopt the store's record for what comes next; this one is read again.
		call(s, ctx, func(c context.Context) (bool, error) { return true, s.refreshSealer(c) })
		return stripeapi.SharedAnswer{}, false, nil
	}
	ans, ok := decodeAnswer(plain)
	if !ok || ans.FetchedAt.Before(notBefore) {
		return stripeapi.SharedAnswer{}, false, nil
	}
	return ans, true, nil
}

// call runs one store operation within opTimeout; a failure marks the store down.
func call[T any](s *Store, ctx context.Context, op func(context.Context) (T, error)) (T, error) {
	c, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	v, err := op(c)
	if err != nil {
		var zero T
		return zero, s.failed(ctx, err)
	}
	return v, nil
}

// encodeAnswer: fetched at (Unix nanoseconds, 8 bytes), request id length (2) and id, body.
func encodeAnswer(a stripeapi.SharedAnswer) []byte {
	out := make([]byte, 10, 10+len(a.RequestID)+len(a.Body))
	binary.BigEndian.PutUint64(out, uint64(a.FetchedAt.UnixNano()))
	binary.BigEndian.PutUint16(out[8:], uint16(min(len(a.RequestID), 0xffff)))
	out = append(out, a.RequestID[:min(len(a.RequestID), 0xffff)]...)
	return append(out, a.Body...)
}

func decodeAnswer(b []byte) (stripeapi.SharedAnswer, bool) {
	if len(b) < 10 {
		return stripeapi.SharedAnswer{}, false
	}
	n := int(binary.BigEndian.Uint16(b[8:]))
	if len(b) < 10+n {
		return stripeapi.SharedAnswer{}, false
	}
	return stripeapi.SharedAnswer{FetchedAt: time.Unix(0, int64(binary.BigEndian.Uint64(b))),
		RequestID: string(b[10 : 10+n]), Body: b[10+n:]}, true
}
