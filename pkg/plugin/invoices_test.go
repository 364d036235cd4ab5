package plugin

import (
	"fmt"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// Amounts outstanding and past due at each bucket's end (now for the bucket in progress) equal
// the truth's open invoices at that instant; invoices by status equal the truth's count and
// amount of the invoices created in each bucket, by their status now.
func TestInvoiceMetricsMatchGroundTruth(t *testing.T) {
	for _, profile := range []string{"small", "multi_currency"} {
		sim := simulate(t, profile, 7)
		ds := sim.datasource(t, nil)
		tr := sim.acct.DefaultTruth()
		for _, loc := range truthZones() {
			from, to := time.Date(2026, 10, 1, 0, 0, 0, 0, loc), time.Date(2026, 11, 22, 0, 0, 0, 0, loc)
			b, err := truth.NewBuckets(from, to, truth.Week, loc)
			if err != nil {
				t.Fatal(err)
			}
			ask := func(metric string) map[string]*data.Frame {
				r := run(t, ds, map[string]any{"metric": metric, "bucket": "week", "timeZone": loc.String()}, from, to)
				out := map[string]*data.Frame{}
				for _, f := range r.Frames {
					v := f.Fields[1]
					out[v.Labels["currency"]+"/"+v.Labels["status"]] = f
				}
				return out
			}
			t.Run(fmt.Sprint(profile, "/", loc), func(t *testing.T) {
				outstanding, pastDue := ask("invoices_outstanding"), ask("invoices_past_due")
				byStatus, byStatusAmount := ask("invoices_by_status"), ask("invoices_by_status_amount")
				var owed, late, counted int64
				for i := 0; i < b.Len(); i++ {
					at := min(b.Starts[i+1].Unix()-1, testNow.Unix())
					for cur, o := range tr.InvoicesOutstanding(time.Unix(at, 0)) {
						if g := frameValue(outstanding[cur+"/"], i, cur, true); g != float64(o.Amount) {
							t.Errorf("%s %s outstanding %v, truth %d", cur, b.Starts[i], g, o.Amount)
						}
						if g := frameValue(pastDue[cur+"/"], i, cur, true); g != float64(o.PastDueAmount) {
							t.Errorf("%s %s past due %v, truth %d", cur, b.Starts[i], g, o.PastDueAmount)
						}
						owed += o.Amount
						late += o.PastDueAmount
					}
					for cur, statuses := range tr.InvoicesByStatus(b.Starts[i], b.Starts[i+1]) {
						for st, c := range statuses {
							n, a := byStatus[cur+"/"+st], byStatusAmount[cur+"/"+st]
							if n == nil || a == nil {
								t.Fatalf("no %s %s series", cur, st)
							}
							if frameValue(n, i, cur, false) != float64(c.Count) || frameValue(a, i, cur, true) != float64(c.Amount) {
								t.Errorf("%s %s %s: %v / %v, truth %d / %d", cur, st, b.Starts[i], frameValue(n, i, cur, false), frameValue(a, i, cur, true), c.Count, c.Amount)
							}
							counted += int64(c.Count)
						}
					}
				}
				if owed == 0 || late == 0 || counted == 0 {
					t.Fatalf("outstanding %d, past due %d, invoices %d: the test needs all three non-zero", owed, late, counted)
				}
			})
		}
	}
}
