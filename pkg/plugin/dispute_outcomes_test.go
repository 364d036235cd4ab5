package plugin

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// Won and lost by decision: exact wherever the API dates the decision (won: the reinstated
// funds; lost: the closed event, kept 30 days). Older lost decisions are counted when the dispute
// was opened, which the test works out from the model's own dispute timeline.
func TestDisputeOutcomesMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "heavy_refunds_disputes", 7)
	ds := sim.datasource(t, nil)
	tr := sim.acct.DefaultTruth()
	m := tr.Model()
	ny := newYork()
	from, to := time.Date(2026, 8, 1, 0, 0, 0, 0, ny), time.Date(2026, 11, 21, 0, 0, 0, 0, ny)
	eventsFrom := m.Now.Unix() - int64(m.Profile.EventDays)*86400
	for _, loc := range truthZones() {
		b, err := truth.NewBuckets(from, to, truth.Day, loc)
		if err != nil {
			t.Fatal(err)
		}
		type row struct{ won, wonAmount, lost float64 }
		want := map[string][]row{}
		approximated := 0
		for _, d := range m.Disputes {
			if d.ClosedAt == 0 || (d.Outcome != generator.OutcomeWon && d.Outcome != generator.OutcomeLost) {
				continue
			}
			at := d.ClosedAt
			if d.Outcome == generator.OutcomeLost && d.ClosedAt <= eventsFrom {
				at = d.Created
			}
			i := b.Index(at)
			if i < 0 {
				continue
			}
			if want[d.Currency] == nil {
				want[d.Currency] = make([]row, b.Len())
			}
			if d.Outcome == generator.OutcomeWon {
				want[d.Currency][i].won++
				want[d.Currency][i].wonAmount += float64(d.Amount)
			} else {
				want[d.Currency][i].lost++
				if at == d.Created {
					approximated++
				}
			}
		}
		t.Run(loc.String(), func(t *testing.T) {
			results := map[string]data.Frames{}
			for _, metric := range []string{"disputes_won", "disputes_won_amount", "disputes_lost_count"} {
				r := run(t, ds, map[string]any{"metric": metric, "bucket": "day", "timeZone": loc.String()}, from, to)
				results[metric] = r.Frames
			}
			var total row
			for cur, rows := range want {
				won, amount, lost := byCurrencyFrames(results["disputes_won"])[cur], byCurrencyFrames(results["disputes_won_amount"])[cur], byCurrencyFrames(results["disputes_lost_count"])[cur]
				if won == nil || amount == nil || lost == nil {
					t.Fatalf("no %s series", cur)
				}
				for i, w := range rows {
					g := row{frameValue(won, i, cur, false), frameValue(amount, i, cur, true), frameValue(lost, i, cur, false)}
					if g != w {
						t.Errorf("%s %s: got %+v, want %+v", cur, b.Starts[i], g, w)
					}
					total.won += w.won
					total.lost += w.lost
				}
			}
			if total.won == 0 || total.lost == 0 || approximated == 0 {
				t.Fatalf("the range has %v won, %v lost, %d dated by creation: the test needs all three", total.won, total.lost, approximated)
			}
			notices := results["disputes_lost_count"][0].Meta.Notices
			if len(notices) == 0 || !strings.Contains(notices[0].Text, fmt.Sprintf("%d decisions", approximated)) {
				t.Errorf("notices %v should say %d decisions were dated by creation", notices, approximated)
			}
		})
	}
}

// Dispute rate is the truth's disputes opened over its successful charges, bucket by bucket.
func TestDisputeRateMatchesGroundTruth(t *testing.T) {
	sim := simulate(t, "heavy_refunds_disputes", 7)
	ds := sim.datasource(t, nil)
	from, to := truthRange()
	tr := sim.acct.DefaultTruth()
	for _, loc := range truthZones() {
		disputes, err := tr.Disputes(from, to, truth.Week, loc)
		if err != nil {
			t.Fatal(err)
		}
		payments, err := tr.Payments(from, to, truth.Week, loc)
		if err != nil {
			t.Fatal(err)
		}
		opened := map[string][]int{}
		for _, s := range disputes {
			for _, r := range s.Rows {
				opened[s.Currency] = append(opened[s.Currency], r.Opened)
			}
		}
		r := run(t, ds, map[string]any{"metric": "dispute_rate", "bucket": "week", "timeZone": loc.String()}, from, to)
		got := byCurrencyFrames(r.Frames)
		positive := 0
		for _, s := range payments {
			f := got[s.Currency]
			if f == nil {
				t.Fatalf("%s: no series", s.Currency)
			}
			for i, row := range s.Rows {
				w := math.NaN()
				if row.Succeeded > 0 {
					n := 0
					if opened[s.Currency] != nil {
						n = opened[s.Currency][i]
					}
					w = float64(n) / float64(row.Succeeded)
				}
				if g := frameValue(f, i, s.Currency, false); !sameValue(g, w) {
					t.Errorf("%s %s %s: %v, truth %v", loc, s.Currency, row.Start, g, w)
				}
				if w > 0 {
					positive++
				}
			}
		}
		if positive == 0 {
			t.Fatal("no bucket with a dispute: the test would not catch a wrong rate")
		}
	}
}

func TestRefundsTableMatchesGroundTruth(t *testing.T) {
	sim := simulate(t, "heavy_refunds_disputes", 7)
	from, to := testNow.AddDate(0, 0, -14), testNow
	want := sim.acct.DefaultTruth().Refunds(from, to)
	if len(want) < 5 {
		t.Fatalf("only %d refunds in the range", len(want))
	}
	f := run(t, sim.datasource(t, nil), map[string]any{"metric": "refunds_table"}, from, to).Frames[0]
	if f.Rows() != len(want) {
		t.Fatalf("%d rows, truth has %d refunds", f.Rows(), len(want))
	}
	for i, w := range want {
		cur := f.Fields[2].At(i).(string)
		got := struct {
			at                 time.Time
			amount             int64
			reason, id, charge string
		}{f.Fields[0].At(i).(time.Time), minorUnits(f.Fields[1].At(i).(float64), cur), f.Fields[3].At(i).(string),
			f.Fields[5].At(i).(string), f.Fields[6].At(i).(string)}
		if !got.at.Equal(w.Created) || got.amount != w.Amount || cur != w.Currency || got.reason != w.Reason || got.id != w.ID ||
			got.charge != w.Charge || f.Fields[7].At(i).(string) != "https://dashboard.stripe.com/test/payments/"+w.Charge {
			t.Errorf("row %d: %+v %s, truth %+v", i, got, cur, w)
		}
	}
}
