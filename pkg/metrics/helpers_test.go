package metrics

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/timebucket"
)

const daySecs = 86400

// ny is America/New_York; 2026-11-01 is its fall-back day (25 hours, 01:00 twice).
func ny(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// nyFallBackDays is the day grid Oct 31, Nov 1, Nov 2 2026 in New York. Its edges in UTC:
// Oct 31 04:00 (EDT), Nov 1 04:00 (EDT), Nov 2 05:00 (EST), Nov 3 05:00 (EST).
func nyFallBackDays(t *testing.T) timebucket.Grid {
	t.Helper()
	loc := ny(t)
	g, err := timebucket.NewGrid(time.Date(2026, 10, 31, 0, 0, 0, 0, loc), time.Date(2026, 11, 3, 0, 0, 0, 0, loc), timebucket.Day, loc)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func utc(y int, m time.Month, d, h, min, s int) int64 {
	return time.Date(y, m, d, h, min, s, 0, time.UTC).Unix()
}

// line is a series reduced to what the tests compare: currency, the labels, and the points
// (Minor for money, Values otherwise).
type line struct {
	Cur    string
	Labels string
	Minor  []int64
	Values []float64
}

func lines(series []Series) []line {
	out := make([]line, 0, len(series))
	for _, s := range series {
		l := line{Cur: s.Currency, Minor: s.Minor, Values: s.Values}
		for _, k := range SortedKeys(s.Labels) {
			l.Labels += k + "=" + s.Labels[k] + " "
		}
		out = append(out, l)
	}
	return out
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

func sameInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkLines compares series with the expected lines, NaN equal to NaN.
func checkLines(t *testing.T, what string, got []Series, want []line) {
	t.Helper()
	gl := lines(got)
	ok := len(gl) == len(want)
	for i := 0; ok && i < len(gl); i++ {
		g, w := gl[i], want[i]
		ok = g.Cur == w.Cur && g.Labels == w.Labels && sameInts(g.Minor, w.Minor) && sameFloats(g.Values, w.Values)
	}
	if !ok {
		t.Errorf("%s:\n got  %s\n want %s", what, fmt.Sprint(gl), fmt.Sprint(want))
	}
}

var nan = math.NaN()
