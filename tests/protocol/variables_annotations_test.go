package protocol_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/money"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/tests/protocol/harness"
)

// Template variable queries through the binary list what the simulated account has: its
// products and its currencies (balance currencies and those of the charges in range).
func TestVariableQueriesOverTheProtocol(t *testing.T) {
	acct, url := simulatedStripe(t)
	p := harness.Start(t)
	ds := keyed(url, simulator.DemoKey)
	m := acct.DefaultTruth().Model()
	from, to := simNow.AddDate(0, 0, -14), simNow
	res, err := p.QueryData(context.Background(), ds,
		harness.Query{RefID: "products", Model: map[string]any{"queryType": "variable", "variable": "products"}, From: from, To: to},
		harness.Query{RefID: "currencies", Model: map[string]any{"queryType": "variable", "variable": "currencies"}, From: from, To: to},
	)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]bool{"products": {}, "currencies": {}}
	for _, pr := range m.Products {
		want["products"][pr.ID] = true
	}
	for _, b := range acct.DefaultTruth().Balance() {
		want["currencies"][b.Currency] = true
	}
	for _, c := range m.Charges {
		if c.Created >= from.Unix() && c.Created < to.Unix() {
			want["currencies"][c.Currency] = true
		}
	}
	for ref, w := range want {
		r := res.Responses[ref]
		if r.Error != nil || len(r.Frames) != 1 {
			t.Fatalf("%s: %v, %d frames", ref, r.Error, len(r.Frames))
		}
		f := r.Frames[0]
		var got []string
		for i := 0; i < f.Rows(); i++ {
			got = append(got, f.Fields[1].At(i).(string))
		}
		sort.Strings(got)
		if len(got) != len(w) || len(w) < 2 {
			t.Errorf("%s: %v, truth has %d", ref, got, len(w))
		}
		for _, v := range got {
			if !w[v] {
				t.Errorf("%s: unexpected %q", ref, v)
			}
		}
	}
}

// An annotation query through the binary marks each payout of the range with its amount, as a
// span to its arrival, linked to the payout in the Stripe Dashboard.
func TestAnnotationQueryOverTheProtocol(t *testing.T) {
	acct, url := simulatedStripe(t)
	p := harness.Start(t)
	from, to := simNow.AddDate(0, 0, -10), simNow
	res, err := p.QueryData(context.Background(), keyed(url, simulator.DemoKey),
		harness.Query{RefID: "Anno", Model: map[string]any{"queryType": "annotation", "annotation": "payouts"}, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Responses["Anno"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	type mark struct{ at, end, title, link string }
	var want []mark
	for _, po := range acct.DefaultTruth().Model().Payouts {
		if po.Created >= from.Unix() && po.Created < to.Unix() {
			want = append(want, mark{time.Unix(po.Created, 0).UTC().String(), time.Unix(po.ArrivalDate, 0).UTC().String(),
				"Payout: " + money.Format(po.Amount, po.Currency), "https://dashboard.stripe.com/test/payouts/" + po.ID})
		}
	}
	if len(want) < 2 {
		t.Fatalf("%d payouts in the range: the test needs several", len(want))
	}
	f := r.Frames[0]
	if f.Rows() != len(want) {
		t.Fatalf("%d events, truth %d payouts", f.Rows(), len(want))
	}
	got := make([]mark, f.Rows())
	for i := range got {
		end := f.Fields[1].At(i).(*time.Time)
		got[i] = mark{f.Fields[0].At(i).(time.Time).String(), end.String(), f.Fields[2].At(i).(string), f.Fields[3].At(i).(string)}
	}
	sort.Slice(want, func(i, j int) bool { return want[i].at+want[i].title < want[j].at+want[j].title })
	sort.Slice(got, func(i, j int) bool { return got[i].at+got[i].title < got[j].at+got[j].title })
	for i := range want {
		if got[i].at != want[i].at || got[i].end != want[i].end || got[i].title != want[i].title || !strings.Contains(got[i].link, want[i].link) {
			t.Errorf("event %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
