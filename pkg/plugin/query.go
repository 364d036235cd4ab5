package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// maxParallelQueries bounds how many queries of one request run at once. The Stripe rate budget
// is shared by the client anyway; this only keeps memory of a large dashboard in check.
const maxParallelQueries = 4

// metricRequest is a parsed query with everything a metric handler needs.
type metricRequest struct {
	refID  string
	query  models.Query
	metric catalog.Metric
	loc    *time.Location
	grid   timebucket.Grid // whole buckets covering the panel's range (series metrics)
	from   time.Time       // the panel's range, as asked (tables)
	to     time.Time
	now    time.Time
}

// metricHandler answers one metric.
type metricHandler func(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error)

// handlers routes catalog metric ids to their implementation. TestEveryCatalogMetricHasAHandler
// checks that the two lists agree.
var handlers = func() map[string]metricHandler {
	h := map[string]metricHandler{}
	for id := range metrics.BalanceFields {
		h[id] = balanceSeries
	}
	for id := range metrics.PaymentFields {
		h[id] = paymentSeries
	}
	for id := range failureDimensions {
		h[id] = paymentSeries
	}
	h[balanceByCategory] = balanceSeries
	h["balance"] = balanceNow
	h["balance_over_time"] = balanceOverTime
	for _, id := range []string{"disputes_opened", "disputes_opened_amount", "disputes_opened_by_reason"} {
		h[id] = disputesOpened
	}
	h["open_disputes"] = openDisputes
	h["open_disputes_table"] = openDisputes
	h["failed_payments_table"] = failedPaymentsTable
	for id := range disputeOutcomeMetrics {
		h[id] = disputeOutcomes
	}
	h["dispute_rate"] = disputeRate
	h["refunds_table"] = refundsTable
	for _, id := range subscriptionMetrics {
		h[id] = subscriptionMetric
	}
	for _, id := range invoiceMetrics {
		h[id] = invoiceMetric
	}
	for id := range productRevenueMetrics {
		h[id] = revenueByProduct
	}
	h["revenue_by_product_table"] = revenueByProductTable
	h["new_customers"] = customerCounts
	h["total_customers"] = customerCounts
	h["paying_customers"] = payingCustomers
	h["top_customers"] = topCustomers
	h["stripe_api_requests"] = apiUsage
	h["stripe_api_budget_used"] = apiUsage
	return h
}()

// QueryData answers a panel's or an alert rule's queries.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	fromAlert := req.Headers[backend.FromAlertHeaderName] != "" // Grafana's alert evaluations set it
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, maxParallelQueries)
	for _, q := range req.Queries {
		wg.Add(1)
		go func(q backend.DataQuery) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			r := d.query(ctx, q, fromAlert)
			mu.Lock()
			resp.Responses[q.RefID] = r
			mu.Unlock()
		}(q)
	}
	wg.Wait()
	return resp, nil
}

func (d *Datasource) query(ctx context.Context, q backend.DataQuery, fromAlert bool) (resp backend.DataResponse) {
	// A bug in one metric must fail that query with a message, not take the plugin (and every
	// other panel and alert rule of the data source) down with it.
	defer func() {
		if p := recover(); p != nil {
			d.logger.Error("metric panicked", "metric", string(q.JSON), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			resp = backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin,
				"the plugin failed while computing this metric; the error is in Grafana's server log")
		}
	}()
	if d.setupErr != nil {
		return errorResponse(d.setupErr)
	}
	r, h, err := d.parse(q)
	if err == nil && fromAlert {
		err = alertable(r)
	}
	if err != nil {
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, err.Error())
	}
	if h == nil {
		return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin,
			fmt.Sprintf("metric %q is in the catalog but this plugin version cannot compute it", r.metric.ID))
	}
	// The query answers by its own time (answerBy): reads it waits for go on without it.
	qctx, cancel := context.WithDeadline(ctx, answerBy(ctx, time.Now()))
	defer cancel()
	frames, err := h(qctx, d, r)
	if err != nil && qctx.Err() != nil && !errors.Is(ctx.Err(), context.Canceled) {
		// Out of time (ours, or the caller's own deadline while the handler returned): what it
		// waits for is still being read. A caller that canceled is gone and gets the error.
		return stillReading(d.fetch.Reads().InFlight(), d.requestBudget())
	}
	if err != nil {
		return errorResponse(err)
	}
	if len(r.query.Unresolved) > 0 && len(frames) > 0 {
		frames[0].AppendNotices(data.Notice{Severity: data.NoticeSeverityInfo, Text: fmt.Sprintf(
			"Template variables %s were not resolved (shared and public dashboards send queries as saved); their options use the defaults: every currency, the data source's time zone, no filter.",
			strings.Join(r.query.Unresolved, ", "))})
	}
	if n, ok := d.sharedNotice(); ok && len(frames) > 0 {
		frames[0].AppendNotices(n)
	}
	return backend.DataResponse{Frames: frames}
}

// withDefaults is the stored query with the metric's own option defaults for the options it
// leaves out (the catalog's metric defaults: top customers' top N is 10, not 5).
func withDefaults(raw json.RawMessage, m catalog.Metric) json.RawMessage {
	var fields map[string]any
	if json.Unmarshal(raw, &fields) != nil {
		return raw // ParseQuery has accepted it already; this cannot happen
	}
	for option, def := range m.Defaults {
		if _, set := fields[option]; set {
			continue
		}
		fields[option] = def
		if catalog.Get().Options[option].Type == "number" {
			fields[option] = json.Number(def)
		}
	}
	out, err := json.Marshal(fields)
	if err != nil {
		return raw
	}
	return out
}

// parse validates the stored query against the catalog, settles zone and buckets, and picks the
// handler: a metric's, or the variable or annotation handler for those query types.
func (d *Datasource) parse(q backend.DataQuery) (metricRequest, metricHandler, error) {
	qm, err := models.ParseQuery(q.JSON)
	if err != nil {
		return metricRequest{}, nil, err
	}
	if err := checkTimeRange(q.TimeRange.From, q.TimeRange.To); err != nil {
		return metricRequest{}, nil, err
	}
	if qm.QueryType == "" {
		qm.QueryType = q.QueryType
	}
	var h metricHandler
	var m catalog.Metric
	switch qm.QueryType {
	case models.QueryTypeVariable:
		if _, ok := catalog.Get().Variable(qm.Variable); !ok {
			return metricRequest{}, nil, fmt.Errorf("unknown variable list %q; choose one of: %s", qm.Variable, strings.Join(catalog.Get().VariableIDs(), ", "))
		}
		h = variables
	case models.QueryTypeAnnotation:
		if _, ok := catalog.Get().AnnotationKind(qm.Annotation); !ok {
			return metricRequest{}, nil, fmt.Errorf("unknown annotation %q; choose one of: %s", qm.Annotation, strings.Join(catalog.Get().AnnotationIDs(), ", "))
		}
		h = annotations
	default:
		if qm.Metric == "" {
			return metricRequest{}, nil, fmt.Errorf("choose a metric in the query editor")
		}
		var ok bool
		if m, ok = catalog.Get().Metric(qm.Metric); !ok {
			return metricRequest{}, nil, fmt.Errorf("unknown metric %q; this plugin knows: %s", qm.Metric, strings.Join(catalog.Get().MetricIDs(), ", "))
		}
		h = handlers[m.ID] // nil: a plugin bug, which query reports as such
		if qm.ConvertTo != "" && !slices.Contains(m.Options, "convertTo") {
			return metricRequest{}, nil, fmt.Errorf("%s (%s) cannot be converted into one currency (convertTo): it is a count, a ratio, or not converted yet. Clear Convert to, or choose one of the money metrics whose editor offers it", m.Label, m.ID)
		}
		if len(m.Defaults) > 0 {
			if qm, err = models.ParseQuery(withDefaults(q.JSON, m)); err != nil {
				return metricRequest{}, nil, err
			}
		}
	}
	loc := d.settings.Location()
	if qm.TimeZone != "" {
		loc, _ = time.LoadLocation(qm.TimeZone) // validated by ParseQuery
	}
	r := metricRequest{refID: q.RefID, query: qm, metric: m, loc: loc, now: d.now(), from: q.TimeRange.From, to: q.TimeRange.To}
	if m.Kind == catalog.KindTimeSeries {
		from, to := q.TimeRange.From, q.TimeRange.To
		unit := timebucket.Unit(qm.Bucket)
		if qm.Bucket == models.BucketAuto {
			unit = timebucket.Auto(q.Interval, to.Sub(from), q.MaxDataPoints)
		}
		if r.grid, err = timebucket.NewGrid(from, to, unit, loc); err != nil {
			return metricRequest{}, nil, err
		}
	}
	return r, h, nil
}

// alertable refuses, for an alert rule, what Grafana's alerting cannot evaluate: a table (long
// frames are refused with a message that names no metric; a table of strings and one number
// becomes one alert instance per row), a variable list or annotations. The message names the
// metric and the series or numbers to alert on instead (catalog alertWith).
func alertable(r metricRequest) error {
	switch {
	case r.query.QueryType == models.QueryTypeVariable:
		return fmt.Errorf("this is a template variable query (the %q list): it fills a dashboard variable, and an alert rule cannot evaluate it. Choose a metric for the rule", r.query.Variable)
	case r.query.QueryType == models.QueryTypeAnnotation:
		return fmt.Errorf("this is an annotation query (%q): it marks events on panels, and an alert rule cannot evaluate it. Choose a metric for the rule", r.query.Annotation)
	case r.metric.Kind != catalog.KindTable:
		return nil
	}
	var instead []string
	for _, id := range r.metric.AlertWith {
		if m, ok := catalog.Get().Metric(id); ok {
			instead = append(instead, fmt.Sprintf("%s (%s)", m.Label, m.ID))
		}
	}
	return fmt.Errorf("%s (%s) is a table, and Grafana's alert rules evaluate series and numbers, not tables: alert on %s instead",
		r.metric.Label, r.metric.ID, joinOr(instead))
}

// joinOr writes "a", "a or b", "a, b or c".
func joinOr(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
