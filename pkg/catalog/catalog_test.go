package catalog

import (
	"strings"
	"testing"
)

func TestShippedCatalogIsConsistent(t *testing.T) {
	c := Get()
	if len(c.Metrics) == 0 {
		t.Fatal("catalog lists no metric")
	}
	for _, r := range c.Resources {
		if !strings.HasPrefix(r.Permission, "rak_") || !strings.HasSuffix(r.Permission, "_read") {
			t.Errorf("resource %s: permission %q is not a read permission of a restricted key", r.ID, r.Permission)
		}
		if !strings.HasPrefix(r.Path, "/v1/") {
			t.Errorf("resource %s: path %q is not a Stripe v1 path", r.ID, r.Path)
		}
	}
	m, ok := c.Metric("net_revenue")
	if !ok || m.Kind != KindTimeSeries || m.Resource != "balance_transactions" {
		t.Fatalf("net_revenue = %+v, %v", m, ok)
	}
}

func TestParseRejectsInconsistentCatalogs(t *testing.T) {
	cases := map[string]string{
		"unknown group":           `{"resources":[{"id":"r"}],"groups":[],"options":{},"metrics":[{"id":"m","group":"g","resource":"r","kind":"timeseries"}]}`,
		"unknown resource":        `{"resources":[],"groups":[{"id":"g"}],"options":{},"metrics":[{"id":"m","group":"g","resource":"r","kind":"timeseries"}]}`,
		"unknown kind":            `{"resources":[{"id":"r"}],"groups":[{"id":"g"}],"options":{},"metrics":[{"id":"m","group":"g","resource":"r","kind":"pie"}]}`,
		"unknown option":          `{"resources":[{"id":"r"}],"groups":[{"id":"g"}],"options":{},"metrics":[{"id":"m","group":"g","resource":"r","kind":"table","options":["x"]}]}`,
		"duplicate metric":        `{"resources":[{"id":"r"}],"groups":[{"id":"g"}],"options":{},"metrics":[{"id":"m","group":"g","resource":"r","kind":"table"},{"id":"m","group":"g","resource":"r","kind":"table"}]}`,
		"group resource":          `{"resources":[],"groups":[{"id":"g","resources":["nope"]}],"options":{},"metrics":[]}`,
		"table without alertWith": `{"resources":[{"id":"r"}],"groups":[{"id":"g"}],"options":{},"metrics":[{"id":"m","group":"g","resource":"r","kind":"table"}]}`,
		"alertWith a table":       `{"resources":[{"id":"r"}],"groups":[{"id":"g"}],"options":{},"metrics":[{"id":"m","group":"g","resource":"r","kind":"table","alertWith":["m"]}]}`,
	}
	for name, body := range cases {
		if _, err := parse([]byte(body)); err == nil {
			t.Errorf("%s: parse accepted an inconsistent catalog", name)
		}
	}
}
