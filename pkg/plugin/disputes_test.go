package plugin

import (
	"fmt"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"

	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

func TestDisputesOpenedMatchGroundTruth(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	from := time.Date(2026, 9, 1, 0, 0, 0, 0, ny)
	to := time.Date(2026, 11, 12, 0, 0, 0, 0, ny)
	sim := simulate(t, "heavy_refunds_disputes", 7)
	ds := sim.datasource(t, nil)
	for _, loc := range []*time.Location{time.UTC, ny} {
		want, err := sim.acct.DefaultTruth().Disputes(from, to, truth.Day, loc)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprint(loc), func(t *testing.T) {
			count := run(t, ds, map[string]any{"metric": "disputes_opened", "bucket": "day", "timeZone": loc.String()}, from, to)
			amount := run(t, ds, map[string]any{"metric": "disputes_opened_amount", "bucket": "day", "timeZone": loc.String()}, from, to)
			byReason := run(t, ds, map[string]any{"metric": "disputes_opened_by_reason", "bucket": "day", "timeZone": loc.String()}, from, to)
			counts, amounts := byCurrencyFrames(count.Frames), byCurrencyFrames(amount.Frames)
			reasons := map[string]*data.Frame{}
			for _, f := range byReason.Frames {
				reasons[f.Fields[1].Labels["currency"]+"/"+f.Fields[1].Labels["reason"]] = f
			}
			opened := 0
			for _, s := range want {
				for i, row := range s.Rows {
					c, a := counts[s.Currency], amounts[s.Currency]
					if c == nil || a == nil {
						if row.Opened != 0 {
							t.Fatalf("no %s series but truth opened %d on %s", s.Currency, row.Opened, row.Start)
						}
						continue
					}
					if g := frameValue(c, i, s.Currency, false); g != float64(row.Opened) {
						t.Errorf("%s %s: opened %v, truth %d", s.Currency, row.Start, g, row.Opened)
					}
					if g := frameValue(a, i, s.Currency, true); g != float64(row.OpenedAmount) {
						t.Errorf("%s %s: amount %v, truth %d", s.Currency, row.Start, g, row.OpenedAmount)
					}
					for reason, n := range row.OpenedByReason {
						f := reasons[s.Currency+"/"+reason]
						if f == nil || frameValue(f, i, s.Currency, false) != float64(n) {
							t.Errorf("%s %s %s: truth %d", s.Currency, row.Start, reason, n)
						}
					}
					opened += row.Opened
				}
			}
			if opened == 0 {
				t.Fatal("no dispute in the range: the test would not catch a wrong count")
			}
		})
	}
}

func byCurrencyFrames(frames data.Frames) map[string]*data.Frame {
	out := map[string]*data.Frame{}
	for _, f := range frames {
		out[f.Fields[len(f.Fields)-1].Labels["currency"]] = f
	}
	return out
}

func TestOpenDisputesMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "heavy_refunds_disputes", 7)
	ds := sim.datasource(t, nil)
	want := sim.acct.DefaultTruth().OpenDisputes()
	if len(want) < 2 {
		t.Fatalf("the account has %d open disputes; the test needs several", len(want))
	}
	table := run(t, ds, map[string]any{"metric": "open_disputes_table"}, testNow.AddDate(0, 0, -1), testNow)
	f := table.Frames[0]
	if f.Rows() != len(want) {
		t.Fatalf("%d rows, truth has %d open disputes", f.Rows(), len(want))
	}
	for i, w := range want {
		id, status := f.Fields[0].At(i).(string), f.Fields[1].At(i).(string)
		due := f.Fields[6].At(i).(*time.Time)
		if id != w.ID || status != w.Status || due == nil || !due.Equal(w.DueBy) {
			t.Errorf("row %d: %s %s %v, truth %s %s %s", i, id, status, due, w.ID, w.Status, w.DueBy)
		}
		if link := f.Fields[10].At(i).(string); link != "https://dashboard.stripe.com/test/disputes/"+w.ID {
			t.Errorf("row %d link %s", i, link)
		}
	}
	counts := run(t, ds, map[string]any{"metric": "open_disputes"}, testNow.AddDate(0, 0, -1), testNow)
	perCurrency := map[string]int{}
	for _, w := range want {
		perCurrency[w.Currency]++
	}
	for _, fr := range counts.Frames {
		if fr.Meta.Type != data.FrameTypeNumericMulti {
			t.Fatalf("open_disputes is %s", fr.Meta.Type)
		}
		cur := fr.Fields[0].Labels["currency"]
		if got := fr.Fields[0].At(0).(float64); got != float64(perCurrency[cur]) {
			t.Errorf("%s: %v open, truth %d", cur, got, perCurrency[cur])
		}
		delete(perCurrency, cur)
	}
	if len(perCurrency) != 0 {
		t.Errorf("currencies with open disputes but no value: %v", perCurrency)
	}
	experimental.CheckGoldenJSONResponse(t, "testdata", "open_disputes_table", &table, *updateGolden)
}

// "Due within N days" counts the truth's open disputes still waiting for evidence whose deadline
// is at most N days from now, per currency.
func TestOpenDisputesDueWithinDays(t *testing.T) {
	sim := simulate(t, "heavy_refunds_disputes", 7)
	ds := sim.datasource(t, nil)
	open := sim.acct.DefaultTruth().OpenDisputes()
	for _, days := range []int{3, 10} {
		want := map[string]float64{}
		total := 0
		for _, d := range open {
			if (d.Status == "needs_response" || d.Status == "warning_needs_response") && !d.DueBy.After(testNow.AddDate(0, 0, days)) {
				want[d.Currency]++
				total++
			}
		}
		r := run(t, ds, map[string]any{"metric": "open_disputes", "dueWithinDays": days}, testNow.AddDate(0, 0, -1), testNow)
		got := map[string]float64{}
		for _, f := range r.Frames {
			if v := f.Fields[0].At(0).(float64); v != 0 {
				got[f.Fields[0].Labels["currency"]] = v
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("due within %d days: %v, truth %v", days, got, want)
		}
		if days == 10 && total == 0 {
			t.Fatal("no dispute due within 10 days: the test would not catch a wrong filter")
		}
	}
}
