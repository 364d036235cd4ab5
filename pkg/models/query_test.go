package models

import (
	"strings"
	"testing"
)

func TestSubscriptionOptionsDefaultAndValidate(t *testing.T) {
	q, err := ParseQuery([]byte(`{"metric":"mrr"}`))
	if err != nil {
		t.Fatal(err)
	}
	if q.Breakdown != BreakdownNone || q.Discounts != DiscountsForever || q.ChurnMoment != ChurnAtPeriodEnd || q.Paused != PausedZero {
		t.Fatalf("defaults: %+v, want METRICS.md's defaults (forever, period_end, zero)", q)
	}
	q, err = ParseQuery([]byte(`{"metric":"mrr","discounts":" ALL ","churnMoment":"cancellation","paused":"value"}`))
	if err != nil {
		t.Fatal(err)
	}
	if q.Discounts != DiscountsAll || q.ChurnMoment != ChurnAtCancellation || q.Paused != PausedValue {
		t.Fatalf("explicit values: %+v", q)
	}
	for _, bad := range []string{`{"discounts":"some"}`, `{"churnMoment":"later"}`, `{"paused":"half"}`, `{"breakdown":"plan"}`} {
		_, err := ParseQuery([]byte(bad))
		if err == nil || !strings.Contains(err.Error(), "is not one of") {
			t.Errorf("%s: error %v, want a list of the allowed values", bad, err)
		}
	}
}
