// Package timebucket cuts a time range into buckets aligned in an IANA time zone. Days, weeks and
// months follow the zone's calendar, so a DST day is 23 or 25 hours long instead of shifting every
// bucket after it by an hour.
package timebucket

import (
	"fmt"
	"time"
)

// Unit is a bucket width.
type Unit string

// Units a grid can use.
const (
	Hour  Unit = "hour"
	Day   Unit = "day"
	Week  Unit = "week" // ISO week, starting Monday
	Month Unit = "month"
)

// MaxBuckets bounds a grid so that an hourly query over years fails with a clear message instead
// of building a huge frame.
const MaxBuckets = 20000

// Floor returns the start of the bucket that contains t.
func Floor(t time.Time, u Unit, loc *time.Location) time.Time {
	l := t.In(loc)
	switch u {
	case Hour:
		// Offsets can be half or quarter hours; aligning on the local clock keeps buckets on
		// the local hour, and working on absolute time keeps both 01:00s of a fall-back night.
		_, off := l.Zone()
		shifted := l.Add(time.Duration(off) * time.Second).UTC().Truncate(time.Hour)
		return shifted.Add(-time.Duration(off) * time.Second).In(loc)
	case Day:
		return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
	case Week:
		back := (int(l.Weekday()) + 6) % 7 // days since Monday
		return time.Date(l.Year(), l.Month(), l.Day()-back, 0, 0, 0, 0, loc)
	case Month:
		return time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, loc)
	}
	panic(fmt.Sprintf("timebucket: unknown unit %q", u)) // units are constants of this package
}

// Next returns the start of the bucket after the one starting at start.
func Next(start time.Time, u Unit, loc *time.Location) time.Time {
	l := start.In(loc)
	switch u {
	case Hour:
		return Floor(start.Add(time.Hour), Hour, loc)
	case Day:
		return time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc)
	case Week:
		return time.Date(l.Year(), l.Month(), l.Day()+7, 0, 0, 0, 0, loc)
	case Month:
		return time.Date(l.Year(), l.Month()+1, 1, 0, 0, 0, 0, loc)
	}
	panic(fmt.Sprintf("timebucket: unknown unit %q", u))
}

// Grid is the list of bucket edges covering a range: bucket i is [Edges[i], Edges[i+1]).
type Grid struct {
	Unit  Unit
	Loc   *time.Location
	edges []int64 // Unix seconds; Stripe's created is second-resolution
}

// NewGrid covers [from, to) with whole buckets: the first starts at or before from, the last
// ends at or after to. Whole buckets mean a flow total is never a fraction of its bucket.
func NewGrid(from, to time.Time, u Unit, loc *time.Location) (Grid, error) {
	if !to.After(from) {
		return Grid{}, fmt.Errorf("the time range is empty: %s is not after %s", to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	g := Grid{Unit: u, Loc: loc}
	for t := Floor(from, u, loc); ; t = Next(t, u, loc) {
		g.edges = append(g.edges, t.Unix())
		if !t.Before(to) {
			break
		}
		if len(g.edges) > MaxBuckets {
			return Grid{}, fmt.Errorf("the time range %s to %s has more than %d %s buckets: choose a larger bucket or a shorter range",
				from.Format(time.RFC3339), to.Format(time.RFC3339), MaxBuckets, u)
		}
	}
	return g, nil
}

// Key identifies the grid: grids with equal keys have the same buckets.
func (g Grid) Key() string {
	if len(g.edges) == 0 {
		return ""
	}
	return fmt.Sprintf("%s/%s/%d-%d", g.Unit, g.Loc, g.edges[0], g.edges[len(g.edges)-1])
}

// Len is the number of buckets.
func (g Grid) Len() int { return len(g.edges) - 1 }

// Start is the start of bucket i.
func (g Grid) Start(i int) time.Time { return time.Unix(g.edges[i], 0).In(g.Loc) }

// Starts lists every bucket start, the time column of a series.
func (g Grid) Starts() []time.Time {
	out := make([]time.Time, g.Len())
	for i := range out {
		out[i] = g.Start(i)
	}
	return out
}

// From is the start of the first bucket.
func (g Grid) From() time.Time { return g.Start(0) }

// To is the end of the last bucket.
func (g Grid) To() time.Time { return time.Unix(g.edges[len(g.edges)-1], 0).In(g.Loc) }

// Index returns the bucket holding the Unix second ts, or -1 when ts is outside the grid.
func (g Grid) Index(ts int64) int {
	if len(g.edges) < 2 || ts < g.edges[0] || ts >= g.edges[len(g.edges)-1] {
		return -1
	}
	// Binary search for the last edge at or before ts (a hand-written loop: this runs once per
	// record on every aggregation, and sort.Search's closure call doubles its cost).
	lo, hi := 0, len(g.edges)-1 // edges[lo] <= ts < edges[hi]
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if g.edges[mid] <= ts {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// Auto picks the bucket for a panel: the smallest unit at least as wide as Grafana's suggested
// interval that keeps the number of points within maxPoints.
func Auto(interval, span time.Duration, maxPoints int64) Unit {
	widths := []struct {
		u Unit
		d time.Duration
	}{{Hour, time.Hour}, {Day, 24 * time.Hour}, {Week, 7 * 24 * time.Hour}, {Month, 31 * 24 * time.Hour}}
	for _, w := range widths {
		if w.d < interval {
			continue
		}
		if maxPoints > 0 && int64(span/w.d) > maxPoints {
			continue
		}
		return w.u
	}
	return Month
}

// LevelInstants are the instants level metrics (MRR, balance, amounts outstanding) are read at:
// each bucket's last second, or now for the bucket in progress (METRICS.md "Time").
func (g Grid) LevelInstants(now int64) []int64 {
	out := make([]int64, g.Len())
	for i := range out {
		out[i] = min(g.edges[i+1]-1, now)
	}
	return out
}
