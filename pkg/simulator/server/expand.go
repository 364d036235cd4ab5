package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// errCannotExpand is Stripe's answer to expanding a member that is not expandable. Stripe's
// examples carry no param, so none is set.
func errCannotExpand(segment string) *apiError {
	return invalidRequest(http.StatusBadRequest, "", "This property cannot be expanded (%s).", segment)
}

// maxExpandDepth is Stripe's limit on expand paths. It counts every segment, data included:
// Stripe rejects data.items.data.price.product on a list (5 segments) while accepting
// data.discounts.source.coupon (4).
const maxExpandDepth = 4

// expandPath is one expand[] value split into segments.
type expandPath []string

// parseExpand validates expand[] values against Stripe's rule (the spec's, expand_spec.go) before
// any work is done, so the error does not depend on the data. forList: paths apply to a list
// envelope (data.…).
func parseExpand(values []string, k objects.Kind, forList bool) ([]expandPath, *apiError) {
	var paths []expandPath
	for _, v := range values {
		segs := strings.Split(v, ".")
		if slices.Contains(segs, "") {
			return nil, errCannotExpand(v)
		}
		if len(segs) > maxExpandDepth {
			return nil, invalidRequest(http.StatusBadRequest, "", "You cannot expand more than %d levels of a property.", maxExpandDepth)
		}
		rest := segs
		if forList {
			if segs[0] != "data" {
				msg := "This property cannot be expanded (" + segs[0] + ")."
				if specRefuses(k, segs) == "" && len(segs) < maxExpandDepth {
					msg += " You may want to try expanding 'data." + v + "' instead."
				}
				return nil, invalidRequest(http.StatusBadRequest, "", "%s", msg)
			}
			rest = segs[1:]
			if len(rest) == 0 {
				return nil, errCannotExpand("data")
			}
		}
		if bad := specRefuses(k, rest); bad != "" {
			return nil, errCannotExpand(bad)
		}
		paths = append(paths, rest)
	}
	return paths, nil
}

// expander applies validated paths to marshalled objects, resolving IDs through the store.
type expander struct {
	s       *objects.Store
	key     *keyInfo
	account string
}

// object expands paths on one marshalled object of type def.
func (x *expander) object(raw []byte, def *typeDef, paths []expandPath) ([]byte, *apiError) {
	if len(paths) == 0 || def == nil {
		return raw, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, internalError(err)
	}
	groups := map[string][]expandPath{}
	var order []string
	for _, p := range paths {
		if _, ok := groups[p[0]]; !ok {
			order = append(order, p[0])
		}
		groups[p[0]] = append(groups[p[0]], p[1:])
	}
	for _, name := range order {
		f := def.fields[name]
		if f == nil {
			// A path the spec allows through a member the simulator has nothing to do for: an
			// embedded object (expanding it changes nothing), a member of another possible type
			// (source.customer on a payout), or an ID of objects the simulator does not hold.
			if v := bytes.TrimSpace(m[name]); len(v) > 0 && v[0] == '"' {
				return nil, invalidRequest(http.StatusBadRequest, "", "The Stripe simulator cannot expand this property (%s): it holds no such objects.", name)
			}
			continue
		}
		var tails []expandPath
		for _, t := range groups[name] {
			if len(t) > 0 {
				tails = append(tails, t)
			}
		}
		var err *apiError
		if f.kind == fIncludable {
			m[name], err = x.include(f, m, tails)
		} else if v, ok := m[name]; ok {
			m[name], err = x.member(v, f, tails)
		}
		if err != nil {
			return nil, err
		}
	}
	return encodeOrdered(m), nil
}

// member expands one member's value (or each element when it is an array).
func (x *expander) member(v json.RawMessage, f *fieldDef, tails []expandPath) (json.RawMessage, *apiError) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return v, nil
	}
	if v[0] == '[' {
		var elems []json.RawMessage
		if err := json.Unmarshal(v, &elems); err != nil {
			return nil, internalError(err)
		}
		for i := range elems {
			e, err := x.member(elems[i], f, tails)
			if err != nil {
				return nil, err
			}
			elems[i] = e
		}
		return encodeArray(elems), nil
	}
	switch f.kind {
	case fExpandable:
		var id string
		if err := json.Unmarshal(v, &id); err != nil {
			return x.object(v, x.defOf(v, f.targets), tails) // already an object
		}
		if f.notServed != "" {
			return nil, invalidRequest(http.StatusBadRequest, "", "The Stripe simulator cannot expand this property: it holds no %s objects.", f.notServed)
		}
		obj, k, ok := x.resolve(f.targets, id)
		if !ok {
			return nil, errDangling(kindList(f.targets), id)
		}
		if !f.coveredByParent && !x.key.can(kindPerm[k]) {
			return nil, errMissingPermission(x.key.value, x.account, kindPerm[k])
		}
		raw, err := objects.Marshal(obj)
		if err != nil {
			return nil, internalError(err)
		}
		return x.object(raw, typeDefs[k], tails)
	case fInline:
		return x.object(v, typeDefs[f.targets[0]], tails)
	case fNested:
		return x.object(v, f.nested, tails)
	case fList:
		return x.list(v, f.targets[0], tails)
	}
	return v, nil
}

// list expands paths (each starting with data) on an embedded list envelope.
func (x *expander) list(v json.RawMessage, k objects.Kind, tails []expandPath) (json.RawMessage, *apiError) {
	var inner []expandPath
	for _, t := range tails {
		if len(t) > 1 && t[0] == "data" {
			inner = append(inner, t[1:])
		}
	}
	if len(inner) == 0 {
		return v, nil
	}
	dataDef := &typeDef{fields: map[string]*fieldDef{"data": inline(k)}}
	withData := make([]expandPath, len(inner))
	for i, p := range inner {
		withData[i] = append(expandPath{"data"}, p...)
	}
	return x.object(v, dataDef, withData)
}

// include builds an includable member for the object whose members are m.
func (x *expander) include(f *fieldDef, m map[string]json.RawMessage, tails []expandPath) (json.RawMessage, *apiError) {
	var id string
	if err := json.Unmarshal(m["id"], &id); err != nil {
		return nil, internalError(err)
	}
	if f.listOf != 0 && !x.key.can(kindPerm[f.listOf]) {
		return nil, errMissingPermission(x.key.value, x.account, kindPerm[f.listOf])
	}
	val, err := f.include(x.s, id)
	if err != nil {
		if ae, ok := err.(*apiError); ok {
			return nil, ae
		}
		return nil, internalError(err)
	}
	raw, merr := json.Marshal(val)
	if merr != nil {
		return nil, internalError(merr)
	}
	if f.listOf == 0 || len(tails) == 0 {
		return raw, nil
	}
	return x.list(raw, f.listOf, tails)
}

// resolve finds id among the possible target kinds.
func (x *expander) resolve(targets []objects.Kind, id string) (any, objects.Kind, bool) {
	for _, k := range targets {
		if obj, ok := x.s.Lookup(k, id); ok {
			return obj, k, true
		}
	}
	return nil, 0, false
}

// defOf picks the type of an already-expanded object among targets by its "object" member.
func (x *expander) defOf(v json.RawMessage, targets []objects.Kind) *typeDef {
	var head struct {
		Object string `json:"object"`
	}
	_ = json.Unmarshal(v, &head)
	for _, k := range targets {
		if k.ObjectName() == head.Object {
			return typeDefs[k]
		}
	}
	return nil
}

type kindNames []objects.Kind

func (ks kindNames) String() string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.ObjectName()
	}
	return strings.Join(names, " or ")
}

func kindList(ks []objects.Kind) kindNames { return kindNames(ks) }

// encodeOrdered writes an object with id and object first and the other members sorted, the
// order Stripe uses.
func encodeOrdered(m map[string]json.RawMessage) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "id" && k != "object" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, first := range []string{"object", "id"} {
		if _, ok := m[first]; ok {
			keys = append([]string{first}, keys...)
		}
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k) // marshalling a string cannot fail
		b.Write(kb)
		b.WriteByte(':')
		b.Write(m[k])
	}
	b.WriteByte('}')
	return b.Bytes()
}

func encodeArray(elems []json.RawMessage) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, e := range elems {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(e)
	}
	b.WriteByte(']')
	return b.Bytes()
}
