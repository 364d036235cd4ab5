package fx

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/revops/stripe-datasource/pkg/money"
)

// Converter converts amounts into one currency and remembers which source served each source
// currency in which buckets, for the frame notice.
type Converter struct {
	To    string
	rates *Rates
	cache map[cacheKey]looked
	used  map[string]map[Source]map[int]bool // source currency → source → buckets
}

type cacheKey struct {
	from string
	day  int64
}

type looked struct {
	factor *big.Rat // minor units of from → minor units of To
	source Source
	err    error
}

// NewConverter converts into currency to with the given rates.
func NewConverter(to string, rates *Rates) *Converter {
	return &Converter{To: strings.ToLower(to), rates: rates, cache: map[cacheKey]looked{}, used: map[string]map[Source]map[int]bool{}}
}

// minorFactor turns a major-to-major rate into a minor-to-minor one: a rate of 0.0067 from JPY
// (0 decimals) to USD (2) is 0.67 cents a yen; from KWD (3) to USD, rate/10 cents a fils.
func minorFactor(rate *big.Rat, from, to string) *big.Rat {
	f := new(big.Rat).Set(rate)
	shift := money.Exponent(to) - money.Exponent(from)
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(shift))), nil)
	if shift > 0 {
		f.Mul(f, new(big.Rat).SetInt(p))
	} else if shift < 0 {
		f.Quo(f, new(big.Rat).SetInt(p))
	}
	return f
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Factor is the minor-unit factor for an amount of from at instant at, served in bucket (−1: a
// table row, no bucket to count). own is the exchange_rate on the object's own balance transaction when it
// settled from into the target currency (0: none).
func (c *Converter) Factor(from string, at int64, bucket int, own float64) (*big.Rat, error) {
	from = strings.ToLower(from)
	if own > 0 && from != c.To {
		c.note(from, SourceOwn, bucket)
		return minorFactor(RatOf(own), from, c.To), nil
	}
	// Day rates change by UTC day, so a day's answer is kept; table entries may start at any
	// second, so the table is asked for each instant (a binary search).
	k := cacheKey{from: from, day: Day(at)}
	l, ok := c.cache[k]
	if !ok {
		rate, src, err := c.rates.Lookup(from, c.To, at)
		l = looked{source: src, err: err}
		if err == nil {
			l.factor = minorFactor(rate, from, c.To)
		}
		if err == nil && src != SourceTable {
			c.cache[k] = l
		}
	}
	if l.err != nil {
		return nil, l.err
	}
	c.note(from, l.source, bucket)
	return l.factor, nil
}

func (c *Converter) note(from string, s Source, bucket int) {
	bucket = max(bucket, -1) // every row of a table is one key: the source was used, no bucket counted
	if c.used[from] == nil {
		c.used[from] = map[Source]map[int]bool{}
	}
	if c.used[from][s] == nil {
		c.used[from][s] = map[int]bool{}
	}
	c.used[from][s][bucket] = true
}

// Amount converts one amount, rounded half away from zero (one rounding per converted amount).
func (c *Converter) Amount(minor int64, from string, at int64, bucket int, own float64) (int64, error) {
	f, err := c.Factor(from, at, bucket, own)
	if err != nil {
		return 0, err
	}
	return Round(new(big.Rat).Mul(new(big.Rat).SetInt64(minor), f)), nil
}

// Exact converts one amount without rounding, for sums rounded once (MRR levels and movements).
func (c *Converter) Exact(minor int64, from string, at int64, bucket int) (*big.Rat, error) {
	f, err := c.Factor(from, at, bucket, 0)
	if err != nil {
		return nil, err
	}
	return new(big.Rat).Mul(new(big.Rat).SetInt64(minor), f), nil
}

// Round rounds half away from zero: 2.5 → 3, −2.5 → −3.
func Round(x *big.Rat) int64 {
	num, den := new(big.Int).Set(x.Num()), x.Denom()
	neg := num.Sign() < 0
	if neg {
		num.Neg(num)
	}
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Lsh(m, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}

// Usage is how one source currency was converted: per source used, in how many buckets (0 for
// the rows of a table).
type Usage struct {
	From    string
	Buckets map[Source]int
}

// Usage lists the source currencies converted, sorted, the reporting currency itself left out.
func (c *Converter) Usage() []Usage {
	var out []Usage
	for from, bySource := range c.used {
		if from == c.To {
			continue
		}
		u := Usage{From: from, Buckets: map[Source]int{}}
		for s, b := range bySource {
			u.Buckets[s] = len(b)
			if b[-1] {
				u.Buckets[s]--
			}
		}
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From < out[j].From })
	return out
}

// Describe writes a usage as the notice's sentence: "EUR → USD: the rate table in the data
// source settings for 12 buckets, ...".
func (u Usage) Describe(to string) string {
	var parts []string
	for _, s := range []Source{SourceOwn, SourceDay, SourceTable} {
		n, used := u.Buckets[s]
		switch {
		case n > 0:
			parts = append(parts, fmt.Sprintf("%s for %d %s", s.Describe(), n, plural(n, "bucket", "buckets")))
		case used:
			parts = append(parts, s.Describe())
		}
	}
	return fmt.Sprintf("%s → %s: %s", strings.ToUpper(u.From), strings.ToUpper(to), strings.Join(parts, ", "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
