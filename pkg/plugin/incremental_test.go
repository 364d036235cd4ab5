package plugin

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/generator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// swappable serves whichever account it was last pointed at: the same Stripe account, seen at
// a later moment.
type swappable struct {
	h atomic.Pointer[server.Handler]
}

func (s *swappable) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.Load().ServeHTTP(w, r) }

// extendedAccount generates profile at now with a fixed start, so that accounts generated at two
// moments are the same account, the later one with more history (as the demo's).
func extendedAccount(t *testing.T, profile string, now time.Time) (*simulator.Account, *server.Handler) {
	return extendedAccountIn(t, profile, now, nil)
}

// extendedAccountIn is extendedAccount with the API version history versions (nil: the
// profile's default).
func extendedAccountIn(t *testing.T, profile string, now time.Time, versions []generator.APIVersionSpan) (*simulator.Account, *server.Handler) {
	t.Helper()
	p, err := generator.NamedProfile(profile)
	if err != nil {
		t.Fatal(err)
	}
	if versions != nil {
		p.APIVersions = versions
	}
	p.Start = time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	acct, err := simulator.NewFromProfile(p, 7, now)
	if err != nil {
		t.Fatal(err)
	}
	h, err := acct.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return acct, h
}

// A data source warm at t1 answers at t2 from its reads brought up to date with the events of the
// gap: the same answers as the truth at t2 and as a new data source at t2, for the events requests
// and one request per changed object at most, not the history.
func TestIncrementalUpdateMatchesTruthAndAFreshRead(t *testing.T) {
	const profile = "small"
	t2 := testNow
	t1 := t2.Add(-readMaxAge + time.Hour) // about the longest gap an update covers: the most changes
	acct1, h1 := extendedAccount(t, profile, t1)
	acct2, h2 := extendedAccount(t, profile, t2)
	checkExtends(t, acct1, acct2, t1)

	sw := &swappable{}
	sw.h.Store(h1)
	srv := httptest.NewServer(sw)
	t.Cleanup(srv.Close)
	settings := map[string]any{"rateLimit": 10000, "endpointRateLimit": 10000} // a local simulator: no need to pace requests
	ds := (&simulated{url: srv.URL}).datasource(t, settings)
	from := time.Date(2026, 10, 24, 0, 0, 0, 0, time.UTC)
	queries := []map[string]any{
		{"metric": "mrr", "bucket": "day", "timeZone": "UTC"},
		{"metric": "mrr_movements", "bucket": "day", "timeZone": "UTC"},
		{"metric": "invoices_outstanding", "bucket": "day", "timeZone": "UTC"},
		{"metric": "invoices_by_status_amount", "bucket": "day", "timeZone": "UTC"},
	}
	answers := func(ds *Datasource, now time.Time) []map[string]map[int64]int64 {
		ds.now = func() time.Time { return now }
		var out []map[string]map[int64]int64
		for _, q := range queries {
			label := ""
			switch q["metric"] {
			case "mrr_movements":
				label = "movement"
			case "invoices_by_status_amount":
				label = "status"
			}
			out = append(out, seriesByLabels(t, run(t, ds, q, from, now).Frames, label))
		}
		return out
	}
	answers(ds, t1)
	cold := h1.Counts().Total()

	sw.h.Store(h2)
	updated := answers(ds, t2)
	cost := h2.Counts().Total()

	// The bound: the events requests (a page is 100 events; invoice events in one list, the
	// billing ones in another) and, per changed object, at most one request for what its event
	// does not embed; the pending items once; the prices (active, inactive) once; the
	// subscriptions created in the gap once per update (for the discounts events name by id).
	invoices, subs, invoiceEvents, billingEvents := changedInGap(acct2, t1.Add(-time.Second), t2)
	pages := func(n int) int { return n/100 + 1 }
	bound := pages(invoiceEvents) + pages(billingEvents) + invoices + subs + 1 + 2 + 2
	var byEndpoint []string
	for _, e := range h2.Counts().Endpoints() {
		byEndpoint = append(byEndpoint, fmt.Sprintf("%s=%d", e, h2.Counts().Endpoint(e)))
	}
	t.Logf("%s, %s gap: cold read %d requests; update %d requests (%s) for %d changed invoices and %d changed subscriptions (%d + %d events); bound %d",
		profile, t2.Sub(t1), cold, cost, strings.Join(byEndpoint, " "), invoices, subs, invoiceEvents, billingEvents, bound)
	if invoices == 0 || subs == 0 {
		t.Fatalf("the gap has %d changed invoices and %d changed subscriptions: the test needs both", invoices, subs)
	}
	if cost > int64(bound) || cost >= cold {
		t.Errorf("the update cost %d requests, want at most %d and fewer than the cold read", cost, bound)
	}

	fresh := (&simulated{url: srv.URL}).datasource(t, settings)
	if want := answers(fresh, t2); !reflect.DeepEqual(updated, want) {
		for i := range queries {
			if !reflect.DeepEqual(updated[i], want[i]) {
				t.Errorf("%v: the updated read answers\n%v\na new read\n%v", queries[i], updated[i], want[i])
			}
		}
	}
	checkAgainstTruth(t, acct2.DefaultTruth(), updated, from, t2)
}

// checkExtends: the later account has every invoice and subscription of the earlier one, with
// the same id and creation time (their states may have moved on, through events).
func checkExtends(t *testing.T, a, b *simulator.Account, at time.Time) {
	t.Helper()
	created := map[string]int64{}
	for _, inv := range b.Model.Invoices {
		created[inv.ID] = inv.Created
	}
	for _, s := range b.Model.Subscriptions {
		created[s.ID] = s.Created
	}
	for _, inv := range a.Model.Invoices {
		if created[inv.ID] != inv.Created {
			t.Fatalf("invoice %s of the account at %s is not in the later one", inv.ID, at)
		}
	}
	for _, s := range a.Model.Subscriptions {
		if created[s.ID] != s.Created {
			t.Fatalf("subscription %s of the account at %s is not in the later one", s.ID, at)
		}
	}
}

// changedInGap counts, from the generator's model, the invoices and subscriptions with an event
// in [from, to] and the events the invoice and the billing updates list.
func changedInGap(acct *simulator.Account, from, to time.Time) (invoices, subs, invoiceEvents, billingEvents int) {
	m := acct.Model
	inv, sub := map[int32]bool{}, map[int32]bool{}
	for _, ev := range m.Events {
		if ev.Created < from.Unix() || ev.Created > to.Unix() {
			continue
		}
		switch {
		case ev.Object.Kind == generator.ObjInvoice && slices.Contains(fetch.InvoiceChangeEvents, ev.Type):
			inv[ev.Object.Index] = true
			invoiceEvents++
			if ev.Type == "invoice.created" {
				billingEvents++
			}
		case ev.Object.Kind == generator.ObjSubscription && strings.HasPrefix(ev.Type, "customer.subscription."):
			sub[ev.Object.Index] = true
			billingEvents++
		}
	}
	return len(inv), len(sub), invoiceEvents, billingEvents
}

// checkAgainstTruth compares MRR, its movements, the amounts outstanding at each day's end and
// the amount of the invoices created each day by their status now with the simulator's truth.
func checkAgainstTruth(t *testing.T, tr *truth.Truth, got []map[string]map[int64]int64, from, to time.Time) {
	t.Helper()
	want, err := tr.MRR(from, to, truth.Day, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	levels, moves, outstanding, byStatus := got[0], got[1], got[2], got[3]
	for _, ws := range want {
		for _, row := range ws.Rows {
			at := row.Start.Unix()
			if g := levels[ws.Currency+"/"][at]; g != row.MRR {
				t.Errorf("%s %s: MRR %d, truth %d", ws.Currency, row.Start.Format(time.DateOnly), g, row.MRR)
			}
			for kind, w := range map[string]int64{"new": row.New, "reactivation": row.Reactivation, "expansion": row.Expansion,
				"contraction": row.Contraction, "churn": row.Churn} {
				if g := moves[ws.Currency+"/"+kind][at]; g != w {
					t.Errorf("%s %s: %s MRR %d, truth %d", ws.Currency, row.Start.Format(time.DateOnly), kind, g, w)
				}
			}
		}
	}
	b, err := truth.NewBuckets(from, to, truth.Day, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var owed int64
	for i := 0; i < b.Len(); i++ {
		at := min(b.Starts[i+1].Unix()-1, to.Unix())
		for cur, o := range tr.InvoicesOutstanding(time.Unix(at, 0)) {
			if g := outstanding[cur+"/"][b.Starts[i].Unix()]; g != o.Amount {
				t.Errorf("%s %s: outstanding %d, truth %d", cur, b.Starts[i].Format(time.DateOnly), g, o.Amount)
			}
			owed += o.Amount
		}
		for cur, statuses := range tr.InvoicesByStatus(b.Starts[i], b.Starts[i+1]) {
			for st, c := range statuses {
				if g := byStatus[cur+"/"+st][b.Starts[i].Unix()]; g != c.Amount {
					t.Errorf("%s %s %s: invoices of %d, truth %d", cur, st, b.Starts[i].Format(time.DateOnly), g, c.Amount)
				}
			}
		}
	}
	if owed == 0 {
		t.Fatal("nothing outstanding: the test needs open invoices")
	}
}

// updateCost warms a data source on the small account at t1 and brings it to t2 with the events
// of the gap, as rendered in the account's API version history versions: it returns the
// requests of the update, the answers (checked against the truth and against a new read), and
// how many changed invoices and subscriptions the gap has.
func updateCost(t *testing.T, versions []generator.APIVersionSpan) (cost int64, changed int) {
	t.Helper()
	t2 := testNow
	t1 := t2.Add(-readMaxAge + time.Hour)
	_, h1 := extendedAccountIn(t, "small", t1, versions)
	acct2, h2 := extendedAccountIn(t, "small", t2, versions)
	sw := &swappable{}
	sw.h.Store(h1)
	srv := httptest.NewServer(sw)
	t.Cleanup(srv.Close)
	settings := map[string]any{"rateLimit": 10000}
	ds := (&simulated{url: srv.URL}).datasource(t, settings)
	from := time.Date(2026, 10, 24, 0, 0, 0, 0, time.UTC)
	queries := []map[string]any{
		{"metric": "mrr", "bucket": "day", "timeZone": "UTC"},
		{"metric": "mrr_movements", "bucket": "day", "timeZone": "UTC"},
		{"metric": "invoices_outstanding", "bucket": "day", "timeZone": "UTC"},
		{"metric": "invoices_by_status_amount", "bucket": "day", "timeZone": "UTC"},
	}
	answers := func(ds *Datasource, now time.Time) []map[string]map[int64]int64 {
		ds.now = func() time.Time { return now }
		var out []map[string]map[int64]int64
		for _, q := range queries {
			label := map[any]string{"mrr_movements": "movement", "invoices_by_status_amount": "status"}[q["metric"]]
			out = append(out, seriesByLabels(t, run(t, ds, q, from, now).Frames, label))
		}
		return out
	}
	answers(ds, t1)
	sw.h.Store(h2)
	updated := answers(ds, t2)
	cost = h2.Counts().Total()
	fresh := (&simulated{url: srv.URL}).datasource(t, settings)
	if want := answers(fresh, t2); !reflect.DeepEqual(updated, want) {
		t.Errorf("versions %v: the updated read answers unlike a new read", versions)
	}
	checkAgainstTruth(t, acct2.DefaultTruth(), updated, from, t2)
	invoices, subs, _, _ := changedInGap(acct2, t1.Add(-time.Second), t2)
	return cost, invoices + subs
}

// A warm refresh of an account whose events come in older API versions costs what it costs when
// they come in the pinned one (events of the versions the plugin reads are read in place, never
// a re-read of the history), and at most one request more per changed object for a version it
// cannot read (the object is retrieved by id); the answers equal the truth each time.
func TestWarmRefreshCostAcrossAPIVersions(t *testing.T) {
	pinned, changed := updateCost(t, []generator.APIVersionSpan{{FromDaysAgo: 30, Version: generator.APIVersion}})
	t.Logf("pinned-version events: update %d requests for %d changed objects", pinned, changed)
	for _, c := range []struct {
		name     string
		versions []generator.APIVersionSpan
		extra    int // requests allowed beyond the pinned update's
	}{
		{"2020-08-27", []generator.APIVersionSpan{{FromDaysAgo: 30, Version: "2020-08-27"}}, 0},
		{"2024-06-20", []generator.APIVersionSpan{{FromDaysAgo: 30, Version: "2024-06-20"}}, 0},
		{"2025-03-31.basil", []generator.APIVersionSpan{{FromDaysAgo: 30, Version: generator.BasilVersion}}, 0},
		{"2019-12-03 (not read in place)", []generator.APIVersionSpan{{FromDaysAgo: 30, Version: "2019-12-03"}}, changed},
	} {
		cost, _ := updateCost(t, c.versions)
		t.Logf("%s: update %d requests", c.name, cost)
		if cost > pinned+int64(c.extra) {
			t.Errorf("%s: the update cost %d requests, want at most %d (pinned %d + %d)", c.name, cost, pinned+int64(c.extra), pinned, c.extra)
		}
	}
}
