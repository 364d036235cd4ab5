package objects

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// table is the sorted list and id index of one kind; it implements Collection.
type table interface {
	Collection
	finalize() error
}

type sliceTable[T any] struct {
	items []T
	key   func(*T) (int64, string)
	byID  []int32 // positions in items, sorted by id
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
	if len(t.items) > 1<<31-1 {
		return errors.New("too many objects for a 32-bit index")
	}
	cmp := func(a, b T) int {
		ca, ia := t.key(&a)
		cb, ib := t.key(&b)
		return compareNewestFirst(ca, ia, cb, ib)
	}
	// Generators usually append oldest first: reversing is O(n) where sorting moves every
	// (large) struct O(n log n) times.
	switch {
	case slices.IsSortedFunc(t.items, cmp):
	case slices.IsSortedFunc(t.items, func(a, b T) int { return cmp(b, a) }):
		slices.Reverse(t.items)
	default:
		slices.SortStableFunc(t.items, cmp)
	}
	t.byID = make([]int32, len(t.items))
	for i := range t.byID {
		t.byID[i] = int32(i)
	}
	slices.SortFunc(t.byID, func(a, b int32) int { return strings.Compare(t.id(int(a)), t.id(int(b))) })
	for i := range t.byID {
		id := t.id(int(t.byID[i]))
		if id == "" {
			return errors.New("object without an id")
		}
		if i > 0 && id == t.id(int(t.byID[i-1])) {
			return fmt.Errorf("duplicate id %q", id)
		}
	}
	return nil
}

func (t *sliceTable[T]) id(i int) string {
	_, id := t.key(&t.items[i])
	return id
}

func (t *sliceTable[T]) Len() int                  { return len(t.items) }
func (t *sliceTable[T]) Key(i int) (int64, string) { return t.key(&t.items[i]) }
func (t *sliceTable[T]) At(i int) any              { return &t.items[i] }
func (t *sliceTable[T]) IndexOf(id string) (int, bool) {
	j, ok := slices.BinarySearchFunc(t.byID, id, func(p int32, id string) int {
		return strings.Compare(t.id(int(p)), id)
	})
	if !ok {
		return 0, false
	}
	return int(t.byID[j]), true
}

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
