package plugin

import (
	"context"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/simulator/server"
)

// queryWith runs one stored query with ctx, as Grafana would send it.
func queryWith(t *testing.T, ctx context.Context, ds *Datasource, model map[string]any, from, to time.Time) backend.DataResponse {
	t.Helper()
	js, _ := json.Marshal(model)
	resp, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", JSON: js, TimeRange: backend.TimeRange{From: from, To: to}, Interval: time.Hour, MaxDataPoints: 2000,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Responses["A"]
}

// waitFor polls until cond holds, failing the test after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// slowAccount serves profile with latency added to every request, so that reads take a while.
func slowAccount(t *testing.T, profile string, latency time.Duration) *simulated {
	t.Helper()
	s := newSimulated(t, profile, 7)
	s.handler.SetKnobs(server.Knobs{Latency: latency})
	return s
}

// Cancelling the panel that started the shared billing and invoice reads fails nobody else: the
// reads belong to the data source, and every other panel answers exactly (the truth).
func TestCancellingOnePanelKeepsTheSharedRead(t *testing.T) {
	s := slowAccount(t, "small", 3*time.Millisecond)
	ds := s.datasource(t, map[string]any{"rateLimit": 1000})
	from := time.Date(2026, 10, 24, 0, 0, 0, 0, time.UTC)
	day := func(metric string) map[string]any {
		return map[string]any{"metric": metric, "bucket": "day", "timeZone": "UTC"}
	}

	first, cancel := context.WithCancel(context.Background())
	canceled := make(chan backend.DataResponse, 1)
	go func() { canceled <- queryWith(t, first, ds, day("mrr_movements"), from, testNow) }()
	waitFor(t, "the first panel's reads to start", func() bool { return s.handler.Counts().Total() > 0 })

	others := []string{"mrr", "mrr_movements", "invoices_outstanding", "invoices_by_status_amount"}
	got := make([]map[string]map[int64]int64, len(others))
	var wg sync.WaitGroup
	for i, m := range others {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := queryWith(t, patient(t), ds, day(m), from, testNow)
			if r.Error != nil {
				t.Errorf("%s: %v", m, r.Error)
				return
			}
			label := map[string]string{"mrr_movements": "movement", "invoices_by_status_amount": "status"}[m]
			got[i] = seriesByLabels(t, r.Frames, label)
		}()
	}
	cancel()
	if r := <-canceled; r.Error == nil {
		t.Log("the canceled panel answered before it was canceled; the test still checks the others")
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	checkAgainstTruth(t, s.acct.DefaultTruth(), got, from, testNow)
}

// A read longer than any query's deadline: each try answers before its deadline that the
// history is still being read, with how far it has got (never a partial total), the read goes on
// between tries, and a later try answers like the truth. All the tries together cost what one
// cold read costs.
func TestReadLongerThanEveryDeadlineCompletesAcrossTries(t *testing.T) {
	from := time.Date(2026, 10, 24, 0, 0, 0, 0, time.UTC)
	query := map[string]any{"metric": "invoices_outstanding", "bucket": "day", "timeZone": "UTC"}

	// The cost of one cold read, on an unhurried data source of the same account.
	ref := newSimulated(t, "small", 7)
	if r := queryWith(t, patient(t), ref.datasource(t, map[string]any{"rateLimit": 1000}), query, from, testNow); r.Error != nil {
		t.Fatal(r.Error)
	}
	cold := ref.handler.Counts().Total()

	s := slowAccount(t, "small", 20*time.Millisecond)
	ds := s.datasource(t, map[string]any{"rateLimit": 40})
	var tries []string
	var answer backend.DataResponse
	lastPages := int64(-1)
	reading := 0
	for len(tries) < 200 {
		ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond) // an impatient alert rule
		r := queryWith(t, ctx, ds, query, from, testNow)
		cancel()
		if r.Error == nil {
			answer = r
			break
		}
		msg := r.Error.Error()
		tries = append(tries, msg)
		// Between reads, or while the metric is computed from what was read, no read is in
		// flight and the answer says so instead of the progress.
		if r.Status != backend.StatusTimeout || r.ErrorSource != backend.ErrorSourceDownstream ||
			!strings.Contains(msg, "Reading this account's history") && !strings.Contains(msg, "still reading from Stripe or computing") {
			t.Fatalf("try %d: %d %s %q, want the still-reading answer", len(tries), r.Status, r.ErrorSource, msg)
		}
		if strings.Contains(msg, "Reading this account's history") {
			reading++
		}
		if len(r.Frames) != 0 {
			t.Fatalf("try %d answered frames beside the still-reading message", len(tries))
		}
		pages := ds.fetch.Reads().InFlight()
		var n int64
		for _, p := range pages {
			n += p.Pages
		}
		if len(tries) == 1 {
			checkReadsResource(t, ds)
		}
		if len(pages) > 0 && n < lastPages {
			t.Errorf("try %d: %d pages read, fewer than the %d before", len(tries), n, lastPages)
		}
		lastPages = n
	}
	if answer.Frames == nil {
		t.Fatalf("no answer after %d tries", len(tries))
	}
	if len(tries) == 0 || reading == 0 {
		t.Fatalf("%d tries, %d of them with the read's progress: the read was not longer than the deadline, so the test proves nothing", len(tries), reading)
	}
	t.Logf("%d tries answered still reading, e.g. %q", len(tries), tries[len(tries)/2])
	checkOutstanding(t, s, seriesByLabels(t, answer.Frames, ""), from)
	total := s.handler.Counts().Total()
	if total < cold || total > cold+32 { // at most a page per shard more (shard plans may differ by timing)
		t.Errorf("the tries cost %d requests, one cold read %d", total, cold)
	}
}

// checkOutstanding compares the amounts outstanding at each day's end with the truth.
func checkOutstanding(t *testing.T, s *simulated, got map[string]map[int64]int64, from time.Time) {
	t.Helper()
	tr := s.acct.DefaultTruth()
	for d := from; d.Before(testNow); d = d.AddDate(0, 0, 1) {
		at := min(d.AddDate(0, 0, 1).Unix()-1, testNow.Unix())
		for cur, o := range tr.InvoicesOutstanding(time.Unix(at, 0)) {
			if g := got[cur+"/"][d.Unix()]; g != o.Amount {
				t.Errorf("%s %s: outstanding %d, truth %d", cur, d.Format(time.DateOnly), g, o.Amount)
			}
		}
	}
}

// resourceSender keeps what CallResource sent.
type resourceSender struct{ got *backend.CallResourceResponse }

func (r *resourceSender) Send(res *backend.CallResourceResponse) error { r.got = res; return nil }

// checkReadsResource: while the history is read, the "reads" resource lists the invoices read
// with its pages so far.
func checkReadsResource(t *testing.T, ds *Datasource) {
	t.Helper()
	var rs resourceSender
	if err := ds.CallResource(context.Background(), &backend.CallResourceRequest{Path: "reads", Method: "GET"}, &rs); err != nil || rs.got == nil {
		t.Fatalf("reads resource: %v", err)
	}
	var body readsInFlight
	if err := json.Unmarshal(rs.got.Body, &body); err != nil || rs.got.Status != 200 {
		t.Fatalf("reads resource: %d %s (%v)", rs.got.Status, rs.got.Body, err)
	}
	if len(body.Reads) == 0 || body.Reads[0].What != "invoices" || !strings.Contains(body.Text, "Reading in the background: invoices") || body.RateLimit != 40 {
		t.Errorf("reads resource while reading: %s", rs.got.Body)
	}
}

// The deadline figures of the notes (not run by default: minutes of real time): an alert rule on
// MRR, evaluated every 30 s with Grafana's 30 s evaluation_timeout, on a cold medium account
// read at 25 requests/s (STRIPE_DEADLINE_ENDPOINT_RATE sets the per-endpoint budget; default 25),
// 100 ms per request: how many evaluations answer "still reading" before one answers.
func TestDeadlineFigures(t *testing.T) {
	if os.Getenv("STRIPE_DEADLINE_FIGURES") == "" {
		t.Skip("set STRIPE_DEADLINE_FIGURES=1 to measure")
	}
	endpoint := 25.0
	if v := os.Getenv("STRIPE_DEADLINE_ENDPOINT_RATE"); v != "" {
		endpoint, _ = strconv.ParseFloat(v, 64)
	}
	s := slowAccount(t, "medium", 100*time.Millisecond)
	ds := s.datasource(t, map[string]any{"rateLimit": 25, "endpointRateLimit": endpoint})
	rule := map[string]any{"metric": "mrr", "bucket": "hour"}
	start := time.Now()
	for try := 1; ; try++ {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		r := queryWith(t, ctx, ds, rule, testNow.Add(-2*time.Hour), testNow)
		cancel()
		if r.Error == nil {
			t.Logf("medium, 25 req/s (%v per endpoint): try %d answered, %s after the first; %d requests", endpoint, try,
				time.Since(start).Round(time.Second), s.handler.Counts().Total())
			return
		}
		t.Logf("try %d (%s): %s", try, time.Since(start).Round(time.Second), r.Error)
		if try > 40 {
			t.Fatal("no answer after 40 tries")
		}
	}
}
