package protocol_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
	"github.com/revops/stripe-datasource/tests/protocol/harness"
)

// Keys the simulated Stripe knows besides simulator.DemoKey (which may read everything).
const (
	revenueOnlyKey = "rk_test_51RevenueOnlyKey000000000000000000000000000000000000000revenue"
	unknownKey     = "rk_test_51ThisKeyWasRolledLongAgo0000000000000000000000000000000rolled"
)

var (
	simOnce sync.Once
	simAcct *simulator.Account
	simURL  string
	simErr  error
)

var simNow = time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC)

// simulatedStripe serves a generated account on loopback for the plugin process to call.
func simulatedStripe(t *testing.T) (*simulator.Account, string) {
	t.Helper()
	simOnce.Do(func() {
		simAcct, simErr = simulator.New("multi_currency", 11, simNow)
		if simErr != nil {
			return
		}
		h, err := simAcct.Handler(server.Key{Value: revenueOnlyKey, Permissions: []string{server.PermBalanceTransaction}})
		if err != nil {
			simErr = err
			return
		}
		simURL = httptest.NewServer(h).URL
	})
	if simErr != nil {
		t.Fatal(simErr)
	}
	return simAcct, simURL
}

// keyed is a data source on the simulated Stripe. Its budgets are high: a local simulator has no
// merchant to leave room for, and the test-mode default (10/s) would make every test wait.
func keyed(url, key string) harness.DataSource {
	return harness.DataSource{ID: 10, UID: "sim-" + key[len(key)-6:], Name: "Stripe",
		JSONData: map[string]any{"apiBaseUrl": url, "rateLimit": 1000, "endpointRateLimit": 1000}, Secure: map[string]string{"apiKey": key}}
}

func TestSaveAndTestReportsModeAccountAndPermissionMatrix(t *testing.T) {
	acct, url := simulatedStripe(t)
	p := harness.Start(t)
	ctx := context.Background()

	full, err := p.CheckHealth(ctx, keyed(url, simulator.DemoKey))
	if err != nil {
		t.Fatal(err)
	}
	if full.Status != backend.HealthStatusOk || !strings.Contains(full.Message, "test mode") || !strings.Contains(full.Message, fmt.Sprintf("All %d metric groups work", groupsReadingStripe())) {
		t.Errorf("full key: %v %q", full.Status, full.Message)
	}
	// It names the API versions of the account's newest events (the store lists newest first),
	// with how many of each when there are several.
	versions := map[string]int{}
	for _, ev := range acct.Store.Events[:min(100, len(acct.Store.Events))] {
		versions[string(ev.APIVersion)]++
	}
	for v, n := range versions {
		if want := fmt.Sprintf("%s (%d)", v, n); len(versions) == 1 && !strings.Contains(full.Message, "API version "+v+", which the plugin reads") ||
			len(versions) > 1 && !strings.Contains(full.Message, want) {
			t.Errorf("Save & test does not name the events' API version %s (%d of the newest 100): %q", v, n, full.Message)
		}
	}

	limited, err := p.CheckHealth(ctx, keyed(url, revenueOnlyKey))
	if err != nil {
		t.Fatal(err)
	}
	if limited.Status != backend.HealthStatusOk {
		t.Errorf("a key that can read revenue should pass with a warning, got %v %q", limited.Status, limited.Message)
	}
	var details struct {
		Mode   string `json:"mode"`
		Groups []struct {
			ID      string   `json:"id"`
			OK      bool     `json:"ok"`
			Missing []string `json:"missingPermissions"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(limited.JSONDetails, &details); err != nil {
		t.Fatal(err)
	}
	// Expected from the key's permissions above and the catalog's group → resource table.
	want := map[string]struct {
		ok      bool
		missing string
	}{
		"revenue":       {true, ""},
		"payments":      {false, "rak_charge_read"},
		"disputes":      {false, "rak_dispute_read"},
		"balance":       {false, "rak_balance_read"},
		"subscriptions": {false, "rak_subscription_read"},
		"invoices":      {false, "rak_invoice_read"},
		"customers":     {false, "rak_customer_read"},
	}
	if details.Mode != "test" || len(details.Groups) != len(want) {
		t.Fatalf("details: %+v", details)
	}
	for _, g := range details.Groups {
		w := want[g.ID]
		if g.OK != w.ok {
			t.Errorf("group %s ok=%v, want %v", g.ID, g.OK, w.ok)
		}
		if w.missing != "" && !contains(g.Missing, w.missing) {
			t.Errorf("group %s missing %v, want it to name %s", g.ID, g.Missing, w.missing)
		}
	}
	if !strings.Contains(limited.Message, "'rak_charge_read'") {
		t.Errorf("message should name the permission to enable: %q", limited.Message)
	}

	rolled, err := p.CheckHealth(ctx, keyed(url, unknownKey))
	if err != nil {
		t.Fatal(err)
	}
	if rolled.Status != backend.HealthStatusError || !strings.Contains(strings.ToLower(rolled.Message), "key") {
		t.Errorf("unknown key: %v %q", rolled.Status, rolled.Message)
	}
	for _, k := range []string{simulator.DemoKey, revenueOnlyKey, unknownKey} {
		tail := k[len(k)-12:]
		for _, text := range []string{full.Message, string(full.JSONDetails), limited.Message, string(limited.JSONDetails), rolled.Message, p.Logs()} {
			if strings.Contains(text, tail) {
				t.Errorf("a key's tail %q appears in the plugin's output", tail)
			}
		}
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func TestNetRevenueOverTheProtocolEqualsGroundTruth(t *testing.T) {
	acct, url := simulatedStripe(t)
	p := harness.Start(t)
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	res, err := p.QueryData(context.Background(), keyed(url, simulator.DemoKey), harness.Query{
		RefID: "A", Model: map[string]any{"metric": "net_revenue", "bucket": "day"}, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	want, err := acct.DefaultTruth().BalanceActivity(from, to, truth.Day, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Frames) != len(want) {
		t.Fatalf("%d frames, truth has %d currencies", len(r.Frames), len(want))
	}
	for i, s := range want {
		f := r.Frames[i]
		if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesMulti || f.Fields[1].Labels["currency"] != s.Currency {
			t.Fatalf("frame %d: %+v labels %v", i, f.Meta, f.Fields[1].Labels)
		}
		if f.Rows() != len(s.Rows) {
			t.Fatalf("%s: %d rows, truth %d", s.Currency, f.Rows(), len(s.Rows))
		}
		for j, row := range s.Rows {
			got := int64(math.Round(f.Fields[1].At(j).(float64) * 100)) // the profile's currencies have 2 decimals
			if !f.Fields[0].At(j).(time.Time).Equal(row.Start) || got != row.NetRevenue {
				t.Errorf("%s %s: %d, truth %d", s.Currency, row.Start, got, row.NetRevenue)
			}
		}
	}
}

func TestMissingPermissionFailsTheQueryNamingIt(t *testing.T) {
	_, url := simulatedStripe(t)
	p := harness.Start(t)
	// The key may read balance transactions only; a key without even that is the unknown one.
	ds := keyed(url, unknownKey)
	res, err := p.QueryData(context.Background(), ds, harness.Query{RefID: "A",
		Model: map[string]any{"metric": "net_revenue"}, From: simNow.Add(-72 * time.Hour), To: simNow})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Responses["A"]
	if r.Error == nil || r.Status != backend.StatusUnauthorized || r.ErrorSource != backend.ErrorSourceDownstream {
		t.Errorf("unknown key: status %v source %q err %v", r.Status, r.ErrorSource, r.Error)
	}
}

func TestDemoDataSourceNeedsNoKey(t *testing.T) {
	p := harness.Start(t)
	ds := harness.DataSource{ID: 20, UID: "demo", Name: "Stripe (demo account)", JSONData: map[string]any{"source": "demo"}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := p.CheckHealth(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "demo") {
		t.Fatalf("demo health: %v %q", res.Status, res.Message)
	}
	now := time.Now()
	q, err := p.QueryData(ctx, ds, harness.Query{RefID: "A", Model: map[string]any{"metric": "net_revenue", "bucket": "day"},
		From: now.AddDate(0, 0, -30), To: now})
	if err != nil {
		t.Fatal(err)
	}
	r := q.Responses["A"]
	if r.Error != nil || len(r.Frames) == 0 {
		t.Fatalf("demo query: %v, %d frames", r.Error, len(r.Frames))
	}
	nonZero := 0
	for _, f := range r.Frames {
		for i := 0; i < f.Rows(); i++ {
			if f.Fields[1].At(i).(float64) != 0 {
				nonZero++
			}
		}
	}
	if nonZero < 20 {
		t.Errorf("the demo's last 30 days have only %d non-zero days: its history should reach the present", nonZero)
	}
}

// The "access" resource tells the query editor which resources the key may read and names the
// permission it lacks for the others; the key itself never appears in the answer.
func TestAccessResourceNamesMissingPermissions(t *testing.T) {
	_, url := simulatedStripe(t)
	p := harness.Start(t)
	status, body, err := p.CallResource(context.Background(), keyed(url, revenueOnlyKey), "GET", "access", nil)
	if err != nil || status != 200 {
		t.Fatalf("access: %d %v %s", status, err, body)
	}
	var got struct {
		Resources map[string]struct {
			Readable          bool
			MissingPermission string
		}
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if r := got.Resources["balance_transactions"]; !r.Readable {
		t.Errorf("balance transactions: %+v, the key may read them", r)
	}
	for id, perm := range map[string]string{"charges": "rak_charge_read", "disputes": "rak_dispute_read", "subscriptions": "rak_subscription_read"} {
		if r := got.Resources[id]; r.Readable || r.MissingPermission != perm {
			t.Errorf("%s: %+v, want unreadable for lack of %s", id, r, perm)
		}
	}
	if strings.Contains(string(body), revenueOnlyKey[len(revenueOnlyKey)-8:]) {
		t.Error("the answer contains the key")
	}
}

// groupsReadingStripe is how many metric groups Save & test checks: those that read Stripe.
func groupsReadingStripe() int {
	n := 0
	for _, g := range catalog.Get().Groups {
		if len(g.Resources) > 0 {
			n++
		}
	}
	return n
}
