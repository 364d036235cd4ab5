package plugin

import (
	"testing"

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
