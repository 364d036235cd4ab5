package plugin

import (
	"fmt"
	"net/http/httptest"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/server"
)

// byEndpoint writes a handler's counts as "endpoint=n ...", largest first.
func byEndpoint(h *server.Handler) string {
	c := h.Counts()
	eps := c.Endpoints()
	sort.SliceStable(eps, func(i, j int) bool { return c.Endpoint(eps[i]) > c.Endpoint(eps[j]) })
	var out []string
	for _, e := range eps {
		out = append(out, fmt.Sprintf("%s=%d", strings.TrimPrefix(e, "GET /v1/"), c.Endpoint(e)))
	}
	return strings.Join(out, " ")
}

// What revenue by product costs in requests, counted at the simulator: cold (a new data source:
// the whole invoice history with its payments included, the range's charges and refunds, the
// products), warm a minute later (the events since, once for the Store and once for the invoices,
// and the newest second of charges, refunds and products), warm a day later (the same, with the
// day's new objects and one lines request per changed invoice with more lines than its events
// embed), and by price (two price lists more). The bounds: the cold read is the pages of the
// lists it needs (each list's floor, ceil(n/100), plus what sharding and the sub-lists add,
// within 10% and a few requests); the warm reads a handful. The small account by default;
//
//	STRIPE_COST_PROFILE=medium go test ./pkg/plugin -run TestRevenueByProductRequestCost -v
//
// gives the figures in the report.
func TestRevenueByProductRequestCost(t *testing.T) {
	profile := os.Getenv("STRIPE_COST_PROFILE")
	if profile == "" {
		profile = "small"
	}
	t2 := testNow
	t1 := t2.Add(-23 * time.Hour)
	acct1, h1 := extendedAccount(t, profile, t1)
	_, h2 := extendedAccount(t, profile, t2)
	sw := &swappable{}
	sw.h.Store(h1)
	srv := httptest.NewServer(sw)
	t.Cleanup(srv.Close)
	settings := map[string]any{"rateLimit": 10000, "endpointRateLimit": 10000}
	ds := (&simulated{url: srv.URL}).datasource(t, settings)
	query := func(metric string, now time.Time) {
		t.Helper()
		ds.now = func() time.Time { return now }
		run(t, ds, map[string]any{"metric": metric, "bucket": "day", "timeZone": "UTC"}, now.AddDate(0, 0, -30), now)
	}

	// The floor of the cold read, from the model: pages of every invoice, and of the range's
	// charges and refunds.
	m := acct1.Model
	from := t1.AddDate(0, 0, -30).Truncate(24 * time.Hour).Unix()
	var charges, refunds int
	for _, c := range m.Charges {
		if c.Created >= from {
			charges++
		}
	}
	for _, r := range m.Refunds {
		if r.Created >= from {
			refunds++
		}
	}
	pages := func(n int) int { return n/100 + 1 }
	floor := pages(len(m.Invoices)) + pages(charges) + pages(refunds) + 1 // + products

	query("revenue_by_product", t1)
	cold := h1.Counts().Total()
	coldBy := byEndpoint(h1)
	h1.ResetCounts()

	query("revenue_by_product", t1.Add(time.Minute))
	warm := h1.Counts().Total()
	warmBy := byEndpoint(h1)
	h1.ResetCounts()

	query("revenue_by_price", t1.Add(2*time.Minute))
	byPrice := h1.Counts().Total()
	byPriceBy := byEndpoint(h1)

	sw.h.Store(h2)
	query("revenue_by_product", t2)
	day := h2.Counts().Total()
	dayBy := byEndpoint(h2)
	// The day's payments found their invoices through the events: the answer a new read gives.
	q := map[string]any{"metric": "revenue_by_product", "bucket": "day", "timeZone": "UTC", "topN": 25}
	updated := seriesByLabels(t, run(t, ds, q, t2.AddDate(0, 0, -30), t2).Frames, "product_id")
	fresh := (&simulated{url: srv.URL}).datasource(t, settings)
	fresh.now = func() time.Time { return t2 }
	if want := seriesByLabels(t, run(t, fresh, q, t2.AddDate(0, 0, -30), t2).Frames, "product_id"); !reflect.DeepEqual(updated, want) {
		t.Errorf("a day later, brought up to date: %v\na new read: %v", updated, want)
	}

	t.Logf("%s: %d invoices, %d charges and %d refunds in the range (floor %d requests)", profile, len(m.Invoices), charges, refunds, floor)
	t.Logf("cold: %d requests (%s)", cold, coldBy)
	t.Logf("warm, a minute later: %d requests (%s)", warm, warmBy)
	t.Logf("by price after that: %d requests (%s)", byPrice, byPriceBy)
	t.Logf("warm, a day later: %d requests (%s)", day, dayBy)
	if limit := int64(float64(floor)*1.1) + 12; cold > limit {
		t.Errorf("cold: %d requests, want at most %d (floor %d)", cold, limit, floor)
	}
	if warm > 6 {
		t.Errorf("warm: %d requests, want at most 6", warm)
	}
	if byPrice > 8 {
		t.Errorf("by price after revenue by product: %d requests, want at most 8", byPrice)
	}
	if day >= cold/2 {
		t.Errorf("a day later: %d requests, want well under the cold read's %d", day, cold)
	}
}
