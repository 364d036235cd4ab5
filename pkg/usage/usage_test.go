package usage

import (
	"fmt"
	"testing"
	"time"
)

// clock is a test clock moved by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time         { return c.t }
func (c *clock) add(d time.Duration)    { c.t = c.t.Add(d) }
func at(h, m, s int) time.Time          { return time.Date(2026, 3, 2, h, m, s, 0, time.UTC) }
func pair(endpoint, status string) Pair { return Pair{endpoint, status} }

func TestOutcomeClasses(t *testing.T) {
	for status, want := range map[int]string{0: Network, 200: OK, 204: OK, 302: Network, 400: ClientError, 403: ClientError, 404: ClientError, 429: RateLimited, 500: ServerError, 503: ServerError} {
		if got := Outcome(status); got != want {
			t.Errorf("Outcome(%d) = %q, want %q", status, got, want)
		}
	}
}

func TestCountsPerMinuteAndPair(t *testing.T) {
	clk := &clock{at(10, 0, 30)}
	c := New(clk.now)
	c.Add("GET /v1/charges", OK)
	c.Add("GET /v1/charges", OK)
	c.Add("GET /v1/charges", RateLimited)
	clk.add(40 * time.Second) // 10:01:10, the next minute
	c.Add("GET /v1/charges", OK)
	c.Add("GET /v1/balance", OK)
	s := c.Snapshot()
	want := []Count{
		{Minute: at(10, 0, 0).Unix(), Pair: pair("GET /v1/charges", OK), N: 2},
		{Minute: at(10, 0, 0).Unix(), Pair: pair("GET /v1/charges", RateLimited), N: 1},
		{Minute: at(10, 1, 0).Unix(), Pair: pair("GET /v1/charges", OK), N: 1},
		{Minute: at(10, 1, 0).Unix(), Pair: pair("GET /v1/balance", OK), N: 1},
	}
	if fmt.Sprint(s.Counts) != fmt.Sprint(want) {
		t.Errorf("counts\n got %v\nwant %v", s.Counts, want)
	}
	if !s.Start.Equal(at(10, 0, 30)) || !s.From.Equal(s.Start) || !s.Now.Equal(at(10, 1, 10)) {
		t.Errorf("start %v from %v now %v", s.Start, s.From, s.Now)
	}
}

func TestAClockSetBackCountsInItsOwnMinute(t *testing.T) {
	clk := &clock{at(10, 0, 0)}
	c := New(clk.now)
	clk.t = at(10, 5, 0)
	c.Add("GET /v1/charges", OK)
	clk.t = at(10, 3, 20) // NTP moved the wall clock back
	c.Add("GET /v1/charges", OK)
	clk.t = at(10, 5, 59)
	c.Add("GET /v1/charges", OK)
	s := c.Snapshot()
	want := []Count{
		{Minute: at(10, 3, 0).Unix(), Pair: pair("GET /v1/charges", OK), N: 1},
		{Minute: at(10, 5, 0).Unix(), Pair: pair("GET /v1/charges", OK), N: 2},
	}
	if fmt.Sprint(s.Counts) != fmt.Sprint(want) {
		t.Errorf("counts\n got %v\nwant %v", s.Counts, want)
	}
}

// Memory stays bounded: after running longer than the window only the window's minutes are
// kept, and the window's start is reported.
func TestOnlyTheWindowIsKept(t *testing.T) {
	clk := &clock{at(0, 0, 0)}
	c := New(clk.now)
	c.SetBudget(25)
	for range 9 * 24 * 60 { // nine days, one request a minute
		c.Add("GET /v1/charges", OK)
		clk.add(time.Minute)
	}
	clk.add(-30 * time.Second) // now is mid-minute: 30 s into the last minute counted
	if n := len(c.minutes); n > int(Window/time.Minute)+1 {
		t.Errorf("%d minutes held, want at most %d", n, int(Window/time.Minute)+1)
	}
	s := c.Snapshot()
	wantFrom := s.Now.Add(-Window).Add(30 * time.Second) // the first whole minute in the window
	if !s.From.Equal(wantFrom) {
		t.Errorf("from %v, want %v", s.From, wantFrom)
	}
	// Minutes from wantFrom to the last one counted, inclusive: the window less its partial first minute.
	if len(s.Counts) != int(Window/time.Minute) {
		t.Errorf("%d minutes in the snapshot, want %d", len(s.Counts), int(Window/time.Minute))
	}
	if s.Counts[0].Minute != wantFrom.Unix() {
		t.Errorf("first minute %v, want %v", time.Unix(s.Counts[0].Minute, 0).UTC(), wantFrom)
	}
	if len(s.Budgets) != 1 || s.Budgets[0].Rate != 25 || !s.Budgets[0].From.Equal(s.From) {
		t.Errorf("budgets %v: want the one budget, from the window's start", s.Budgets)
	}
}

func TestPairsAreBounded(t *testing.T) {
	c := New(nil)
	for i := range 2 * maxPairs {
		c.Add(fmt.Sprintf("GET /v1/thing%d", i), OK)
	}
	c.Add("GET /v1/thing-late", ServerError)
	if len(c.list) > maxPairs {
		t.Errorf("%d pairs, bound %d", len(c.list), maxPairs)
	}
	var other int64
	var otherErr bool
	for _, n := range c.Snapshot().Counts {
		if n.Endpoint == OtherEndpoint {
			other += n.N
			otherErr = otherErr || n.Status == ServerError
		}
	}
	if want := int64(2*maxPairs - (maxPairs - len(statuses))); other != want+1 || !otherErr {
		t.Errorf("other counted %d (server error kept apart: %v), want %d", other, otherErr, want+1)
	}
}

func TestBudgetChanges(t *testing.T) {
	clk := &clock{at(9, 0, 0)}
	c := New(clk.now)
	clk.add(time.Second)
	c.SetBudget(25)
	clk.add(time.Hour)
	c.SetBudget(25) // saved again unchanged
	clk.add(time.Hour)
	c.SetBudget(10)
	s := c.Snapshot()
	want := []Budget{{From: at(9, 0, 0), Rate: 25}, {From: at(11, 0, 1), Rate: 10}}
	if fmt.Sprint(s.Budgets) != fmt.Sprint(want) {
		t.Errorf("budgets\n got %v\nwant %v", s.Budgets, want)
	}
	clk.add(Window) // the 25/s budget ended before the window now starts
	s = c.Snapshot()
	if len(s.Budgets) != 1 || s.Budgets[0].Rate != 10 || !s.Budgets[0].From.Equal(s.From) {
		t.Errorf("budgets a week later %v, from %v", s.Budgets, s.From)
	}
}
