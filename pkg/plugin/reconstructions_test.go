package plugin

import (
	"sync"
	"testing"
	"time"
)

// A dashboard's MRR panels, sent at once, share one reconstruction; other options make their
// own; a reload two minutes later on an account without new events reuses it (the reads are
// checked with Stripe and found unchanged, and no scheduled change falls in between).
func TestMRRPanelsShareOneReconstruction(t *testing.T) {
	ds := simulate(t, "small", 7).datasource(t, nil)
	from := testNow.Add(-90 * 24 * time.Hour)
	panels := []map[string]any{
		{"metric": "mrr", "bucket": "day"}, {"metric": "arr", "bucket": "day"},
		{"metric": "mrr_movements", "bucket": "month"}, {"metric": "net_new_mrr", "bucket": "month"},
		{"metric": "active_subscribers", "bucket": "day"}, {"metric": "subscriptions_table"},
		{"metric": "mrr_movements_table"},
	}
	load := func() {
		var wg sync.WaitGroup
		for _, p := range panels {
			wg.Add(1)
			go func() { defer wg.Done(); run(t, ds, p, from, ds.now()) }()
		}
		wg.Wait()
	}
	load()
	if n := ds.reconstructions.builds; n != 1 {
		t.Fatalf("%d reconstructions for %d panels with the same options, want 1", n, len(panels))
	}
	run(t, ds, map[string]any{"metric": "mrr", "bucket": "day", "discounts": "all"}, from, testNow)
	if n := ds.reconstructions.builds; n != 2 {
		t.Fatalf("%d reconstructions after a panel with other discount options, want 2", n)
	}
	later := testNow.Add(2 * readReuse)
	ds.now = func() time.Time { return later }
	load()
	if n := ds.reconstructions.builds; n != 2 {
		t.Fatalf("%d reconstructions after a reload without changes, want still 2", n)
	}
}
