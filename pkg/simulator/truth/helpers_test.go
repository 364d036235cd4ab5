package truth

import (
	"sync"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// testNow is a fixed "now" for the tests: mid-month, mid-day, not a DST edge.
var testNow = time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC)

var (
	modelsMu sync.Mutex
	models   = map[string]*generator.Model{}
)

// model generates (once per test binary) the named profile with seed 7 at testNow.
func model(t *testing.T, name string) *generator.Model {
	t.Helper()
	modelsMu.Lock()
	defer modelsMu.Unlock()
	if m, ok := models[name]; ok {
		return m
	}
	p, err := generator.NamedProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := generator.Generate(p, 7, testNow)
	if err != nil {
		t.Fatal(err)
	}
	models[name] = m
	return m
}

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
