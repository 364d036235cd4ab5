package fetch

import (
	"fmt"
	"hash/fnv"
	"reflect"
	"strings"

	"github.com/revops/stripe-datasource/pkg/records"
)

// diskLayout versions the layout of what the Store writes (disk.go); bump it when that changes.
const diskLayout = 2

// diskFormat is what a Store's blobs are stamped with: the layout and a fingerprint of every type
// they hold (field names and types, recursively). encoding/gob decodes a blob into a type whose
// fields differ without an error, leaving the fields it does not find empty: a cache written by a
// build whose records had other fields (an older release, or another branch) would read back as
// records missing amounts. The fingerprint makes such a cache another format, read again.
var diskFormat = formatOf(diskLayout, reflect.TypeFor[records.BalanceTxn](), reflect.TypeFor[records.Charge](),
	reflect.TypeFor[records.ChargeRefund](), reflect.TypeFor[records.Dispute](), reflect.TypeFor[records.Product](),
	reflect.TypeFor[records.Price](), reflect.TypeFor[records.Customer](), reflect.TypeFor[Billing](), reflect.TypeFor[InvoiceLists](), reflect.TypeFor[diskState]())

// formatOf is a stable number for the layout and the types' shapes.
func formatOf(layout int, types ...reflect.Type) int64 {
	var b strings.Builder
	fmt.Fprintf(&b, "layout %d;", layout)
	for _, t := range types {
		writeShape(&b, t, map[reflect.Type]bool{})
		b.WriteByte(';')
	}
	h := fnv.New64a()
	h.Write([]byte(b.String()))
	return int64(h.Sum64() >> 1) // positive: printed in messages as a plain number
}

// writeShape writes a type's shape: its kind, and the names and shapes of a struct's fields, the
// elements of slices, arrays and pointers, a map's key and value.
func writeShape(b *strings.Builder, t reflect.Type, seen map[reflect.Type]bool) {
	switch t.Kind() {
	case reflect.Struct:
		if seen[t] {
			b.WriteString(t.String())
			return
		}
		seen[t] = true
		b.WriteString("{")
		for i := range t.NumField() {
			f := t.Field(i)
			b.WriteString(f.Name + " ")
			writeShape(b, f.Type, seen)
			b.WriteByte(',')
		}
		b.WriteString("}")
	case reflect.Slice, reflect.Array, reflect.Pointer:
		b.WriteString(t.Kind().String() + " ")
		writeShape(b, t.Elem(), seen)
	case reflect.Map:
		b.WriteString("map[")
		writeShape(b, t.Key(), seen)
		b.WriteString("]")
		writeShape(b, t.Elem(), seen)
	default:
		b.WriteString(t.Kind().String())
	}
}
