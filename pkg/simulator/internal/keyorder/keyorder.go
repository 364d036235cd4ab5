// Package keyorder orders positions of objects by their list key (created time, then id)
// without touching the objects while sorting.
//
// Sorting million-object lists by comparing through the objects is slow twice over: every
// comparison chases pointers into large structs, and comparison sorts of random keys mispredict
// most branches. Here each position's created time is copied into a small record, the records
// are radix-sorted by it (a few linear passes), and only the short runs of equal times are
// sorted by id.
package keyorder

import (
	"cmp"
	"slices"
	"strings"
)

// entry is one position's sort record.
type entry struct {
	t   uint64 // a time minus the smallest, so it sorts as unsigned
	pos int32
}

const digitBits = 11 // radix 2048: three passes cover 2^33 seconds (272 years)

// Ascending returns the positions 0..n-1 ordered by (created, id) ascending. key returns the
// position's created time and id; equal keys keep position order.
func Ascending(n int, key func(i int) (created int64, id string)) []int32 {
	return AscendingBy(n, func(i int) (int64, int64, string) {
		created, id := key(i)
		return created, 0, id
	})
}

// AscendingBy returns the positions 0..n-1 ordered by (major, minor, id) ascending, for lists
// ordered by two times; equal keys keep position order.
func AscendingBy(n int, key func(i int) (major, minor int64, id string)) []int32 {
	es := make([]entry, n)
	tmp := make([]entry, n)
	for i := range es {
		es[i].pos = int32(i)
	}
	// Least significant first: by minor, then (stably) by major.
	for _, major := range []bool{false, true} {
		lo, hi := int64(0), int64(0)
		for k := range es {
			a, b, _ := key(int(es[k].pos))
			t := b
			if major {
				t = a
			}
			if k == 0 || t < lo {
				lo = t
			}
			if k == 0 || t > hi {
				hi = t
			}
			es[k].t = uint64(t)
		}
		for k := range es {
			es[k].t -= uint64(lo)
		}
		es, tmp = radixSort(es, tmp, uint64(hi-lo))
	}
	// Equal times keep position order (the sorts are stable); order them by id.
	same := func(a, b entry) bool {
		a1, a2, _ := key(int(a.pos))
		b1, b2, _ := key(int(b.pos))
		return a1 == b1 && a2 == b2
	}
	for i := 0; i < n; {
		j := i + 1
		for j < n && es[j].t == es[i].t && same(es[i], es[j]) {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(es[i:j], func(a, b entry) int {
				_, _, ia := key(int(a.pos))
				_, _, ib := key(int(b.pos))
				if c := strings.Compare(ia, ib); c != 0 {
					return c
				}
				return cmp.Compare(a.pos, b.pos)
			})
		}
		i = j
	}
	out := make([]int32, n)
	for i := range es {
		out[i] = es[i].pos
	}
	return out
}

// radixSort sorts entries by t (all <= max), stably, least significant digit first, using tmp
// (as long as es) as scratch. It returns the sorted entries and the other buffer.
func radixSort(es, tmp []entry, max uint64) (sorted, scratch []entry) {
	for shift := uint(0); shift < 64 && max>>shift > 0; shift += digitBits {
		var count [1 << digitBits]int
		for i := range es {
			count[(es[i].t>>shift)&(1<<digitBits-1)]++
		}
		sum := 0
		for d := range count {
			count[d], sum = sum, sum+count[d]
		}
		for i := range es {
			d := (es[i].t >> shift) & (1<<digitBits - 1)
			tmp[count[d]] = es[i]
			count[d]++
		}
		es, tmp = tmp, es
	}
	return es, tmp
}

// Apply rearranges items so that items[i] becomes the old items[order[i]], moving each item
// once by following the permutation's cycles: reordering a list of large structs by positions
// sorted elsewhere. It consumes order.
func Apply[T any](items []T, order []int32) {
	for i := range order {
		if order[i] < 0 {
			continue
		}
		tmp := items[i]
		j := i
		for {
			k := int(order[j])
			order[j] = -1
			if k == i {
				items[j] = tmp
				break
			}
			items[j] = items[k]
			j = k
		}
	}
}
