package metrics

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/timebucket"
	"github.com/revops/stripe-datasource/pkg/usage"
)

// usageAt builds counters by replaying requests on a hand-moved clock: counting starts at 10:30,
// the budget is 10/s until 11:30 and 20/s after, and the snapshot is taken at 12:15.
func usageAt(t *testing.T) usage.Snapshot {
	t.Helper()
	now := time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC)
	c := usage.New(func() time.Time { return now })
	c.SetBudget(10)
	add := func(h, m, n int, endpoint, status string) {
		now = time.Date(2026, 3, 2, h, m, 0, 0, time.UTC)
		for range n {
			c.Add(endpoint, status)
		}
	}
	add(10, 45, 3, "GET /v1/charges", usage.OK)
	add(11, 10, 2, "GET /v1/charges", usage.RateLimited)
	now = time.Date(2026, 3, 2, 11, 30, 0, 0, time.UTC)
	c.SetBudget(20)
	add(11, 50, 1, "GET /v1/balance", usage.OK)
	add(12, 5, 4, "GET /v1/charges", usage.OK)
	now = time.Date(2026, 3, 2, 12, 15, 0, 0, time.UTC)
	return c.Snapshot()
}

func hourGrid(t *testing.T, from, to int) timebucket.Grid {
	t.Helper()
	g, err := timebucket.NewGrid(time.Date(2026, 3, 2, from, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, to, 0, 0, 0, time.UTC), timebucket.Hour, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestAPIRequestsPerEndpointAndOutcome(t *testing.T) {
	// 09:00 is before counting began: no point, not a 0. 13:00 is after now.
	got := APIRequests(usageAt(t), hourGrid(t, 9, 14))
	want := []string{
		"GET /v1/balance ok [10:00 0] [11:00 1] [12:00 0]",
		"GET /v1/charges 429 [10:00 0] [11:00 2] [12:00 0]",
		"GET /v1/charges ok [10:00 3] [11:00 0] [12:00 4]",
	}
	if len(got) != len(want) {
		t.Fatalf("%d series, want %d: %v", len(got), len(want), got)
	}
	for i, s := range got {
		line := s.Labels["endpoint"] + " " + s.Labels["status"]
		for j, at := range s.Times {
			line += fmt.Sprintf(" [%s %v]", at.Format("15:04"), s.Values[j])
		}
		if line != want[i] {
			t.Errorf("series %d: %s, want %s", i, line, want[i])
		}
		if s.Unit != UnitCount || s.Metric != "stripe_api_requests" || s.Currency != "" {
			t.Errorf("series %d: unit %q metric %q currency %q", i, s.Unit, s.Metric, s.Currency)
		}
	}
}

func TestAPIBudgetUsedAgainstTheBudgetInForce(t *testing.T) {
	got := APIBudgetUsed(usageAt(t), hourGrid(t, 9, 14))
	// By hand: 10:00 holds 10:30–11:00 at 10/s (18,000 requests allowed) and 3 sent; 11:00 holds
	// 11:00–11:30 at 10/s and 11:30–12:00 at 20/s (54,000) and 3 sent; 12:00 holds 12:00–12:15
	// at 20/s (18,000) and 4 sent.
	want := map[string]float64{"10:00": 3.0 / 18000, "11:00": 3.0 / 54000, "12:00": 4.0 / 18000}
	if len(got) != 1 || got[0].Unit != UnitRatio || got[0].Len() != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, at := range got[0].Times {
		if w := want[at.Format("15:04")]; math.Abs(got[0].Values[i]-w) > 1e-15 {
			t.Errorf("%s: %v, want %v", at.Format("15:04"), got[0].Values[i], w)
		}
	}
}

func TestAPIUsageOutsideTheCountedTime(t *testing.T) {
	s := usageAt(t)
	if got := APIRequests(s, hourGrid(t, 5, 9)); got != nil {
		t.Errorf("a range before counting began: %v, want no series", got)
	}
	if got := APIBudgetUsed(s, hourGrid(t, 5, 9)); got != nil {
		t.Errorf("a range before counting began: %v, want no series", got)
	}
	// Counted time without a request: the budget series is 0, the request series absent.
	quiet := usage.New(func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) })
	quiet.SetBudget(25)
	snap := quiet.Snapshot()
	snap.Now = time.Date(2026, 3, 2, 11, 0, 0, 0, time.UTC)
	if got := APIRequests(snap, hourGrid(t, 10, 11)); len(got) != 0 {
		t.Errorf("no request: %v", got)
	}
	if got := APIBudgetUsed(snap, hourGrid(t, 10, 11)); len(got) != 1 || got[0].Values[0] != 0 {
		t.Errorf("no request: budget used %v, want one 0", got)
	}
}
