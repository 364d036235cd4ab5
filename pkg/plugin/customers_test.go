package plugin

import (
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// New, total and paying customers equal the simulator's counts bucket by bucket, in UTC and
// across New York's DST change.
func TestCustomerCountsMatchGroundTruth(t *testing.T) {
	from, to := truthRange()
	sim := simulate(t, "multi_currency", 7)
	ds := sim.datasource(t, nil)
	for _, loc := range truthZones() {
		want, err := sim.acct.DefaultTruth().Customers(from, to, truth.Day, loc)
		if err != nil {
			t.Fatal(err)
		}
		for metric, counts := range map[string][]int{"new_customers": want.New, "total_customers": want.Total, "paying_customers": want.Paying} {
			t.Run(loc.String()+"/"+metric, func(t *testing.T) {
				r := run(t, ds, map[string]any{"metric": metric, "bucket": "day", "timeZone": loc.String()}, from, to)
				if len(r.Frames) != 1 || len(r.Frames[0].Fields) != 2 {
					t.Fatalf("want one series, got %d frames", len(r.Frames))
				}
				f := r.Frames[0]
				if len(f.Fields[1].Labels) != 0 {
					t.Errorf("labels %v: customer counts are not per currency", f.Fields[1].Labels)
				}
				if f.Rows() != len(counts) {
					t.Fatalf("%d buckets, truth %d", f.Rows(), len(counts))
				}
				nonZero := 0
				for i, w := range counts {
					at, v := f.Fields[0].At(i).(time.Time), f.Fields[1].At(i).(float64)
					if !at.Equal(want.Starts[i]) || v != float64(w) {
						t.Errorf("bucket %s: %v, truth %d at %s", at, v, w, want.Starts[i])
					}
					if w != 0 {
						nonZero++
					}
				}
				if nonZero == 0 {
					t.Fatal("every bucket is 0 in the truth: the comparison proves nothing")
				}
			})
		}
	}
}

// The top customers table equals the truth: per currency, the first N customers by net paid,
// with names, emails, payments, first and last payment and MRR now.
func TestTopCustomersMatchGroundTruth(t *testing.T) {
	from, to := truthRange()
	sim := simulate(t, "multi_currency", 7)
	ds := sim.datasource(t, nil)
	all := sim.acct.DefaultTruth().TopCustomers(from, to)
	for _, n := range []int{0, 3} { // 0: the metric's default, 10
		query := map[string]any{"metric": "top_customers"}
		wantN := 10
		if n > 0 {
			query["topN"], wantN = n, n
		}
		r := run(t, ds, query, from, to)
		rows := tableRows(t, r.Frames)
		var want []truth.TopCustomer
		perCurrency := map[string]int{}
		for _, c := range all {
			if perCurrency[c.Currency] < wantN {
				perCurrency[c.Currency]++
				want = append(want, c)
			}
		}
		if len(perCurrency) < 2 {
			t.Fatalf("the truth has customers paying in %d currencies; the test wants two", len(perCurrency))
		}
		if len(rows) != len(want) {
			t.Fatalf("top %d: %d rows, truth %d", wantN, len(rows), len(want))
		}
		withMRR := 0
		for i, w := range want {
			g := rows[i]
			wantRow := []string{w.Customer, w.Name, w.Email, w.Currency, fmt.Sprint(w.Net), fmt.Sprint(w.Payments),
				w.First.Format(time.RFC3339), w.Last.Format(time.RFC3339), fmt.Sprint(w.MRR)}
			if !slices.Equal(g, wantRow) {
				t.Errorf("row %d:\n got %v\nwant %v", i, g, wantRow)
			}
			if w.MRR != 0 {
				withMRR++
			}
		}
		if withMRR == 0 {
			t.Error("no top customer has MRR in the truth: the MRR column is not checked")
		}
	}
}

// tableRows reads the top customers table as strings, amounts in minor units, for comparison
// with the truth.
func tableRows(t *testing.T, frames data.Frames) [][]string {
	t.Helper()
	if len(frames) != 1 {
		t.Fatalf("%d frames, want one table", len(frames))
	}
	f := frames[0]
	col := func(name string) *data.Field {
		fl, i := f.FieldByName(name)
		if i < 0 {
			t.Fatalf("no %q column in %v", name, f.Fields)
		}
		return fl
	}
	out := make([][]string, f.Rows())
	for i := range out {
		cur := col("Currency").At(i).(string)
		mrr := "nil"
		if v := col("MRR now").At(i).(*float64); v != nil {
			mrr = fmt.Sprint(minorUnits(*v, cur))
		}
		out[i] = []string{col("Customer").At(i).(string), col("Name").At(i).(string), col("Email").At(i).(string), cur,
			fmt.Sprint(minorUnits(col("Net paid").At(i).(float64), cur)), fmt.Sprint(col("Payments").At(i).(int64)),
			col("First payment").At(i).(time.Time).Format(time.RFC3339), col("Last payment").At(i).(time.Time).Format(time.RFC3339), mrr}
		if link := col("Stripe Dashboard").At(i).(string); !strings.HasSuffix(link, "/customers/"+out[i][0]) {
			t.Errorf("row %d: link %q does not open the customer", i, link)
		}
	}
	return out
}

// Without Read access to Customers the table still answers, with ids only and a notice naming
// the permission; without the subscription history, MRR is empty and the notice says why.
func TestTopCustomersWithoutCustomerOrSubscriptionAccess(t *testing.T) {
	from, to := truthRange()
	sim := simulate(t, "tiny", 7)
	var perms []string
	for _, p := range server.AllReadPermissions {
		if p != server.PermCustomer && p != server.PermSubscription {
			perms = append(perms, p)
		}
	}
	const key = "rk_test_nocustomersnosubscriptions"
	h, err := sim.acct.Handler(server.Key{Value: key, Permissions: perms})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ds := (&simulated{url: srv.URL}).datasourceKeyed(t, key, nil)
	r := run(t, ds, map[string]any{"metric": "top_customers"}, from.AddDate(0, -6, 0), to)
	rows := tableRows(t, r.Frames)
	if len(rows) == 0 {
		t.Fatal("no rows: the tiny account has payments in the range")
	}
	for _, row := range rows {
		if row[1] != "" || row[2] != "" || row[8] != "nil" {
			t.Errorf("row %v: want an id without name, email or MRR", row)
		}
	}
	var texts []string
	for _, n := range r.Frames[0].Meta.Notices {
		texts = append(texts, n.Text)
	}
	joined := strings.Join(texts, " | ")
	for _, says := range []string{"rak_customer_read", "rak_subscription_read"} {
		if !strings.Contains(joined, says) {
			t.Errorf("notices %q do not name %s", joined, says)
		}
	}
}

// The customer variable lists "Name <email>" with the id as value; a search narrows it by
// name, email or id in any case, and an unexpanded ${__searchFilter} is no search.
func TestCustomerVariableSearch(t *testing.T) {
	sim := simulate(t, "tiny", 7)
	ds := sim.datasource(t, nil)
	customers := sim.acct.Model.Customers
	if len(customers) < 3 {
		t.Fatalf("%d customers", len(customers))
	}
	pick := customers[1]
	needle := strings.ToUpper(pick.Email[:len(pick.Email)-len("@example.com")])
	for _, c := range []struct {
		search string
		want   func(name, email, id string) bool
	}{
		{"", func(string, string, string) bool { return true }},
		{"${__searchFilter}", func(string, string, string) bool { return true }},
		{needle, func(name, email, id string) bool {
			n := strings.ToLower(needle)
			return strings.Contains(strings.ToLower(name), n) || strings.Contains(strings.ToLower(email), n) || strings.Contains(strings.ToLower(id), n)
		}},
		{pick.ID, func(_, _, id string) bool { return strings.Contains(strings.ToLower(id), strings.ToLower(pick.ID)) }},
	} {
		r := run(t, ds, map[string]any{"queryType": "variable", "variable": "customers", "search": c.search}, testNow.AddDate(0, -1, 0), testNow)
		f := r.Frames[0]
		got := map[string]string{}
		for i := 0; i < f.Rows(); i++ {
			got[f.Fields[1].At(i).(string)] = f.Fields[0].At(i).(string)
		}
		want := map[string]string{}
		for _, cu := range customers {
			if c.want(cu.Name, cu.Email, cu.ID) {
				want[cu.ID] = cu.Name + " <" + cu.Email + ">"
			}
		}
		if len(want) == 0 || len(got) != len(want) {
			t.Errorf("search %q: %d choices, want %d", c.search, len(got), len(want))
		}
		for id, text := range want {
			if got[id] != text {
				t.Errorf("search %q: %s is %q, want %q", c.search, id, got[id], text)
			}
		}
	}
}
