package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// Keys of the Connect tests, besides DemoKey (which may read everything on connected accounts
// except GET /v1/account, as on the platform).
const (
	// connectKey may also read GET /v1/account of a connected account.
	connectKey = "rk_test_51SimConnectKeyAccountRead0000000000000000000000000000000000000000000000000connect"
	// noChargesKey reads everything on the platform, and everything but charges on connected accounts.
	noChargesKey = "rk_test_51SimConnectKeyWithoutCharges00000000000000000000000000000000000000000nocharge"
)

// platform is a generated platform ("tiny", seed 7) with one connected account, served on loopback.
type platform struct {
	*simulated
	conn *simulator.Account
}

func newPlatform(t *testing.T) *platform {
	t.Helper()
	acct, err := simulator.New("tiny", 7, testNow)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := acct.AddConnected("")
	if err != nil {
		t.Fatal(err)
	}
	var noCharges []string
	for _, p := range server.AllReadPermissions {
		if p != server.PermCharge {
			noCharges = append(noCharges, p)
		}
	}
	h, err := acct.Handler(
		server.Key{Value: connectKey, Permissions: server.AllReadPermissions, ConnectPermissions: append([]string{server.PermAccount}, server.AllReadPermissions...)},
		server.Key{Value: noChargesKey, Permissions: server.AllReadPermissions, ConnectPermissions: noCharges})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &platform{simulated: &simulated{acct: acct, url: srv.URL, handler: h}, conn: conn}
}

// netRevenueTruth is the ground truth of net_revenue by UTC day over the truth range.
func netRevenueTruth(t *testing.T, a *simulator.Account) map[string]map[int64]int64 {
	t.Helper()
	from, to := truthRange()
	series, err := a.DefaultTruth().BalanceActivity(from, to, truth.Day, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[int64]int64{}
	for _, s := range series {
		out[s.Currency] = map[int64]int64{}
		for _, r := range s.Rows {
			out[s.Currency][r.Start.Unix()] = r.NetRevenue
		}
	}
	return out
}

func netRevenue(t *testing.T, ds *Datasource) map[string]map[int64]int64 {
	t.Helper()
	from, to := truthRange()
	return framesByCurrency(t, run(t, ds, map[string]any{"metric": "net_revenue", "bucket": "day", "timeZone": "UTC"}, from, to).Frames)
}

func anyNonZero(s map[string]map[int64]int64) bool {
	for _, byBucket := range s {
		for _, v := range byBucket {
			if v != 0 {
				return true
			}
		}
	}
	return false
}

func sameSeries(a, b map[string]map[int64]int64) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// A data source with a connected account answers that account's numbers: net revenue equals the
// connected account's ground truth bucket by bucket, not the platform's.
func TestConnectedAccountAnswersItsOwnNumbers(t *testing.T) {
	p := newPlatform(t)
	want, platformTruth := netRevenueTruth(t, p.conn), netRevenueTruth(t, p.acct)
	if sameSeries(want, platformTruth) || !anyNonZero(want) {
		t.Fatal("the connected account's truth is empty or equals the platform's: the test could not tell them apart")
	}
	ds := p.datasource(t, map[string]any{"connectedAccount": p.conn.Store.Account.ID})
	if got := netRevenue(t, ds); !sameSeries(got, want) {
		t.Errorf("net revenue with the connected account\n got %v\nwant %v (its truth)", got, want)
	}
	if got := netRevenue(t, p.datasource(t, nil)); !sameSeries(got, platformTruth) {
		t.Errorf("net revenue without a connected account\n got %v\nwant %v (the platform's truth)", got, platformTruth)
	}
}

// Save & test names the connected account where the key may read it, and runs the permission
// matrix on it.
func TestSaveAndTestNamesTheConnectedAccount(t *testing.T) {
	p := newPlatform(t)
	acct := p.conn.Store.Account.ID
	health := func(key string) (*backend.CheckHealthResult, HealthDetails) {
		t.Helper()
		ds := p.datasourceKeyed(t, key, map[string]any{"connectedAccount": acct})
		h, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		if err != nil {
			t.Fatal(err)
		}
		var d HealthDetails
		if err := json.Unmarshal(h.JSONDetails, &d); err != nil {
			t.Fatalf("%v: %s", err, h.Message)
		}
		return h, d
	}
	h, d := health(connectKey)
	if h.Status != backend.HealthStatusOk || d.ConnectedAccount != acct || d.Account != "Connected Shop 1 (tiny)" ||
		!strings.Contains(h.Message, "reading the connected account Connected Shop 1 (tiny) ("+acct+")") || !strings.Contains(h.Message, fmt.Sprintf("All %d metric groups work", metricGroupsWithResources())) {
		t.Errorf("%v %q, details %+v", h.Status, h.Message, d)
	}
	// The demo key may not read GET /v1/account there: the id stands in for the name.
	h, _ = health(simulator.DemoKey)
	if h.Status != backend.HealthStatusOk || !strings.Contains(h.Message, "reading the connected account "+acct+".") {
		t.Errorf("without access to the account's details: %q", h.Message)
	}
	// A permission missing on the connected account is named, with the column it goes in.
	h, d = health(noChargesKey)
	if !strings.Contains(h.Message, "Payments needs 'rak_charge_read'") || !strings.Contains(h.Message, "Connect column") {
		t.Errorf("missing permission on the connected account: %q", h.Message)
	}
	for _, g := range d.Groups {
		if g.ID == "payments" && (g.OK || len(g.Missing) != 1 || g.Missing[0] != "rak_charge_read") {
			t.Errorf("payments group %+v", g)
		}
	}
}

// An account the key cannot read gets Stripe's message and what to do, in Save & test and in
// every query.
func TestAnAccountTheKeyCannotReadGetsStripesMessage(t *testing.T) {
	p := newPlatform(t)
	ds := p.datasource(t, map[string]any{"connectedAccount": "acct_1NotConnectedHere"})
	h, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"does not have access to account 'acct_1NotConnectedHere' (or that account does not exist)", "Connect → Connected accounts", "platform"} {
		if h.Status != backend.HealthStatusError || !strings.Contains(h.Message, want) {
			t.Errorf("Save & test %v lacks %q: %s", h.Status, want, h.Message)
		}
	}
	if strings.Count(h.Message, "does not have access") != 1 {
		t.Errorf("said more than once: %s", h.Message)
	}
	from, to := truthRange()
	r := runRaw(t, ds, `{"metric":"net_revenue"}`, from, to)
	if r.Error == nil || r.Status != backend.StatusForbidden || r.ErrorSource != backend.ErrorSourceDownstream ||
		!strings.Contains(r.Error.Error(), "acct_1NotConnectedHere") {
		t.Errorf("query: %d %s %v", r.Status, r.ErrorSource, r.Error)
	}
	assertNoKeyIn(t, h.Message+r.Error.Error())
}

func assertNoKeyIn(t *testing.T, text string) {
	t.Helper()
	key := simulator.DemoKey
	for i := 0; len(key)-i >= 6; i++ {
		if strings.Contains(text, key[i:]) {
			t.Fatalf("the key's tail %q is in %s", key[i:], text)
		}
	}
}

// The cache on disk is per account: after the connected account is set on a data source, it
// answers with that account's numbers (read from Stripe), not the platform's from its cache;
// and back again.
func TestTheDiskCacheIsPerAccount(t *testing.T) {
	p := newPlatform(t)
	dir := t.TempDir()
	platformTruth, connTruth := netRevenueTruth(t, p.acct), netRevenueTruth(t, p.conn)
	open := func(account string) *Datasource {
		settings := map[string]any{"cacheDirectory": dir}
		if account != "" {
			settings["connectedAccount"] = account
		}
		return p.datasourceAs(t, "per-account", simulator.DemoKey, settings)
	}
	first := open("")
	if got := netRevenue(t, first); !sameSeries(got, platformTruth) {
		t.Fatalf("platform: %v", got)
	}
	first.Dispose() // written to disk

	p.handler.ResetCounts()
	second := open(p.conn.Store.Account.ID)
	if got := netRevenue(t, second); !sameSeries(got, connTruth) {
		t.Errorf("after setting the connected account\n got %v\nwant %v (its truth)", got, connTruth)
	}
	if p.handler.Counts().Endpoint("GET /v1/balance_transactions") == 0 {
		t.Error("the connected account's ledger was not read from Stripe")
	}
	second.Dispose()

	third := open("")
	if got := netRevenue(t, third); !sameSeries(got, platformTruth) {
		t.Errorf("back on the platform\n got %v\nwant %v", got, platformTruth)
	}
}

// metricGroupsWithResources is how many groups Save & test checks: those that read Stripe.
func metricGroupsWithResources() int {
	n := 0
	for _, g := range catalog.Get().Groups {
		if len(g.Resources) > 0 {
			n++
		}
	}
	return n
}
