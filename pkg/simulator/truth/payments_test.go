package truth

import (
	"testing"
	"time"
)

// Retries of one payment intent count once in distinct failed payments; the reason dimension is
// outcome.reason, else failure_code; bank debits still clearing count as neither.
func TestPaymentsFromStories(t *testing.T) {
	m := model(t, "tiny")
	tr := New(m, DefaultOptions())
	series, err := tr.Payments(m.Start, m.Now.Add(time.Second), Month, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var failed, distinct int
	reasons, outcomes := map[string]int{}, map[string]int{}
	for _, s := range series {
		for _, r := range s.Rows {
			failed += r.Failed
			distinct += r.DistinctFailed
			for k, v := range r.FailuresByReason {
				reasons[k] += v
			}
			for k, v := range r.FailuresByOutcome {
				outcomes[k] += v
			}
		}
	}
	// Count failed charges and their payment intents straight from the model.
	wantFailed, pis := 0, map[string]bool{}
	for i := range m.Charges {
		c := &m.Charges[i]
		if c.StatusAt(m.Now.Unix()) == "failed" {
			wantFailed++
			pis[c.PaymentIntent] = true
		}
	}
	if failed != wantFailed || failed == 0 {
		t.Fatalf("failed %d, want %d (> 0)", failed, wantFailed)
	}
	if distinct >= failed {
		t.Errorf("distinct failed %d not below failed attempts %d: retries counted twice", distinct, failed)
	}
	// The scripted one-offs: an expired card retried (2 attempts, 1 payment), a Radar block, a
	// bounced bank debit whose reason falls back to failure_code.
	for _, k := range []string{"expired_card", "highest_risk_level", "insufficient_funds"} {
		if reasons[k] == 0 {
			t.Errorf("no failure with reason %q: %v", k, reasons)
		}
	}
	for _, k := range []string{"issuer_declined", "blocked"} {
		if outcomes[k] == 0 {
			t.Errorf("no failure with outcome %q: %v", k, outcomes)
		}
	}
}

func TestOpenDisputesAndOutcomes(t *testing.T) {
	m := model(t, "tiny")
	tr := New(m, DefaultOptions())
	open := tr.OpenDisputes()
	if len(open) == 0 {
		t.Fatal("no open dispute")
	}
	for _, d := range open {
		if !d.DueBy.After(d.Created) {
			t.Errorf("%s due %v before it opened %v", d.ID, d.DueBy, d.Created)
		}
	}
	series, err := tr.Disputes(m.Start, m.Now.Add(time.Second), Month, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var opened, won, lost int
	for _, s := range series {
		for _, r := range s.Rows {
			opened += r.Opened
			won += r.Won
			lost += r.Lost
		}
	}
	if opened != len(m.Disputes) || won == 0 || lost == 0 {
		t.Errorf("opened %d of %d, won %d, lost %d", opened, len(m.Disputes), won, lost)
	}
}

func TestInvoicesOutstanding(t *testing.T) {
	m := model(t, "tiny")
	out := New(m, DefaultOptions()).InvoicesOutstanding(m.Now)
	var pastDue int
	for _, o := range out {
		pastDue += o.PastDue
		if o.PastDueAmount > o.Amount {
			t.Errorf("%s: past due %d above outstanding %d", o.Currency, o.PastDueAmount, o.Amount)
		}
	}
	if pastDue == 0 {
		t.Error("the emailed invoice never paid should be past due now")
	}
}
