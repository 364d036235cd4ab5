package models

import (
	"errors"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestExchangeRateSettings(t *testing.T) {
	s, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(
		`{"reportingCurrency":" EUR ","exchangeRates":[{"currency":"USD","rate":0.92,"validFrom":"2026-01-01"},{"currency":"jpy","to":"usd","rate":0.0067,"validFrom":"2026-02-01"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if s.ReportingCurrency != "eur" || len(s.ExchangeRates) != 2 || s.ExchangeRates[0].Currency != "usd" || s.ExchangeRates[1].To != "usd" {
		t.Fatalf("settings %+v", s)
	}
	if got := s.ExchangeRates[0].ValidFromUnix(); got != 1767225600 { // 2026-01-01T00:00:00Z
		t.Errorf("valid from %d", got)
	}
	for body, want := range map[string]string{
		`{"reportingCurrency":"euro"}`:                                                        `"Reporting currency" (reportingCurrency) is "euro"`,
		`{"exchangeRates":[{"currency":"eur","rate":0,"validFrom":"2026-01-01"}]}`:            `row 1 (EUR → the reporting currency) with rate 0`,
		`{"exchangeRates":[{"currency":"eur","to":"usd","rate":1.1,"validFrom":"1/2/2026"}]}`: `row 1 (EUR → USD) valid from "1/2/2026"`,
		`{"exchangeRates":[{"currency":"eur","to":"eur","rate":1,"validFrom":"2026-01-01"}]}`: `converting a currency into itself`,
		`{"exchangeRates":[{"currency":"xyz","rate":1,"validFrom":"2026-01-01"}]}`:            `currency "xyz" is not a currency code`,
		`{"exchangeRates":{"currency":"eur"}}`:                                                `"Exchange rates" (exchangeRates) must be a list`,
	} {
		_, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(body)})
		var se *SettingError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want a setting error saying %q", body, err, want)
		}
	}
}

func TestConvertToOption(t *testing.T) {
	for raw, want := range map[string]string{`{"metric":"mrr","convertTo":" USD "}`: "usd", `{"metric":"mrr","convertTo":"default"}`: "default", `{"metric":"mrr"}`: ""} {
		q, err := ParseQuery([]byte(raw))
		if err != nil || q.ConvertTo != want {
			t.Errorf("%s: %q, %v; want %q", raw, q.ConvertTo, err, want)
		}
	}
	if _, err := ParseQuery([]byte(`{"metric":"mrr","convertTo":"dollars"}`)); err == nil || !strings.Contains(err.Error(), `convert to "dollars"`) {
		t.Errorf("a typo converts silently: %v", err)
	}
	q, err := ParseQuery([]byte(`{"metric":"mrr","convertTo":"$currency"}`))
	if err != nil || q.ConvertTo != "" || len(q.Unresolved) != 1 {
		t.Errorf("an unexpanded variable: %+v %v", q, err)
	}
}
