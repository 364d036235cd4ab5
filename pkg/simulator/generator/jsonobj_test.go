package generator

import (
	"encoding/json"
	"testing"
)

// The object editor keeps members in order, inserts where Stripe writes them (after id and
// object, by key), and writes back exactly what it read.
func TestJSONObjectEditor(t *testing.T) {
	in := `{"id":"x_1","object":"thing","b":{"c":[1,{"d":"}]\""}]},"e":null,"g":"h\\"}`
	o, err := parseObject([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(o.bytes()); got != in {
		t.Fatalf("round trip:\n%s\nwant\n%s", got, in)
	}
	if got := string(o.get("b")); got != `{"c":[1,{"d":"}]\""}]}` {
		t.Errorf("get b = %s", got)
	}
	var e edits
	e.set("a", []byte(`1`))
	e.set("f", []byte(`true`))
	e.set("z", []byte(`[]`))
	e.set("e", []byte(`2`))
	e.set("c", nil)
	e.del("g")
	e.del("absent")
	got := o.edited(e)
	want := `{"id":"x_1","object":"thing","a":1,"b":{"c":[1,{"d":"}]\""}]},"c":null,"e":2,"f":true,"z":[]}`
	if string(got) != want {
		t.Errorf("edited:\n%s\nwant\n%s", got, want)
	}
	if !json.Valid(got) {
		t.Error("edited object is not valid JSON")
	}
	if got := string(o.edited(edits{{key: "id"}, {key: "object"}, {key: "b"}, {key: "e"}, {key: "g"}})); got != `{}` {
		t.Errorf("everything removed: %s", got)
	}
	if got := string(jsonObject{}.edited(edits{{key: "b", val: []byte("2")}, {key: "a", val: []byte("1")}})); got != `{"a":1,"b":2}` {
		t.Errorf("inserted into an empty object: %s", got)
	}
	arr, err := parseArray([]byte(`[{"a":[1,2]},"x",3,null]`))
	if err != nil || len(arr) != 4 || string(arr[0]) != `{"a":[1,2]}` || string(arr[3]) != "null" {
		t.Errorf("parseArray = %q, %v", arr, err)
	}
	if string(arrayJSON(arr)) != `[{"a":[1,2]},"x",3,null]` {
		t.Errorf("arrayJSON = %s", arrayJSON(arr))
	}
	for _, bad := range []string{``, `[]`, `{"a"}`, `{"a":1`, `{"a":"1}`} {
		if _, err := parseObject([]byte(bad)); err == nil {
			t.Errorf("parseObject(%q): no error", bad)
		}
	}
}

// previous_attributes are Stripe's: changed members with their old values, only the changed
// members of a hash (recursively), arrays whole, null for a member that appeared.
func TestPreviousAttributesAreRecursive(t *testing.T) {
	before := `{"id":"sub_1","object":"subscription","cancellation_details":{"comment":null,"reason":null},` +
		`"items":{"object":"list","data":[{"id":"si_1","price":{"id":"price_a"}}],"has_more":false},` +
		`"pause_collection":null,"plan":{"amount":100,"id":"price_a","interval":"month"},"status":"active","trial_end":5}`
	after := `{"id":"sub_1","object":"subscription","cancellation_details":{"comment":null,"reason":"payment_failed"},` +
		`"items":{"object":"list","data":[{"id":"si_1","price":{"id":"price_b"}}],"has_more":false},` +
		`"pause_collection":{"behavior":"void","resumes_at":null},"plan":{"amount":200,"id":"price_b","interval":"month"},"status":"active","trial_end":5,"new":1}`
	got, err := previousAttributes([]byte(before), []byte(after))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"cancellation_details":{"reason":null},"items":{"data":[{"id":"si_1","price":{"id":"price_a"}}]},` +
		`"new":null,"pause_collection":null,"plan":{"amount":100,"id":"price_a"}}`
	if string(got) != want {
		t.Errorf("previous_attributes:\n%s\nwant\n%s", got, want)
	}
	// Back again: a hash that became null is given whole.
	got, _ = previousAttributes([]byte(`{"p":{"a":1,"b":2}}`), []byte(`{"p":null}`))
	if string(got) != `{"p":{"a":1,"b":2}}` {
		t.Errorf("hash to null: %s", got)
	}
}
