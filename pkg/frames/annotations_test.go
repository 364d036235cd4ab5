package frames

import (
	"reflect"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/metrics"
)

// Annotations: time, timeEnd (null for a moment), title, text (HTML-escaped, then the link to
// the Dashboard), tags comma-separated.
func TestAnnotations(t *testing.T) {
	events := []metrics.Event{
		{Time: 1782907200, TimeEnd: 1783036800, Title: "Payout: 1000.00 USD", Text: "Automatic payout, paid; arrival 2026-07-03.",
			Tags: []string{"payout", "usd", "paid"}, Link: "payouts/po_1"},
		{Time: 1782907300, Title: "Refund: 500 JPY", Text: `Reason: <b>"x" & y</b>.`, Tags: []string{"refund", "jpy", "none_given"}},
	}
	fr := Annotations("A", events, "https://dashboard.stripe.com/")
	if len(fr) != 1 || fr[0].Name != "annotations" || fr[0].RefID != "A" {
		t.Fatalf("frames %+v", fr)
	}
	f := fr[0]
	checkColumns(t, f, []col{{"time", data.FieldTypeTime}, {"timeEnd", data.FieldTypeNullableTime}, {"title", data.FieldTypeString},
		{"text", data.FieldTypeString}, {"tags", data.FieldTypeString}})
	end := time.Unix(1783036800, 0).UTC()
	checks := map[string][]any{
		"time":    {time.Unix(1782907200, 0).UTC(), time.Unix(1782907300, 0).UTC()},
		"timeEnd": {&end, (*time.Time)(nil)},
		"title":   {"Payout: 1000.00 USD", "Refund: 500 JPY"},
		"text": {`Automatic payout, paid; arrival 2026-07-03. <a href="https://dashboard.stripe.com/payouts/po_1" target="_blank" rel="noopener noreferrer">Open in the Stripe Dashboard</a>`,
			`Reason: &lt;b&gt;&#34;x&#34; &amp; y&lt;/b&gt;.`},
		"tags": {"payout,usd,paid", "refund,jpy,none_given"},
	}
	for name, want := range checks {
		if got := cells(t, f, name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if empty := Annotations("A", nil, "")[0]; len(empty.Fields) != 5 || empty.Rows() != 0 {
		t.Errorf("no events: %d fields, %d rows", len(empty.Fields), empty.Rows())
	}
}

// The link is escaped too (a test-mode base with a query string, say).
func TestAnnotationsEscapeTheLink(t *testing.T) {
	f := Annotations("A", []metrics.Event{{Time: 1, Title: "t", Text: "x", Link: "disputes/dp_1"}}, "https://dashboard.stripe.com/acct_1?a=1&b=2/")[0]
	want := `x <a href="https://dashboard.stripe.com/acct_1?a=1&amp;b=2/disputes/dp_1" target="_blank" rel="noopener noreferrer">Open in the Stripe Dashboard</a>`
	if got := cells(t, f, "text")[0]; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

func TestChoices(t *testing.T) {
	fr := Choices("V", []string{"Pro · 49.00 USD / month", "Setup · 100.00 USD once"}, []string{"price_1", "price_2"})
	if len(fr) != 1 || fr[0].Name != "choices" || fr[0].RefID != "V" {
		t.Fatalf("frames %+v", fr)
	}
	checkColumns(t, fr[0], []col{{"text", data.FieldTypeString}, {"value", data.FieldTypeString}})
	if got := cells(t, fr[0], "value"); !reflect.DeepEqual(got, []any{"price_1", "price_2"}) {
		t.Errorf("values %v", got)
	}
	if got := cells(t, fr[0], "text")[0]; got != "Pro · 49.00 USD / month" {
		t.Errorf("text %v", got)
	}
}
