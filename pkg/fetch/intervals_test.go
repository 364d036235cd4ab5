package fetch

import (
	"slices"
	"testing"
	"time"
)

func TestSubtractLeavesTheUncoveredParts(t *testing.T) {
	got := subtract(span{0, 100}, []span{{50, 60}, {10, 20}, {15, 30}, {90, 200}})
	want := []span{{0, 10}, {30, 50}, {60, 90}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := subtract(span{0, 10}, nil); !slices.Equal(got, []span{{0, 10}}) {
		t.Errorf("nothing covered: got %v", got)
	}
}

func TestCoverageMergesKeepsOldestTimeAndForgets(t *testing.T) {
	t1, t2 := time.Unix(1000, 0), time.Unix(2000, 0)
	var c coverage
	c = c.add(span{10, 20}, t2)
	c = c.add(span{20, 30}, t1) // touching: one range, read at the older time
	c = c.add(span{50, 60}, t2)
	if len(c) != 2 || c[0].span != (span{10, 30}) || !c[0].at.Equal(t1) || c[1].span != (span{50, 60}) {
		t.Fatalf("after adds: %+v", c)
	}
	c = c.remove(span{15, 25})
	if got := []span{c[0].span, c[1].span, c[2].span}; !slices.Equal(got, []span{{10, 15}, {25, 30}, {50, 60}}) {
		t.Fatalf("after remove: %v", got)
	}
	for ts, want := range map[int64]bool{9: false, 10: true, 14: true, 15: false, 29: true, 30: false, 55: true} {
		if c.has(ts) != want {
			t.Errorf("has(%d) = %v, want %v", ts, !want, want)
		}
	}
	// Under a TTL of 1500 s at t=2600, only what was read at t2 is fresh.
	if got := c.fresh(time.Unix(2600, 0), 1500*time.Second); !slices.Equal(got, []span{{50, 60}}) {
		t.Errorf("fresh: %v", got)
	}
}

func TestPlanShardsCoversTheRestOnce(t *testing.T) {
	contiguous := func(rest span, shards []span) {
		t.Helper()
		at := rest.to
		for _, s := range shards {
			if s.to != at || s.empty() {
				t.Fatalf("shards not contiguous: %v", shards)
			}
			at = s.from
		}
		if at != rest.from {
			t.Errorf("shards end at %d, want %d", at, rest.from)
		}
	}
	// 1600 s per shard: 16 of them (25 600 s), then 3200, 6400, 12 800, 25 600 and the rest.
	rest := span{stripeEpoch, stripeEpoch + 100000}
	shards := planShards(rest, 100)
	contiguous(rest, shards)
	if len(shards) != 21 || shards[15].from != rest.to-25600 || shards[16].from != rest.to-28800 {
		t.Errorf("%d shards: %v", len(shards), shards)
	}
	// Sparse and open below (a whole history): 480 days per shard for four shards, then 960
	// (2880 days in all), then the last one back to 1970, since doubling again would pass
	// stripeEpoch.
	const day = 86400
	rest = span{0, stripeEpoch + 3650*day}
	shards = planShards(rest, 30*day)
	contiguous(rest, shards)
	if len(shards) != 6 || shards[4] != (span{rest.to - 2880*day, rest.to - 1920*day}) || shards[5] != (span{0, rest.to - 2880*day}) {
		t.Errorf("%d shards: %v", len(shards), shards)
	}
}
