package frames

import (
	"html"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/metrics"
)

// Annotations is the frame Grafana reads annotation events from: time, timeEnd, title, text and
// tags (comma-separated) by field name. The text ends with a link to the object in the Stripe
// Dashboard (dashboardURL as for OpenDisputesTable).
func Annotations(refID string, events []metrics.Event, dashboardURL string) data.Frames {
	n := len(events)
	times := make([]time.Time, n)
	ends := make([]*time.Time, n)
	titles, texts, tags := make([]string, n), make([]string, n), make([]string, n)
	for i, e := range events {
		times[i] = time.Unix(e.Time, 0).UTC()
		if e.TimeEnd != 0 {
			end := time.Unix(e.TimeEnd, 0).UTC()
			ends[i] = &end
		}
		titles[i] = e.Title
		texts[i] = html.EscapeString(e.Text)
		if e.Link != "" {
			texts[i] += ` <a href="` + html.EscapeString(dashboardURL+e.Link) + `" target="_blank" rel="noopener noreferrer">Open in the Stripe Dashboard</a>`
		}
		tags[i] = strings.Join(e.Tags, ",")
	}
	f := data.NewFrame("annotations",
		data.NewField("time", nil, times),
		data.NewField("timeEnd", nil, ends),
		data.NewField("title", nil, titles),
		data.NewField("text", nil, texts),
		data.NewField("tags", nil, tags),
	)
	f.RefID = refID
	return data.Frames{f}
}

// Choices is the frame a template variable query returns: text shown, value used.
func Choices(refID string, texts, values []string) data.Frames {
	f := data.NewFrame("choices", data.NewField("text", nil, texts), data.NewField("value", nil, values))
	f.RefID = refID
	return data.Frames{f}
}
