package truth

import (
	"testing"
	"time"
)

func TestDSTDaysAre23And25Hours(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	// 2026: DST starts Sunday March 8, ends Sunday November 1 in the US.
	b, err := NewBuckets(time.Date(2026, 3, 7, 5, 0, 0, 0, ny), time.Date(2026, 3, 10, 0, 0, 0, 0, ny), Day, ny)
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{24 * time.Hour, 23 * time.Hour, 24 * time.Hour}
	for i, w := range want {
		if got := b.Starts[i+1].Sub(b.Starts[i]); got != w {
			t.Errorf("day %d: %v, want %v", i, got, w)
		}
		if h := b.Starts[i].In(ny).Hour(); h != 0 {
			t.Errorf("day %d starts at local hour %d", i, h)
		}
	}
	b, _ = NewBuckets(time.Date(2026, 11, 1, 0, 0, 0, 0, ny), time.Date(2026, 11, 2, 0, 0, 0, 0, ny), Day, ny)
	if got := b.Starts[1].Sub(b.Starts[0]); got != 25*time.Hour {
		t.Errorf("fall-back day: %v, want 25h", got)
	}
	// The hour buckets of that day: 25 of them.
	b, _ = NewBuckets(time.Date(2026, 11, 1, 0, 0, 0, 0, ny), time.Date(2026, 11, 2, 0, 0, 0, 0, ny), Hour, ny)
	if b.Len() != 25 {
		t.Errorf("fall-back day has %d hour buckets, want 25", b.Len())
	}
}

func TestWeeksStartMondayAndMonthsAreCalendar(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	// Sunday 2026-03-29 (the DST day in Europe) belongs to the week of Monday 2026-03-23.
	b, _ := NewBuckets(time.Date(2026, 3, 29, 12, 0, 0, 0, berlin), time.Date(2026, 4, 7, 0, 0, 0, 0, berlin), Week, berlin)
	if s := b.Starts[0]; !s.Equal(time.Date(2026, 3, 23, 0, 0, 0, 0, berlin)) || s.Weekday() != time.Monday {
		t.Errorf("week starts %v", s)
	}
	if got := b.Starts[1].Sub(b.Starts[0]); got != 7*24*time.Hour-time.Hour {
		t.Errorf("DST week lasts %v, want 167h", got)
	}
	b, _ = NewBuckets(time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Month, time.UTC)
	want := []time.Time{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	if len(b.Starts) != len(want) {
		t.Fatalf("edges %v", b.Starts)
	}
	for i := range want {
		if !b.Starts[i].Equal(want[i]) {
			t.Errorf("edge %d = %v, want %v", i, b.Starts[i], want[i])
		}
	}
	if b.Index(want[1].Unix()-1) != 0 || b.Index(want[1].Unix()) != 1 || b.Index(want[3].Unix()) != -1 {
		t.Error("Index does not place edges in the bucket they start")
	}
}

func TestHalfHourZoneHoursAlignLocally(t *testing.T) {
	kolkata := mustLoc(t, "Asia/Kolkata")
	b, _ := NewBuckets(time.Date(2026, 3, 1, 10, 45, 0, 0, kolkata), time.Date(2026, 3, 1, 12, 0, 0, 0, kolkata), Hour, kolkata)
	if s := b.Starts[0].In(kolkata); s.Hour() != 10 || s.Minute() != 0 {
		t.Errorf("hour bucket starts at %v", s)
	}
}

func TestBadBucketArguments(t *testing.T) {
	if _, err := NewBuckets(testNow, testNow, Day, time.UTC); err == nil {
		t.Error("empty window accepted")
	}
	if _, err := NewBuckets(testNow, testNow.Add(time.Hour), "fortnight", time.UTC); err == nil {
		t.Error("unknown size accepted")
	}
	if _, err := NewBuckets(testNow, testNow.Add(time.Hour), Day, nil); err == nil {
		t.Error("nil location accepted")
	}
}
