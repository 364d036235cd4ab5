package timebucket

import (
	"testing"
	"time"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// 2026-03-08 is the US spring-forward day (02:00 → 03:00) and 2026-11-01 the fall-back day.
func TestDayBucketsAcrossDSTAreCalendarDays(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	from := time.Date(2026, 3, 7, 12, 0, 0, 0, ny)
	to := time.Date(2026, 3, 10, 0, 0, 0, 0, ny)
	g, err := NewGrid(from, to, Day, ny)
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 3 {
		t.Fatalf("got %d buckets, want 3 (Mar 7, 8, 9)", g.Len())
	}
	wantHours := []float64{24, 23, 24}
	for i := 0; i < g.Len(); i++ {
		s := g.Start(i)
		if s.Hour() != 0 || s.Minute() != 0 {
			t.Errorf("bucket %d starts at %s, not local midnight", i, s)
		}
		end := time.Unix(g.edges[i+1], 0)
		if h := end.Sub(s).Hours(); h != wantHours[i] {
			t.Errorf("bucket %d lasts %v h, want %v", i, h, wantHours[i])
		}
	}
	fall, _ := NewGrid(time.Date(2026, 11, 1, 0, 0, 0, 0, ny), time.Date(2026, 11, 2, 0, 0, 0, 0, ny), Day, ny)
	if fall.Len() != 1 || time.Unix(fall.edges[1], 0).Sub(fall.Start(0)).Hours() != 25 {
		t.Errorf("fall-back day: %d buckets, want one of 25 h", fall.Len())
	}
}

func TestHourBucketsKeepBothFallBackHours(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	// 00:00 EDT to 03:00 EST on 2026-11-01 is four real hours: 00, 01 EDT, 01 EST, 02.
	from := time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	g, err := NewGrid(from, to, Hour, ny)
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 4 {
		t.Fatalf("got %d hour buckets, want 4", g.Len())
	}
	if g.Start(1).Hour() != 1 || g.Start(2).Hour() != 1 {
		t.Errorf("want two buckets at local 01:00, got %s and %s", g.Start(1), g.Start(2))
	}
}

func TestHourBucketsInHalfHourZone(t *testing.T) {
	kolkata := mustLoad(t, "Asia/Kolkata") // UTC+05:30
	from := time.Date(2026, 1, 1, 0, 10, 0, 0, time.UTC)
	g, err := NewGrid(from, from.Add(2*time.Hour), Hour, kolkata)
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Start(0); got.Minute() != 0 || !got.Equal(time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)) {
		t.Errorf("first bucket starts %s, want local 05:00 = 23:30 UTC", got)
	}
}

func TestWeekStartsMondayAndMonthIsCalendar(t *testing.T) {
	utc := time.UTC
	// 2026-11-22 is a Sunday: its ISO week began Monday 2026-11-16.
	if got := Floor(time.Date(2026, 11, 22, 15, 0, 0, 0, utc), Week, utc); !got.Equal(time.Date(2026, 11, 16, 0, 0, 0, 0, utc)) {
		t.Errorf("week floor = %s", got)
	}
	if got := Floor(time.Date(2026, 11, 16, 0, 0, 0, 0, utc), Week, utc); !got.Equal(time.Date(2026, 11, 16, 0, 0, 0, 0, utc)) {
		t.Errorf("Monday floors to itself, got %s", got)
	}
	g, _ := NewGrid(time.Date(2026, 1, 15, 0, 0, 0, 0, utc), time.Date(2026, 3, 2, 0, 0, 0, 0, utc), Month, utc)
	if g.Len() != 3 || time.Unix(g.edges[2], 0).Sub(g.Start(1)).Hours() != 28*24 {
		t.Errorf("months: %d buckets; February should be 28 days", g.Len())
	}
}

func TestIndexEdges(t *testing.T) {
	utc := time.UTC
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, utc)
	g, _ := NewGrid(from, from.AddDate(0, 0, 3), Day, utc)
	day := int64(86400)
	cases := map[int64]int{
		from.Unix() - 1:         -1,
		from.Unix():             0,
		from.Unix() + day - 1:   0,
		from.Unix() + day:       1,
		from.Unix() + 3*day - 1: 2,
		from.Unix() + 3*day:     -1,
	}
	for ts, want := range cases {
		if got := g.Index(ts); got != want {
			t.Errorf("Index(%d) = %d, want %d", ts-from.Unix(), got, want)
		}
	}
}

func TestGridRefusesTooManyBuckets(t *testing.T) {
	from := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := NewGrid(from, from.AddDate(5, 0, 0), Hour, time.UTC); err == nil {
		t.Fatal("five years of hours accepted")
	}
	if _, err := NewGrid(from, from, Day, time.UTC); err == nil {
		t.Fatal("empty range accepted")
	}
}

func TestAuto(t *testing.T) {
	day := 24 * time.Hour
	cases := []struct {
		interval, span time.Duration
		max            int64
		want           Unit
	}{
		{time.Minute, 6 * time.Hour, 1000, Hour},
		{time.Minute, 90 * day, 1000, Day},  // 2160 hours is too many points
		{2 * time.Hour, 7 * day, 1000, Day}, // wider than an hour
		{time.Hour, 30 * 365 * day / 10, 200, Week},
		{40 * day, 3 * 365 * day, 1000, Month},
	}
	for _, c := range cases {
		if got := Auto(c.interval, c.span, c.max); got != c.want {
			t.Errorf("Auto(%v, %v, %d) = %s, want %s", c.interval, c.span, c.max, got, c.want)
		}
	}
}

// Level metrics are read at each bucket's last second, and at now for the bucket in progress.
func TestLevelInstants(t *testing.T) {
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	g, err := NewGrid(from, from.AddDate(0, 0, 3), Day, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	now := from.Add(36 * time.Hour).Unix() // noon of the second day
	got := g.LevelInstants(now)
	want := []int64{from.Add(24*time.Hour).Unix() - 1, now, now}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("LevelInstants = %v, want %v", got, want)
	}
}
