// Package idindex finds objects by id: an open-addressing hash table of positions.
//
// A store's lists hold millions of objects. Sorting their positions by id for binary search
// costs O(n log n) string comparisons of ids that share long prefixes (most of the time of
// finalizing a large store); hashing each id once builds this table in O(n), and a lookup is one
// hash and a probe or two instead of ~20 string comparisons. The table holds only int32
// positions, at most half full: 8 bytes per object.
package idindex

import "hash/maphash"

// Index maps ids to positions 0..n-1 of a list whose ids the caller keeps (the table stores
// positions only; id reads an object's id).
type Index struct {
	slots []int32 // position+1, 0 = empty
	mask  uint64
	seed  maphash.Seed
}

// Build indexes positions 0..n-1. If two positions share an id, it returns the later one as dup
// (and ok false); the index is then incomplete.
func Build(n int, id func(i int) string) (x Index, dup int, ok bool) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	x = Index{slots: make([]int32, size), mask: uint64(size - 1), seed: maphash.MakeSeed()}
	for i := 0; i < n; i++ {
		s := id(i)
		j := maphash.String(x.seed, s) & x.mask
		for {
			p := x.slots[j]
			if p == 0 {
				x.slots[j] = int32(i + 1)
				break
			}
			if id(int(p-1)) == s {
				return x, i, false
			}
			j = (j + 1) & x.mask
		}
	}
	return x, 0, true
}

// Lookup returns the position holding this id.
func (x *Index) Lookup(s string, id func(i int) string) (int, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	j := maphash.String(x.seed, s) & x.mask
	for {
		p := x.slots[j]
		if p == 0 {
			return 0, false
		}
		if id(int(p-1)) == s {
			return int(p - 1), true
		}
		j = (j + 1) & x.mask
	}
}
