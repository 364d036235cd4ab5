package metrics

import (
	"testing"

	"github.com/revops/stripe-datasource/pkg/records"
)

func TestInCurrencies(t *testing.T) {
	cases := []struct {
		list []string
		cur  string
		want bool
	}{
		{nil, "usd", true},
		{[]string{}, "jpy", true},
		{[]string{"usd"}, "usd", true},
		{[]string{"usd"}, "eur", false},
		{[]string{"usd", "kwd"}, "kwd", true},
		{[]string{"usd"}, "", false},
	}
	for _, c := range cases {
		if got := InCurrencies(c.list)(c.cur); got != c.want {
			t.Errorf("InCurrencies(%v)(%q) = %v, want %v", c.list, c.cur, got, c.want)
		}
	}
}

func TestSortedKeys(t *testing.T) {
	cases := []struct {
		m    map[string]int
		want string
	}{
		{nil, ""},
		{map[string]int{"usd": 1, "eur": 2, "jpy": 3}, "eur,jpy,usd,"},
		{map[string]int{"other": 1, "card_declined": 2}, "card_declined,other,"},
	}
	for _, c := range cases {
		got := ""
		for _, k := range SortedKeys(c.m) {
			got += k + ","
		}
		if got != c.want {
			t.Errorf("SortedKeys(%v) = %q, want %q", c.m, got, c.want)
		}
	}
}

func TestFailed(t *testing.T) {
	for status, want := range map[string]bool{"failed": true, "succeeded": false, "pending": false, "": false} {
		if got := Failed(records.Charge{Status: status}); got != want {
			t.Errorf("Failed(%q) = %v, want %v", status, got, want)
		}
	}
}

func ids[T any](rows []T, id func(T) string) string {
	s := ""
	for _, r := range rows {
		s += id(r) + " "
	}
	return s
}

// Failed attempts only, in the listed currencies, newest first; rows of the same second come out
// in one order whatever the input order.
func TestFailedPayments(t *testing.T) {
	charges := []records.Charge{
		{ID: "ch_a", Status: "failed", Currency: "usd", Created: 100},
		{ID: "ch_b", Status: "succeeded", Currency: "usd", Created: 300},
		{ID: "ch_c", Status: "failed", Currency: "eur", Created: 200},
		{ID: "ch_d", Status: "failed", Currency: "usd", Created: 100},
		{ID: "ch_e", Status: "pending", Currency: "usd", Created: 400},
		{ID: "ch_f", Status: "failed", Currency: "usd", Created: 50},
	}
	chID := func(c records.Charge) string { return c.ID }
	all := ids(FailedPayments(charges, nil), chID)
	reversed := append([]records.Charge(nil), charges...)
	for i, j := 0, len(reversed)-1; i < j; i, j = i+1, j-1 {
		reversed[i], reversed[j] = reversed[j], reversed[i]
	}
	if again := ids(FailedPayments(reversed, nil), chID); again != all {
		t.Errorf("order depends on the input: %q vs %q", all, again)
	}
	if all != "ch_c ch_d ch_a ch_f " && all != "ch_c ch_a ch_d ch_f " {
		t.Errorf("FailedPayments = %q, want ch_c, the two at 100, ch_f", all)
	}
	if got := ids(FailedPayments(charges, []string{"eur"}), chID); got != "ch_c " {
		t.Errorf("eur only = %q", got)
	}
	if got := FailedPayments(charges, []string{"jpy"}); len(got) != 0 {
		t.Errorf("jpy = %v", got)
	}
}

func TestRefundRows(t *testing.T) {
	refunds := []records.Refund{
		{ID: "re_1", Currency: "usd", Created: 100},
		{ID: "re_2", Currency: "jpy", Created: 300},
		{ID: "re_3", Currency: "usd", Created: 200},
		{ID: "re_4", Currency: "usd", Created: 200},
	}
	reID := func(r records.Refund) string { return r.ID }
	all := ids(RefundRows(refunds, nil), reID)
	if all != "re_2 re_4 re_3 re_1 " && all != "re_2 re_3 re_4 re_1 " {
		t.Errorf("RefundRows = %q", all)
	}
	swapped := []records.Refund{refunds[3], refunds[2], refunds[1], refunds[0]}
	if again := ids(RefundRows(swapped, nil), reID); again != all {
		t.Errorf("order depends on the input: %q vs %q", all, again)
	}
	if got := ids(RefundRows(refunds, []string{"jpy"}), reID); got != "re_2 " {
		t.Errorf("jpy = %q", got)
	}
	if len(RefundRows(nil, nil)) != 0 {
		t.Error("rows from nothing")
	}
}
