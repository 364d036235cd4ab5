package sharedstore

import (
	"context"
	"sort"
	"strings"
	"time"
)

// Lease is a read a replica holds now.
type Lease struct {
	Replica string
	Read    string // the endpoint and its query (ids and times, never a secret)
	Left    time.Duration
}

// State is the store as Save & test shows it.
type State struct {
	Reachable bool
	// InUse: reachable and confirmed (a store that just came back is used after a second answer).
	InUse   bool
	Latency time.Duration
	// Error says why it is not reachable (without the password).
	Error string
	// Replica is this process; Leases the reads held now, by any replica, at most maxLeases.
	Replica string
	Leases  []Lease
	More    int // leases beyond those listed
}

const maxLeases = 10

// State pings the store and lists the leases held now.
func (s *Store) State(ctx context.Context) State {
	st := State{Replica: s.replica, InUse: s.Up()}
	start := time.Now()
	if _, err := call(s, ctx, func(c context.Context) (string, error) { return s.rdb.Ping(c).Result() }); err != nil {
		st.Error = s.lastErrText()
		st.InUse = false
		return st
	}
	st.Reachable, st.Latency = true, time.Since(start)
	var keys []string
	var cursor uint64
	for range 100 {
		page, next, err := call2(s, ctx, func(c context.Context) ([]string, uint64, error) {
			return s.rdb.Scan(c, cursor, s.ns+"lease:*", 200).Result()
		})
		if err != nil {
			break
		}
		keys = append(keys, page...)
		if cursor = next; cursor == 0 {
			break
		}
	}
	sort.Strings(keys)
	for i, k := range keys {
		if i == maxLeases {
			st.More = len(keys) - maxLeases
			break
		}
		v, err := call(s, ctx, func(c context.Context) (string, error) { return s.rdb.Get(c, k).Result() })
		if err != nil {
			continue
		}
		left, _ := call(s, ctx, func(c context.Context) (time.Duration, error) { return s.rdb.PTTL(c, k).Result() })
		replica, read, _ := strings.Cut(v, "\x00")
		st.Leases = append(st.Leases, Lease{Replica: replica, Read: read, Left: left})
	}
	return st
}

func (s *Store) lastErrText() string {
	v, _ := s.lastErr.Load().(string)
	return v
}

func call2[A, B any](s *Store, ctx context.Context, op func(context.Context) (A, B, error)) (A, B, error) {
	c, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	a, b, err := op(c)
	if err != nil {
		var za A
		var zb B
		return za, zb, s.failed(ctx, err)
	}
	return a, b, nil
}
