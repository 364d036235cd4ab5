// Package sharedstore is the store the replicas of a Grafana in high availability share, in Redis
// or Valkey: one request budget (GCRA, as github.com/go-redis/redis_rate implements it, against
// Redis's own clock), leases so that one replica at a time sends a given read, and the answers of
// those reads, sealed as the cache on disk seals its blobs (persist.Sealer), so the others use
// them. It implements stripeapi.Shared.
//
// The store is optional and never trusted for a number: a value that does not open is a miss, an
// unreachable store makes the client fall back to its share of the budget (stripeapi), and the
// replicas read for themselves until it is back.
package sharedstore

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/revops/stripe-datasource/pkg/persist"
)

// Timing. A replica looks at the store every pingEvery; one that was unreachable is used again
// after two answers in a row (confirmEvery apart), so that every replica has seen it back within
// SwitchSpread. Calls give up after opTimeout: a store that slow is as good as down.
const (
	pingEvery = time.Second
	opTimeout = 500 * time.Millisecond
	// leaseTTL is how long a lease lasts without renewal: a replica that dies mid-read is replaced
	// that long after its last renewal (every leaseTTL/4 while it reads).
	leaseTTL = 4 * time.Second
	// answerTTL is how long an answer is kept. It is only used by requests made at most a second
	// after it was fetched (stripeapi), which find it as soon as its lease is given back; keeping
	// it longer would only hold Redis memory (a large account's read is thousands of pages).
	answerTTL = 30 * time.Second
	// pollEvery is how often a replica waiting for another's read looks for its answer.
	pollEvery = 25 * time.Millisecond
)

// Config opens a Store.
type Config struct {
	// URL is the store's address: redis://host:6379/0, rediss://… for TLS, unix:///path.
	URL string
	// Password, when set, replaces any password in URL (secureJsonData).
	Password string
	// Secret is what the values are sealed with and the keys are named from: the data source's
	// Stripe key and connected account, as for the cache on disk. Another secret shares nothing.
	Secret string
	// Replica names this process in Save & test ("which replica holds which read"); empty means
	// the host name and process id.
	Replica string
	// Log, when set, receives a line when the store goes away or comes back.
	Log func(msg string, args ...any)
}

// Store is one data source's view of the shared store. Safe for concurrent use.
type Store struct {
	rdb      *redis.Client
	big      *redis.Client // kept values (kept.go): large, with a longer timeout
	lim      *redis_rate.Limiter
	ns       string // key prefix of this data source (a digest of its secret)
	secret   []byte
	replica  string
	redact   func(string) string
	log      func(msg string, args ...any)
	sealer   atomic.Pointer[persist.Sealer]
	seenMeta atomic.Value // string: the meta record the sealer was opened from
	up       atomic.Bool
	latency  atomic.Int64 // nanoseconds of the last ping
	lastErr  atomic.Value // string: why it is down
	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
}

// ErrDown is returned by calls made while the store cannot be used.
var ErrDown = errors.New("the shared store is unreachable")

// ParseURL checks a shared store URL, with an error that never holds its password.
func ParseURL(raw string) (*redis.Options, error) {
	raw = strings.TrimSpace(raw)
	opt, err := redis.ParseURL(raw)
	if err != nil {
		return nil, fmt.Errorf("%q is not a Redis URL like redis://redis:6379/0 or rediss://redis:6380/0 (TLS): %s", RedactURL(raw), cleanOf(raw, "")(err.Error()))
	}
	return opt, nil
}

// CleanError is err's text without password.
func CleanError(err error, password string) string { return cleanOf("", password)(err.Error()) }

// RedactURL is raw with any password in it replaced.
func RedactURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "(not a URL)"
	}
	return u.Redacted()
}

// cleanOf removes the password of raw, and password, from messages.
func cleanOf(raw, password string) func(string) string {
	var secrets []string
	if password != "" {
		secrets = append(secrets, password)
	}
	if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			secrets = append(secrets, p, url.QueryEscape(p), url.PathEscape(p))
		}
	}
	return func(s string) string {
		for _, p := range secrets {
			s = strings.ReplaceAll(s, p, "xxxxx")
		}
		return s
	}
}

// Open makes the Store and looks at the store once (up to opTimeout): reachable, it is in use at
// once; otherwise the first requests keep to the local share until it answers.
func Open(cfg Config) (*Store, error) {
	opt, err := ParseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	if cfg.Password != "" {
		opt.Password = cfg.Password
	}
	if len(cfg.Secret) == 0 {
		return nil, errors.New("the shared store needs the data source's key")
	}
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout = opTimeout, opTimeout, opTimeout
	opt.ContextTimeoutEnabled = true
	opt.MaxRetries = -1 // a failed call means down; the caller falls back rather than waits
	replica := cfg.Replica
	if replica == "" {
		host, _ := os.Hostname()
		replica = host + ":" + strconv.Itoa(os.Getpid())
	}
	ns, err := hkdf.Key(sha256.New, []byte(cfg.Secret), nil, "revops-stripe-datasource/sharedstore v1: namespace", 12)
	if err != nil {
		return nil, err
	}
	log := cfg.Log
	if log == nil {
		log = func(string, ...any) {}
	}
	rdb := redis.NewClient(opt)
	bigOpt := *opt
	bigOpt.ReadTimeout, bigOpt.WriteTimeout, bigOpt.PoolSize = keptTimeout, keptTimeout, 2
	big := redis.NewClient(&bigOpt)
	s := &Store{rdb: rdb, big: big, lim: redis_rate.NewLimiter(rdb), ns: "stripe-ds:" + hex.EncodeToString(ns) + ":",
		secret: []byte(cfg.Secret), replica: replica, redact: cleanOf(cfg.URL, cfg.Password), log: log,
		stop: make(chan struct{}), done: make(chan struct{})}
	s.lastErr.Store("not looked at yet")
	if err := s.check(context.Background()); err == nil {
		s.up.Store(true)
	} else {
		s.lastErr.Store(s.redact(err.Error()))
		log("The shared store is unreachable; this replica keeps to its share of the request budget until it answers", "url", RedactURL(cfg.URL), "error", s.redact(err.Error()))
	}
	go s.watch()
	return s, nil
}

// Close stops watching the store and closes the connections.
func (s *Store) Close() {
	s.stopOnce.Do(func() {
		close(s.stop)
		<-s.done
		s.rdb.Close()
		s.big.Close()
	})
}

// Up implements stripeapi.Shared.
func (s *Store) Up() bool { return s.up.Load() }

// SwitchSpread implements stripeapi.Shared: replicas notice a change within a ping (and its
// timeout), and one coming back waits for a second answer.
func (s *Store) SwitchSpread() time.Duration { return 2*pingEvery + opTimeout }

// Replica is this process's name in the store.
func (s *Store) Replica() string { return s.replica }

// check pings the store and makes sure the sealer matches the store's meta record (a restarted
// Redis has lost it: the first replica back writes a new one, the others adopt it).
func (s *Store) check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	start := time.Now()
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return err
	}
	s.latency.Store(int64(time.Since(start)))
	return s.refreshSealer(ctx)
}

// refreshSealer reads the meta record (writing one if there is none) and opens its sealer.
func (s *Store) refreshSealer(ctx context.Context) error {
	meta, err := persist.NewMeta(s.secret)
	if err != nil {
		return err
	}
	if err := s.rdb.SetNX(ctx, s.ns+"meta", meta, 0).Err(); err != nil {
		return err
	}
	got, err := s.rdb.Get(ctx, s.ns+"meta").Bytes()
	if err != nil {
		return err
	}
	if cur := s.sealer.Load(); cur != nil && string(got) == s.metaSeen() {
		return nil
	}
	sl, err := persist.OpenSealer(got, s.secret)
	if err != nil {
		return err
	}
	s.seenMeta.Store(string(got))
	s.sealer.Store(sl)
	return nil
}

func (s *Store) metaSeen() string {
	v, _ := s.seenMeta.Load().(string)
	return v
}

// watch pings the store every pingEvery: down after a failure, up after two answers in a row.
func (s *Store) watch() {
	defer close(s.done)
	t := time.NewTicker(pingEvery)
	defer t.Stop()
	ok := 0
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		err := s.check(context.Background())
		switch {
		case err != nil:
			ok = 0
			s.down(err)
		case !s.up.Load():
			if ok++; ok >= 2 {
				s.up.Store(true)
				s.log("The shared store answers again; the replicas share one request budget and their reads again")
			}
		}
	}
}

// down marks the store unusable after err (not a context's end).
func (s *Store) down(err error) {
	s.lastErr.Store(s.redact(err.Error()))
	if s.up.Swap(false) {
		s.log("The shared store is unreachable; this replica keeps to its share of the request budget and reads for itself", "error", s.redact(err.Error()))
	}
}

// failed turns the error of a call into the context's error, or marks the store down.
func (s *Store) failed(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	s.down(err)
	return fmt.Errorf("%w: %s", ErrDown, s.redact(err.Error()))
}
