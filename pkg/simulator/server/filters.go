package server

import (
	"net/http"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// filterDef is one list parameter that narrows a list.
type filterDef struct {
	name string
	// build turns the parameter's values into a predicate on the list's objects and a cache key;
	// key "" means the subset is not worth caching (many distinct values, cheap to scan).
	build func(vals []string) (pred func(any) bool, key string, err *apiError)
}

// eq builds an exact-match filter on a string member.
func eq[T any](name string, get func(*T) string, cache bool) filterDef {
	return filterDef{name: name, build: func(vals []string) (func(any) bool, string, *apiError) {
		v := vals[len(vals)-1]
		key := ""
		if cache {
			key = name + "=" + v
		}
		return func(o any) bool { return get(o.(*T)) == v }, key, nil
	}}
}

// oneOf builds an exact-match filter whose value must be one of allowed.
func oneOf[T any](name string, get func(*T) string, allowed ...string) filterDef {
	return filterDef{name: name, build: func(vals []string) (func(any) bool, string, *apiError) {
		v := vals[len(vals)-1]
		if !slices.Contains(allowed, v) {
			return nil, "", invalidEnum(name, v, allowed)
		}
		return func(o any) bool { return get(o.(*T)) == v }, name + "=" + v, nil
	}}
}

func boolFilter[T any](name string, get func(*T) bool) filterDef {
	return filterDef{name: name, build: func(vals []string) (func(any) bool, string, *apiError) {
		v := vals[len(vals)-1]
		var want bool
		switch v {
		case "true":
			want = true
		case "false":
		default:
			return nil, "", invalidRequest(http.StatusBadRequest, name, "Invalid boolean: %s", v)
		}
		return func(o any) bool { return get(o.(*T)) == want }, name + "=" + v, nil
	}}
}

// invalidEnum is Stripe's message for a value outside a parameter's enum.
func invalidEnum(name, v string, allowed []string) *apiError {
	list := strings.Join(allowed[:len(allowed)-1], ", ") + ", or " + allowed[len(allowed)-1]
	return invalidRequest(http.StatusBadRequest, name, "Invalid %s: must be one of %s", name, list)
}

var subscriptionStatuses = []string{"active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"}

// subscriptionStatus implements the subscriptions status filter; without it, Stripe lists every
// subscription that has not been canceled (applied as a default by the resource).
var subscriptionStatus = filterDef{name: "status", build: func(vals []string) (func(any) bool, string, *apiError) {
	v := vals[len(vals)-1]
	if !slices.Contains(subscriptionStatuses, v) {
		return nil, "", invalidEnum("status", v, subscriptionStatuses)
	}
	status := func(o any) string { return o.(*objects.Subscription).Status }
	switch v {
	case "all":
		return nil, "", nil
	case "ended":
		return func(o any) bool { s := status(o); return s == "canceled" || s == "incomplete_expired" }, "status=ended", nil
	}
	return func(o any) bool { return status(o) == v }, "status=" + v, nil
}}

func notCanceled(o any) bool { return o.(*objects.Subscription).Status != "canceled" }

// eventTypes implements events' type (with * wildcards) and types[] (up to 20 exact types).
var eventType = filterDef{name: "type", build: func(vals []string) (func(any) bool, string, *apiError) {
	pattern := vals[len(vals)-1]
	if _, err := path.Match(pattern, ""); err != nil {
		return nil, "", invalidRequest(http.StatusBadRequest, "type", "Invalid type: %s", pattern)
	}
	return func(o any) bool {
		ok, _ := path.Match(pattern, o.(*objects.Event).Type)
		return ok
	}, "type=" + pattern, nil
}}

var eventTypes = filterDef{name: "types", build: func(vals []string) (func(any) bool, string, *apiError) {
	if len(vals) > 20 {
		return nil, "", invalidRequest(http.StatusBadRequest, "types", "You may pass at most 20 types.")
	}
	set := map[string]bool{}
	for _, v := range vals {
		set[v] = true
	}
	sorted := slices.Clone(vals)
	sort.Strings(sorted)
	return func(o any) bool { return set[o.(*objects.Event).Type] }, "types=" + strings.Join(sorted, ","), nil
}}

// subsetCache keeps the positions of filtered subsets of one store's lists, so selective filters
// on big lists (balance transactions of one type or payout) page in O(log n + limit) too.
type subsetCache struct {
	mu sync.Mutex
	m  map[subsetKey][]int32
}

type subsetKey struct {
	kind objects.Kind
	key  string
}

// maxCachedSubsets bounds the cache; beyond it subsets are scanned instead. Each cached subset
// costs 4 bytes per member.
const maxCachedSubsets = 4096

func (c *subsetCache) get(k objects.Kind, key string, coll objects.Collection, pred func(any) bool) ([]int32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if pos, ok := c.m[subsetKey{k, key}]; ok {
		return pos, true
	}
	if len(c.m) >= maxCachedSubsets {
		return nil, false
	}
	pos := []int32{} // non-nil even when empty: nil means "every position" to a view
	for i, n := 0, coll.Len(); i < n; i++ {
		if pred(coll.At(i)) {
			pos = append(pos, int32(i))
		}
	}
	if c.m == nil {
		c.m = map[subsetKey][]int32{}
	}
	c.m[subsetKey{k, key}] = pos
	return pos, true
}
