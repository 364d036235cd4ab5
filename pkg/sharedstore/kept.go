package sharedstore

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// keptTimeout bounds writing or reading a kept value: a whole-history read of a large account is
// tens of megabytes. Kept values go through their own connection (big) with this timeout, and a
// failure there is only a miss: it says nothing about whether the budget can be shared.
const keptTimeout = 30 * time.Second

// Keep stores value, sealed under name, for ttl: a whole-history read the other replicas adopt
// instead of reading the history again.
func (s *Store) Keep(ctx context.Context, name string, value []byte, ttl time.Duration) error {
	sl := s.sealer.Load()
	if sl == nil || !s.Up() {
		return ErrDown
	}
	key := s.ns + "kept:" + name
	sealed, err := sl.Seal(key, value)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, keptTimeout)
	defer cancel()
	return s.big.Set(ctx, key, sealed, ttl).Err()
}

// Recall reads back what Keep stored under name; false when there is none or it does not open.
func (s *Store) Recall(ctx context.Context, name string) ([]byte, bool) {
	sl := s.sealer.Load()
	if sl == nil || !s.Up() {
		return nil, false
	}
	key := s.ns + "kept:" + name
	ctx, cancel := context.WithTimeout(ctx, keptTimeout)
	defer cancel()
	raw, err := s.big.Get(ctx, key).Bytes()
	if err != nil {
		if !errors.Is(err, redis.Nil) {
			s.log("A whole-history read in the shared store cannot be read; this replica reads it from Stripe", "error", s.redact(err.Error()))
		}
		return nil, false
	}
	v, err := sl.Open(key, raw)
	if err != nil {
		return nil, false
	}
	return v, true
}
