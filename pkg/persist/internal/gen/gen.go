// Package gen makes realistic blobs for the persist tests and the engine benchmark: gob-encoded
// days of balance transactions (records.BalanceTxn: Stripe-like ids, amounts, fees, timestamps),
// deterministic from a seed. It is test support; the plugin does not import it.
package gen

import (
	"bytes"
	"encoding/gob"
	"math/rand/v2"

	"github.com/revops/stripe-datasource/pkg/records"
)

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func id(r *rand.Rand, prefix string) string {
	b := make([]byte, len(prefix), len(prefix)+24)
	copy(b, prefix)
	for range 24 {
		b = append(b, alphabet[r.IntN(len(alphabet))])
	}
	return string(b)
}

var (
	currencies = []string{"usd", "usd", "usd", "eur", "gbp"}
	kinds      = []struct{ typ, cat, src string }{
		{"charge", "charge", "ch_"}, {"charge", "charge", "ch_"}, {"charge", "charge", "ch_"},
		{"payment", "charge", "py_"}, {"refund", "refund", "re_"}, {"stripe_fee", "fee", ""},
		{"adjustment", "dispute", "dp_"}, {"payout", "payout", "po_"},
	}
)

// Day returns the gob encoding of a day of balance transactions starting at unix second day,
// grown record by record until it is at least size bytes.
func Day(seed uint64, day int64, size int) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(day)))
	var rows []records.BalanceTxn
	var buf bytes.Buffer
	for {
		// ~90 bytes a row in gob: add a batch, then measure.
		for range max(16, (size-buf.Len())/90) {
			k := kinds[r.IntN(len(kinds))]
			amt := int64(r.IntN(50000) + 100)
			if k.typ == "refund" || k.typ == "payout" {
				amt = -amt
			}
			fee := int64(0)
			if k.typ == "charge" || k.typ == "payment" {
				fee = amt*29/1000 + 30
			}
			src := ""
			if k.src != "" {
				src = id(r, k.src)
			}
			rows = append(rows, records.BalanceTxn{
				ID: id(r, "txn_"), Created: day + int64(r.IntN(86400)), Currency: currencies[r.IntN(len(currencies))],
				Category: k.cat, Type: k.typ, Amount: amt, Fee: fee, Net: amt - fee, Source: src,
			})
		}
		buf.Reset()
		if err := gob.NewEncoder(&buf).Encode(rows); err != nil {
			panic(err)
		}
		if buf.Len() >= size {
			return bytes.Clone(buf.Bytes())
		}
	}
}

// Blob is one generated blob: its name and its bytes.
type Blob struct {
	Name  string
	Value []byte
}

// History returns blobs named like the cache's days ("balance/2024-01-02"…) whose sizes are spread
// over [minSize, maxSize] until they add up to at least total bytes.
func History(seed uint64, total, minSize, maxSize int) []Blob {
	r := rand.New(rand.NewPCG(seed, 0))
	var out []Blob
	sum := 0
	day := int64(1577836800) // 2020-01-01
	for sum < total {
		size := minSize + r.IntN(maxSize-minSize+1)
		v := Day(seed, day, size)
		out = append(out, Blob{Name: "balance/" + dayName(day), Value: v})
		sum += len(v)
		day += 86400
	}
	return out
}

func dayName(unix int64) string {
	// civil date from days since epoch (Howard Hinnant's algorithm), to avoid time zones here.
	z := unix/86400 + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
		y++
	}
	return itoa4(y) + "-" + itoa2(m) + "-" + itoa2(d)
}

func itoa2(v int64) string { return string([]byte{byte('0' + v/10), byte('0' + v%10)}) }
func itoa4(v int64) string { return itoa2(v/100) + itoa2(v%100) }
