package plugin

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/fetch"
)

// defaultPatience is how long a query without a deadline of its own waits for the data it needs
// before answering that it is still being read. A panel's query from the browser usually has
// none, and a cold read of a large account takes minutes: a panel that says how far the read has
// got, and fills in on a later refresh, is better than one that spins for ten minutes. Grafana
// proxies and browsers give up around 30 s too.
const defaultPatience = 25 * time.Second

// answerBy is when a query must answer: a little before its deadline (an alert rule's
// evaluation_timeout, a caller's), so the answer is ours and not a timeout; defaultPatience
// from now without one.
func answerBy(ctx context.Context, now time.Time) time.Time {
	deadline, ok := ctx.Deadline()
	if !ok {
		return now.Add(defaultPatience)
	}
	margin := min(3*time.Second, deadline.Sub(now)/10)
	return deadline.Add(-margin)
}

// stillReading is the answer to a query whose data is still being read from Stripe when it must
// answer: no partial total, but how far the reads have got and about how long they need. The
// reads go on (they belong to the data source); a later query answers from them. Grafana shows
// the message on the panel; an alert rule sees an error, which its execErrState maps (the
// recipes keep the last state).
func stillReading(reads []fetch.Progress, budget requestBudget) backend.DataResponse {
	// No read in flight: the data arrived and the metric is being computed, or a single request
	// to Stripe is slow. Either way it goes on without this query.
	msg := "The answer was not ready in time: the data source is still reading from Stripe or computing this metric, and goes on in the background. Refresh the panel in a moment. Nothing partial is shown meanwhile."
	if len(reads) > 0 {
		msg = "Reading this account's history from Stripe: " + readsSentence(reads, budget) +
			" This panel fills in when the read is done: refresh it then. Nothing partial is shown meanwhile."
	}
	return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourceDownstream, msg)
}

// requestBudget is what the estimates of time left assume: the data source's requests per second,
// and each endpoint's.
type requestBudget struct{ global, endpoint float64 }

func (d *Datasource) requestBudget() requestBudget {
	return requestBudget{global: d.client.RateLimit(), endpoint: d.client.EndpointRateLimit()}
}

// timeLeft is about how long the pages left take within the budget. Each read lists one
// endpoint, so it goes no faster than the endpoint's budget, and all of them together no faster
// than the data source's: the longer of the two bounds. It is 0 when the budget is unknown.
func (b requestBudget) timeLeft(reads []fetch.Progress) time.Duration {
	var total, longest int64
	for _, r := range reads {
		if left := r.Expected - r.Pages; r.Expected > 0 && left > 0 {
			total += left
			longest = max(longest, left)
		}
	}
	perRead := min(b.global, b.endpoint)
	if b.endpoint <= 0 {
		perRead = b.global
	}
	if total == 0 || b.global <= 0 || perRead <= 0 {
		return 0
	}
	seconds := max(float64(total)/b.global, float64(longest)/perRead)
	return time.Duration(seconds * float64(time.Second))
}

// readsSentence says how far each read in flight has got and about how long the rest takes at
// the data source's request budget: "invoices 37% (2,900 of about 7,837 pages); about 4 min left
// at 10 requests/s." The rate said is the one the estimate works out to (one endpoint's budget
// when a single read is left, up to the data source's when several share it).
func readsSentence(reads []fetch.Progress, budget requestBudget) string {
	var b strings.Builder
	var left int64
	for i, r := range reads {
		if i > 0 {
			b.WriteString(", ")
		}
		noun := strings.ReplaceAll(r.What, "_", " ")
		if r.Expected > 0 {
			fmt.Fprintf(&b, "%s %d%% (%s of about %s pages)", noun, 100*r.Pages/r.Expected, thousands(r.Pages), thousands(r.Expected))
			left += max(0, r.Expected-r.Pages)
		} else {
			fmt.Fprintf(&b, "%s %s pages so far", noun, thousands(r.Pages))
		}
	}
	if d := budget.timeLeft(reads); d > 0 {
		rate := float64(left) / d.Seconds()
		fmt.Fprintf(&b, "; about %s left at %s requests/s", roughDuration(d), strconv.FormatFloat(math.Round(rate*10)/10, 'f', -1, 64))
	}
	b.WriteString(".")
	return b.String()
}

// readsInFlight is the "reads" resource and Save & test's view of the reads in flight.
type readsInFlight struct {
	Reads []readInFlight `json:"reads"`
	// RateLimit is the request budget the estimates assume (requests per second).
	RateLimit         float64 `json:"rateLimit"`
	EndpointRateLimit float64 `json:"endpointRateLimit"`
	Text              string  `json:"text,omitempty"`
}

type readInFlight struct {
	What          string    `json:"what"`
	Pages         int64     `json:"pages"`
	ExpectedPages int64     `json:"expectedPages,omitempty"`
	Started       time.Time `json:"started"`
}

func (d *Datasource) readsInFlight() readsInFlight {
	out := readsInFlight{Reads: []readInFlight{}}
	if d.fetch == nil || d.client == nil {
		return out
	}
	budget := d.requestBudget()
	out.RateLimit, out.EndpointRateLimit = budget.global, budget.endpoint
	reads := d.fetch.Reads().InFlight()
	for _, r := range reads {
		out.Reads = append(out.Reads, readInFlight{What: r.What, Pages: r.Pages, ExpectedPages: r.Expected, Started: r.Started})
	}
	if len(reads) > 0 {
		out.Text = "Reading in the background: " + readsSentence(reads, budget)
	}
	return out
}

// thousands writes 7837 as "7,837".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// roughDuration is a duration as a person estimates one: "40 s", "4 min", "1 h 20 min".
func roughDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", max(1, int(d.Round(10*time.Second).Seconds())))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Round(time.Minute).Minutes()))
	}
	d = d.Round(10 * time.Minute)
	return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
}
