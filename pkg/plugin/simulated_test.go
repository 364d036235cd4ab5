package plugin

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"

	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
)

// testNow is the present moment of every simulated account in these tests, so results are
// reproducible (and golden files stable).
var testNow = time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC)

// The proof runs on three seeded accounts — several settlement currencies; JPY and KWD
// (with BHD converted); heavy refunds and disputes — in UTC and in New York over a range that
// crosses the 2026-11-01 fall-back.
var truthProfiles = []string{"multi_currency", "zero_and_three_decimal", "heavy_refunds_disputes"}

func newYork() *time.Location {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err) // the Go distribution ships the zone database
	}
	return ny
}

func truthZones() []*time.Location { return []*time.Location{time.UTC, newYork()} }

func truthRange() (from, to time.Time) {
	return time.Date(2026, 10, 20, 0, 0, 0, 0, newYork()), time.Date(2026, 11, 12, 0, 0, 0, 0, newYork())
}

// simulated is a generated account served over HTTP on loopback, as a real Stripe would be.
type simulated struct {
	acct    *simulator.Account
	url     string
	handler *server.Handler // counts the requests it serves
}

var simCache = map[string]*simulated{}

func simulate(t *testing.T, profile string, seed uint64) *simulated {
	t.Helper()
	key := profile + "/" + string(rune(seed))
	if s, ok := simCache[key]; ok {
		return s
	}
	// Kept for the whole test binary: accounts are reused by several tests.
	s := newSimulated(t, profile, seed)
	simCache[key] = s
	return s
}

// newSimulated generates and serves an account of its own, for a test that counts requests.
func newSimulated(t *testing.T, profile string, seed uint64) *simulated {
	t.Helper()
	acct, err := simulator.New(profile, seed, testNow)
	if err != nil {
		t.Fatal(err)
	}
	h, err := acct.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return &simulated{acct: acct, url: httptest.NewServer(h).URL, handler: h}
}

// fastBudget is the request budget test data sources get unless a test sets its own: a local
// simulator has no merchant to leave room for, and the default test-mode budget (10/s) would
// make every test wait for it.
const fastBudget = 1000

// datasource builds the plugin instance Grafana would build for these settings.
func (s *simulated) datasource(t *testing.T, jsonData map[string]any) *Datasource {
	t.Helper()
	return s.datasourceKeyed(t, simulator.DemoKey, jsonData)
}

// datasourceKeyed is datasource with another API key (one the account's handler accepts).
func (s *simulated) datasourceKeyed(t *testing.T, key string, jsonData map[string]any) *Datasource {
	t.Helper()
	return s.datasourceAs(t, "sim", key, jsonData)
}

// datasourceAs is datasourceKeyed for a data source of another UID (its own usage counters and
// cache on disk).
func (s *simulated) datasourceAs(t *testing.T, uid, key string, jsonData map[string]any) *Datasource {
	t.Helper()
	if jsonData == nil {
		jsonData = map[string]any{}
	}
	jsonData["apiBaseUrl"] = s.url
	for _, k := range []string{"rateLimit", "endpointRateLimit"} {
		if _, set := jsonData[k]; !set {
			jsonData[k] = fastBudget
		}
	}
	if _, set := jsonData["cacheDirectory"]; !set {
		jsonData["disableDiskCache"] = true // tests that keep a cache on disk give it a directory of their own
	}
	js, _ := json.Marshal(jsonData)
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{
		ID: 1, UID: uid, JSONData: js,
		DecryptedSecureJSONData: map[string]string{"apiKey": key},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(inst.(instancemgmt.InstanceDisposer).Dispose)
	ds := inst.(*Datasource)
	ds.now = func() time.Time { return testNow }
	return ds
}

// run executes one query and fails the test on a query error.
func run(t *testing.T, ds *Datasource, model map[string]any, from, to time.Time) backend.DataResponse {
	t.Helper()
	js, _ := json.Marshal(model)
	r := runRaw(t, ds, string(js), from, to)
	if r.Error != nil {
		t.Fatalf("query %v: %v", model, r.Error)
	}
	return r
}

// runRaw executes one stored query as Grafana sends it and returns its response, error or not.
func runRaw(t *testing.T, ds *Datasource, query string, from, to time.Time) backend.DataResponse {
	t.Helper()
	resp, err := ds.QueryData(patient(t), &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", JSON: []byte(query), TimeRange: backend.TimeRange{From: from, To: to},
		Interval: time.Hour, MaxDataPoints: 2000,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Responses["A"]
}

// patient is a context for a test's query that waits as long as the reads take: without a
// deadline the plugin answers "still reading" after defaultPatience.
func patient(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	return ctx
}
