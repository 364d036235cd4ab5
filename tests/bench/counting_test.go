package main

import (
	"hash/maphash"
	"net/http"
	"net/url"
	"testing"
)

// The ids of a page are the elements' own: not the ids of expanded objects or embedded
// sub-lists inside them, not an escaped quote inside a string, and nothing for a single object.
func TestListIDsReadsTheElementsOfAListPage(t *testing.T) {
	page := `{
  "object": "list",
  "url": "/v1/invoices",
  "has_more": true,
  "data": [
    {"id": "in_1", "object": "invoice", "description": "say \"id\": \"in_fake\"",
     "customer": {"id": "cus_1", "object": "customer"},
     "lines": {"object": "list", "data": [{"id": "il_1"}, {"id": "il_2"}], "has_more": false},
     "tags": ["id", "x"]},
    {"object": "invoice", "id": "in_2", "metadata": {"id": "not_me"}}
  ]
}`
	got := listIDs([]byte(page))
	want := []uint64{maphash.String(idSeed, "in_1"), maphash.String(idSeed, "in_2")}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("listIDs = %v, want the hashes of in_1, in_2 %v", got, want)
	}
	if ids := listIDs([]byte(`{"id": "in_1", "object": "invoice", "data": [{"id": "x"}]}`)); ids != nil {
		t.Errorf("a single object gave ids %v", ids)
	}
}

// A sub-list counts under its parent: the floor pages each parent's list on its own.
func TestFloorCountsSubListsPerParent(t *testing.T) {
	c := newCounting(nil)
	add := func(path, query string, n int) {
		req := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: path, RawQuery: query}}
		res, parent := resourceOf(req)
		if c.seen[res] == nil {
			c.seen[res] = map[string]map[uint64]struct{}{}
		}
		if c.seen[res][parent] == nil {
			c.seen[res][parent] = map[uint64]struct{}{}
		}
		for i := range n {
			c.seen[res][parent][uint64(i)] = struct{}{}
		}
	}
	add("/v1/invoices", "", 250)           // 3 pages
	add("/v1/invoices/in_1/lines", "", 12) // 1 page
	add("/v1/invoices/in_2/lines", "", 101)
	add("/v1/subscription_items", "subscription=sub_1", 30)
	_, _, seen := c.take()
	got := map[string]read{}
	for _, r := range floorOf(seen) {
		got[r.resource] = r
	}
	want := map[string]read{
		"invoices":              {resource: "invoices", objects: 250, floor: 3},
		"invoices/*/lines":      {resource: "invoices/*/lines", objects: 113, parents: 2, floor: 3},
		"subscriptions/*/items": {resource: "subscriptions/*/items", objects: 30, parents: 1, floor: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("resources %v, want %v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %+v, want %+v", k, got[k], w)
		}
	}
}
