package protocol_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/revops/stripe-datasource/pkg/sharedstore/redistest"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
	"github.com/revops/stripe-datasource/tests/protocol/harness"
)

// Grafana in high availability: three plugin processes (three replicas) with one Redis, against
// the simulator limiting like Stripe. A cold dashboard opened on all three costs one read, not
// three; the busiest second at the server stays within the budget; a replica killed while it holds
// reads, and Redis stopped and started again, change no number and overrun no budget.

// haDashboard is the panels each replica is asked for: a whole-history read (MRR, invoices) and
// ranges of the ledger and of charges.
func haDashboard() []harness.Query {
	from, to := simNow.AddDate(0, 0, -30), simNow
	return []harness.Query{
		{RefID: "MRR", Model: map[string]any{"metric": "mrr", "bucket": "day"}, From: from, To: to},
		{RefID: "OWED", Model: map[string]any{"metric": "invoices_outstanding", "bucket": "day"}, From: from, To: to},
		{RefID: "NET", Model: map[string]any{"metric": "net_revenue", "bucket": "day"}, From: from, To: to},
		{RefID: "PAID", Model: map[string]any{"metric": "payments_succeeded", "bucket": "day"}, From: from, To: to},
	}
}

type haRig struct {
	t   *testing.T
	h   *server.Handler
	url string
}

func newHARig(t *testing.T) *haRig {
	if testing.Short() {
		t.Skip("reads an account at the test-mode budget with three plugin processes")
	}
	h, url := smallAccount(t)
	h.SetKnobs(server.Knobs{RateLimit: server.RateLimit{Strict: true}})
	return &haRig{t: t, h: h, url: url}
}

// smallAccount serves the small simulated account at simNow over HTTP until the test ends.
func smallAccount(t *testing.T) (*server.Handler, string) {
	acct, err := simulator.New("small", 7, simNow)
	if err != nil {
		t.Fatal(err)
	}
	h, err := acct.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.Close(); srv.Close() })
	return h, srv.URL
}

// ds is the data source every replica has (Grafana's database is shared), with redisURL as its
// shared store ("" for none).
func (r *haRig) ds(uid, redisURL string, replicas int) harness.DataSource {
	jd := map[string]any{"apiBaseUrl": r.url}
	if redisURL != "" {
		jd["sharedStoreUrl"], jd["replicas"] = redisURL, replicas
	}
	return harness.DataSource{ID: 60, UID: uid, Name: "Stripe", JSONData: jd, Secure: map[string]string{"apiKey": simulator.DemoKey}}
}

// answer asks p for the dashboard (or the panels given) and returns every frame's values by panel,
// failing on an error.
func answer(ctx context.Context, t *testing.T, p *harness.Plugin, ds harness.DataSource, panels ...harness.Query) (map[string]any, error) {
	if len(panels) == 0 {
		panels = haDashboard()
	}
	res, err := p.QueryData(ctx, ds, panels...)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for ref, r := range res.Responses {
		if r.Error != nil {
			t.Errorf("%s: %v", ref, r.Error)
			continue
		}
		out[ref] = harness.Values(r.Frames)
	}
	return out, nil
}

// single is the cold dashboard on one Grafana without a shared store: the reference.
func (r *haRig) single(t *testing.T) (map[string]any, int64, time.Duration) {
	r.h.ResetCounts()
	p := harness.Start(t)
	start := time.Now()
	want, err := answer(context.Background(), t, p, r.ds("ha-single", "", 0))
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	p.Stop()
	return want, r.h.Counts().Total(), elapsed
}

// checkBudget fails if any second at the server held more than the budgets, or anything got a 429.
func (r *haRig) checkBudget(t *testing.T) {
	c := r.h.Counts()
	budget, per := stripeapi.DefaultTestRateLimit, stripeapi.DefaultTestEndpointRateLimit
	if c.MaxPerSecond() > int(budget) {
		t.Errorf("%d requests reached the server within one second; the budget of all replicas together is %v/s", c.MaxPerSecond(), budget)
	}
	for _, e := range c.Endpoints() {
		if n := c.MaxPerSecondOf(e); n > int(per) {
			t.Errorf("%d requests to %s within one second; the endpoint budget is %v/s", n, e, per)
		}
	}
	if n := c.Status(429); n != 0 {
		t.Errorf("the server answered 429 %d times", n)
	}
}

// replicas starts n plugin processes, asks each for the dashboard at once (during, if set,
// disturbs them, knowing the name each holds leases under), and returns each one's answer (nil for
// a replica that was killed).
func (r *haRig) replicas(t *testing.T, ds harness.DataSource, n int, during func(ps []*harness.Plugin, names []string) map[int]bool) []map[string]any {
	ps := make([]*harness.Plugin, n)
	names := make([]string, n)
	for i := range ps {
		ps[i] = harness.Start(t)
		if during != nil {
			names[i] = replicaName(t, ps[i], ds)
		}
	}
	r.h.ResetCounts()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	out := make([]map[string]any, n)
	errs := make([]error, n)
	// The replicas' reads plan their shards and event windows from the second they start in, as
	// replicas behind a load balancer that get a dashboard's panels at once do; starting just
	// after a second begins keeps three processes on a busy machine in the same one.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 20*time.Millisecond)))
	var wg sync.WaitGroup
	for i, p := range ps {
		wg.Go(func() { out[i], errs[i] = answer(ctx, t, p, ds) })
	}
	killed := map[int]bool{}
	if during != nil {
		killed = during(ps, names)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil && !killed[i] {
			t.Errorf("replica %d: %v", i, err)
		}
		if killed[i] {
			out[i] = nil
		}
	}
	return out
}

func TestHighAvailabilityReplicasShareOneBudgetAndOneRead(t *testing.T) {
	r := newHARig(t)
	want, cost1, took1 := r.single(t)
	t.Logf("cold dashboard, 1 replica: %d requests in %v", cost1, took1.Round(100*time.Millisecond))

	t.Run("cold dashboard on three replicas", func(t *testing.T) {
		red := redistest.Start(t, "")
		start := time.Now()
		got := r.replicas(t, r.ds("ha-3", red.URL(), 3), 3, nil)
		took := time.Since(start)
		c := r.h.Counts()
		t.Logf("cold dashboard, 3 replicas: %d requests in %v; busiest second at the server %d", c.Total(), took.Round(100*time.Millisecond), c.MaxPerSecond())
		for i, g := range got {
			if !reflect.DeepEqual(g, want) {
				t.Errorf("replica %d answers differently from a single Grafana", i)
			}
		}
		// One read in total: what one replica costs, with room for the few pages a replica reads
		// for itself when its read starts more than a second after the others' (an answer older
		// than that is not used) or splits a long shard differently (work stealing depends on
		// timing). Two reads would be twice the cost.
		if c.Total() > cost1*5/4 {
			t.Errorf("3 replicas cost %d requests, a single Grafana %d: the read was not shared", c.Total(), cost1)
		}
		r.checkBudget(t)
	})

	t.Run("a replica that comes later adopts the whole-history reads", func(t *testing.T) {
		red := redistest.Start(t, "")
		ds := r.ds("ha-later", red.URL(), 3)
		histories := func(p *harness.Plugin) map[string]any {
			out, err := answer(context.Background(), t, p, ds, haDashboard()[:2]...) // MRR, invoices outstanding
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		first := harness.Start(t)
		r.h.ResetCounts()
		a := histories(first)
		cold := r.h.Counts().Total()
		// Long after the first replica's pages (an answer is shared within a second): only its
		// whole-history reads, kept in Redis, can spare the second one from reading them again.
		time.Sleep(2 * time.Second)
		r.h.ResetCounts()
		second := harness.Start(t)
		b := histories(second)
		warm := r.h.Counts().Total()
		t.Logf("whole-history reads: %d requests on the first replica, %d on a replica asked later", cold, warm)
		if warm > 10 {
			t.Errorf("the later replica sent %d requests (endpoints %v), want at most 10: it read the histories again", warm, r.h.Counts().Endpoints())
		}
		if !reflect.DeepEqual(a, b) {
			t.Error("the later replica answers differently")
		}
	})

	t.Run("the replica holding reads is killed", func(t *testing.T) {
		red := redistest.Start(t, "")
		rdb := redis.NewClient(&redis.Options{Addr: red.Addr()})
		defer rdb.Close()
		ds := r.ds("ha-kill", red.URL(), 3)
		var victim string
		start := time.Now()
		got := r.replicas(t, ds, 3, func(ps []*harness.Plugin, names []string) map[int]bool {
			// Wait until a third of the single read is done, then kill whoever holds a read.
			for r.h.Counts().Total() < cost1/3 {
				time.Sleep(20 * time.Millisecond)
			}
			for r.h.Counts().Total() < cost1 {
				holder := leaseHolder(rdb)
				for i, n := range names {
					if n == holder {
						victim = n
						ps[i].Kill()
						return map[int]bool{i: true}
					}
				}
				time.Sleep(5 * time.Millisecond)
			}
			t.Error("no replica was seen holding a read")
			return nil
		})
		t.Logf("killed %s mid-read: %d requests in all in %v (a single Grafana: %d); busiest second %d", victim, r.h.Counts().Total(),
			time.Since(start).Round(100*time.Millisecond), cost1, r.h.Counts().MaxPerSecond())
		for i, g := range got {
			if g != nil && !reflect.DeepEqual(g, want) {
				t.Errorf("replica %d answers differently from a single Grafana after %s was killed", i, victim)
			}
		}
		r.checkBudget(t)
	})

	t.Run("redis stopped and started again", func(t *testing.T) {
		red := redistest.Start(t, "")
		start := time.Now()
		got := r.replicas(t, r.ds("ha-redis", red.URL(), 3), 3, func([]*harness.Plugin, []string) map[int]bool {
			for r.h.Counts().Total() < cost1/4 {
				time.Sleep(20 * time.Millisecond)
			}
			red.Stop()
			at := r.h.Counts().Total()
			for r.h.Counts().Total() < at+cost1/4 {
				time.Sleep(20 * time.Millisecond)
			}
			red.Restart()
			return nil
		})
		t.Logf("redis stopped and restarted mid-read: %d requests in all in %v (a single Grafana: %d); busiest second %d", r.h.Counts().Total(),
			time.Since(start).Round(100*time.Millisecond), cost1, r.h.Counts().MaxPerSecond())
		for i, g := range got {
			if !reflect.DeepEqual(g, want) {
				t.Errorf("replica %d answers differently from a single Grafana after Redis restarted", i)
			}
		}
		r.checkBudget(t)
	})
}

// replicaName is the name a plugin process holds leases under, from its Save & test details.
func replicaName(t *testing.T, p *harness.Plugin, ds harness.DataSource) string {
	res, err := p.CheckHealth(context.Background(), ds)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Shared struct {
			Replica string `json:"replica"`
		} `json:"sharedStore"`
	}
	if err := json.Unmarshal(res.JSONDetails, &d); err != nil || d.Shared.Replica == "" {
		t.Fatalf("Save & test names no replica: %v %s", err, res.JSONDetails)
	}
	return d.Shared.Replica
}

// leaseHolder is the replica holding some lease now, "" when none is held.
func leaseHolder(rdb *redis.Client) string {
	ctx := context.Background()
	keys, _ := rdb.Keys(ctx, "*lease:*").Result()
	for _, k := range keys {
		v, err := rdb.Get(ctx, k).Result()
		if err == nil {
			for i := 0; i < len(v); i++ {
				if v[i] == 0 {
					return v[:i]
				}
			}
		}
	}
	return ""
}

// Save & test shows the shared store: reachable with its latency, then, Redis stopped,
// unreachable with the replica's share of the budget; queries keep answering, with a notice. The
// password is in no message and no log line, nor is a URL holding one.
func TestHighAvailabilitySaveAndTestShowsTheSharedStore(t *testing.T) {
	const password = "redis-pa55word-xyz"
	_, simURL := smallAccount(t)
	red := redistest.Start(t, password)
	p := harness.Start(t)
	ds := harness.DataSource{ID: 61, UID: "ha-health", Name: "Stripe", Secure: map[string]string{"apiKey": simulator.DemoKey, "sharedStorePassword": password},
		JSONData: map[string]any{"apiBaseUrl": simURL, "rateLimit": 100, "endpointRateLimit": 100, "sharedStoreUrl": red.URL(), "replicas": 3}}
	ctx := context.Background()

	res, err := p.CheckHealth(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Shared struct {
			Reachable bool    `json:"reachable"`
			InUse     bool    `json:"inUse"`
			Latency   float64 `json:"latencyMs"`
			Replicas  int     `json:"replicas"`
		} `json:"sharedStore"`
	}
	if err := json.Unmarshal(res.JSONDetails, &d); err != nil {
		t.Fatal(err)
	}
	if !d.Shared.Reachable || !d.Shared.InUse || d.Shared.Latency <= 0 || d.Shared.Replicas != 3 || !strings.Contains(res.Message, "reachable") {
		t.Errorf("with Redis up: %+v, %q", d.Shared, res.Message)
	}

	red.Stop()
	q := harness.Query{RefID: "A", Model: map[string]any{"metric": "net_revenue", "bucket": "day"}, From: simNow.AddDate(0, 0, -7), To: simNow}
	qr, err := p.QueryData(ctx, ds, q)
	if err != nil {
		t.Fatal(err)
	}
	r := qr.Responses["A"]
	if r.Error != nil || len(r.Frames) == 0 {
		t.Fatalf("with Redis down the query failed: %v", r.Error)
	}
	notice := false
	for _, n := range r.Frames[0].Meta.Notices {
		notice = notice || strings.Contains(n.Text, "shared store") && strings.Contains(n.Text, "1/3")
	}
	if !notice {
		t.Errorf("no notice says the shared store is unreachable: %+v", r.Frames[0].Meta)
	}
	res, err = p.CheckHealth(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Message, "unreachable") || !strings.Contains(res.Message, "1/3 of the request budget") {
		t.Errorf("with Redis down Save & test says %q", res.Message)
	}
	// The same with the password in the URL instead.
	ds2 := ds
	ds2.UID, ds2.JSONData = "ha-health-url", map[string]any{"apiBaseUrl": simURL, "sharedStoreUrl": "redis://:" + password + "@" + red.Addr() + "/0", "replicas": 3}
	res2, err := p.CheckHealth(ctx, ds2)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{res.Message, string(res.JSONDetails), res2.Message, string(res2.JSONDetails), p.Logs()} {
		if strings.Contains(text, password) {
			t.Fatalf("the shared store's password shows: %.300s", text)
		}
	}
}
