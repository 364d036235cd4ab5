package metrics

import (
	"math"
	"sort"
	"time"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// Revenue dimensions and their labels. A product series is labelled with the product's name and
// its id beside it; a price series with the price as a person names it, its id and its product's.
const (
	DimensionProduct = "product"
	DimensionPrice   = "price"
	LabelProductID   = "product_id"
	LabelPriceID     = "price_id"
)

// RevenueCell is what payments collected and refunds gave back (positive), in minor units.
type RevenueCell struct{ Paid, Refunded int64 }

// Net is what was paid less what was refunded.
func (c RevenueCell) Net() int64 { return c.Paid - c.Refunded }

// ProductRevenue sums payments and refunds by product (or price) and presentment currency into
// buckets as records arrive: a succeeded charge's captured amount when it was created, a refund
// when it was created (while it gives money back), each split by RevenueSplits. The keys of a
// bucket therefore add up to the succeeded payments less the refunds of that bucket.
type ProductRevenue struct {
	by     string // DimensionProduct or DimensionPrice
	splits *RevenueSplits
	index  func(created int64) int
	n      int
	times  []time.Time // bucket starts (series)
	only   func(string) bool
	cells  map[string][]map[string]RevenueCell // currency → bucket → key
	// productOf is each price's product, as the invoices' lines say.
	productOf map[string]string
}

// NewProductRevenue aggregates into grid's buckets, in the listed currencies (all when none is),
// by dimension.
func NewProductRevenue(grid timebucket.Grid, currencies []string, dimension string, splits *RevenueSplits) *ProductRevenue {
	a := newProductRevenue(grid.Index, grid.Len(), currencies, dimension, splits)
	a.times = grid.Starts()
	return a
}

// NewProductRevenueTotals aggregates [from, to) as a whole, for the table.
func NewProductRevenueTotals(from, to time.Time, currencies []string, splits *RevenueSplits) *ProductRevenue {
	f, t := from.Unix(), to.Unix()
	return newProductRevenue(func(c int64) int {
		if c < f || c >= t {
			return -1
		}
		return 0
	}, 1, currencies, DimensionProduct, splits)
}

func newProductRevenue(index func(int64) int, n int, currencies []string, dimension string, splits *RevenueSplits) *ProductRevenue {
	return &ProductRevenue{by: dimension, splits: splits, index: index, n: n, only: InCurrencies(currencies),
		cells: map[string][]map[string]RevenueCell{}, productOf: map[string]string{}}
}

// AddCharge counts a charge that succeeded, at its captured amount.
func (a *ProductRevenue) AddCharge(c records.Charge) {
	if c.Status != "succeeded" || c.AmountCaptured == 0 {
		return
	}
	a.add(c.Currency, c.Created, c.PaymentKey(), c.AmountCaptured, false)
}

// AddRefund takes a refund back from the products of its payment, while it gives money back.
func (a *ProductRevenue) AddRefund(r records.ChargeRefund) {
	if !r.GivesBack() {
		return
	}
	a.add(r.Currency, r.Created, r.PaymentKey(), r.Amount, true)
}

func (a *ProductRevenue) add(currency string, created int64, payment string, amount int64, refund bool) {
	i := a.index(created)
	if i < 0 || !a.only(currency) {
		return
	}
	buckets := a.cells[currency]
	if buckets == nil {
		buckets = make([]map[string]RevenueCell, a.n)
		a.cells[currency] = buckets
	}
	if buckets[i] == nil {
		buckets[i] = map[string]RevenueCell{}
	}
	a.splits.Split(payment, amount, func(product, price string, share int64) {
		key := product
		if a.by == DimensionPrice {
			key = price
			a.productOf[price] = product
		}
		c := buckets[i][key]
		if refund {
			c.Refunded += share
		} else {
			c.Paid += share
		}
		buckets[i][key] = c
	})
}

// Currencies lists the currencies with revenue, sorted.
func (a *ProductRevenue) Currencies() []string { return SortedKeys(a.cells) }

// totals are each key's cells over every bucket of a currency.
func (a *ProductRevenue) totals(currency string) map[string]RevenueCell {
	out := map[string]RevenueCell{}
	for _, b := range a.cells[currency] {
		for k, c := range b {
			t := out[k]
			t.Paid, t.Refunded = t.Paid+c.Paid, t.Refunded+c.Refunded
			out[k] = t
		}
	}
	return out
}

// RevenueNames name the keys in labels: products by id, prices by id (nil maps: ids only).
type RevenueNames struct {
	Products map[string]string
	Prices   map[string]PriceTerms // Product is filled in from Products
}

// Series is one series per currency and key, net of refunds per bucket: the topN keys of each
// currency by net revenue over the range (ties by key) by name, the rest summed as "other", so a
// panel or alert never sees an unbounded number of series.
func (a *ProductRevenue) Series(metric, name string, topN int, names RevenueNames) []Series {
	var out []Series
	for _, cur := range a.Currencies() {
		totals := a.totals(cur)
		nets := make(map[string]int64, len(totals))
		for k, c := range totals {
			nets[k] = c.Net()
		}
		keep := topValues(nets, topN)
		per := map[string][]int64{}
		for i, b := range a.cells[cur] {
			for k, c := range b {
				if !keep[k] {
					k = OtherLabel
				}
				if per[k] == nil {
					per[k] = make([]int64, a.n)
				}
				per[k][i] += c.Net()
			}
		}
		labels := a.labels(SortedKeys(per), names)
		for _, k := range SortedKeys(per) {
			out = append(out, Series{Metric: metric, Name: name, Currency: cur, Unit: UnitMoney, Times: a.times, Labels: labels[k], Minor: per[k]})
		}
	}
	return out
}

// labels are each key's series labels. Two products of the same name (or two prices read the
// same way) get their id in the name, so the series stay apart in a legend.
func (a *ProductRevenue) labels(keys []string, names RevenueNames) map[string]map[string]string {
	out := map[string]map[string]string{}
	shown := map[string]string{}
	seen := map[string]int{}
	for _, k := range keys {
		shown[k] = a.display(k, names)
		seen[shown[k]]++
	}
	for _, k := range keys {
		text := shown[k]
		if seen[text] > 1 && !isPseudo(k) {
			text += " (" + k + ")"
		}
		switch {
		case isPseudo(k):
			out[k] = map[string]string{a.by: k}
		case a.by == DimensionPrice:
			out[k] = map[string]string{DimensionPrice: text, LabelPriceID: k}
			if p := a.productOf[k]; p != "" && !isPseudo(p) {
				out[k][LabelProductID] = p
			}
		default:
			out[k] = map[string]string{DimensionProduct: text, LabelProductID: k}
		}
	}
	return out
}

// display is how a key reads: a product's name, a price as PriceLabel reads it, else the id.
func (a *ProductRevenue) display(k string, names RevenueNames) string {
	if isPseudo(k) {
		return k
	}
	if a.by != DimensionPrice {
		return orID(names.Products[k], k)
	}
	terms, ok := names.Prices[k]
	if !ok {
		return k
	}
	product := a.productOf[k]
	if product == "" || isPseudo(product) {
		product = terms.Product
	}
	terms.Product = orID(names.Products[product], product)
	return PriceLabel(terms)
}

func isPseudo(k string) bool {
	return k == NoInvoice || k == NoProduct || k == NoPrice || k == TaxPart || k == OtherLabel
}

func orID(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// ProductRevenueRow is one row of the revenue by product table.
type ProductRevenueRow struct {
	Product   string // the product's name (its id when it has none or cannot be read), or a key above
	ProductID string // "" for the keys above
	Currency  string
	RevenueCell
	// Share is the row's part of its currency's net revenue; NaN when that is 0.
	Share float64
}

// Rows are the table's rows: per currency (sorted), every product with revenue or refunds in the
// range, largest net first (ties by id).
func (a *ProductRevenue) Rows(names RevenueNames) []ProductRevenueRow {
	var out []ProductRevenueRow
	for _, cur := range a.Currencies() {
		totals := a.totals(cur)
		keys := SortedKeys(totals)
		var net int64
		for _, k := range keys {
			net += totals[k].Net()
		}
		sort.SliceStable(keys, func(i, j int) bool { return totals[keys[i]].Net() > totals[keys[j]].Net() })
		labels := a.labels(keys, names)
		for _, k := range keys {
			row := ProductRevenueRow{Product: labels[k][DimensionProduct], ProductID: labels[k][LabelProductID], Currency: cur,
				RevenueCell: totals[k], Share: math.NaN()}
			if net != 0 {
				row.Share = float64(totals[k].Net()) / float64(net)
			}
			out = append(out, row)
		}
	}
	return out
}
