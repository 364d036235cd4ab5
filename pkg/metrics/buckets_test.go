package metrics

import (
	"testing"
)

// A listed currency has its buckets from the start; others are filtered out; unlisted
// aggregations make a currency's buckets on first use; times outside the grid have no bucket.
func TestCurrencyBucketsAt(t *testing.T) {
	g, d0 := dayGrid(t, 3)
	only := newCurrencyBuckets[int64](g, []string{"usd", "jpy"})
	if got := only.currencies(); len(got) != 2 || got[0] != "jpy" || got[1] != "usd" || len(only.by["usd"]) != 3 {
		t.Fatalf("listed currencies %v", got)
	}
	cases := []struct {
		name    string
		cur     string
		at      int64
		wantNil bool
		wantIdx int
	}{
		{"listed, first second", "usd", d0, false, 0},
		{"listed, last second of day 1", "usd", d0 + 2*daySecs - 1, false, 1},
		{"not listed", "eur", d0, true, -1},
		{"before the grid", "usd", d0 - 1, true, -1},
		{"at the grid's end", "jpy", d0 + 3*daySecs, true, -1},
	}
	for _, c := range cases {
		p, i := only.atIndex(c.cur, c.at)
		if (p == nil) != c.wantNil || i != c.wantIdx {
			t.Errorf("%s: atIndex = %v, %d; want nil=%v, %d", c.name, p, i, c.wantNil, c.wantIdx)
		}
	}
	if _, ok := only.by["eur"]; ok {
		t.Error("a filtered currency got buckets")
	}

	// Alternating currencies land in their own buckets (the last-currency shortcut).
	all := newCurrencyBuckets[int64](g, nil)
	for _, x := range []struct {
		cur string
		at  int64
		n   int64
	}{{"usd", d0, 1}, {"eur", d0, 10}, {"usd", d0 + daySecs, 100}, {"usd", d0, 1000}, {"eur", d0 + 2*daySecs, 10000}} {
		*all.at(x.cur, x.at) += x.n
	}
	if u, e := all.by["usd"], all.by["eur"]; !sameInts(u, []int64{1001, 100, 0}) || !sameInts(e, []int64{10, 0, 10000}) {
		t.Errorf("usd %v eur %v", u, e)
	}
	if all.at("gbp", d0-1) != nil {
		t.Error("a time outside the grid got a bucket")
	}
	if _, ok := all.by["gbp"]; ok {
		t.Error("a currency seen only outside the grid got buckets")
	}
}

// series reads money through minor and the rest through number.
func TestCurrencyBucketsSeries(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	c := newCurrencyBuckets[int64](g, []string{"usd", "eur"})
	*c.at("usd", d0+daySecs) = 7
	minor := func(v int64) int64 { return v * 100 }
	number := func(v int64) float64 { return float64(v) / 2 }
	checkLines(t, "money", c.series("m", "M", UnitMoney, minor, number), []line{{Cur: "eur", Minor: []int64{0, 0}}, {Cur: "usd", Minor: []int64{0, 700}}})
	checkLines(t, "count", c.series("m", "M", UnitCount, minor, number), []line{{Cur: "eur", Values: []float64{0, 0}}, {Cur: "usd", Values: []float64{0, 3.5}}})
	if s := c.series("m", "M", UnitRatio, minor, number); s[0].Metric != "m" || s[0].Name != "M" || s[0].Unit != UnitRatio || s[0].Minor != nil {
		t.Errorf("ratio header %+v", s[0])
	}
	empty := newCurrencyBuckets[int64](g, nil)
	if s := empty.series("m", "M", UnitMoney, minor, number); len(s) != 0 {
		t.Errorf("no currencies: %d series", len(s))
	}
}

func TestSeriesLen(t *testing.T) {
	g, _ := dayGrid(t, 5)
	cases := []struct {
		s    Series
		want int
	}{{Series{}, 0}, {Series{Times: g.Starts()}, 5}}
	for _, c := range cases {
		if got := c.s.Len(); got != c.want {
			t.Errorf("Len = %d, want %d", got, c.want)
		}
	}
}
