package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// listWriter renders a list envelope into a pooled buffer.
type listWriter struct {
	buf    []byte
	pooled *[]byte
	count  int
}

// bufPool recycles response buffers: a page of 100 balance transactions is about 50 KB, and
// allocating it per request would make the garbage collector rescan the (large) store often.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

func newListWriter() *listWriter {
	p := bufPool.Get().(*[]byte)
	lw := &listWriter{buf: (*p)[:0], pooled: p}
	lw.buf = append(lw.buf, `{"object":"list","data":[`...)
	return lw
}

// add appends one object, expanded when paths are given.
func (lw *listWriter) add(obj any, x *expander, def *typeDef, paths []expandPath) *apiError {
	if lw.count > 0 {
		lw.buf = append(lw.buf, ',')
	}
	lw.count++
	if len(paths) == 0 {
		if a, ok := obj.(objects.JSONAppender); ok {
			lw.buf = a.AppendJSON(lw.buf)
			return nil
		}
	}
	raw, err := objects.Marshal(obj)
	if err != nil {
		return internalError(err)
	}
	if len(paths) > 0 {
		var aerr *apiError
		if raw, aerr = x.object(raw, def, paths); aerr != nil {
			return aerr
		}
	}
	lw.buf = append(lw.buf, raw...)
	return nil
}

// finish closes the envelope and returns the body and the function that recycles its buffer
// once the body has been written.
func (lw *listWriter) finish(hasMore bool, url string) ([]byte, func()) {
	lw.buf = append(lw.buf, `],"has_more":`...)
	lw.buf = strconv.AppendBool(lw.buf, hasMore)
	lw.buf = append(lw.buf, `,"url":`...)
	u, _ := json.Marshal(url) // marshalling a string cannot fail
	lw.buf = append(lw.buf, u...)
	lw.buf = append(lw.buf, '}')
	return lw.buf, lw.release
}

func (lw *listWriter) release() {
	if cap(lw.buf) > 4<<20 {
		return // do not keep huge buffers (pages of large expanded objects)
	}
	*lw.pooled = lw.buf[:0]
	bufPool.Put(lw.pooled)
}

func (h *Handler) expander(rs *requestState) *expander {
	return &expander{s: rs.store, key: rs.key, account: rs.store.Account.ID}
}

// list serves GET /v1/{resource}.
func (h *Handler) list(r *http.Request, rs *requestState) ([]byte, func(), *apiError) {
	res := rs.route.res
	p, aerr := parseQuery(r.URL.Query(), res.allowed(), queryListCreated)
	if aerr != nil {
		return nil, nil, aerr
	}
	paths, aerr := parseExpand(p.expand, res.kind, true)
	if aerr != nil {
		return nil, nil, aerr
	}
	if _, t := p.filters["type"]; t && res.kind == objects.KindEvent {
		if _, ts := p.filters["types"]; ts {
			return nil, nil, invalidRequest(http.StatusBadRequest, "type", "You may only specify one of these parameters: type, types.")
		}
	}
	coll := rs.store.Collection(res.kind)
	v := &view{c: coll}
	cache := h.subsets[rs.store]
	narrow := func(pred func(any) bool, key string) {
		if pred == nil {
			return
		}
		if key != "" && v.pos == nil {
			if pos, ok := cache.get(res.kind, key, coll, pred); ok {
				v.pos = pos
				return
			}
		}
		v.preds = append(v.preds, pred)
	}
	if res.defaultFilter != nil {
		if _, given := p.filters[res.defaultUnless]; !given {
			narrow(res.defaultFilter, res.defaultKey)
		}
	}
	for _, f := range res.filters {
		vals, ok := p.filters[f.name]
		if !ok {
			continue
		}
		pred, key, ferr := f.build(vals)
		if ferr != nil {
			return nil, nil, ferr
		}
		narrow(pred, key)
	}
	cur, aerr := h.cursor(rs, coll, res.kind, p)
	if aerr != nil {
		return nil, nil, aerr
	}
	idx, hasMore := v.page(p.created, cur, p.limit)
	lw := newListWriter()
	x := h.expander(rs)
	def := typeDefs[res.kind]
	for _, i := range idx {
		if err := lw.add(coll.At(v.index(i)), x, def, paths); err != nil {
			return nil, nil, err
		}
	}
	body, release := lw.finish(hasMore, "/v1/"+res.path)
	return body, release, nil
}

// cursor resolves starting_after / ending_before to the named object's sort key. An id that
// names no object of the list's kind is a 400 resource_missing naming the parameter.
func (h *Handler) cursor(rs *requestState, coll objects.Collection, k objects.Kind, p *listParams) (*cursor, *apiError) {
	id, param, before := p.startingAfter, "starting_after", false
	if p.endingBefore != "" {
		id, param, before = p.endingBefore, "ending_before", true
	}
	if id == "" {
		return nil, nil
	}
	i, ok := coll.IndexOf(id)
	if !ok {
		return nil, errNoSuch(http.StatusBadRequest, k.ObjectName(), id, param, rs.key.live, rs.id, h.now().Unix())
	}
	created, cid := coll.Key(i)
	return &cursor{created: created, id: cid, before: before}, nil
}

// retrieve serves GET /v1/{resource}/{id}.
func (h *Handler) retrieve(r *http.Request, rs *requestState) ([]byte, func(), *apiError) {
	res := rs.route.res
	p, aerr := parseQuery(r.URL.Query(), nil, queryRetrieve)
	if aerr != nil {
		return nil, nil, aerr
	}
	paths, aerr := parseExpand(p.expand, res.kind, false)
	if aerr != nil {
		return nil, nil, aerr
	}
	obj, ok := rs.store.Lookup(res.kind, rs.route.id)
	if !ok {
		return nil, nil, errNoSuch(http.StatusNotFound, res.kind.ObjectName(), rs.route.id, "id", rs.key.live, rs.id, h.now().Unix())
	}
	raw, aerr := marshal(obj)
	if aerr != nil {
		return nil, nil, aerr
	}
	body, aerr := h.expander(rs).object(raw, typeDefs[res.kind], paths)
	return body, nil, aerr
}

// subscriptionItems serves GET /v1/subscription_items?subscription=sub_...
func (h *Handler) subscriptionItems(r *http.Request, rs *requestState) ([]byte, func(), *apiError) {
	p, aerr := parseQuery(r.URL.Query(), map[string]bool{"subscription": true}, queryList)
	if aerr != nil {
		return nil, nil, aerr
	}
	subID, ok := p.single("subscription")
	if !ok || subID == "" {
		return nil, nil, invalidRequest(http.StatusBadRequest, "subscription", "Missing required param: subscription.")
	}
	v, ok := rs.store.Lookup(objects.KindSubscription, subID)
	if !ok {
		return nil, nil, errNoSuch(http.StatusBadRequest, "subscription", subID, "subscription", rs.key.live, rs.id, h.now().Unix())
	}
	items := v.(*objects.Subscription).Items.Data
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	objs := func(i int) any { return &items[i] }
	return h.fixedList(rs, p, objects.KindSubscriptionItem, ids, objs, "/v1/subscription_items")
}

// invoiceLines serves GET /v1/invoices/{id}/lines: every line, in invoice order.
func (h *Handler) invoiceLines(r *http.Request, rs *requestState) ([]byte, func(), *apiError) {
	p, aerr := parseQuery(r.URL.Query(), nil, queryList)
	if aerr != nil {
		return nil, nil, aerr
	}
	v, ok := rs.store.Lookup(objects.KindInvoice, rs.route.id)
	if !ok {
		return nil, nil, errNoSuch(http.StatusNotFound, "invoice", rs.route.id, "id", rs.key.live, rs.id, h.now().Unix())
	}
	in := v.(*objects.Invoice)
	lines := in.AllLines()
	ids := make([]string, len(lines))
	for i := range lines {
		ids[i] = lines[i].ID
	}
	objs := func(i int) any { return &lines[i] }
	return h.fixedList(rs, p, objects.KindLineItem, ids, objs, objects.InvoiceLinesURL(in.ID))
}

// fixedList pages a small list kept in its own order.
func (h *Handler) fixedList(rs *requestState, p *listParams, k objects.Kind, ids []string, at func(int) any, url string) ([]byte, func(), *apiError) {
	paths, aerr := parseExpand(p.expand, k, true)
	if aerr != nil {
		return nil, nil, aerr
	}
	cur, param, before := p.startingAfter, "starting_after", false
	if p.endingBefore != "" {
		cur, param, before = p.endingBefore, "ending_before", true
	}
	start, end, hasMore, ok := pageFixed(ids, cur, before, p.limit)
	if !ok {
		return nil, nil, errNoSuch(http.StatusBadRequest, k.ObjectName(), cur, param, rs.key.live, rs.id, h.now().Unix())
	}
	lw := newListWriter()
	x := h.expander(rs)
	for i := start; i < end; i++ {
		if err := lw.add(at(i), x, typeDefs[k], paths); err != nil {
			return nil, nil, err
		}
	}
	body, release := lw.finish(hasMore, url)
	return body, release, nil
}
