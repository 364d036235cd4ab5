package plugin

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// nullableMinor reads a timeseries-multi response of a nullable amount into "currency" →
// bucket start → minor units, nil where the point has no value.
func nullableMinor(t *testing.T, frames data.Frames) map[string]map[int64]*int64 {
	t.Helper()
	out := map[string]map[int64]*int64{}
	for _, f := range frames {
		cur := f.Fields[1].Labels["currency"]
		out[cur] = map[int64]*int64{}
		for i := 0; i < f.Rows(); i++ {
			ts := f.Fields[0].At(i).(time.Time).Unix()
			if v := f.Fields[1].At(i).(*float64); v != nil {
				m := minorUnits(*v, cur)
				out[cur][ts] = &m
			} else {
				out[cur][ts] = nil
			}
		}
	}
	return out
}

// On the multi-currency account, in New York (whose month edges are not UTC's): MRR with metered
// prices valued at their last invoice, day by day in the event window; LTV at every month's end
// of the last 13 months (null where nobody churned); and logo and revenue cohort retention, cell
// by cell, in the table and the heatmap form, all equal the truth of the generator's model.
func TestLTVCohortsAndMeteredMRRMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	ds := sim.datasource(t, map[string]any{"rateLimit": 10000, "endpointRateLimit": 10000}) // a local simulator: no need to pace requests
	ny := newYork()
	metered := sim.acct.Truth(truth.Options{SubtractForeverDiscounts: true, MeteredLastInvoice: true})

	from, to := subscriptionRange()
	want, err := metered.MRR(from, to, truth.Day, ny)
	if err != nil {
		t.Fatal(err)
	}
	levels := seriesByLabels(t, run(t, ds, map[string]any{"metric": "mrr", "bucket": "day", "timeZone": ny.String(), "metered": "last_invoice"}, from, to).Frames, "")
	for _, ws := range want {
		for _, row := range ws.Rows {
			if got := levels[ws.Currency+"/"][row.Start.Unix()]; got != row.MRR {
				t.Errorf("%s %s: MRR with metered prices %d, truth %d", ws.Currency, row.Start.Format(time.DateOnly), got, row.MRR)
			}
		}
	}

	yearFrom := time.Date(2025, 10, 1, 0, 0, 0, 0, ny)
	wantLTV, err := sim.acct.DefaultTruth().LTV(yearFrom, testNow, truth.Month, ny)
	if err != nil {
		t.Fatal(err)
	}
	gotLTV := nullableMinor(t, run(t, ds, map[string]any{"metric": "ltv", "bucket": "month", "timeZone": ny.String()}, yearFrom, testNow).Frames)
	values := 0
	for cur, points := range wantLTV {
		for _, p := range points {
			g := gotLTV[cur][p.Start.Unix()]
			switch {
			case p.Null && g != nil:
				t.Errorf("%s %s: LTV %d, truth no value (nobody churned)", cur, p.Start.Format("2006-01"), *g)
			case !p.Null && (g == nil || *g != p.Minor):
				t.Errorf("%s %s: LTV %v, truth %d", cur, p.Start.Format("2006-01"), g, p.Minor)
			case !p.Null:
				values++
			}
		}
	}
	if values == 0 {
		t.Error("no LTV value compared")
	}

	for _, revenue := range []bool{false, true} {
		model := map[string]any{"metric": "cohort_retention", "timeZone": ny.String(), "cohortMonths": 12}
		if revenue {
			model["retention"] = "revenue"
		}
		rows, err := sim.acct.DefaultTruth().Cohorts(yearFrom, testNow, ny, 12, revenue)
		if err != nil {
			t.Fatal(err)
		}
		table := run(t, ds, model, yearFrom, testNow).Frames[0]
		if table.Rows() != len(rows) {
			t.Fatalf("revenue=%v: %d rows, truth %d", revenue, table.Rows(), len(rows))
		}
		field := func(name string) *data.Field {
			f, _ := table.FieldByName(name)
			if f == nil {
				t.Fatalf("no field %q in %s", name, table.Name)
			}
			return f
		}
		model["format"] = "heatmap"
		heat := run(t, ds, model, yearFrom, testNow).Frames
		heatRow := map[string]int{} // currency → next row of its frame
		for i, w := range rows {
			name := w.Month.In(ny).Format("2006-01") + " " + w.Currency
			if got := field("Cohort").At(i).(time.Time); !got.Equal(w.Month) {
				t.Errorf("row %d: cohort %s, truth %s", i, got, w.Month)
			}
			if got := field("Customers").At(i).(int64); got != int64(w.Size) {
				t.Errorf("%s: %d customers, truth %d", name, got, w.Size)
			}
			hf := heat[0]
			for _, f := range heat {
				if f.Fields[1].Labels["currency"] == w.Currency {
					hf = f
				}
			}
			hi := heatRow[w.Currency]
			heatRow[w.Currency]++
			for k, share := range w.Retained {
				for form, f := range map[string]*data.Field{"table": field(fmt.Sprintf("Month %d", k)), "heatmap": hf.Fields[k+1]} {
					row := i
					if form == "heatmap" {
						row = hi
					}
					got := f.At(row).(*float64)
					if math.IsNaN(share) != (got == nil) || got != nil && *got != share {
						t.Errorf("%s %s month %d: retained %v, truth %v", form, name, k, got, share)
					}
				}
			}
		}
	}
}
