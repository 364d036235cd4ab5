package sharedstore

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/revops/stripe-datasource/pkg/sharedstore/redistest"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

const secret = "rk_test_sharedstore0123456789"

func open(t *testing.T, srv *redistest.Server, password, replica string) *Store {
	t.Helper()
	s, err := Open(Config{URL: srv.URL(), Password: password, Secret: secret, Replica: replica})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Three replicas asking for the same read at once: one fetches it, the other two get its answer,
// and what Redis holds is sealed (no byte of the body in clear).
func TestOneReplicaReadsAndTheOthersUseItsAnswer(t *testing.T) {
	srv := redistest.Start(t, "")
	stores := []*Store{open(t, srv, "", "a"), open(t, srv, "", "b"), open(t, srv, "", "c")}
	body := []byte(`{"object":"list","data":[{"id":"ch_secretlooking_1"}],"has_more":false}`)
	var fetches atomic.Int64
	var wg sync.WaitGroup
	got := make([][]byte, len(stores))
	hits := make([]bool, len(stores))
	start := time.Now()
	for i, s := range stores {
		wg.Go(func() {
			ans, hit, err := s.Share(context.Background(), "k1", "GET /v1/charges", start.Add(-time.Second), func() *stripeapi.SharedAnswer {
				fetches.Add(1)
				time.Sleep(200 * time.Millisecond) // the others find the lease taken
				return &stripeapi.SharedAnswer{Body: body, RequestID: "req_1", FetchedAt: time.Now()}
			})
			if err != nil {
				t.Error(err)
			}
			got[i], hits[i] = ans.Body, hit
		})
	}
	wg.Wait()
	if n := fetches.Load(); n != 1 {
		t.Fatalf("%d replicas fetched the read, want 1", n)
	}
	shared := 0
	for i := range stores {
		if hits[i] {
			shared++
			if !bytes.Equal(got[i], body) {
				t.Errorf("replica %d got %q", i, got[i])
			}
		}
	}
	if shared != 2 {
		t.Errorf("%d replicas used the stored answer, want 2", shared)
	}
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr()})
	defer rdb.Close()
	keys, _ := rdb.Keys(context.Background(), "*").Result()
	for _, k := range keys {
		v, _ := rdb.Get(context.Background(), k).Bytes()
		if bytes.Contains(v, []byte("ch_secretlooking")) || strings.Contains(k, secret) {
			t.Errorf("key %q holds the answer in clear", k)
		}
	}
}

// An answer fetched before notBefore is not used: the replica reads again.
func TestAnAnswerOlderThanTheReadIsReadAgain(t *testing.T) {
	srv := redistest.Start(t, "")
	a, b := open(t, srv, "", "a"), open(t, srv, "", "b")
	old := time.Now().Add(-time.Minute)
	a.Share(context.Background(), "k", "x", old, func() *stripeapi.SharedAnswer {
		return &stripeapi.SharedAnswer{Body: []byte(`{}`), FetchedAt: old}
	})
	fetched := false
	_, hit, err := b.Share(context.Background(), "k", "x", time.Now().Add(-time.Second), func() *stripeapi.SharedAnswer {
		fetched = true
		return nil
	})
	if err != nil || hit || !fetched {
		t.Errorf("hit %v fetched %v err %v: an answer a minute old was used for a read of now", hit, fetched, err)
	}
}

// A holder that stops renewing (its process died) loses the lease; a waiter then reads.
func TestAWaiterTakesOverADeadHoldersLease(t *testing.T) {
	srv := redistest.Start(t, "")
	s := open(t, srv, "", "b")
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr()})
	defer rdb.Close()
	// A lease as a dead replica left it: nobody renews it.
	if err := rdb.Set(context.Background(), s.ns+"lease:k", "dead\x00GET /v1/charges", 300*time.Millisecond).Err(); err != nil {
		t.Fatal(err)
	}
	fetched := false
	_, hit, err := s.Share(context.Background(), "k", "GET /v1/charges", time.Now().Add(-time.Second), func() *stripeapi.SharedAnswer {
		fetched = true
		return &stripeapi.SharedAnswer{Body: []byte(`{}`), FetchedAt: time.Now()}
	})
	if err != nil || hit || !fetched {
		t.Errorf("hit %v fetched %v err %v: the waiter did not read after the lease expired", hit, fetched, err)
	}
}

// Save & test's view: reachable, who holds what; and, the server gone, unreachable with a reason
// that names neither the password nor holds it.
func TestStateAndPasswordNeverShown(t *testing.T) {
	const password = "s3cret-redis-pass"
	srv := redistest.Start(t, password)
	s := open(t, srv, password, "replica-a")
	release := make(chan struct{})
	go s.Share(context.Background(), "k", "GET /v1/charges created[gte]=1", time.Now(), func() *stripeapi.SharedAnswer {
		<-release
		return nil
	})
	var st State
	for range 100 {
		if st = s.State(context.Background()); len(st.Leases) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(release)
	if !st.Reachable || len(st.Leases) != 1 || st.Leases[0].Replica != "replica-a" || st.Leases[0].Read != "GET /v1/charges created[gte]=1" {
		t.Fatalf("state %+v", st)
	}
	// A wrong password: the error says so without it.
	bad, err := Open(Config{URL: "redis://:wrong-" + password + "@" + srv.Addr() + "/0", Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	if bad.Up() {
		t.Fatal("a wrong password was accepted")
	}
	bst := bad.State(context.Background())
	if bst.Reachable || bst.Error == "" || strings.Contains(bst.Error, password) {
		t.Errorf("state with a wrong password: %+v", bst)
	}
	if r := RedactURL("rediss://user:" + password + "@redis:6380/0"); strings.Contains(r, password) {
		t.Errorf("RedactURL kept the password: %s", r)
	}
	if _, err := ParseURL("http://user:" + password + "@redis:6379"); err == nil || strings.Contains(err.Error(), password) {
		t.Errorf("ParseURL error %v", err)
	}
	srv.Stop()
	for range 100 {
		if !s.Up() {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if s.Up() {
		t.Fatal("still up after the server stopped")
	}
	if st := s.State(context.Background()); st.Reachable || strings.Contains(st.Error, password) {
		t.Errorf("state after the server stopped: %+v", st)
	}
	// Back: in use again after two answers.
	srv.Restart()
	for range 200 {
		if s.Up() {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !s.Up() {
		t.Fatal("not back after the server restarted")
	}
}

// A kept value comes back to another replica of the same data source, sealed in Redis; a data
// source with another key sees nothing of it.
func TestKeptValuesAreSharedSealed(t *testing.T) {
	srv := redistest.Start(t, "")
	a, b := open(t, srv, "", "a"), open(t, srv, "", "b")
	value := bytes.Repeat([]byte("sub_kept_history "), 1000)
	if err := a.Keep(context.Background(), "billing", value, time.Minute); err != nil {
		t.Fatal(err)
	}
	got, ok := b.Recall(context.Background(), "billing")
	if !ok || !bytes.Equal(got, value) {
		t.Fatalf("recall: %v, %d bytes", ok, len(got))
	}
	other, err := Open(Config{URL: srv.URL(), Secret: "rk_test_another_key", Replica: "c"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, ok := other.Recall(context.Background(), "billing"); ok {
		t.Error("a data source with another key recalled the value")
	}
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr()})
	defer rdb.Close()
	keys, _ := rdb.Keys(context.Background(), "*kept*").Result()
	for _, k := range keys {
		v, _ := rdb.Get(context.Background(), k).Bytes()
		if bytes.Contains(v, []byte("sub_kept_history")) {
			t.Errorf("%s holds the value in clear", k)
		}
	}
}
