package server

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// listParams are the parsed common list parameters.
type listParams struct {
	limit         int
	startingAfter string
	endingBefore  string
	created       createdRange
	expand        []string
	filters       map[string][]string // the endpoint's own parameters, by name ("types" gathers types[])
}

// arrayKey matches "name[]" and "name[N]", how SDKs send arrays (stripe-go sends expand[0]=...).
var arrayKey = regexp.MustCompile(`^([a-z_]+)\[([0-9]*)\]$`)

// createdKey matches created[gt], created[gte], ... (the operator is checked by apply).
var createdKey = regexp.MustCompile(`^created\[([a-z]*)\]$`)

// queryKind says which common parameters an endpoint takes besides expand.
type queryKind uint8

const (
	queryRetrieve    queryKind = iota // expand only
	queryListCreated                  // limit, cursors and created filters
	queryList                         // limit and cursors (subscription items, invoice lines)
)

// parseQuery splits a query into list parameters. allowed names the endpoint's own parameters
// (true: implemented, false: accepted by Stripe but not implemented by the simulator).
func parseQuery(q url.Values, allowed map[string]bool, kind queryKind) (*listParams, *apiError) {
	list := kind != queryRetrieve
	withCreated := kind == queryListCreated
	p := &listParams{limit: 10, created: anyCreated, filters: map[string][]string{}}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic errors when several parameters are wrong
	type indexed struct {
		i int
		v string
	}
	arrays := map[string][]indexed{}
	for _, k := range keys {
		vals := q[k]
		v := vals[len(vals)-1]
		if m := createdKey.FindStringSubmatch(k); m != nil && withCreated {
			if err := p.created.apply(m[1], v, k); err != nil {
				return nil, err
			}
			continue
		}
		if m := arrayKey.FindStringSubmatch(k); m != nil {
			name := m[1]
			i, _ := strconv.Atoi(m[2])
			if name != "expand" && !(list && allowed[name]) {
				return nil, unknownOrUnsupported(name, k, allowed, list)
			}
			for _, v := range vals {
				arrays[name] = append(arrays[name], indexed{i, v})
			}
			continue
		}
		switch {
		case k == "expand":
			for _, v := range vals {
				arrays["expand"] = append(arrays["expand"], indexed{0, v})
			}
		case list && k == "limit":
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, invalidRequest(http.StatusBadRequest, "limit", "Invalid integer: %s", v)
			}
			if n < 1 || n > 100 {
				return nil, invalidRequest(http.StatusBadRequest, "limit", "Invalid limit: must be between 1 and 100")
			}
			p.limit = n
		case list && k == "starting_after":
			p.startingAfter = v
		case list && k == "ending_before":
			p.endingBefore = v
		case withCreated && k == "created":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, invalidRequest(http.StatusBadRequest, "created", "Invalid integer: %s", v)
			}
			p.created = p.created.intersect(createdRange{n, n})
		default:
			impl, ok := allowed[k]
			if !list || !ok {
				return nil, errUnknownParam(k)
			}
			if !impl {
				return nil, errUnsupportedParam(k)
			}
			p.filters[k] = vals
		}
	}
	for name, items := range arrays {
		sort.SliceStable(items, func(a, b int) bool { return items[a].i < items[b].i })
		vals := make([]string, len(items))
		for i, it := range items {
			vals[i] = it.v
		}
		if name == "expand" {
			p.expand = vals
		} else {
			p.filters[name] = vals
		}
	}
	if p.startingAfter != "" && p.endingBefore != "" {
		return nil, invalidRequest(http.StatusBadRequest, "starting_after", "You may only specify one of these parameters: ending_before, starting_after.")
	}
	return p, nil
}

func unknownOrUnsupported(name, key string, allowed map[string]bool, list bool) *apiError {
	if impl, ok := allowed[name]; ok && list && !impl {
		return errUnsupportedParam(name)
	}
	return errUnknownParam(key)
}

// apply narrows the range by one created[op] bound.
func (r *createdRange) apply(op, v, key string) *apiError {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return invalidRequest(http.StatusBadRequest, key, "Invalid integer: %s", v)
	}
	switch op {
	case "gt":
		if n == 1<<63-1 {
			*r = createdRange{1, 0} // empty
			return nil
		}
		*r = r.intersect(createdRange{n + 1, anyCreated.max})
	case "gte":
		*r = r.intersect(createdRange{n, anyCreated.max})
	case "lt":
		if n == -1<<63 {
			*r = createdRange{1, 0}
			return nil
		}
		*r = r.intersect(createdRange{anyCreated.min, n - 1})
	case "lte":
		*r = r.intersect(createdRange{anyCreated.min, n})
	default:
		return errUnknownParam(key)
	}
	return nil
}

func (r createdRange) intersect(o createdRange) createdRange {
	return createdRange{max(r.min, o.min), min(r.max, o.max)}
}

// single returns a filter's one value, or an error when it was sent as an array.
func (p *listParams) single(name string) (string, bool) {
	vals, ok := p.filters[name]
	if !ok || len(vals) == 0 {
		return "", false
	}
	return strings.TrimSpace(vals[len(vals)-1]), true
}
