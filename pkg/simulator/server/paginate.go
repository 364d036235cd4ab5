package server

import (
	"math"
	"sort"
	"strings"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// createdRange is the inclusive range [min, max] the created filters allow.
type createdRange struct{ min, max int64 }

var anyCreated = createdRange{math.MinInt64, math.MaxInt64}

// cursor is a starting_after or ending_before position: the sort key of the named object.
type cursor struct {
	created int64
	id      string
	before  bool // ending_before: the page is the items newer than the cursor
}

// view is the part of a sorted collection a list request pages over: either every object or the
// positions of a cached subset (both in list order), narrowed further by predicates.
type view struct {
	c     objects.Collection
	pos   []int32 // nil: every position of c
	preds []func(any) bool
}

func (v *view) len() int {
	if v.pos == nil {
		return v.c.Len()
	}
	return len(v.pos)
}

func (v *view) index(i int) int {
	if v.pos == nil {
		return i
	}
	return int(v.pos[i])
}

func (v *view) key(i int) (int64, string) { return v.c.Key(v.index(i)) }

func (v *view) matches(i int) bool {
	if len(v.preds) == 0 {
		return true
	}
	obj := v.c.At(v.index(i))
	for _, p := range v.preds {
		if !p(obj) {
			return false
		}
	}
	return true
}

// compareKeys orders keys the way lists are sorted: created descending, then id descending.
func compareKeys(ca int64, ia string, cb int64, ib string) int {
	if ca != cb {
		if ca > cb {
			return -1
		}
		return 1
	}
	return -strings.Compare(ia, ib)
}

// page returns the view indexes of one page, newest first, and has_more, with Stripe's
// semantics: forwards (no cursor or starting_after) the page is the `limit` matching items after
// the cursor and has_more says more follow; backwards (ending_before) the page is the `limit`
// matching items immediately newer than the cursor, still newest first, and has_more says newer
// ones remain. Binary search finds the created range and the cursor; predicates are applied by
// scanning from there, so unfiltered pages cost O(log n + limit).
func (v *view) page(cr createdRange, cur *cursor, limit int) (idx []int, hasMore bool) {
	n := v.len()
	// Items are newest first, so created <= max holds from lo on and created >= min up to hi.
	lo := sort.Search(n, func(i int) bool { c, _ := v.key(i); return c <= cr.max })
	hi := sort.Search(n, func(i int) bool { c, _ := v.key(i); return c < cr.min })
	if lo >= hi {
		return nil, false
	}
	if cur == nil || !cur.before {
		start := lo
		if cur != nil {
			// First item strictly after the cursor in list order (the cursor object itself, and
			// any object equal to it, is excluded).
			start = max(lo, sort.Search(n, func(i int) bool {
				c, id := v.key(i)
				return compareKeys(c, id, cur.created, cur.id) > 0
			}))
		}
		for i := start; i < hi; i++ {
			if !v.matches(i) {
				continue
			}
			if len(idx) == limit {
				return idx, true
			}
			idx = append(idx, i)
		}
		return idx, false
	}
	// Backwards: walk from just before the cursor towards newer items.
	end := min(hi, sort.Search(n, func(i int) bool {
		c, id := v.key(i)
		return compareKeys(c, id, cur.created, cur.id) >= 0
	}))
	for i := end - 1; i >= lo; i-- {
		if !v.matches(i) {
			continue
		}
		if len(idx) == limit {
			hasMore = true
			break
		}
		idx = append(idx, i)
	}
	// Collected newest-last: put the page back in list order.
	for a, b := 0, len(idx)-1; a < b; a, b = a+1, b-1 {
		idx[a], idx[b] = idx[b], idx[a]
	}
	return idx, hasMore
}

// pageFixed pages over a small list kept in its own order (subscription items, invoice lines):
// the cursor is found by scanning. ok is false when the cursor id is not in the list.
func pageFixed(ids []string, cursorID string, before bool, limit int) (start, end int, hasMore, ok bool) {
	n := len(ids)
	if cursorID == "" {
		end = min(n, limit)
		return 0, end, end < n, true
	}
	at := -1
	for i, id := range ids {
		if id == cursorID {
			at = i
			break
		}
	}
	if at < 0 {
		return 0, 0, false, false
	}
	if !before {
		start = at + 1
		end = min(n, start+limit)
		return start, end, end < n, true
	}
	end = at
	start = max(0, end-limit)
	return start, end, start > 0, true
}
