package plugin

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/simulator"
)

// everyQueryType is one stored query of each metric, variable list and annotation kind.
func everyQueryType() []map[string]any {
	var out []map[string]any
	for _, m := range catalog.Get().Metrics {
		out = append(out, map[string]any{"metric": m.ID})
	}
	for _, v := range catalog.Get().VariableIDs() {
		out = append(out, map[string]any{"queryType": "variable", "variable": v})
	}
	for _, a := range catalog.Get().AnnotationIDs() {
		out = append(out, map[string]any{"queryType": "annotation", "annotation": a})
	}
	return out
}

// wantRefused fails unless resp is a 400 downstream error whose message says each of says.
func wantRefused(t *testing.T, what string, resp backend.DataResponse, says ...string) {
	t.Helper()
	if resp.Error == nil || resp.Status != backend.StatusBadRequest || resp.ErrorSource != backend.ErrorSourceDownstream {
		t.Errorf("%s: status %d source %q error %v, want a 400 downstream error", what, resp.Status, resp.ErrorSource, resp.Error)
		return
	}
	for _, s := range says {
		if !strings.Contains(resp.Error.Error(), s) {
			t.Errorf("%s: %q does not say %q", what, resp.Error, s)
		}
	}
	t.Logf("%s: %d %s", what, resp.Status, resp.Error) // the answers each bad input gets, for the notes (-v)
}

// A time range that ends before it starts, or reaches before 1970 (a range before it, a
// 100-year range), is refused in plain words by every query type, before anything is read.
func TestEveryQueryTypeRefusesUnusableTimeRanges(t *testing.T) {
	s := newSimulated(t, "tiny", 1)
	ds := s.datasource(t, map[string]any{"rateLimit": 1000})
	now := testNow
	ranges := []struct {
		name     string
		from, to time.Time
		says     []string
	}{
		{"before 1970", time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1965, 1, 1, 0, 0, 0, 0, time.UTC), []string{"1960-01-01", "before 1970"}},
		{"100 years", now.AddDate(-100, 0, 0), now, []string{"1926-11-20", "before 1970"}},
		{"reversed", now, now.AddDate(0, -1, 0), []string{"ends (2026-10-20 15:30:00 UTC) before it starts (2026-11-20 15:30:00 UTC)"}},
		{"empty", now, now, []string{"ends", "before it starts"}},
	}
	for _, q := range everyQueryType() {
		js, _ := json.Marshal(q)
		for _, r := range ranges {
			wantRefused(t, string(js)+" "+r.name, runRaw(t, ds, string(js), r.from, r.to), r.says...)
		}
	}
	if n := s.handler.Counts().Total(); n != 0 {
		t.Errorf("%d requests reached Stripe for refused ranges", n)
	}
}

// A range in the future is no error: the balance over time repeats the present balance (the
// simulator's truth), and the other metrics answer as for any range without activity.
func TestBalanceOverTimeInTheFuture(t *testing.T) {
	s := simulate(t, "tiny", 1)
	ds := s.datasource(t, map[string]any{"rateLimit": 1000})
	from, to := testNow.AddDate(0, 1, 0), testNow.AddDate(0, 2, 0)
	got := seriesByLabels(t, run(t, ds, map[string]any{"metric": "balance_over_time", "bucket": "week", "timeZone": "UTC"}, from, to).Frames, "")
	want := s.acct.DefaultTruth().Balance()
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("%d currencies, truth %d", len(got), len(want))
	}
	for _, b := range want {
		points := got[b.Currency+"/"]
		if len(points) == 0 {
			t.Errorf("%s: no points", b.Currency)
		}
		for at, v := range points {
			if v != b.Available+b.Pending {
				t.Errorf("%s at %s: %d, want the present balance %d", b.Currency, time.Unix(at, 0).UTC(), v, b.Available+b.Pending)
			}
		}
	}
}

// Currency codes Stripe does not have are refused by name; a real one the account never used
// answers (zero); a variable nobody expanded falls back to every currency, saying so.
func TestCurrencyOptionRefusesCodesStripeDoesNotHave(t *testing.T) {
	s := simulate(t, "tiny", 1)
	ds := s.datasource(t, map[string]any{"rateLimit": 1000})
	from, to := testNow.AddDate(0, -1, 0), testNow
	for _, bad := range []string{"usdd", "US Dollar"} {
		js, _ := json.Marshal(map[string]any{"metric": "net_revenue", "currencies": []string{bad}})
		wantRefused(t, bad, runRaw(t, ds, string(js), from, to), `"`+bad+`"`, "not a currency code")
	}
	if r := run(t, ds, map[string]any{"metric": "net_revenue", "currencies": []string{"chf"}}, from, to); len(r.Frames) == 0 {
		t.Error("a valid currency without activity: no frame")
	}
	r := run(t, ds, map[string]any{"metric": "net_revenue", "currencies": []string{"[[currency]]"}}, from, to)
	if len(r.Frames) == 0 || r.Frames[0].Meta == nil || len(r.Frames[0].Meta.Notices) == 0 ||
		!strings.Contains(r.Frames[0].Meta.Notices[0].Text, "[[currency]]") {
		t.Errorf("unexpanded [[currency]]: %v", r.Frames)
	}
}

// A customer id that names no customer is an error that says so, not "no charges"; an existing
// customer without charges in the range gets a notice naming the customer.
func TestCustomerFilterOfAnUnknownCustomer(t *testing.T) {
	s := simulate(t, "tiny", 1)
	ds := s.datasource(t, map[string]any{"rateLimit": 1000})
	from, to := testNow.AddDate(0, -1, 0), testNow
	for _, metric := range []string{"payments_succeeded", "failed_payments_table"} {
		js, _ := json.Marshal(map[string]any{"metric": metric, "customer": "cus_nosuchcustomer"})
		wantRefused(t, metric, runRaw(t, ds, string(js), from, to), "no customer cus_nosuchcustomer")
	}
	// The model's oldest customer, asked about a range before it was created.
	c := s.acct.Model.Customers[0]
	created := time.Unix(c.Created, 0)
	r := run(t, ds, map[string]any{"metric": "payments_succeeded", "customer": c.ID}, created.AddDate(0, -1, 0), created.Add(-time.Hour))
	if len(r.Frames) == 0 || r.Frames[0].Meta == nil || len(r.Frames[0].Meta.Notices) == 0 ||
		!strings.Contains(r.Frames[0].Meta.Notices[0].Text, "Customer "+c.ID+" has no charges") {
		t.Errorf("existing customer without charges: %+v", r.Frames)
	}
}

// Unusable settings fail every query as a 400 downstream error naming the setting, and Save &
// test says the same.
func TestUnusableSettingsNameTheSetting(t *testing.T) {
	for _, c := range []struct{ json, says string }{
		{`{"timeZone":"Mars/Olympus"}`, `"Default time zone" (timeZone) is "Mars/Olympus"`},
		{`{"rateLimit":"fast"}`, `"Request rate budget" (rateLimit) must be a number, not "fast"`},
		{`{"source":"bogus"}`, `"Read from" (source) is "bogus"`},
		{`{"connectedAccount":"cus_PD6LSQd0tEf6Dh"}`, `"Connected account" (connectedAccount) is "cus_PD6LSQd0tEf6Dh", which is not a Stripe account id`},
	} {
		inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{ID: 1, UID: "x", JSONData: []byte(c.json),
			DecryptedSecureJSONData: map[string]string{"apiKey": simulator.DemoKey}})
		if err != nil {
			t.Fatal(err)
		}
		d := inst.(*Datasource)
		wantRefused(t, c.json, runRaw(t, d, `{"metric":"net_revenue"}`, testNow.AddDate(0, -1, 0), testNow), c.says)
		h, err := d.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		if err != nil || h.Status != backend.HealthStatusError || !strings.Contains(h.Message, c.says) {
			t.Errorf("%s: Save & test %v %q", c.json, h.Status, h.Message)
		}
		inst.(instancemgmt.InstanceDisposer).Dispose()
	}
}
