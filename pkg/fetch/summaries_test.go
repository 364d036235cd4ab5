package fetch

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// idSet is the simplest summary: the ids it was handed.
type idSet struct {
	mu  sync.Mutex
	ids map[string]bool
}

func (s *idSet) add(r BalanceTxn) { s.mu.Lock(); s.ids[r.ID] = true; s.mu.Unlock() }

// Panels asking for the same summary of the same window at once share one, which holds every
// record of the window (as a direct listing has them); another key makes its own. A later load
// reads the open edge again: the panels planned while that read is in flight share one new
// summary, those planned after it was stored another (the cache changed in between), so at
// most two.
func TestSummariesAreSharedWhileTheRecordsAreTheSame(t *testing.T) {
	a := demoAt(t, t0)
	r := newRig(t, a, 1000, Options{})
	from := t0.AddDate(0, 0, -30)
	w := stripeapi.WindowFor(from, t0.Add(time.Hour)) // reaches the open edge
	want := directBalance(t, a, stripeapi.WindowFor(from, t0.Add(time.Second)))
	build := func() *idSet { return &idSet{ids: map[string]bool{}} }
	load := func(key string, panels int) []*idSet {
		got := make([]*idSet, panels)
		var wg sync.WaitGroup
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Summarize(context.Background(), r.store.BalanceCache(), w, key, build, (*idSet).add)
				if err != nil {
					t.Error(err)
				}
				got[i] = s
			}()
		}
		wg.Wait()
		return got
	}
	summarized := func() int {
		r.store.mu.Lock()
		defer r.store.mu.Unlock()
		return r.store.balance.summarized
	}
	load("warm-up", 1) // the cold read: later loads find the range cached
	before := summarized()
	got := load("daily", 6)
	if n := summarized() - before; n != 1 {
		t.Fatalf("%d summaries for 6 panels asking for the same one, want 1", n)
	}
	for _, s := range got[1:] {
		if s != got[0] {
			t.Fatal("panels got different summaries")
		}
	}
	sameIDs(t, "summary", got[0].ids, want)
	load("weekly", 2)
	if n := summarized() - before; n != 2 {
		t.Fatalf("%d summaries after a second key, want 2", n)
	}
	r.clock.set(t0.Add(time.Minute))
	got = load("daily", 6)
	if n := summarized() - before; n < 3 || n > 4 {
		t.Fatalf("%d summaries after 6 panels of a later load, want 1 or 2 more than 2", n)
	}
	for _, s := range got {
		sameIDs(t, "summary of the later load", s.ids, want)
	}
}
