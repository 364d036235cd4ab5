package plugin

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/persist"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
)

// dashboardAnswers runs the subscription and revenue panels a restart must answer from disk,
// in UTC days over the last 4 weeks.
func dashboardAnswers(t *testing.T, ds *Datasource) []map[string]map[int64]int64 {
	t.Helper()
	from := time.Date(2026, 10, 24, 0, 0, 0, 0, time.UTC)
	var out []map[string]map[int64]int64
	for _, q := range []map[string]any{
		{"metric": "mrr", "bucket": "day", "timeZone": "UTC"},
		{"metric": "mrr_movements", "bucket": "day", "timeZone": "UTC"},
		{"metric": "invoices_outstanding", "bucket": "day", "timeZone": "UTC"},
		{"metric": "invoices_by_status_amount", "bucket": "day", "timeZone": "UTC"},
		{"metric": "net_revenue", "bucket": "day", "timeZone": "UTC"},
		{"metric": "payments_succeeded", "bucket": "day", "timeZone": "UTC"},
		{"metric": "revenue_by_product", "bucket": "day", "timeZone": "UTC", "topN": 25},
	} {
		label := map[any]string{"mrr_movements": "movement", "invoices_by_status_amount": "status", "revenue_by_product": "product"}[q["metric"]]
		out = append(out, seriesByLabels(t, run(t, ds, q, from, ds.now()).Frames, label))
	}
	return out
}

// A restarted data source answers from its cache on disk: the same answers as before (and, for
// MRR and invoices, the simulator's truth) for a few requests (the events since, the newest
// second), not the history again; with another key the files are unreadable and it reads cold.
func TestRestartAnswersFromTheDisk(t *testing.T) {
	s := newSimulated(t, "small", 7)
	settings := map[string]any{"cacheDirectory": t.TempDir()}
	first := s.datasource(t, settings)
	before := dashboardAnswers(t, first)
	cold := s.handler.Counts().Total()
	first.Dispose()

	s.handler.ResetCounts()
	second := s.datasource(t, settings)
	second.now = func() time.Time { return testNow.Add(2 * time.Minute) }
	after := dashboardAnswers(t, second)
	warm := s.handler.Counts().Total()
	t.Logf("cold %d requests; restarted %d", cold, warm)
	if warm > 10 {
		var by []string
		for _, e := range s.handler.Counts().Endpoints() {
			by = append(by, e)
		}
		t.Errorf("the restarted data source made %d requests (%v), want at most 10", warm, by)
	}
	if !reflect.DeepEqual(before[:2], after[:2]) {
		t.Error("MRR after a restart differs from before")
	}
	checkAgainstTruth(t, s.acct.DefaultTruth(), after[:4], time.Date(2026, 10, 24, 0, 0, 0, 0, time.UTC), testNow)
	if !reflect.DeepEqual(before[4:], after[4:]) {
		t.Error("revenue or payments after a restart differ from before")
	}
	second.Dispose()

	// Another key (a rolled key of the same account) cannot read the files: a cold read.
	const rolled = "rk_test_51SimRolledKeyOfTheSameAccount000000000000000000000000000000000000000000000000000rolled"
	h, err := s.acct.Handler(server.Key{Value: rolled, Permissions: server.AllReadPermissions})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	other := (&simulated{url: srv.URL}).datasourceKeyed(t, rolled, map[string]any{"cacheDirectory": settings["cacheDirectory"]})
	dashboardAnswers(t, other)
	if n := h.Counts().Total(); n < cold {
		t.Errorf("with another key %d requests, want a cold read (%d)", n, cold)
	}
}

// The benchmark's dashboard after a restart: answered from the disk for a few requests (the
// events since, the newest second of each resource), where the first start read the history.
// The small account by default; STRIPE_MEMORY_PROFILE=medium gives the figures in the notes.
func TestRestartOnTheBenchmarkDashboard(t *testing.T) {
	profile := os.Getenv("STRIPE_MEMORY_PROFILE")
	if profile == "" {
		profile = "small"
	}
	acct, err := simulator.New(profile, 7, testNow)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "store")
	open := func() *persist.Store {
		d, err := persist.Open(path, []byte(simulator.DemoKey), persist.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	disk := open()
	first := newRigWith(t, acct, fetch.Options{Disk: disk})
	start := time.Now()
	cold := first.load(t)
	coldTime := time.Since(start)
	first.ds.Dispose()
	disk.Close()

	disk = open()
	t.Cleanup(func() { disk.Close() })
	start = time.Now()
	second := newRigWith(t, acct, fetch.Options{Disk: disk})
	second.now = testNow.Add(2 * time.Minute)
	warm := second.load(t)
	t.Logf("%s: cold %d requests in %s; restarted %d requests in %s", profile, cold, coldTime.Round(time.Millisecond), warm, time.Since(start).Round(time.Millisecond))
	if warm > 10 {
		t.Errorf("the restarted data source made %d requests, want at most 10 (cold %d)", warm, cold)
	}
}
