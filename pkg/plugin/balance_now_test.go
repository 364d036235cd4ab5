package plugin

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"
)

func TestBalanceNowMatchesGroundTruth(t *testing.T) {
	for _, profile := range []string{"multi_currency", "zero_and_three_decimal"} {
		sim := simulate(t, profile, 7)
		ds := sim.datasource(t, nil)
		r := run(t, ds, map[string]any{"metric": "balance"}, testNow.AddDate(0, 0, -1), testNow)
		got := map[string]int64{}
		for _, f := range r.Frames {
			if f.Meta.Type != data.FrameTypeNumericMulti || f.Rows() != 1 {
				t.Fatalf("frame %s: type %s rows %d", f.Name, f.Meta.Type, f.Rows())
			}
			l := f.Fields[0].Labels
			got[l["currency"]+"/"+l["balance_type"]] = minorUnits(f.Fields[0].At(0).(float64), l["currency"])
		}
		want := sim.acct.DefaultTruth().Balance()
		if len(got) != 2*len(want) {
			t.Errorf("%s: %d values, truth has %d currencies", profile, len(got), len(want))
		}
		for _, b := range want {
			if got[b.Currency+"/available"] != b.Available || got[b.Currency+"/pending"] != b.Pending {
				t.Errorf("%s %s: available %d pending %d, truth %d %d", profile, b.Currency,
					got[b.Currency+"/available"], got[b.Currency+"/pending"], b.Available, b.Pending)
			}
		}
	}
}

func TestBalanceNowGoldenFrames(t *testing.T) {
	sim := simulate(t, "zero_and_three_decimal", 7)
	r := run(t, sim.datasource(t, nil), map[string]any{"metric": "balance"}, testNow.AddDate(0, 0, -1), testNow)
	experimental.CheckGoldenJSONResponse(t, "testdata", "balance_now", &r, *updateGolden)
}

// The walk back from today's balance must land on the balance the model had at each bucket's
// end; the truth sums the model's money movements up to that instant.
func TestBalanceOverTimeMatchesGroundTruth(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	for _, profile := range []string{"multi_currency", "zero_and_three_decimal"} {
		sim := simulate(t, profile, 7)
		ds := sim.datasource(t, nil)
		for _, c := range []struct {
			bucket string
			loc    *time.Location
			from   time.Time
		}{
			{"day", ny, time.Date(2026, 10, 25, 0, 0, 0, 0, ny)},
			{"week", time.UTC, time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)},
			{"hour", time.UTC, testNow.Add(-30 * time.Hour)},
		} {
			r := run(t, ds, map[string]any{"metric": "balance_over_time", "bucket": c.bucket, "timeZone": c.loc.String()}, c.from, testNow.Add(2*time.Hour))
			checked := 0
			for _, f := range r.Frames {
				cur := f.Fields[1].Labels["currency"]
				for i := 0; i < f.Rows(); i++ {
					end := testNow
					if i+1 < f.Rows() {
						if next := f.Fields[0].At(i + 1).(time.Time); next.Before(testNow) {
							end = next
						}
					}
					want := sim.acct.DefaultTruth().BalanceTotalAt(end)[cur]
					if got := minorUnits(f.Fields[1].At(i).(float64), cur); got != want {
						t.Errorf("%s %s %s bucket %s: %d, truth %d", profile, c.bucket, cur, f.Fields[0].At(i), got, want)
					}
					checked++
				}
			}
			if checked < 10 {
				t.Errorf("%s %s: only %d values checked", profile, c.bucket, checked)
			}
		}
	}
}
