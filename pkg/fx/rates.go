// Package fx converts amounts into one reporting currency (METRICS.md "One reporting currency").
// It is pure: the caller hands it the rates Stripe applied on the account's balance transactions
// and the admin's rate table, and asks for a rate per currency and instant.
//
// Rates, in this order: (1) the exchange_rate on the object's own balance transaction (the caller
// passes it with the amount); (2) the rate Stripe applied that UTC day on the account's balance
// transactions for the same pair, amount-weighted, else the nearest earlier day within 7 days;
// (3) the admin's rate table (the latest entry valid from at or before the instant). None: an
// error naming the pair and the setting. Never a guess, never 1.0 for two different currencies.
//
// A pair is looked up directly (from → to) and, failing that, as its inverse (to → from, 1/rate)
// within the same source before the next source is tried: Stripe's rates on jpy → usd charges
// serve usd → jpy too. No cross rates through a third currency: that would be a rate Stripe never
// applied and the admin never entered.
//
// Rates are exact rationals: a float rate is read as the shortest decimal that prints it (what
// Stripe's JSON carries), so 1.0842 is 10842/10000, not the binary float nearest to it.
package fx

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Source says where a rate came from.
type Source int

// Rate sources, in the order they are tried.
const (
	SourceSame  Source = iota // the amount is in the reporting currency already
	SourceOwn                 // the exchange_rate on the object's own balance transaction
	SourceDay                 // the day's rates Stripe applied on the account's balance transactions
	SourceTable               // the data source's rate table
)

// Describe names a source as the frame notice says it.
func (s Source) Describe() string {
	switch s {
	case SourceSame:
		return "already in the reporting currency"
	case SourceOwn:
		return "the exchange rate on its own balance transaction"
	case SourceDay:
		return "the day's exchange rates Stripe applied on the account's balance transactions"
	default:
		return "the rate table in the data source settings"
	}
}

// Lookback is how far back the day's rates may come from when a day has none: METRICS.md's
// "nearest earlier day within 7 days".
const Lookback = 7

// TableSetting names the setting to fill, for error messages.
const TableSetting = "the data source settings, section Reporting currency → Exchange rates"

// Observation is one rate Stripe applied: a balance transaction that converted an amount of From
// into its settlement currency To at Rate (major unit to major unit), Weight being its settled
// amount (any sign; its size weighs the day's average).
type Observation struct {
	From, To string
	At       int64 // Unix seconds; the UTC day counts
	Rate     float64
	Weight   int64
}

// TableEntry is one row of the admin's rate table: one unit of From is Rate units of To from
// ValidFrom (Unix seconds) until the pair's next entry.
type TableEntry struct {
	From, To  string
	Rate      float64
	ValidFrom int64
}

type pair struct{ from, to string }

type tableRow struct {
	validFrom int64
	rate      *big.Rat
}

// Rates holds the day rates and the table.
type Rates struct {
	days  map[pair]map[int64]*big.Rat // UTC day number → amount-weighted rate
	table map[pair][]tableRow         // by validFrom
}

// RatOf reads a float rate as the shortest decimal that prints it.
func RatOf(f float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	if !ok {
		return new(big.Rat)
	}
	return r
}

// Day is the UTC day number of an instant.
func Day(at int64) int64 {
	if at < 0 {
		return (at - 86399) / 86400
	}
	return at / 86400
}

// NewRates builds the day rates from Stripe's observations and keeps the table. Observations
// with a rate ≤ 0 or a zero weight are ignored; table entries with a rate ≤ 0 are refused by the
// settings already.
func NewRates(obs []Observation, table []TableEntry) *Rates {
	type acc struct{ num, den *big.Rat }
	sums := map[pair]map[int64]*acc{}
	for _, o := range obs {
		if o.Rate <= 0 || o.Weight == 0 || o.From == o.To {
			continue
		}
		p := pair{strings.ToLower(o.From), strings.ToLower(o.To)}
		if sums[p] == nil {
			sums[p] = map[int64]*acc{}
		}
		d := Day(o.At)
		a := sums[p][d]
		if a == nil {
			a = &acc{new(big.Rat), new(big.Rat)}
			sums[p][d] = a
		}
		w := o.Weight
		if w < 0 {
			w = -w
		}
		bw := new(big.Rat).SetInt64(w)
		a.num.Add(a.num, new(big.Rat).Mul(bw, RatOf(o.Rate)))
		a.den.Add(a.den, bw)
	}
	r := &Rates{days: map[pair]map[int64]*big.Rat{}, table: map[pair][]tableRow{}}
	for p, byDay := range sums {
		r.days[p] = map[int64]*big.Rat{}
		for d, a := range byDay {
			r.days[p][d] = new(big.Rat).Quo(a.num, a.den)
		}
	}
	for _, e := range table {
		if e.Rate <= 0 {
			continue
		}
		p := pair{strings.ToLower(e.From), strings.ToLower(e.To)}
		r.table[p] = append(r.table[p], tableRow{e.ValidFrom, RatOf(e.Rate)})
	}
	for p := range r.table {
		rows := r.table[p]
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].validFrom < rows[j].validFrom })
	}
	return r
}

// MissingRateError is a pair without any rate at an instant.
type MissingRateError struct {
	From, To string
	At       int64
}

func (e *MissingRateError) Error() string {
	day := time.Unix(e.At, 0).UTC().Format("2006-01-02")
	f, t := strings.ToUpper(e.From), strings.ToUpper(e.To)
	return fmt.Sprintf("No exchange rate for %s → %s on %s: Stripe applied none on this account's balance transactions "+
		"that day or the %d days before, and the rate table has no %s → %s rate valid from then. "+
		"Add a %s → %s rate valid from %s or earlier in %s, or clear the query's Convert to option.",
		f, t, day, Lookback, f, t, f, t, day, TableSetting)
}

// Lookup is the rate (major unit of from → major unit of to) at an instant and its source.
func (r *Rates) Lookup(from, to string, at int64) (*big.Rat, Source, error) {
	from, to = strings.ToLower(from), strings.ToLower(to)
	if from == to {
		return big.NewRat(1, 1), SourceSame, nil
	}
	if v := r.day(from, to, at); v != nil {
		return v, SourceDay, nil
	}
	if v := r.fromTable(from, to, at); v != nil {
		return v, SourceTable, nil
	}
	return nil, 0, &MissingRateError{From: from, To: to, At: at}
}

// day is the day's rate for the pair, direct or inverse, on the instant's UTC day or the nearest
// earlier day within Lookback; on one day the direct pair wins.
func (r *Rates) day(from, to string, at int64) *big.Rat {
	direct, inverse := r.days[pair{from, to}], r.days[pair{to, from}]
	if direct == nil && inverse == nil {
		return nil
	}
	d := Day(at)
	for back := int64(0); back <= Lookback; back++ {
		if v := direct[d-back]; v != nil {
			return v
		}
		if v := inverse[d-back]; v != nil && v.Sign() > 0 {
			return new(big.Rat).Inv(v)
		}
	}
	return nil
}

// fromTable is the latest entry valid at the instant, direct or inverse (direct preferred when
// both have one; the later validFrom wins otherwise).
func (r *Rates) fromTable(from, to string, at int64) *big.Rat {
	pick := func(rows []tableRow) (tableRow, bool) {
		i := sort.Search(len(rows), func(i int) bool { return rows[i].validFrom > at })
		if i == 0 {
			return tableRow{}, false
		}
		return rows[i-1], true
	}
	d, okd := pick(r.table[pair{from, to}])
	v, oki := pick(r.table[pair{to, from}])
	switch {
	case okd && (!oki || d.validFrom >= v.validFrom):
		return d.rate
	case oki:
		return new(big.Rat).Inv(v.rate)
	}
	return nil
}
