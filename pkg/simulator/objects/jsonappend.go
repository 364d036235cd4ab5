package objects

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// Hand-written JSON appenders for the objects served by the thousand (balance transactions): a
// page of 100 must be served in well under a millisecond, which encoding/json's reflection and
// per-member MarshalJSON calls do not allow. Each appender is checked against the struct tags'
// encoding by TestAppendJSONMatchesReflection, so the tags stay the single description of the
// shape.

// JSONAppender is implemented by objects that can append their JSON encoding to a buffer without
// reflection; the server uses it for lists.
type JSONAppender interface {
	AppendJSON(b []byte) []byte
}

// appendString appends s as a JSON string with encoding/json's escaping (minus HTML escaping,
// which Stripe does not do): a fast path for the plain ASCII of ids and enum values.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			return appendStringSlow(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendStringSlow(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

func appendNullString(b []byte, s NullString) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendString(b, string(s))
}

func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }

func appendFloatPtr(b []byte, v *float64) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	f, err := json.Marshal(*v) // encoding/json's float format (and its error for NaN/Inf)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, f...)
}

// AppendJSON appends the balance transaction's JSON (the same bytes as encoding/json would write
// from the struct tags).
func (bt *BalanceTransaction) AppendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, bt.ID)
	b = append(b, `,"object":"balance_transaction","amount":`...)
	b = appendInt(b, bt.Amount)
	b = append(b, `,"available_on":`...)
	b = appendInt(b, bt.AvailableOn)
	b = append(b, `,"balance_type":`...)
	b = appendString(b, bt.BalanceType)
	b = append(b, `,"created":`...)
	b = appendInt(b, bt.Created)
	b = append(b, `,"currency":`...)
	b = appendString(b, bt.Currency)
	b = append(b, `,"description":`...)
	b = appendNullString(b, bt.Description)
	b = append(b, `,"exchange_rate":`...)
	b = appendFloatPtr(b, bt.ExchangeRate)
	b = append(b, `,"fee":`...)
	b = appendInt(b, bt.Fee)
	b = append(b, `,"fee_details":[`...)
	for i := range bt.FeeDetails {
		if i > 0 {
			b = append(b, ',')
		}
		b = bt.FeeDetails[i].AppendJSON(b)
	}
	b = append(b, `],"net":`...)
	b = appendInt(b, bt.Net)
	b = append(b, `,"reporting_category":`...)
	b = appendString(b, bt.ReportingCategory)
	b = append(b, `,"source":`...)
	b = appendNullString(b, bt.Source)
	b = append(b, `,"status":`...)
	b = appendString(b, bt.Status)
	b = append(b, `,"type":`...)
	b = appendString(b, bt.Type)
	return append(b, '}')
}

// MarshalJSON encodes through AppendJSON, so encoding/json and the server agree.
func (bt BalanceTransaction) MarshalJSON() ([]byte, error) {
	return bt.AppendJSON(make([]byte, 0, 512)), nil
}

// AppendJSON appends the fee detail's JSON.
func (f *FeeDetail) AppendJSON(b []byte) []byte {
	b = append(b, `{"amount":`...)
	b = appendInt(b, f.Amount)
	b = append(b, `,"application":`...)
	b = appendNullString(b, f.Application)
	b = append(b, `,"currency":`...)
	b = appendString(b, f.Currency)
	b = append(b, `,"description":`...)
	b = appendNullString(b, f.Description)
	b = append(b, `,"type":`...)
	b = appendString(b, f.Type)
	return append(b, '}')
}

// MarshalJSON encodes through AppendJSON.
func (f FeeDetail) MarshalJSON() ([]byte, error) { return f.AppendJSON(make([]byte, 0, 128)), nil }
