package truth

import (
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// FXTable is the admin's rate table as a test configures it in the data source settings: the
// rate of one major unit of from in to valid on a UTC day (day number), if the table has one.
type FXTable func(from, to string, day int64) (rate float64, ok bool)

// FX sources, as the truth names them.
const (
	FromDayRates = "day's Stripe rates"
	FromTable    = "rate table"
)

// fxLookback: a day without Stripe rates for a pair takes the nearest earlier day within 7 days.
const fxLookback = 7

// fxRates answers the rate of a currency into one target currency at an instant, in METRICS.md's
// order, from the model: the rates the model's charges settled at (Stripe's exchange_rate on
// their balance transactions, weighted by the settled amount), else the table.
type fxRates struct {
	target string
	days   map[[2]string]map[int64]*big.Rat // (from, to) → UTC day → weighted rate
	table  FXTable
}

// ratOf is a rate as the decimal Stripe's JSON writes it.
func ratOf(f float64) *big.Rat {
	r, _ := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	return r
}

func utcDay(at int64) int64 { return dayStartUTC(at) / 86400 }

func (t *Truth) fxRates(target string, table FXTable) *fxRates {
	num := map[[2]string]map[int64][2]*big.Rat{}
	for i := range t.m.Charges {
		c := &t.m.Charges[i]
		if c.BalanceTxn == "" || c.ExchangeRate == 0 {
			continue
		}
		p := [2]string{c.Currency, c.SettleCurrency}
		if num[p] == nil {
			num[p] = map[int64][2]*big.Rat{}
		}
		d := utcDay(c.Created)
		a, ok := num[p][d]
		if !ok {
			a = [2]*big.Rat{new(big.Rat), new(big.Rat)}
			num[p][d] = a
		}
		w := new(big.Rat).SetInt64(max(c.SettleAmount, -c.SettleAmount))
		a[0].Add(a[0], new(big.Rat).Mul(w, ratOf(c.ExchangeRate)))
		a[1].Add(a[1], w)
	}
	r := &fxRates{target: target, days: map[[2]string]map[int64]*big.Rat{}, table: table}
	for p, byDay := range num {
		r.days[p] = map[int64]*big.Rat{}
		for d, a := range byDay {
			if a[1].Sign() > 0 {
				r.days[p][d] = new(big.Rat).Quo(a[0], a[1])
			}
		}
	}
	return r
}

// rate is the factor turning minor units of from at instant at into minor units of the target,
// and its source; an error when no source has one.
func (r *fxRates) rate(from string, at int64) (*big.Rat, string, error) {
	if from == r.target {
		return big.NewRat(1, 1), "", nil
	}
	major, src := r.major(from, at)
	if major == nil {
		return nil, "", fmt.Errorf("truth: no rate for %s → %s on %s", from, r.target, time.Unix(at, 0).UTC().Format(time.DateOnly))
	}
	return r.minor(major, from), src, nil
}

// minor turns a major-to-major rate from a currency into the target's minor-to-minor factor.
func (r *fxRates) minor(major *big.Rat, from string) *big.Rat {
	ef, _ := generator.Exponent(from)
	et, _ := generator.Exponent(r.target)
	f := new(big.Rat).Set(major)
	for ; et > ef; et-- {
		f.Mul(f, big.NewRat(10, 1))
	}
	for ; ef > et; ef-- {
		f.Quo(f, big.NewRat(10, 1))
	}
	return f
}

func (r *fxRates) major(from string, at int64) (*big.Rat, string) {
	d := utcDay(at)
	for back := int64(0); back <= fxLookback; back++ {
		if v := r.days[[2]string{from, r.target}][d-back]; v != nil {
			return v, FromDayRates
		}
		if v := r.days[[2]string{r.target, from}][d-back]; v != nil {
			return new(big.Rat).Inv(v), FromDayRates
		}
	}
	if r.table != nil {
		if v, ok := r.table(from, r.target, d); ok {
			return ratOf(v), FromTable
		}
		if v, ok := r.table(r.target, from, d); ok {
			return new(big.Rat).Inv(ratOf(v)), FromTable
		}
	}
	return nil, ""
}

// roundHalfAway rounds a rational half away from zero.
func roundHalfAway(x *big.Rat) int64 {
	n := new(big.Int).Abs(x.Num())
	q, m := new(big.Int).QuoRem(n, x.Denom(), new(big.Int))
	if m.Mul(m, big.NewInt(2)).Cmp(x.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if x.Sign() < 0 {
		q.Neg(q)
	}
	return q.Int64()
}

// ConvertedBalanceActivity is the balance activity in one reporting currency: every ledger
// movement of the model (in the currencies listed, all when empty) converted at its own instant's
// rate, its amount and its fee each rounded half away from zero, its net their difference.
// Sources counts, per source currency and rate source, the buckets that source served.
func (t *Truth) ConvertedBalanceActivity(from, to time.Time, size Size, loc *time.Location, target string, table FXTable) (BalanceSeries, map[string]map[string]int, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return BalanceSeries{}, nil, err
	}
	rates := t.fxRates(target, table)
	used := map[string]map[string]map[int]bool{}
	var conv []movement
	for _, mv := range t.moneyMovements() {
		i := b.Index(mv.at)
		if i < 0 {
			continue
		}
		f, src, err := rates.rate(mv.currency, mv.at)
		if err != nil {
			return BalanceSeries{}, nil, err
		}
		if src != "" {
			if used[mv.currency] == nil {
				used[mv.currency] = map[string]map[int]bool{}
			}
			if used[mv.currency][src] == nil {
				used[mv.currency][src] = map[int]bool{}
			}
			used[mv.currency][src][i] = true
		}
		c := mv
		c.currency = target
		c.amount = convert(mv.amount, f)
		c.fee = convert(mv.fee, f)
		conv = append(conv, c)
	}
	counts := map[string]map[string]int{}
	for cur, bySrc := range used {
		counts[cur] = map[string]int{}
		for s, bk := range bySrc {
			counts[cur][s] = len(bk)
		}
	}
	return balanceRows(b, []string{target}, conv)[0], counts, nil
}

// ConvertedMRRRow is one bucket of MRR in one reporting currency: the level at the bucket's start
// and end (each subscription currency's MRR at that instant times its rate then, summed, rounded
// once), the five movements (each converted at its own instant's rate, summed per kind, rounded
// once), FX (what is left: the identity StartMRR + New + Reactivation + Expansion − Contraction −
// Churn + FX = MRR holds exactly) and Revaluation (the exact change that rates moving made to the
// MRR held across each change of rate in the bucket, from which FX differs only by rounding).
type ConvertedMRRRow struct {
	Start                                            time.Time
	StartMRR, MRR                                    int64
	New, Reactivation, Expansion, Contraction, Churn int64
	FX                                               int64
	Revaluation                                      *big.Rat
}

// ConvertedMRR is MRR, its movements and the fx movement in one reporting currency.
func (t *Truth) ConvertedMRR(from, to time.Time, size Size, loc *time.Location, target string, table FXTable) ([]ConvertedMRRRow, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return nil, err
	}
	rates := t.fxRates(target, table)
	st := t.steps()
	// level is the exact converted MRR at instant x (changes at <= x applied).
	perCurrency := func(x int64) map[string]int64 {
		out := map[string]int64{}
		for i := range st {
			if v := valueAt(st[i], x); v != 0 {
				out[t.m.Subscriptions[i].Currency] += v
			}
		}
		return out
	}
	level := func(x int64) (*big.Rat, error) {
		sum := new(big.Rat)
		for cur, v := range perCurrency(x) {
			f, _, err := rates.rate(cur, x)
			if err != nil {
				return nil, err
			}
			sum.Add(sum, new(big.Rat).Mul(new(big.Rat).SetInt64(v), f))
		}
		return sum, nil
	}
	instant := func(i int) int64 { return min(b.unix[i], t.now+1) - 1 } // the level at edge i
	rows := make([]ConvertedMRRRow, b.Len())
	kinds := make([]map[string]*big.Rat, b.Len())
	for i := range rows {
		rows[i].Start = b.Starts[i]
		kinds[i] = map[string]*big.Rat{}
		for _, k := range []string{MoveNew, MoveReactivation, MoveExpansion, MoveContraction, MoveChurn} {
			kinds[i][k] = new(big.Rat)
		}
	}
	for _, mv := range t.Movements() {
		i := b.Index(mv.At.Unix())
		if i < 0 || mv.At.Unix() > t.now {
			continue
		}
		f, _, err := rates.rate(mv.Currency, mv.At.Unix())
		if err != nil {
			return nil, err
		}
		kinds[i][mv.Kind].Add(kinds[i][mv.Kind], new(big.Rat).Mul(new(big.Rat).SetInt64(mv.Amount()), f))
	}
	for i := range rows {
		r := &rows[i]
		s, e := instant(i), instant(i+1)
		ls, err := level(s)
		if err != nil {
			return nil, err
		}
		le, err := level(e)
		if err != nil {
			return nil, err
		}
		r.StartMRR, r.MRR = roundHalfAway(ls), roundHalfAway(le)
		r.New, r.Reactivation = roundHalfAway(kinds[i][MoveNew]), roundHalfAway(kinds[i][MoveReactivation])
		r.Expansion, r.Contraction = roundHalfAway(kinds[i][MoveExpansion]), roundHalfAway(kinds[i][MoveContraction])
		r.Churn = roundHalfAway(kinds[i][MoveChurn])
		r.FX = r.MRR - r.StartMRR - (r.New + r.Reactivation + r.Expansion - r.Contraction - r.Churn)
		// Revaluation: at each UTC midnight m in (s, e] the rate moves from that of m−1 to that of m
		// while the MRR held just before m stays.
		r.Revaluation = new(big.Rat)
		for m := dayStartUTC(s) + 86400; m <= e; m += 86400 {
			for cur, v := range perCurrency(m - 1) {
				before, _, err := rates.rate(cur, m-1)
				if err != nil {
					return nil, err
				}
				after, _, err := rates.rate(cur, m)
				if err != nil {
					return nil, err
				}
				d := new(big.Rat).Sub(after, before)
				r.Revaluation.Add(r.Revaluation, d.Mul(d, new(big.Rat).SetInt64(v)))
			}
		}
	}
	return rows, nil
}

// ModelTable is the rate table of an admin who copied the model's own rates into the settings,
// one entry per UTC day and currency into target: what the tests configure for pairs the account
// never settles (eur, gbp and cad settle in their own currency on multi_currency).
func ModelTable(m *generator.Model) FXTable {
	return func(from, to string, day int64) (float64, bool) { return m.Rate(day, from, to), true }
}

// FromOwn: a charge converted at the exchange rate on its own balance transaction.
const FromOwn = "own balance transaction"

// ConvertedPayments are the succeeded and failed payment amounts of the selected charges in one
// reporting currency, each charge converted on its own and rounded half away from zero: at the
// exchange rate of its own balance transaction when Stripe settled it in the target currency,
// else at its instant's rate. Counts are left out (they do not convert).
func (t *Truth) ConvertedPayments(sel ChargeSelection, from, to time.Time, size Size, loc *time.Location, target string, table FXTable) ([]PaymentRow, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return nil, err
	}
	rates := t.fxRates(target, table)
	rows := make([]PaymentRow, b.Len())
	for i := range rows {
		rows[i].Start = b.Starts[i]
	}
	for ci := range t.m.Charges {
		c := &t.m.Charges[ci]
		i := b.Index(c.Created)
		status := c.StatusAt(t.now)
		if i < 0 || !sel.keeps(t.m, c) || (status != "succeeded" && status != "failed") {
			continue
		}
		f, err := rates.charge(c, c.Created)
		if err != nil {
			return nil, err
		}
		v := convert(c.Amount, f)
		if status == "succeeded" {
			rows[i].SucceededAmount += v
		} else {
			rows[i].FailedAmount += v
		}
	}
	return rows, nil
}

// FXConverter converts levels into one reporting currency with the model's rates (built once:
// the day rates come from every charge of the model).
type FXConverter struct{ rates *fxRates }

// FX is the converter into target, with the admin's table.
func (t *Truth) FX(target string, table FXTable) *FXConverter {
	return &FXConverter{rates: t.fxRates(target, table)}
}

// Level is a level held in several currencies (per currency, at instant at) in the reporting
// currency: each currency's value times its rate at that instant, summed exactly and rounded
// once, half away from zero.
func (c *FXConverter) Level(values map[string]int64, at int64) (int64, error) {
	sum := new(big.Rat)
	for cur, v := range values {
		if v == 0 {
			continue
		}
		f, _, err := c.rates.rate(cur, at)
		if err != nil {
			return 0, err
		}
		sum.Add(sum, new(big.Rat).Mul(new(big.Rat).SetInt64(v), f))
	}
	return roundHalfAway(sum), nil
}

// ConvertedDisputesOpened is the amount of disputes opened per bucket in one reporting currency,
// each dispute converted on its own (rounded half away from zero) at its opening instant: at the
// exchange rate of its own withdrawal balance transaction when that settled in the target
// currency, else at the instant's rate (inquiries withdraw nothing).
func (t *Truth) ConvertedDisputesOpened(from, to time.Time, size Size, loc *time.Location, target string, table FXTable) ([]int64, error) {
	return t.convertedDisputes(from, to, size, loc, target, table, func(d *generator.Dispute) (int64, bool) { return d.Created, true })
}

// convertedDisputes sums the amounts of the disputes when dates (false: left out), each converted
// at its own rate, else at that instant's.
func (t *Truth) convertedDisputes(from, to time.Time, size Size, loc *time.Location, target string, table FXTable,
	when func(*generator.Dispute) (int64, bool)) ([]int64, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return nil, err
	}
	rates := t.fxRates(target, table)
	out := make([]int64, b.Len())
	for di := range t.m.Disputes {
		d := &t.m.Disputes[di]
		at, ok := when(d)
		i := b.Index(at)
		if !ok || i < 0 {
			continue
		}
		f, err := rates.dispute(d, at)
		if err != nil {
			return nil, err
		}
		out[i] += convert(d.Amount, f)
	}
	return out, nil
}

// ConvertedInvoicesByStatus is the amount due of the invoices created in [from, to), by their
// status at Now, in one reporting currency: each invoice converted on its own at its creation
// instant's rate, rounded half away from zero.
func (t *Truth) ConvertedInvoicesByStatus(from, to time.Time, target string, table FXTable) (map[string]int64, error) {
	rates := t.fxRates(target, table)
	out := map[string]int64{}
	for i := range t.m.Invoices {
		inv := &t.m.Invoices[i]
		if inv.Created < from.Unix() || inv.Created >= to.Unix() {
			continue
		}
		f, _, err := rates.rate(inv.Currency, inv.Created)
		if err != nil {
			return nil, err
		}
		out[inv.StatusAt(t.now)] += convert(inv.AmountDue, f)
	}
	return out, nil
}

// ConvertedRevenueByKey is revenue by product or price in one reporting currency: each payment
// and each refund converted on its own before it is split across its invoice's lines (rounded
// half away from zero): at the exchange rate of its own balance transaction when Stripe settled
// its charge in the target currency, else at its instant's rate.
func (t *Truth) ConvertedRevenueByKey(by RevenueBy, from, to time.Time, size Size, loc *time.Location, target string, table FXTable) ([]RevenueSeries, error) {
	rates := t.fxRates(target, table)
	return t.revenueByKey(by, from, to, size, loc, func(c *generator.Charge, at, amount int64) (string, int64, error) {
		f, err := rates.charge(c, at)
		if err != nil {
			return "", 0, err
		}
		return target, convert(amount, f), nil
	})
}

// ConvertedOpenDisputes is the amount of each dispute open at Now (by id) in one reporting
// currency, converted as ConvertedDisputesOpened converts it.
func (t *Truth) ConvertedOpenDisputes(target string, table FXTable) (map[string]int64, error) {
	rates := t.fxRates(target, table)
	open := map[string]bool{}
	for _, o := range t.OpenDisputes() {
		open[o.ID] = true
	}
	out := map[string]int64{}
	for di := range t.m.Disputes {
		d := &t.m.Disputes[di]
		if !open[d.ID] {
			continue
		}
		f, err := rates.dispute(d, d.Created)
		if err != nil {
			return nil, err
		}
		out[d.ID] = convert(d.Amount, f)
	}
	return out, nil
}

// dispute is the factor a dispute's amount converts at: its withdrawal's own rate where that
// settled in the target currency, else the rate at instant at.
func (r *fxRates) dispute(d *generator.Dispute, at int64) (*big.Rat, error) {
	if !d.Inquiry && d.WithdrawalTxn != "" && d.ExchangeRate != 0 && d.SettleCurrency == r.target {
		return r.minor(ratOf(d.ExchangeRate), d.Currency), nil
	}
	f, _, err := r.rate(d.Currency, at)
	return f, err
}

// charge is the factor an amount of charge c (its own, or its refund's) converts at: the rate on
// its balance transaction where Stripe settled it in the target currency, else the rate at at.
func (r *fxRates) charge(c *generator.Charge, at int64) (*big.Rat, error) {
	if c.BalanceTxn != "" && c.ExchangeRate != 0 && c.SettleCurrency == r.target {
		return r.minor(ratOf(c.ExchangeRate), c.Currency), nil
	}
	f, _, err := r.rate(c.Currency, at)
	return f, err
}

// convert is amount times f, rounded half away from zero.
func convert(amount int64, f *big.Rat) int64 {
	return roundHalfAway(new(big.Rat).Mul(new(big.Rat).SetInt64(amount), f))
}

// ConvertedTopCustomers is, per customer id, what their succeeded charges created in [from, to)
// kept (less what was refunded of each by Now) and their MRR now, in one reporting currency: each
// charge converted on its own (its own balance transaction's rate where it settled in the target,
// else its instant's rate), each currency's MRR at Now's rate, each rounded half away from zero.
func (t *Truth) ConvertedTopCustomers(from, to time.Time, target string, table FXTable) (net, mrr map[string]int64, err error) {
	rates := t.fxRates(target, table)
	net, mrr = map[string]int64{}, map[string]int64{}
	for ci := range t.m.Charges {
		c := &t.m.Charges[ci]
		if c.Customer < 0 || c.Created < from.Unix() || c.Created >= to.Unix() || c.Created > t.now || c.StatusAt(t.now) != "succeeded" {
			continue
		}
		kept := c.Amount
		for _, ri := range c.Refunds {
			if rf := &t.m.Refunds[ri]; rf.Created <= t.now {
				kept -= rf.Amount
			}
		}
		f, err := rates.charge(c, c.Created)
		if err != nil {
			return nil, nil, err
		}
		net[t.m.Customers[c.Customer].ID] += convert(kept, f)
	}
	held := map[[2]string]int64{}
	st := t.steps()
	for i := range st {
		s := &t.m.Subscriptions[i]
		held[[2]string{t.m.Customers[s.Customer].ID, s.Currency}] += valueAt(st[i], t.now)
	}
	for k, v := range held {
		if v == 0 {
			mrr[k[0]] += 0
			continue
		}
		f, _, err := rates.rate(k[1], t.now)
		if err != nil {
			return nil, nil, err
		}
		mrr[k[0]] += convert(v, f)
	}
	return net, mrr, nil
}

// ConvertedDisputesWon is the amount of disputes won per bucket (by their decision) in one
// reporting currency: each at its own balance transactions' rate where the dispute settled in the
// target currency, else at its decision's instant, rounded half away from zero.
func (t *Truth) ConvertedDisputesWon(from, to time.Time, size Size, loc *time.Location, target string, table FXTable) ([]int64, error) {
	return t.convertedDisputes(from, to, size, loc, target, table, func(d *generator.Dispute) (int64, bool) {
		return d.ClosedAt, d.ClosedAt != 0 && d.Outcome == generator.OutcomeWon
	})
}
