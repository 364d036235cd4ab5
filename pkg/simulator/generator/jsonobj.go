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
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, fmt.Errorf("json: not an object: %.40q", b)
	}
	o := make(jsonObject, 0, 16)
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return o, nil
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
		o = append(o, member{key: key, val: b[i:vend]})
		i = skipSpace(b, vend)
		if i >= len(b) {
			return nil, errors.New("json: unterminated object")
		}
		if b[i] == '}' {
			return o, nil
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

// del removes member k if present.
func (o *jsonObject) del(k string) {
	for i := range *o {
		if string((*o)[i].key) == k {
			*o = append((*o)[:i], (*o)[i+1:]...)
			return
		}
	}
}

// set replaces member k's value, or inserts the member where Stripe would write it: after the
// leading id and object, before the first member whose key sorts after k.
func (o *jsonObject) set(k string, v []byte) {
	pos := len(*o)
	for i := range *o {
		key := string((*o)[i].key)
		if key == k {
			(*o)[i].val = v
			return
		}
		if pos == len(*o) && key > k && !(i <= 1 && (key == "id" || key == "object")) {
			pos = i
		}
	}
	*o = append(*o, member{})
	copy((*o)[pos+1:], (*o)[pos:])
	(*o)[pos] = member{key: []byte(k), val: v}
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
