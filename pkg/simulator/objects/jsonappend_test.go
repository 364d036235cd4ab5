package objects_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// tagEncoding derives, from the struct tags alone, the members and values a struct must encode
// to: the reference for the hand-written appenders. It knows the member types balance
// transactions use.
func tagEncoding(t *testing.T, v reflect.Value) (keys []string, vals map[string]any) {
	t.Helper()
	vals = map[string]any{}
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || name == "" {
			continue
		}
		keys = append(keys, name)
		fv := v.Field(i)
		switch x := fv.Interface().(type) {
		case objects.NullString:
			if x == "" {
				vals[name] = nil
			} else {
				vals[name] = string(x)
			}
		case *float64:
			if x == nil {
				vals[name] = nil
			} else {
				vals[name] = json.Number(jsonNumber(*x))
			}
		case int64:
			vals[name] = json.Number(strconv.FormatInt(x, 10))
		case string:
			vals[name] = x
		case objects.TagBalanceTransaction:
			vals[name] = "balance_transaction"
		case objects.Array[objects.FeeDetail]:
			arr := []any{}
			for _, fd := range x {
				_, m := tagEncoding(t, reflect.ValueOf(fd))
				arr = append(arr, m)
			}
			vals[name] = arr
		default:
			t.Fatalf("member %s: type %T not known to the reference encoder", name, x)
		}
	}
	return keys, vals
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// decodeOrdered returns the top-level keys in order and the decoded values (numbers as
// json.Number).
func decodeOrdered(t *testing.T, b []byte) ([]string, map[string]any) {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	d = json.NewDecoder(bytes.NewReader(b))
	var keys []string
	depth := 0
	expectKey := false
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			expectKey = depth == 1 && tok == json.Delim('{')
			continue
		case json.Delim('}'), json.Delim(']'):
			depth--
			expectKey = depth == 1
			continue
		}
		if depth == 1 {
			if expectKey {
				keys = append(keys, tok.(string))
			}
			expectKey = !expectKey
		}
	}
	return keys, m
}

func TestAppendJSONMatchesReflection(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "usd", "Subscription creation", `quote " and \ backslash`, "<b>&</b>", "naïve café", "tab\there", "\u2028"}
	pick := func() string { return texts[rng.IntN(len(texts))] }
	for i := 0; i < 300; i++ {
		bt := objects.BalanceTransaction{
			ID: "txn_" + pick(), Amount: rng.Int64N(1e9) - 5e8, AvailableOn: rng.Int64(), BalanceType: pick(), Created: rng.Int64N(1e10),
			Currency: pick(), Description: objects.NullString(pick()), Fee: rng.Int64N(1000), Net: -rng.Int64(), ReportingCategory: pick(),
			Source: objects.NullString(pick()), Status: pick(), Type: pick(), PayoutID: "po_hidden",
		}
		if rng.IntN(2) == 0 {
			bt.ExchangeRate = objects.Float64(rng.Float64() * 3)
		}
		for j := rng.IntN(3); j > 0; j-- {
			bt.FeeDetails = append(bt.FeeDetails, objects.FeeDetail{Amount: rng.Int64N(500), Application: objects.NullString(pick()),
				Currency: pick(), Description: objects.NullString(pick()), Type: pick()})
		}
		got := bt.AppendJSON(nil)
		viaEncodingJSON, err := json.Marshal(bt)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(got) {
			t.Fatalf("invalid JSON: %s", got)
		}
		wantKeys, wantVals := tagEncoding(t, reflect.ValueOf(bt))
		gotKeys, gotVals := decodeOrdered(t, got)
		if strings.Join(gotKeys, ",") != strings.Join(wantKeys, ",") {
			t.Fatalf("member order:\n got %v\nwant %v", gotKeys, wantKeys)
		}
		if !reflect.DeepEqual(normalize(gotVals), normalize(wantVals)) {
			t.Fatalf("values differ:\n got %v\nwant %v", gotVals, wantVals)
		}
		_, viaVals := decodeOrdered(t, viaEncodingJSON)
		if !reflect.DeepEqual(normalize(viaVals), normalize(gotVals)) {
			t.Fatal("json.Marshal and AppendJSON disagree")
		}
	}
}

// normalize turns json.Numbers into int64 (exact) or float64, recursively.
func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	}
	return v
}
