package plugin

import (
	"context"
	"fmt"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/usage"
)

// usageCounters are the data sources' request counters, one per data source (organization and
// UID) for the life of the process: Grafana makes a new instance on every settings change, and
// the data source's usage goes on across them. Each is bounded (usage.Window), and there is one
// per data source the process has served.
var usageCounters = struct {
	sync.Mutex
	m map[string]*usage.Counter
}{m: map[string]*usage.Counter{}}

// usageFor returns the counter of a data source, made at its first use in this process.
func usageFor(orgID int64, uid string) *usage.Counter {
	key := fmt.Sprintf("%d/%s", orgID, uid)
	usageCounters.Lock()
	defer usageCounters.Unlock()
	c := usageCounters.m[key]
	if c == nil {
		c = usage.New(nil)
		usageCounters.m[key] = c
	}
	return c
}

// apiUsage answers stripe_api_requests and stripe_api_budget_used from the data source's own
// counters: no Stripe call, no permission.
func apiUsage(_ context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	snap := d.usage.Snapshot()
	var series []metrics.Series
	if r.metric.ID == "stripe_api_budget_used" {
		series = metrics.APIBudgetUsed(snap, r.grid)
	} else {
		series = metrics.APIRequests(snap, r.grid)
	}
	return frames.TimeSeries(r.refID, series, usageNotice(snap, r, len(series) == 0)), nil
}

// usageNotice says what the counters cover: the requests since this process began counting for
// the data source, for the window kept, and nothing before.
func usageNotice(s usage.Snapshot, r metricRequest, empty bool) data.Notice {
	since := s.From.In(r.loc).Format("2006-01-02 15:04 MST")
	text := fmt.Sprintf("Counted by the plugin itself, without calling Stripe: the requests this data source sent (retries included) since %s, "+
		"when this plugin process began counting them; counts are kept per minute for the last %d days and are lost when the plugin restarts. "+
		"Earlier buckets have no point.", since, int(usage.Window.Hours()/24))
	if empty && !r.grid.To().After(s.From) {
		text = fmt.Sprintf("Nothing was counted in this range: the plugin has counted this data source's requests to Stripe since %s "+
			"(the time since this plugin process began, for the last %d days at most).", since, int(usage.Window.Hours()/24))
	} else if empty {
		text += " No request was sent in this range."
	}
	return data.Notice{Severity: data.NoticeSeverityInfo, Text: text}
}
