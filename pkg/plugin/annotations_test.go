package plugin

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/money"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

func TestEveryAnnotationAndVariableIsServed(t *testing.T) {
	for _, a := range catalog.Get().Annotations {
		if eventSources[a.ID] == nil {
			t.Errorf("annotation %q is in the catalog but has no event source", a.ID)
		}
	}
	if len(eventSources) != len(catalog.Get().Annotations) {
		t.Errorf("%d event sources for %d catalog annotations", len(eventSources), len(catalog.Get().Annotations))
	}
	for _, v := range catalog.Get().Variables {
		if variableSources[v.ID] == nil {
			t.Errorf("variable %q is in the catalog but has no source", v.ID)
		}
	}
	if len(variableSources) != len(catalog.Get().Variables) {
		t.Errorf("%d variable sources for %d catalog variables", len(variableSources), len(catalog.Get().Variables))
	}
}

// Each annotation kind marks exactly the model's objects of the range above the minimum amount,
// in time order, with a link to the object.
func TestAnnotationsMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "heavy_refunds_disputes", 7)
	ds := sim.datasource(t, nil)
	tr := sim.acct.DefaultTruth()
	m := tr.Model()
	// The last 30 days: where Stripe's events date every subscription change exactly.
	from, to := testNow.AddDate(0, 0, -29), testNow
	in := func(at int64) bool { return at >= from.Unix() && at < to.Unix() }
	type mark struct {
		at    int64
		title string
		link  string
	}
	const minAmount = 50.0
	want := map[string][]mark{}
	for _, d := range m.Disputes {
		if in(d.Created) && d.Amount >= money.Minor(minAmount, d.Currency) {
			want["disputes_opened"] = append(want["disputes_opened"], mark{d.Created, "Dispute opened: " + money.Format(d.Amount, d.Currency), "disputes/" + d.ID})
		}
	}
	for _, p := range m.Payouts {
		if in(p.Created) && p.Amount >= money.Minor(minAmount, p.Currency) {
			want["payouts"] = append(want["payouts"], mark{p.Created, "Payout: " + money.Format(p.Amount, p.Currency), "payouts/" + p.ID})
		}
	}
	for _, r := range tr.Refunds(from, to) {
		if r.Amount >= money.Minor(minAmount, r.Currency) {
			want["large_refunds"] = append(want["large_refunds"], mark{r.Created.Unix(), "Refund: " + money.Format(r.Amount, r.Currency), "payments/" + r.Charge})
		}
	}
	for _, mv := range tr.Movements() {
		if mv.Kind == truth.MoveChurn && in(mv.At.Unix()) && mv.Before >= money.Minor(minAmount, mv.Currency) {
			want["churn"] = append(want["churn"], mark{mv.At.Unix(), "Churn: " + money.Format(mv.Before, mv.Currency) + " MRR", "customers/" + mv.Customer})
		}
	}
	for kind, marks := range want {
		sort.SliceStable(marks, func(i, j int) bool {
			if marks[i].at != marks[j].at {
				return marks[i].at < marks[j].at
			}
			if marks[i].title != marks[j].title {
				return marks[i].title < marks[j].title
			}
			return marks[i].link < marks[j].link
		})
		t.Run(kind, func(t *testing.T) {
			if len(marks) < 2 {
				t.Fatalf("only %d %s in the range: the test needs several", len(marks), kind)
			}
			r := run(t, ds, map[string]any{"queryType": "annotation", "annotation": kind, "minAmount": minAmount}, from, to)
			f := r.Frames[0]
			if f.Rows() != len(marks) {
				t.Fatalf("%d events, truth %d", f.Rows(), len(marks))
			}
			for i, w := range marks {
				at, title, text := f.Fields[0].At(i), f.Fields[2].At(i).(string), f.Fields[3].At(i).(string)
				link := `href="https://dashboard.stripe.com/test/` + w.link + `"`
				if fmt.Sprint(at) != fmt.Sprint(unixUTC(w.at)) || title != w.title || !strings.Contains(text, link) {
					t.Errorf("event %d: %v %q %q, want %v %q with %s", i, at, title, text, unixUTC(w.at), w.title, link)
				}
			}
		})
	}
}

func TestVariablesListTheAccount(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	ds := sim.datasource(t, nil)
	tr := sim.acct.DefaultTruth()
	m := tr.Model()
	from, to := truthRange()
	values := func(variable string) []string {
		f := run(t, ds, map[string]any{"queryType": "variable", "variable": variable}, from, to).Frames[0]
		if f.Fields[0].Name != "text" || f.Fields[1].Name != "value" {
			t.Fatalf("%s: fields %s, %s", variable, f.Fields[0].Name, f.Fields[1].Name)
		}
		var out []string
		for i := 0; i < f.Rows(); i++ {
			out = append(out, f.Fields[1].At(i).(string))
		}
		sort.Strings(out)
		return out
	}
	curs := map[string]bool{}
	for _, b := range tr.Balance() {
		curs[b.Currency] = true
	}
	for _, c := range m.Charges {
		if c.Created >= from.Unix() && c.Created < to.Unix() {
			curs[c.Currency] = true
		}
	}
	check := func(variable string, want map[string]bool) {
		got := values(variable)
		if len(got) != len(want) {
			t.Errorf("%s: %d values, truth %d: %v", variable, len(got), len(want), got)
		}
		for _, v := range got {
			if !want[v] {
				t.Errorf("%s: unexpected %q", variable, v)
			}
		}
	}
	if len(curs) < 3 {
		t.Fatalf("the account has %d currencies: the test needs several", len(curs))
	}
	check("currencies", curs)
	products, prices, metricIDs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, p := range m.Products {
		products[p.ID] = true
	}
	for _, p := range m.Prices {
		prices[p.ID] = true
	}
	for _, mt := range catalog.Get().Metrics {
		metricIDs[mt.ID] = true
	}
	check("products", products)
	check("prices", prices)
	check("metrics", metricIDs)
}

func unixUTC(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
