package models

import (
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestRateBudgetSettings(t *testing.T) {
	s, err := LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(`{"rateLimit":20,"endpointRateLimit":7.5}`)})
	if err != nil {
		t.Fatal(err)
	}
	if s.RateLimit != 20 || s.EndpointRateLimit != 7.5 {
		t.Errorf("rateLimit %v, endpointRateLimit %v; want 20 and 7.5", s.RateLimit, s.EndpointRateLimit)
	}
	s, err = LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(`{}`)})
	if err != nil || s.RateLimit != 0 || s.EndpointRateLimit != 0 {
		t.Errorf("absent budgets must stay 0 (the key's mode decides): %+v, %v", s, err)
	}
	_, err = LoadSettings(backend.DataSourceInstanceSettings{JSONData: []byte(`{"endpointRateLimit":-1}`)})
	if err == nil || !strings.Contains(err.Error(), "per-endpoint request rate budget") {
		t.Errorf("negative endpoint budget: %v", err)
	}
}
