package models

import (
	"reflect"
	"strings"
	"testing"

	"github.com/revops/stripe-datasource/pkg/catalog"
)

// The editor stores each catalog option in the query field of the same name; the backend must
// read every one of them, or a choice in the editor would silently do nothing.
func TestEveryCatalogOptionIsAQueryField(t *testing.T) {
	fields := queryFields()
	for id, o := range catalog.Get().Options {
		if _, ok := fields[id]; !ok {
			t.Errorf("catalog option %q has no field in models.Query", id)
		}
		if len(o.Values) == 0 && o.Type != "text" && o.Type != "number" && o.Type != "list" {
			t.Errorf("catalog option %q is neither a choice nor typed text, number or list: the editor cannot render it", id)
		}
	}
}

func TestParseQueryChargeFiltersAndTopN(t *testing.T) {
	q, err := ParseQuery([]byte(`{"metric":"payments_failed","customer":" cus_9 ","paymentMethodType":" SEPA_debit "}`))
	if err != nil {
		t.Fatal(err)
	}
	if q.Customer != "cus_9" || q.PaymentMethodType != "sepa_debit" || q.TopN != DefaultTopN {
		t.Errorf("normalised to %+v", q)
	}
	for raw, want := range map[string]string{
		`{"customer":"bob@example.com"}`:     "not a Stripe customer id",
		`{"paymentMethodType":"card; drop"}`: "not a Stripe payment method type",
		`{"topN":-1}`:                        "between 1 and 25",
		`{"topN":26}`:                        "between 1 and 25",
	} {
		if _, err := ParseQuery([]byte(raw)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %q", raw, err, want)
		}
	}
}

// A shared or public dashboard sends its saved queries without expanding variables: they read as
// "the default" and are reported, never as a currency or zone that matches nothing.
func TestParseQueryTreatsUnexpandedVariablesAsDefaults(t *testing.T) {
	q, err := ParseQuery([]byte(`{"metric":"payments_failed","currencies":["usd","$currency","${region}"],"timeZone":"$tz","customer":"$customer","paymentMethodType":"$method"}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Currencies) != 1 || q.Currencies[0] != "usd" || q.TimeZone != "" || q.Customer != "" || q.PaymentMethodType != "" {
		t.Errorf("parsed as %+v", q)
	}
	if got := strings.Join(q.Unresolved, " "); got != "$tz $customer $method $currency ${region}" {
		t.Errorf("unresolved %q", got)
	}
}

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

// A currency code Stripe does not have is refused by name (a typo would otherwise read as a flat
// zero series, and an alert rule as 0); variables nobody expanded, in either syntax, fall back
// to every currency; a valid code the account never used stays a filter.
func TestParseQueryCurrencies(t *testing.T) {
	for _, bad := range []string{"usdd", "US Dollar", "xyz", "u$d"} {
		_, err := ParseQuery([]byte(`{"metric":"net_revenue","currencies":["eur",` + strconvQuote(bad) + `]}`))
		if err == nil || !strings.Contains(err.Error(), strconvQuote(bad)) {
			t.Errorf("currency %q: %v, want an error naming it", bad, err)
		}
	}
	q, err := ParseQuery([]byte(`{"metric":"net_revenue","currencies":["[[currency]]","${cur}","{USD,chf}"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(q.Currencies, []string{"usd", "chf"}) || !reflect.DeepEqual(q.Unresolved, []string{"[[currency]]", "${cur}"}) {
		t.Errorf("currencies %v, unresolved %v", q.Currencies, q.Unresolved)
	}
}

func strconvQuote(s string) string { return `"` + s + `"` }

// Every choice option of the catalog (what the editor offers) is accepted by the backend with
// the catalog's default when left out, and a value outside the catalog's list is refused with
// an error naming the option: the editor and the backend cannot drift apart.
func TestChoiceOptionsFollowTheCatalog(t *testing.T) {
	tags := queryFields()
	for id, o := range catalog.Get().Options {
		if len(o.Values) == 0 {
			continue
		}
		q, err := ParseQuery([]byte(`{"metric":"mrr"}`))
		if err != nil {
			t.Fatal(err)
		}
		if got := reflect.ValueOf(q).Field(tags[id]).String(); got != o.Default {
			t.Errorf("option %s left out reads %q, the catalog's default is %q", id, got, o.Default)
		}
		for _, v := range o.Values {
			q, err := ParseQuery([]byte(`{"metric":"mrr",` + strconvQuote(id) + `:` + strconvQuote(v.Value) + `}`))
			if err != nil {
				t.Errorf("option %s=%q (in the catalog): %v", id, v.Value, err)
			} else if got := reflect.ValueOf(q).Field(tags[id]).String(); got != v.Value {
				t.Errorf("option %s=%q reads %q", id, v.Value, got)
			}
		}
		_, err = ParseQuery([]byte(`{"metric":"mrr",` + strconvQuote(id) + `:"not_a_choice"}`))
		if err == nil || !strings.HasPrefix(err.Error(), id+" ") || !strings.Contains(err.Error(), o.Values[0].Value) {
			t.Errorf("option %s=not_a_choice: error %v, want one naming the option and its values", id, err)
		}
	}
	for raw, want := range map[string]string{`{"cohortMonths":-1}`: "cohort months is -1", `{"cohortMonths":37}`: "between 1 and 36"} {
		if _, err := ParseQuery([]byte(raw)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %q", raw, err, want)
		}
	}
}

// queryFields are Query's fields by JSON name (the name the editor stores an option under).
func queryFields() map[string]int {
	out := map[string]int{}
	qt := reflect.TypeOf(Query{})
	for i := 0; i < qt.NumField(); i++ {
		out[strings.Split(qt.Field(i).Tag.Get("json"), ",")[0]] = i
	}
	return out
}
