package fx

import (
	"errors"
	"math/big"
	"strings"
	"testing"
)

const day = 86400

func TestRoundHalfAwayFromZero(t *testing.T) {
	for _, c := range []struct {
		num, den int64
		want     int64
	}{{5, 2, 3}, {-5, 2, -3}, {7, 3, 2}, {-7, 3, -2}, {1, 2, 1}, {-1, 2, -1}, {49, 100, 0}, {0, 1, 0}} {
		if got := Round(big.NewRat(c.num, c.den)); got != c.want {
			t.Errorf("Round(%d/%d) = %d, want %d", c.num, c.den, got, c.want)
		}
	}
}

// Hand calculations: ¥1,000 at 0.0067 USD/JPY is $6.70 (670 cents); 1.000 KWD (1000 fils) at
// 3.25 is $3.25 (325 cents); $10.00 at 149.5 JPY/USD is ¥1,495; 0.125 KWD at 3.254 is 40.675
// cents, 41 cents.
func TestAmountsAcrossExponents(t *testing.T) {
	rates := NewRates(nil, []TableEntry{
		{From: "jpy", To: "usd", Rate: 0.0067}, {From: "kwd", To: "usd", Rate: 3.25},
		{From: "usd", To: "jpy", Rate: 149.5}, {From: "bhd", To: "usd", Rate: 3.254},
	})
	for _, c := range []struct {
		from, to string
		minor    int64
		want     int64
	}{{"jpy", "usd", 1000, 670}, {"kwd", "usd", 1000, 325}, {"usd", "jpy", 1000, 1495}, {"bhd", "usd", 125, 41}, {"bhd", "usd", -125, -41}} {
		got, err := NewConverter(c.to, rates).Amount(c.minor, c.from, 10*day, 0, 0)
		if err != nil || got != c.want {
			t.Errorf("%d %s → %s = %d, %v; want %d", c.minor, c.from, c.to, got, err, c.want)
		}
	}
}

// The day rate is weighted by the settled amounts: 300 at 1.10 and 100 at 1.30 average 1.15.
func TestDayRateIsAmountWeighted(t *testing.T) {
	rates := NewRates([]Observation{
		{From: "eur", To: "usd", At: 20*day + 10, Rate: 1.10, Weight: 300},
		{From: "eur", To: "usd", At: 20*day + 500, Rate: 1.30, Weight: -100},
	}, nil)
	r, src, err := rates.Lookup("eur", "usd", 20*day+80000)
	if err != nil || src != SourceDay || r.Cmp(big.NewRat(115, 100)) != 0 {
		t.Fatalf("rate %v from %v, %v; want 1.15 from the day's rates", r, src, err)
	}
}

// A day without rates takes the nearest earlier day within 7 days, then the table; the inverse
// pair serves when the direct one has none.
func TestLookupOrder(t *testing.T) {
	rates := NewRates([]Observation{{From: "jpy", To: "usd", At: 30 * day, Rate: 0.0065, Weight: 1}},
		[]TableEntry{{From: "jpy", To: "usd", Rate: 0.007, ValidFrom: 0}, {From: "jpy", To: "usd", Rate: 0.0071, ValidFrom: 40 * day}})
	cases := []struct {
		at   int64
		want *big.Rat
		src  Source
	}{
		{30*day + 5, big.NewRat(65, 10000), SourceDay},
		{37*day + 86399, big.NewRat(65, 10000), SourceDay}, // 7 days after
		{38 * day, big.NewRat(7, 1000), SourceTable},       // 8 days after: the table
		{29 * day, big.NewRat(7, 1000), SourceTable},       // before: never a later day
		{41 * day, big.NewRat(71, 10000), SourceTable},     // the latest entry valid then
	}
	for _, c := range cases {
		r, src, err := rates.Lookup("jpy", "usd", c.at)
		if err != nil || src != c.src || r.Cmp(c.want) != 0 {
			t.Errorf("at day %.2f: %v from %v, %v; want %v from %v", float64(c.at)/day, r, src, err, c.want, c.src)
		}
	}
	inv, src, err := rates.Lookup("usd", "jpy", 30*day)
	if err != nil || src != SourceDay || inv.Cmp(big.NewRat(10000, 65)) != 0 {
		t.Errorf("usd → jpy: %v from %v, %v; want 1/0.0065 from the day's rates", inv, src, err)
	}
}

func TestMissingPairNamesThePairAndTheSetting(t *testing.T) {
	rates := NewRates(nil, []TableEntry{{From: "gbp", To: "usd", Rate: 1.27, ValidFrom: 50 * day}})
	_, err := NewConverter("usd", rates).Amount(100, "gbp", 49*day, 0, 0)
	var miss *MissingRateError
	if !errors.As(err, &miss) {
		t.Fatalf("err = %v, want a MissingRateError", err)
	}
	for _, want := range []string{"GBP → USD", "1970-02-19", "Exchange rates", "Convert to"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	if _, err := NewConverter("usd", rates).Amount(100, "usd", 0, 0, 0); err != nil {
		t.Errorf("the reporting currency itself needs no rate: %v", err)
	}
}

func TestUsageCountsBucketsPerSource(t *testing.T) {
	rates := NewRates([]Observation{{From: "jpy", To: "usd", At: 3 * day, Rate: 0.0067, Weight: 5}},
		[]TableEntry{{From: "jpy", To: "usd", Rate: 0.007}})
	c := NewConverter("usd", rates)
	for b, at := range []int64{1 * day, 2 * day, 3 * day, 4 * day} {
		if _, err := c.Amount(100, "jpy", at, b, 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Amount(100, "jpy", 4*day, 3, 0.0068); err != nil { // its own balance transaction
		t.Fatal(err)
	}
	_, _ = c.Amount(100, "usd", 4*day, 3, 0)
	u := c.Usage()
	if len(u) != 1 || u[0].Buckets[SourceTable] != 2 || u[0].Buckets[SourceDay] != 2 || u[0].Buckets[SourceOwn] != 1 {
		t.Fatalf("usage %+v; want jpy: table 2, day 2, own 1, and no usd", u)
	}
	if got := u[0].Describe("usd"); !strings.HasPrefix(got, "JPY → USD: the exchange rate on its own balance transaction for 1 bucket") {
		t.Errorf("notice %q", got)
	}
}

// The rows of a table are no buckets: the notice names the source without a count.
func TestUsageOfTableRowsNamesTheSourceUncounted(t *testing.T) {
	c := NewConverter("usd", NewRates(nil, []TableEntry{{From: "eur", To: "usd", Rate: 1.1}}))
	for range 3 {
		if _, err := c.Amount(100, "eur", 5*day, -1, 0); err != nil {
			t.Fatal(err)
		}
	}
	if got := c.Usage()[0].Describe("usd"); got != "EUR → USD: the rate table in the data source settings" {
		t.Errorf("notice %q", got)
	}
}
