package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/plugin"
)

// panel is one panel of the dashboard: a catalog query as the query editor stores it.
type panel struct {
	title string
	query string
}

// dashboard is the benchmark's 12 panels: the balance ledger, charges, disputes and the MRR
// group. The MRR group comes last so that -billing=false can drop it.
var dashboard = []panel{
	{"net revenue", `{"metric":"net_revenue","bucket":"day"}`},
	{"gross volume", `{"metric":"gross_volume","bucket":"day"}`},
	{"fees", `{"metric":"fees","bucket":"day"}`},
	{"balance by category", `{"metric":"balance_by_category","bucket":"week"}`},
	{"payments succeeded", `{"metric":"payments_succeeded","bucket":"day"}`},
	{"payment success rate", `{"metric":"payment_success_rate","bucket":"day"}`},
	{"failures by reason", `{"metric":"payment_failures_by_reason","bucket":"day"}`},
	{"failed payments table", `{"metric":"failed_payments_table"}`},
	{"disputes opened", `{"metric":"disputes_opened","bucket":"day"}`},
	{"open disputes", `{"metric":"open_disputes"}`},
	{"MRR", `{"metric":"mrr","bucket":"day"}`},
	{"MRR movements", `{"metric":"mrr_movements","bucket":"month"}`},
}

const billingPanels = 2

// load is one dashboard load: the time until the last panel answered, and each panel's time.
type load struct {
	total  time.Duration
	panels []time.Duration
}

// send loads the dashboard as Grafana does: one QueryData call per panel, all at once, over
// [from, to); dsFor gives the data source of panel i. A failed or empty panel ends the run.
func send(panels []panel, dsFor func(i int) *plugin.Datasource, from, to time.Time) load {
	l := load{panels: make([]time.Duration, len(panels))}
	errs := make([]error, len(panels))
	start := time.Now()
	var wg sync.WaitGroup
	for i, p := range panels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.Now()
			errs[i] = query(dsFor(i), p, from, to)
			l.panels[i] = time.Since(t)
		}()
	}
	wg.Wait()
	l.total = time.Since(start)
	for i, err := range errs {
		if err != nil {
			fmt.Fprintf(os.Stderr, "panel %q (%s) failed: %v\n", panels[i].title, panels[i].query, err)
			os.Exit(1)
		}
	}
	return l
}

// query sends one panel's query and checks that it answered with data.
func query(ds *plugin.Datasource, p panel, from, to time.Time) error {
	// A benchmark waits for the reads however long they take (the plugin answers "still
	// reading" at its deadline, and without one after its patience).
	ctx, cancel := context.WithTimeout(context.Background(), 24*time.Hour)
	defer cancel()
	resp, err := ds.QueryData(ctx, &backend.QueryDataRequest{Queries: []backend.DataQuery{{
		RefID: "A", JSON: []byte(p.query), TimeRange: backend.TimeRange{From: from, To: to},
		Interval: to.Sub(from) / 1000, MaxDataPoints: 1000,
	}}})
	if err != nil {
		return err
	}
	r, ok := resp.Responses["A"]
	switch {
	case !ok:
		return fmt.Errorf("no response")
	case r.Error != nil:
		return r.Error
	case len(r.Frames) == 0:
		return fmt.Errorf("no frame")
	}
	rows := 0
	for _, f := range r.Frames {
		rows += f.Rows()
	}
	if rows == 0 {
		return fmt.Errorf("every frame is empty")
	}
	return nil
}
