package metrics

import (
	"reflect"
	"testing"

	"github.com/revops/stripe-datasource/pkg/records"
)

// New York, Oct 31 – Nov 2 2026 (edges Oct 31 04:00Z, Nov 1 04:00Z, Nov 2 05:00Z, Nov 3 05:00Z).
// Customers: one before the grid, one at each of the first two edges, one in the 25-hour day
// after 04:00Z (still Nov 1 in New York), one after the grid.
var nyCustomers = []records.Customer{
	{ID: "cus_before", Created: utc(2026, 10, 30, 12, 0, 0)},
	{ID: "cus_a", Created: utc(2026, 10, 31, 4, 0, 0)},    // first second of Oct 31
	{ID: "cus_b", Created: utc(2026, 11, 1, 4, 0, 0)},     // first second of Nov 1
	{ID: "cus_c", Created: utc(2026, 11, 2, 4, 30, 0)},    // Nov 1 23:30 EST: still Nov 1
	{ID: "cus_d", Created: utc(2026, 11, 2, 5, 0, 0)},     // Nov 2
	{ID: "cus_after", Created: utc(2026, 11, 4, 0, 0, 0)}, // after the grid
}

func TestNewCustomersAcrossFallBack(t *testing.T) {
	s := NewCustomers(nyCustomers, nyFallBackDays(t), "new_customers")
	if want := []float64{1, 2, 1}; !sameFloats(s.Values, want) {
		t.Errorf("new customers %v, want %v", s.Values, want)
	}
	if s.Currency != "" || s.Unit != UnitCount || s.Metric != "new_customers" || len(s.Times) != 3 {
		t.Errorf("header %+v", s)
	}
}

func TestTotalCustomersAtEachBucketEnd(t *testing.T) {
	g := nyFallBackDays(t)
	// Every bucket closed: Oct 31 ends with before + a = 2; Nov 1 adds b, c = 4; Nov 2 adds d = 5
	// (cus_after is after every end).
	if got, want := TotalCustomers(nyCustomers, g, utc(2026, 11, 10, 0, 0, 0), "total_customers").Values, []float64{2, 4, 5}; !sameFloats(got, want) {
		t.Errorf("closed buckets: %v, want %v", got, want)
	}
	// Now is Nov 2 04:59:59Z (Nov 1 23:59:59 EST): Nov 1 is in progress and counts up to now,
	// which includes cus_c; Nov 2 has not started and repeats now's count.
	now := utc(2026, 11, 2, 4, 59, 59)
	if got, want := TotalCustomers(nyCustomers, g, now, "total_customers").Values, []float64{2, 4, 4}; !sameFloats(got, want) {
		t.Errorf("in progress: %v, want %v", got, want)
	}
	if got := TotalCustomers(nil, g, now, "total_customers").Values; !sameFloats(got, []float64{0, 0, 0}) {
		t.Errorf("no customers: %v", got)
	}
}

func TestPayingCustomersCountsEachCustomerOncePerBucket(t *testing.T) {
	g := nyFallBackDays(t)
	oct31, nov1 := utc(2026, 10, 31, 12, 0, 0), utc(2026, 11, 1, 12, 0, 0)
	charges := []records.Charge{
		{ID: "ch_1", Created: oct31, Customer: "cus_a", Status: "succeeded", Currency: "usd"},
		{ID: "ch_2", Created: oct31 + 60, Customer: "cus_a", Status: "succeeded", Currency: "eur"}, // same customer: once
		{ID: "ch_3", Created: oct31, Customer: "cus_b", Status: "failed"},                          // not a payment
		{ID: "ch_4", Created: oct31, Customer: "", Status: "succeeded"},                            // nobody's
		{ID: "ch_5", Created: nov1, Customer: "cus_b", Status: "succeeded"},
		{ID: "ch_6", Created: nov1, Customer: "cus_c", Status: "pending"}, // not yet
		{ID: "ch_7", Created: utc(2026, 11, 2, 4, 30, 0), Customer: "cus_a", Status: "succeeded"},
		{ID: "ch_8", Created: utc(2026, 11, 5, 0, 0, 0), Customer: "cus_d", Status: "succeeded"}, // after the grid
	}
	// Oct 31: cus_a; Nov 1 (until 05:00Z on Nov 2): cus_b, cus_a; Nov 2: nobody.
	if got, want := PayingCustomers(charges, g, "paying_customers").Values, []float64{1, 2, 0}; !sameFloats(got, want) {
		t.Errorf("paying customers %v, want %v", got, want)
	}
}

func TestTopCustomersNetPerCurrency(t *testing.T) {
	charges := []records.Charge{
		{Customer: "cus_a", Currency: "usd", Amount: 5000, AmountRefunded: 1500, Status: "succeeded", Created: 300},
		{Customer: "cus_a", Currency: "usd", Amount: 2000, Status: "succeeded", Created: 100},
		{Customer: "cus_a", Currency: "usd", Amount: 9999, Status: "failed", Created: 200}, // not paid
		{Customer: "cus_b", Currency: "usd", Amount: 5500, Status: "succeeded", Created: 150},
		{Customer: "cus_c", Currency: "usd", Amount: 5500, Status: "succeeded", Created: 160}, // ties cus_b: by id
		{Customer: "cus_b", Currency: "jpy", Amount: 800, Status: "succeeded", Created: 170},
		{Customer: "", Currency: "usd", Amount: 100000, Status: "succeeded", Created: 180}, // nobody's
		{Customer: "cus_d", Currency: "usd", Amount: 3000, AmountRefunded: 3000, Status: "succeeded", Created: 190},
	}
	// usd: cus_a 5000 − 1500 + 2000 = 5500 over 2 payments; cus_b 5500; cus_c 5500; cus_d 0.
	all := []CustomerRevenue{
		{Customer: "cus_a", Currency: "usd", Net: 5500, Payments: 2, First: 100, Last: 300},
		{Customer: "cus_b", Currency: "usd", Net: 5500, Payments: 1, First: 150, Last: 150},
		{Customer: "cus_c", Currency: "usd", Net: 5500, Payments: 1, First: 160, Last: 160},
		{Customer: "cus_b", Currency: "jpy", Net: 800, Payments: 1, First: 170, Last: 170},
		{Customer: "cus_d", Currency: "usd", Net: 0, Payments: 1, First: 190, Last: 190},
	}
	if got := TopCustomers(charges, 0); !reflect.DeepEqual(got, all) {
		t.Errorf("all:\n got %+v\nwant %+v", got, all)
	}
	// Top 2 of each currency: usd keeps cus_a and cus_b, jpy its only one.
	if got, want := TopCustomers(charges, 2), []CustomerRevenue{all[0], all[1], all[3]}; !reflect.DeepEqual(got, want) {
		t.Errorf("top 2:\n got %+v\nwant %+v", got, want)
	}
	if got := TopCustomers(nil, 5); len(got) != 0 {
		t.Errorf("no charges: %+v", got)
	}
}
