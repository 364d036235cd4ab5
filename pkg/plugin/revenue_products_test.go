package plugin

import (
	"fmt"
	"math"
	"sort"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// revenueKey is the key a revenue series stands for: its product (or price) id, or the label
// of what is no product (no invoice, no product, other).
func revenueKey(f *data.Frame, by truth.RevenueBy) string {
	l := f.Fields[1].Labels
	name, id := "product", "product_id"
	if by == truth.ByPrice {
		name, id = "price", "price_id"
	}
	if l[id] != "" {
		return l[id]
	}
	return l[name]
}

// revenueSeries reads revenue frames as currency → key → bucket start → minor units.
func revenueSeries(t *testing.T, frames data.Frames, by truth.RevenueBy) map[string]map[string]map[int64]int64 {
	t.Helper()
	out := map[string]map[string]map[int64]int64{}
	for _, f := range frames {
		if len(f.Fields) < 2 {
			continue // no data
		}
		cur, key := f.Fields[1].Labels["currency"], revenueKey(f, by)
		if out[cur] == nil {
			out[cur] = map[string]map[int64]int64{}
		}
		if out[cur][key] != nil {
			t.Fatalf("%s %s: two series", cur, key)
		}
		out[cur][key] = map[int64]int64{}
		for i := 0; i < f.Rows(); i++ {
			out[cur][key][f.Fields[0].At(i).(time.Time).Unix()] = minorUnits(f.Fields[1].At(i).(float64), cur)
		}
	}
	return out
}

// truthKey is the plugin's name for a truth key: the split of an invoice with nothing to split
// by is "(no price)" by price.
func truthKey(k string, by truth.RevenueBy) string {
	if k == truth.KeyNoProduct && by == truth.ByPrice {
		return "(no price)"
	}
	return k
}

// topByNet is the truth's own top n keys of a currency by net revenue over the range, ties by
// key: worked out here, not with the plugin's ranking.
func topByNet(series []truth.RevenueSeries, cur string, n int) map[string]bool {
	nets := map[string]int64{}
	var keys []string
	for _, s := range series {
		if s.Currency != cur {
			continue
		}
		keys = append(keys, s.Key)
		for _, r := range s.Rows {
			nets[s.Key] += r.Net()
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if nets[keys[i]] != nets[keys[j]] {
			return nets[keys[i]] > nets[keys[j]]
		}
		return keys[i] < keys[j]
	})
	top := map[string]bool{}
	for i, k := range keys {
		if i < n {
			top[k] = true
		}
	}
	return top
}

// Revenue by product and by price equal the simulator's truth bucket by bucket, per product (or
// price) and currency, in UTC and across New York's fall-back, with every product by name (top 25)
// and with the top 2 and the rest as other; and the products of each bucket add up to the
// succeeded payments less the refunds of the bucket (the truth's sum, computed without any
// split).
func TestRevenueByProductMatchesGroundTruth(t *testing.T) {
	from, to := truthRange()
	sim := simulate(t, "multi_currency", 7)
	ds := sim.datasource(t, nil)
	tr := sim.acct.DefaultTruth()
	for _, loc := range truthZones() {
		sums, err := tr.PaymentsLessRefunds(from, to, truth.Day, loc)
		if err != nil {
			t.Fatal(err)
		}
		for _, by := range []truth.RevenueBy{truth.ByProduct, truth.ByPrice} {
			metric := map[truth.RevenueBy]string{truth.ByProduct: "revenue_by_product", truth.ByPrice: "revenue_by_price"}[by]
			want, err := tr.RevenueByKey(by, from, to, truth.Day, loc)
			if err != nil {
				t.Fatal(err)
			}
			for _, topN := range []int{25, 2} {
				t.Run(fmt.Sprintf("%s/%s/top%d", loc, metric, topN), func(t *testing.T) {
					r := run(t, ds, map[string]any{"metric": metric, "bucket": "day", "timeZone": loc.String(), "topN": topN}, from, to)
					got := revenueSeries(t, r.Frames, by)
					checkRevenue(t, got, want, by, topN, 2)
					checkSums(t, got, sums, want)
				})
			}
		}
	}
}

// checkRevenue compares each truth key's buckets with its series, those outside the top n
// summed as other, over at least minCurrencies currencies.
func checkRevenue(t *testing.T, got map[string]map[string]map[int64]int64, want []truth.RevenueSeries, by truth.RevenueBy, n, minCurrencies int) {
	t.Helper()
	currencies := map[string]bool{}
	for _, s := range want {
		currencies[s.Currency] = true
	}
	if len(currencies) < minCurrencies {
		t.Fatalf("revenue in %d currencies: the test needs %d", len(currencies), minCurrencies)
	}
	nonZero, others := 0, 0
	for cur := range currencies {
		top := topByNet(want, cur, n)
		expect := map[string]map[int64]int64{}
		for _, s := range want {
			if s.Currency != cur {
				continue
			}
			key := truthKey(s.Key, by)
			if !top[s.Key] {
				key = "other"
				others++
			}
			if expect[key] == nil {
				expect[key] = map[int64]int64{}
			}
			for _, row := range s.Rows {
				expect[key][row.Start.Unix()] += row.Net()
				if row.Net() != 0 {
					nonZero++
				}
			}
		}
		if len(got[cur]) != len(expect) {
			t.Errorf("%s: %d series, truth %d (%v vs %v)", cur, len(got[cur]), len(expect), keysOf(got[cur]), keysOf(expect))
		}
		for key, buckets := range expect {
			g, ok := got[cur][key]
			if !ok {
				t.Errorf("%s: no series for %s", cur, key)
				continue
			}
			for at, w := range buckets {
				if g[at] != w {
					t.Errorf("%s %s %s: %d, truth %d", cur, key, time.Unix(at, 0).UTC().Format(time.RFC3339), g[at], w)
				}
			}
		}
	}
	if nonZero == 0 || (n == 2 && others == 0) {
		t.Fatalf("%d non-zero buckets, %d keys in other: the comparison would prove nothing", nonZero, others)
	}
}

// checkSums: per currency and bucket, the series add up to the succeeded payments less the
// refunds.
func checkSums(t *testing.T, got map[string]map[string]map[int64]int64, sums map[string][]int64, want []truth.RevenueSeries) {
	t.Helper()
	var starts []time.Time
	for _, s := range want {
		for _, r := range s.Rows {
			starts = append(starts, r.Start)
		}
		break
	}
	for cur, buckets := range sums {
		for i, w := range buckets {
			var g int64
			for _, series := range got[cur] {
				g += series[starts[i].Unix()]
			}
			if g != w {
				t.Errorf("%s %s: the products add up to %d, the payments less refunds are %d", cur, starts[i].UTC().Format(time.RFC3339), g, w)
			}
		}
	}
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// The table equals the truth over the panel's range: per currency and product, what payments
// collected, what refunds gave back, the net and its share of the currency's net.
func TestRevenueByProductTableMatchesGroundTruth(t *testing.T) {
	from, to := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	sim := simulate(t, "multi_currency", 7)
	ds := sim.datasource(t, nil)
	want, err := sim.acct.DefaultTruth().RevenueByKey(truth.ByProduct, from, to, truth.Day, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, ds, map[string]any{"metric": "revenue_by_product_table"}, from, to)
	checkRevenueTable(t, r.Frames[0], want)
}

// checkRevenueTable compares the table's rows (currency, product, revenue, refunds, net, share)
// with the truth's series summed over the range.
func checkRevenueTable(t *testing.T, f *data.Frame, want []truth.RevenueSeries) {
	t.Helper()
	type totals struct{ paid, refunded int64 }
	expect := map[string]totals{}
	nets := map[string]int64{}
	for _, s := range want {
		var tt totals
		for _, r := range s.Rows {
			tt.paid, tt.refunded = tt.paid+r.Paid, tt.refunded+r.Refunded
		}
		expect[s.Currency+"/"+s.Key] = tt
		nets[s.Currency] += tt.paid - tt.refunded
	}
	col := func(name string) *data.Field {
		for _, fl := range f.Fields {
			if fl.Name == name {
				return fl
			}
		}
		t.Fatalf("no column %q", name)
		return nil
	}
	if f.Rows() != len(expect) {
		t.Errorf("%d rows, truth has %d products and currencies", f.Rows(), len(expect))
	}
	for i := 0; i < f.Rows(); i++ {
		cur := col("Currency").At(i).(string)
		key := col("Product id").At(i).(string)
		if key == "" {
			key = col("Product").At(i).(string)
		}
		w, ok := expect[cur+"/"+key]
		if !ok {
			t.Errorf("row %s %s: not in the truth", cur, key)
			continue
		}
		paid, refunded, net := minorUnits(col("Revenue").At(i).(float64), cur), minorUnits(col("Refunds").At(i).(float64), cur), minorUnits(col("Net").At(i).(float64), cur)
		if paid != w.paid || refunded != w.refunded || net != w.paid-w.refunded {
			t.Errorf("%s %s: revenue %d refunds %d net %d, truth %d %d %d", cur, key, paid, refunded, net, w.paid, w.refunded, w.paid-w.refunded)
		}
		share := col("Share").At(i).(*float64)
		if nets[cur] == 0 {
			if share != nil {
				t.Errorf("%s %s: share %v of a net of 0", cur, key, *share)
			}
		} else if wantShare := float64(w.paid-w.refunded) / float64(nets[cur]); share == nil || math.Abs(*share-wantShare) > 1e-12 {
			t.Errorf("%s %s: share %v, truth %v", cur, key, share, wantShare)
		}
	}
}
