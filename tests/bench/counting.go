package main

import (
	"bytes"
	"hash/maphash"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// counting is the transport under the client. It counts requests and 429 answers per resource
// and collects the ids of every object a list page returned, so that the floor is computed from
// what was actually read, independently of the plugin's own bookkeeping.
type counting struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs map[string]int // resource → requests
	r429 map[string]int // resource → 429 answers
	// seen is resource → parent → object id hashes. Top-level lists have the parent "";
	// sub-lists of one parent (an invoice's lines, a subscription's items) have its id.
	seen map[string]map[string]map[uint64]struct{}
}

var idSeed = maphash.MakeSeed()

func newCounting(next http.RoundTripper) *counting {
	c := &counting{next: next}
	c.take()
	return c
}

func (c *counting) RoundTrip(req *http.Request) (*http.Response, error) {
	res, parent := resourceOf(req)
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	var ids []uint64
	if resp.StatusCode == http.StatusOK && req.Method == http.MethodGet {
		body, rerr := io.ReadAll(resp.Body)
		resp.Body.Close()
		if rerr != nil {
			return nil, rerr
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		ids = listIDs(body)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reqs[res]++
	if resp.StatusCode == http.StatusTooManyRequests {
		c.r429[res]++
	}
	if len(ids) > 0 {
		byParent := c.seen[res]
		if byParent == nil {
			byParent = map[string]map[uint64]struct{}{}
			c.seen[res] = byParent
		}
		set := byParent[parent]
		if set == nil {
			set = map[uint64]struct{}{}
			byParent[parent] = set
		}
		for _, id := range ids {
			set[id] = struct{}{}
		}
	}
	return resp, nil
}

// resourceOf names a request's resource: the path after /v1/, with a sub-list's parent id
// replaced by * (invoices/*/lines) and returned apart, as is the subscription whose items
// /v1/subscription_items lists.
func resourceOf(req *http.Request) (resource, parent string) {
	parts := strings.Split(strings.TrimPrefix(req.URL.Path, "/v1/"), "/")
	if len(parts) >= 3 {
		parent, parts[1] = parts[1], "*"
	}
	resource = strings.Join(parts, "/")
	if resource == "subscription_items" {
		resource, parent = "subscriptions/*/items", req.URL.Query().Get("subscription")
	}
	return resource, parent
}

// take returns the counts and sets so far and starts new ones.
func (c *counting) take() (reqs, r429 map[string]int, seen map[string]map[string]map[uint64]struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	reqs, r429, seen = c.reqs, c.r429, c.seen
	c.reqs, c.r429, c.seen = map[string]int{}, map[string]int{}, map[string]map[string]map[uint64]struct{}{}
	return reqs, r429, seen
}

// read is what one resource's lists returned: distinct objects, parents (sub-lists), and the
// floor: the fewest pages of 100 that return them, ceil(n/100) per list (per parent for a
// sub-list, which only that parent's requests can page).
type read struct {
	resource         string
	objects, parents int
	floor            int
}

func floorOf(seen map[string]map[string]map[uint64]struct{}) []read {
	var out []read
	for res, byParent := range seen {
		r := read{resource: res}
		for parent, ids := range byParent {
			r.objects += len(ids)
			r.floor += (len(ids) + 99) / 100
			if parent != "" {
				r.parents++
			}
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].resource < out[j].resource })
	return out
}

// listIDs returns the ids of the objects of a list response's data array
// ({"object":"list","data":[{"id":…},…]}), hashed; nil for anything else. It is a byte scan
// (strings and nesting only, no decoding) so that the counting costs little next to the
// client's own decoding: expanded objects and embedded sub-lists inside an element, deeper than
// the element itself, are not counted.
func listIDs(b []byte) []uint64 {
	var ids []uint64
	depth, list, inData := 0, false, false
	var key []byte // the key whose value comes next, at the current depth
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '{', '[':
			depth++
			if c == '[' && depth == 2 && string(key) == "data" {
				inData = true
			}
			key = nil
		case '}', ']':
			if c == ']' && depth == 2 {
				inData = false
			}
			depth--
			key = nil
		case '"':
			j := i + 1
			for j < len(b) && b[j] != '"' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(b) {
				return nil
			}
			s := b[i+1 : j]
			k := j + 1
			for k < len(b) && (b[k] == ' ' || b[k] == '\n' || b[k] == '\t' || b[k] == '\r') {
				k++
			}
			if k < len(b) && b[k] == ':' {
				key, i = s, k
				continue
			}
			switch {
			case depth == 1 && string(key) == "object":
				list = string(s) == "list"
			case depth == 3 && inData && string(key) == "id":
				ids = append(ids, maphash.Bytes(idSeed, s))
			}
			key, i = nil, j
		}
	}
	if !list {
		return nil
	}
	return ids
}
