package objects

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/revops/stripe-datasource/pkg/simulator/internal/idindex"
	"github.com/revops/stripe-datasource/pkg/simulator/internal/keyorder"
)

// table is the sorted list and id index of one kind; it implements Collection.
type table interface {
	Collection
	finalize() error
}

type sliceTable[T any] struct {
	items []T
	key   func(*T) (int64, string)
	byID  idindex.Index // positions in items, by id
}

func newTable[T any](items []T, key func(*T) (int64, string)) *sliceTable[T] {
	return &sliceTable[T]{items: items, key: key}
}

// compareNewestFirst orders by created descending, then id descending: Stripe's list order.
func compareNewestFirst(ca int64, ia string, cb int64, ib string) int {
	if ca != cb {
		if ca > cb {
			return -1
		}
		return 1
	}
	return -strings.Compare(ia, ib)
}

func (t *sliceTable[T]) finalize() error {
	n := len(t.items)
	if n > 1<<31-1 {
		return errors.New("too many objects for a 32-bit index")
	}
	// Generators append in list order or oldest first: checking costs O(n) key reads, where
	// sorting would move every (large) struct O(n log n) times. Everything else is sorted as
	// positions first, then each struct is moved once.
	switch t.order() {
	case newestFirst:
	case oldestFirst:
		slices.Reverse(t.items)
	default:
		p := keyorder.Ascending(n, t.keyAt)
		slices.Reverse(p)
		keyorder.Apply(t.items, p)
	}
	for i := range t.items {
		if t.id(i) == "" {
			return errors.New("object without an id")
		}
	}
	byID, dup, ok := idindex.Build(n, t.id)
	if !ok {
		return fmt.Errorf("duplicate id %q", t.id(dup))
	}
	t.byID = byID
	return nil
}

type listOrder uint8

const (
	unordered listOrder = iota
	newestFirst
	oldestFirst
)

// order reports whether the items already are in list order, or in its reverse. Keys are read
// through pointers: copying the structs to compare them costs more than the comparison.
func (t *sliceTable[T]) order() listOrder {
	desc, asc := true, true
	for i := 1; i < len(t.items) && (desc || asc); i++ {
		ca, ia := t.keyAt(i - 1)
		cb, ib := t.keyAt(i)
		switch c := compareNewestFirst(ca, ia, cb, ib); {
		case c > 0:
			desc = false
		case c < 0:
			asc = false
		}
	}
	switch {
	case desc:
		return newestFirst
	case asc:
		return oldestFirst
	}
	return unordered
}

func (t *sliceTable[T]) keyAt(i int) (int64, string) { return t.key(&t.items[i]) }

func (t *sliceTable[T]) id(i int) string {
	_, id := t.key(&t.items[i])
	return id
}

func (t *sliceTable[T]) Len() int                      { return len(t.items) }
func (t *sliceTable[T]) Key(i int) (int64, string)     { return t.key(&t.items[i]) }
func (t *sliceTable[T]) At(i int) any                  { return &t.items[i] }
func (t *sliceTable[T]) IndexOf(id string) (int, bool) { return t.byID.Lookup(id, t.id) }

// positionsBy returns the positions of items sorted by a string key, keeping list order within
// equal keys (items must already be in list order).
func positionsBy[T any](items []T, key func(*T) string) []int32 {
	pos := make([]int32, 0, len(items))
	for i := range items {
		if key(&items[i]) != "" {
			pos = append(pos, int32(i))
		}
	}
	slices.SortStableFunc(pos, func(a, b int32) int { return strings.Compare(key(&items[a]), key(&items[b])) })
	return pos
}

// objectsOf returns pointers to the items whose key is k, using positions built by positionsBy.
func objectsOf[T any](items []T, pos []int32, k string, key func(*T) string) []*T {
	lo, _ := slices.BinarySearchFunc(pos, k, func(p int32, k string) int { return strings.Compare(key(&items[p]), k) })
	var out []*T
	for i := lo; i < len(pos) && key(&items[pos[i]]) == k; i++ {
		out = append(out, &items[pos[i]])
	}
	return out
}
