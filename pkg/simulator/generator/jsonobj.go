package generator

import (
	"errors"
	"fmt"
)

// A small editor of the JSON objects encoding/json writes, for re-rendering event payloads in
// older API versions (render_versions.go): split an object into its members, in order, with
// their values as raw slices of the input; delete, replace or insert members; write it back.
// Values are never re-encoded, so the output is as compact and escaped as the input.

// member is one member of a JSON object: its key as written between the quotes, and its value.
type member struct {
	key []byte
	val []byte
}

// jsonObject is an object's members in order.
type jsonObject []member

var (
	jsonNull  = []byte("null")
	jsonTrue  = []byte("true")
	jsonFalse = []byte("false")
)

func jsonBool(b bool) []byte {
	if b {
		return jsonTrue
	}
	return jsonFalse
}

// isObject reports whether a raw value is an object (not null, not a scalar or array).
func isObject(v []byte) bool { return len(v) > 0 && v[0] == '{' }

// isNull reports whether a raw value is absent or null.
func isNull(v []byte) bool { return len(v) == 0 || string(v) == "null" }

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the value that starts at b[i].
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errors.New("json: unexpected end")
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				end, err := skipString(b, i)
				if err != nil {
					return 0, err
				}
				i = end
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, nil
				}
			}
			i++
		}
		return 0, errors.New("json: unterminated object or array")
	}
	start := i
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\n' && b[i] != '\t' && b[i] != '\r' {
		i++
	}
	if i == start {
		return 0, fmt.Errorf("json: unexpected %q", b[i])
	}
	return i, nil
}

// skipString returns the end of the string that starts at b[i] (after its closing quote).
func skipString(b []byte, i int) (int, error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, errors.New("json: unterminated string")
}

// parseObject splits a JSON object into its members. The members' slices point into b.
func parseObject(b []byte) (jsonObject, error) {
	var a memberArena
	return a.parseObject(b)
}

// memberArena hands out the member lists of parsed objects from one buffer, to be reused (reset)
// once the objects are no longer needed: rewriting an event payload parses dozens of objects.
type memberArena struct{ buf []member }

func (a *memberArena) reset() { a.buf = a.buf[:0] }

// parseObject splits a JSON object into its members, kept in the arena until reset. Appending to
// the object (set) moves it out of the arena.
func (a *memberArena) parseObject(b []byte) (jsonObject, error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, fmt.Errorf("json: not an object: %.40q", b)
	}
	start := len(a.buf)
	done := func() jsonObject { return jsonObject(a.buf[start:len(a.buf):len(a.buf)]) }
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return done(), nil
	}
	for {
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != '"' {
			return nil, errors.New("json: object key expected")
		}
		end, err := skipString(b, i)
		if err != nil {
			return nil, err
		}
		key := b[i+1 : end-1]
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return nil, errors.New("json: ':' expected")
		}
		i = skipSpace(b, i+1)
		vend, err := skipValue(b, i)
		if err != nil {
			return nil, err
		}
		a.buf = append(a.buf, member{key: key, val: b[i:vend]})
		i = skipSpace(b, vend)
		if i >= len(b) {
			return nil, errors.New("json: unterminated object")
		}
		if b[i] == '}' {
			return done(), nil
		}
		if b[i] != ',' {
			return nil, fmt.Errorf("json: ',' or '}' expected, got %q", b[i])
		}
		i++
	}
}

// parseArray splits a JSON array into its elements (slices of b). null is an empty array.
func parseArray(b []byte) ([][]byte, error) {
	if isNull(b) {
		return nil, nil
	}
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil, fmt.Errorf("json: not an array: %.40q", b)
	}
	var out [][]byte
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return out, nil
	}
	for {
		i = skipSpace(b, i)
		end, err := skipValue(b, i)
		if err != nil {
			return nil, err
		}
		out = append(out, b[i:end])
		i = skipSpace(b, end)
		if i >= len(b) {
			return nil, errors.New("json: unterminated array")
		}
		if b[i] == ']' {
			return out, nil
		}
		if b[i] != ',' {
			return nil, fmt.Errorf("json: ',' or ']' expected, got %q", b[i])
		}
		i++
	}
}

// get is the value of member k (nil when absent).
func (o jsonObject) get(k string) []byte {
	for i := range o {
		if string(o[i].key) == k {
			return o[i].val
		}
	}
	return nil
}

// has reports whether member k is present.
func (o jsonObject) has(k string) bool {
	for i := range o {
		if string(o[i].key) == k {
			return true
		}
	}
	return false
}

// edit is one change to an object: member key gets val, or is removed when val is nil.
type edit struct {
	key string
	val []byte
}

// edits are changes to apply to an object at once (edited): replace, remove or insert members.
type edits []edit

// set gives member k the value v (null when v is nil).
func (e *edits) set(k string, v []byte) {
	if v == nil {
		v = jsonNull
	}
	*e = append(*e, edit{key: k, val: v})
}

// del removes member k.
func (e *edits) del(k string) { *e = append(*e, edit{key: k}) }

// edited is the object's JSON with the edits applied: a member an edit names takes its value (or
// is left out), in its place; the other edits' members are inserted where Stripe writes them,
// after the leading id and object, before the first member whose key sorts after theirs.
func (o jsonObject) edited(es edits) []byte {
	var buf [16]int
	at := buf[:0] // per edit: the index of the member it names, or -1
	if len(es) > len(buf) {
		at = make([]int, 0, len(es))
	}
	n := o.size() + 1
	var inserts [16]int // the edits that insert, by key
	ins := inserts[:0]
	for k := range es {
		at = append(at, -1)
		for i := range o {
			if string(o[i].key) == es[k].key {
				at[k] = i
				break
			}
		}
		n += len(es[k].key) + len(es[k].val) + 4
		if at[k] < 0 && es[k].val != nil {
			j := len(ins)
			ins = append(ins, k)
			for ; j > 0 && es[ins[j-1]].key > es[k].key; j-- {
				ins[j] = ins[j-1]
			}
			ins[j] = k
		}
	}
	b := make([]byte, 1, n)
	b[0] = '{'
	put := func(b []byte, key string, val []byte) []byte {
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, key...)
		b = append(b, '"', ':')
		return append(b, val...)
	}
	next := 0 // the next insert
	for i := range o {
		leading := i <= 1 && (string(o[i].key) == "id" || string(o[i].key) == "object")
		for ; !leading && next < len(ins) && es[ins[next]].key < string(o[i].key); next++ {
			b = put(b, es[ins[next]].key, es[ins[next]].val)
		}
		val := o[i].val
		for k := range es {
			if at[k] == i {
				val = es[k].val
			}
		}
		if val != nil {
			if len(b) > 1 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, o[i].key...)
			b = append(b, '"', ':')
			b = append(b, val...)
		}
	}
	for ; next < len(ins); next++ {
		b = put(b, es[ins[next]].key, es[ins[next]].val)
	}
	return append(b, '}')
}

// size is the length of the object's JSON.
func (o jsonObject) size() int {
	n := 2
	for i := range o {
		n += len(o[i].key) + len(o[i].val) + 4
	}
	return n
}

// appendJSON appends the object's JSON to b.
func (o jsonObject) appendJSON(b []byte) []byte {
	b = append(b, '{')
	for i := range o {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, o[i].key...)
		b = append(b, '"', ':')
		b = append(b, o[i].val...)
	}
	return append(b, '}')
}

// bytes is the object's JSON in a new slice.
func (o jsonObject) bytes() []byte { return o.appendJSON(make([]byte, 0, o.size())) }

// arrayJSON is the JSON array of the elements.
func arrayJSON(elems [][]byte) []byte {
	n := 2
	for _, e := range elems {
		n += len(e) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, e := range elems {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e...)
	}
	return append(b, ']')
}
