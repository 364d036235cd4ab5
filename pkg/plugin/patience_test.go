package plugin

import (
	"context"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/fetch"
)

// The time left is worked out by hand from the pages left: one read lists one endpoint, so it
// goes at most at the endpoint's budget; several reads share the data source's.
func TestReadsSentenceEstimatesWithinBothBudgets(t *testing.T) {
	invoices := fetch.Progress{What: "invoices", Pages: 947, Expected: 1751} // 804 left
	subs := fetch.Progress{What: "subscriptions", Pages: 198, Expected: 238} // 40 left: 1.6 s at 25/s, said as the rounding floor of 1 s
	charges := fetch.Progress{What: "charges", Pages: 600, Expected: 1200}   // 600 left
	unknown := fetch.Progress{What: "balance_transactions", Pages: 12}       // no estimate yet
	done := fetch.Progress{What: "disputes", Pages: 31, Expected: 30}        // estimate exceeded
	for _, c := range []struct {
		name   string
		reads  []fetch.Progress
		budget requestBudget
		want   string
	}{
		// 804 pages at 10/s (the endpoint's budget, under the data source's 25): 80.4 s.
		{"one read, endpoint-bound", []fetch.Progress{invoices}, requestBudget{25, 10},
			"invoices 54% (947 of about 1,751 pages); about 1 min left at 10 requests/s."},
		// The same read when the endpoint may go as fast as the data source: 804/25 = 32.2 s.
		{"one read, data-source-bound", []fetch.Progress{invoices}, requestBudget{25, 25},
			"invoices 54% (947 of about 1,751 pages); about 30 s left at 25 requests/s."},
		// 1404 pages in all: 1404/25 = 56.2 s against 804/10 = 80.4 s; the invoices bound it,
		// and the rate it works out to is 1404/80.4 = 17.46 requests/s.
		{"two reads", []fetch.Progress{invoices, charges}, requestBudget{25, 10},
			"invoices 54% (947 of about 1,751 pages), charges 50% (600 of about 1,200 pages); about 1 min left at 17.5 requests/s."},
		// 844 pages: 844/10 = 84.4 s against 804/10: the data source's budget binds.
		{"two reads, global-bound", []fetch.Progress{invoices, subs}, requestBudget{10, 10},
			"invoices 54% (947 of about 1,751 pages), subscriptions 83% (198 of about 238 pages); about 1 min left at 10 requests/s."},
		{"nothing to estimate", []fetch.Progress{unknown, done}, requestBudget{25, 10},
			"balance transactions 12 pages so far, disputes 103% (31 of about 30 pages)."},
		{"no endpoint budget", []fetch.Progress{subs}, requestBudget{25, 0},
			"subscriptions 83% (198 of about 238 pages); about 1 s left at 25 requests/s."},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := readsSentence(c.reads, c.budget); got != c.want {
				t.Errorf("readsSentence:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestTimeLeftIsTheLongerBound(t *testing.T) {
	reads := []fetch.Progress{{Pages: 0, Expected: 300}, {Pages: 0, Expected: 100}}
	// 400 pages at 25/s = 16 s; 300 pages at 10/s = 30 s.
	if got, want := (requestBudget{25, 10}).timeLeft(reads), 30*time.Second; got != want {
		t.Errorf("timeLeft = %v, want %v", got, want)
	}
	// 400 pages at 5/s = 80 s; 300 at min(5, 10)/s = 60 s.
	if got, want := (requestBudget{5, 10}).timeLeft(reads), 80*time.Second; got != want {
		t.Errorf("timeLeft = %v, want %v", got, want)
	}
	if got := (requestBudget{}).timeLeft(reads); got != 0 {
		t.Errorf("timeLeft without a budget = %v, want 0", got)
	}
}

func TestAnswerByKeepsAMarginBeforeTheDeadline(t *testing.T) {
	now := time.Date(2026, 12, 4, 3, 0, 0, 0, time.UTC)
	if got, want := answerBy(context.Background(), now), now.Add(defaultPatience); !got.Equal(want) {
		t.Errorf("without a deadline: %v, want %v", got, want)
	}
	// An alert rule's 30 s evaluation timeout: answer 3 s before it.
	ctx, cancel := context.WithDeadline(context.Background(), now.Add(30*time.Second))
	defer cancel()
	if got, want := answerBy(ctx, now), now.Add(27*time.Second); !got.Equal(want) {
		t.Errorf("30 s deadline: %v, want %v", got, want)
	}
	// A 10 s deadline: a tenth of it, 1 s.
	ctx, cancel = context.WithDeadline(context.Background(), now.Add(10*time.Second))
	defer cancel()
	if got, want := answerBy(ctx, now), now.Add(9*time.Second); !got.Equal(want) {
		t.Errorf("10 s deadline: %v, want %v", got, want)
	}
}
