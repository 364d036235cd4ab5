package server

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

const pageT0 int64 = 1782864000

// pagingStore holds n balance transactions whose created times repeat in groups of 4 (so ties
// must be broken by id) and whose ids are not in created order.
func pagingStore(t testing.TB, n int) *objects.Store {
	t.Helper()
	s := objects.NewStore(false)
	types := []string{"charge", "refund", "charge", "payout", "stripe_fee"}
	for i := 0; i < n; i++ {
		s.BalanceTransactions = append(s.BalanceTransactions, objects.BalanceTransaction{
			ID:                fmt.Sprintf("txn_%04d", (i*37)%n),
			Amount:            int64(100 + i),
			Created:           pageT0 + int64(i/4)*60,
			Currency:          "usd",
			Net:               int64(100 + i),
			ReportingCategory: "charge",
			Status:            "available",
			Type:              types[i%len(types)],
			BalanceType:       "payments",
			PayoutID:          fmt.Sprintf("po_%d", i/50),
		})
	}
	if err := s.Finalize(); err != nil {
		t.Fatal(err)
	}
	return s
}

// expectedOrder computes, independently of the server, the ids of the store's balance
// transactions that satisfy keep, newest first with ties by id descending.
func expectedOrder(s *objects.Store, keep func(*objects.BalanceTransaction) bool) []string {
	var sel []objects.BalanceTransaction
	for _, bt := range s.BalanceTransactions {
		if keep(&bt) {
			sel = append(sel, bt)
		}
	}
	sort.Slice(sel, func(i, j int) bool {
		if sel[i].Created != sel[j].Created {
			return sel[i].Created > sel[j].Created
		}
		return sel[i].ID > sel[j].ID
	})
	ids := make([]string, len(sel))
	for i := range sel {
		ids[i] = sel[i].ID
	}
	return ids
}

func TestPaginationForwardWithCreatedFilter(t *testing.T) {
	s := pagingStore(t, 250)
	hs := newHarness(t, s, Knobs{})
	gte, lt := pageT0+600, pageT0+2700 // cuts through tie groups at both ends? no: groups start on multiples of 60
	want := expectedOrder(s, func(b *objects.BalanceTransaction) bool { return b.Created >= gte && b.Created < lt })
	if len(want) < 50 {
		t.Fatalf("test setup: only %d objects in range", len(want))
	}
	var got []string
	q := url.Values{"limit": {"7"}, "created[gte]": {fmt.Sprint(gte)}, "created[lt]": {fmt.Sprint(lt)}}
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
		l := hs.get(t, keyTest, "/v1/balance_transactions?"+q.Encode()).list(t)
		ids := l.ids(t)
		if len(ids) > 7 {
			t.Fatalf("page of %d > limit 7", len(ids))
		}
		got = append(got, ids...)
		if l.URL != "/v1/balance_transactions" || l.Object != "list" {
			t.Fatalf("envelope url=%q object=%q", l.URL, l.Object)
		}
		if !l.HasMore {
			break
		}
		q.Set("starting_after", ids[len(ids)-1]) // what stripe-go sends
	}
	if !equalStrings(got, want) {
		t.Fatalf("forward pages:\n got %v\nwant %v", got, want)
	}
}

// TestPaginationBackward pages with ending_before the way stripe-go does: it reverses each page
// locally and sends the last (newest) id as the next ending_before.
func TestPaginationBackward(t *testing.T) {
	s := pagingStore(t, 250)
	hs := newHarness(t, s, Knobs{})
	lte := pageT0 + 3000
	all := expectedOrder(s, func(b *objects.BalanceTransaction) bool { return b.Created <= lte })
	anchor := all[len(all)-20] // the 20th oldest in range
	// Expected: everything newer than the anchor within the range, collected oldest first.
	var want []string
	for i := len(all) - 21; i >= 0; i-- {
		want = append(want, all[i])
	}
	var got []string
	q := url.Values{"limit": {"6"}, "created[lte]": {fmt.Sprint(lte)}, "ending_before": {anchor}}
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
		l := hs.get(t, keyTest, "/v1/balance_transactions?"+q.Encode()).list(t)
		ids := l.ids(t)
		// The page itself is newest first.
		for i := 1; i < len(ids); i++ {
			if indexOf(all, ids[i-1]) > indexOf(all, ids[i]) {
				t.Fatalf("backward page not newest first: %v", ids)
			}
		}
		for i := len(ids) - 1; i >= 0; i-- { // stripe-go's local reverse
			got = append(got, ids[i])
		}
		if !l.HasMore {
			break
		}
		q.Set("ending_before", ids[0])
	}
	if !equalStrings(got, want) {
		t.Fatalf("backward pages:\n got %v\nwant %v", got, want)
	}
}

func indexOf(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}

func TestPaginationEdges(t *testing.T) {
	s := pagingStore(t, 30)
	hs := newHarness(t, s, Knobs{})
	all := expectedOrder(s, func(*objects.BalanceTransaction) bool { return true })

	l := hs.get(t, keyTest, "/v1/balance_transactions").list(t)
	if !equalStrings(l.ids(t), all[:10]) || !l.HasMore {
		t.Fatalf("default page: %v has_more=%v, want first 10 and true", l.ids(t), l.HasMore)
	}
	l = hs.get(t, keyTest, "/v1/balance_transactions?limit=100").list(t)
	if !equalStrings(l.ids(t), all) || l.HasMore {
		t.Fatalf("limit=100: %d ids has_more=%v", len(l.ids(t)), l.HasMore)
	}
	l = hs.get(t, keyTest, "/v1/balance_transactions?limit=1&starting_after="+all[len(all)-2]).list(t)
	if !equalStrings(l.ids(t), all[len(all)-1:]) || l.HasMore {
		t.Fatalf("last page: %v has_more=%v", l.ids(t), l.HasMore)
	}
	l = hs.get(t, keyTest, "/v1/balance_transactions?starting_after="+all[len(all)-1]).list(t)
	if len(l.Data) != 0 || l.HasMore {
		t.Fatalf("after the oldest: %v", l.ids(t))
	}
	l = hs.get(t, keyTest, "/v1/balance_transactions?ending_before="+all[0]).list(t)
	if len(l.Data) != 0 || l.HasMore {
		t.Fatalf("before the newest: %v", l.ids(t))
	}
	// created exact match and an empty range.
	c := s.BalanceTransactions[5].Created
	l = hs.get(t, keyTest, fmt.Sprintf("/v1/balance_transactions?created=%d", c)).list(t)
	want := expectedOrder(s, func(b *objects.BalanceTransaction) bool { return b.Created == c })
	if !equalStrings(l.ids(t), want) {
		t.Fatalf("created=%d: %v want %v", c, l.ids(t), want)
	}
	l = hs.get(t, keyTest, fmt.Sprintf("/v1/balance_transactions?created[gt]=%d&created[lt]=%d", c, c+60)).list(t)
	if len(l.Data) != 0 {
		t.Fatalf("empty range returned %v", l.ids(t))
	}
}

func TestLimitBoundsAndBadParameters(t *testing.T) {
	hs := newHarness(t, pagingStore(t, 5), Knobs{})
	for _, tc := range []struct {
		query, param, msg string
	}{
		{"limit=0", "limit", "Invalid limit: must be between 1 and 100"},
		{"limit=101", "limit", "Invalid limit: must be between 1 and 100"},
		{"limit=-3", "limit", "Invalid limit: must be between 1 and 100"},
		{"limit=ten", "limit", "Invalid integer: ten"},
		{"created[gte]=yesterday", "created[gte]", "Invalid integer: yesterday"},
		{"created[after]=1", "created[after]", "Received unknown parameter: created[after]"},
		{"colour=red", "colour", "Received unknown parameter: colour"},
		{"starting_after=txn_0001&ending_before=txn_0002", "starting_after", "You may only specify one of these parameters: ending_before, starting_after."},
		{"starting_after=txn_nope", "starting_after", "No such balance_transaction: 'txn_nope'"},
	} {
		e := hs.get(t, keyTest, "/v1/balance_transactions?"+tc.query).apiErr(t, http.StatusBadRequest)
		if e.Error.Message != tc.msg || e.Error.Param != tc.param || e.Error.Type != "invalid_request_error" {
			t.Errorf("%s: got %+v, want message %q param %q", tc.query, e.Error, tc.msg, tc.param)
		}
	}
	for _, q := range []string{"limit=1", "limit=100"} {
		if r := hs.get(t, keyTest, "/v1/balance_transactions?"+q); r.status != http.StatusOK {
			t.Errorf("%s: status %d", q, r.status)
		}
	}
	e := hs.get(t, keyTest, "/v1/charges?transfer_group=g1").apiErr(t, http.StatusBadRequest)
	if e.Error.Param != "transfer_group" || !strings.Contains(e.Error.Message, "does not support") {
		t.Errorf("unsupported parameter: %+v", e.Error)
	}
	e = hs.get(t, keyTest, "/v1/charges/ch_x?limit=3").apiErr(t, http.StatusBadRequest)
	if e.Error.Message != "Received unknown parameter: limit" {
		t.Errorf("limit on a retrieve: %+v", e.Error)
	}
}

// TestCachedAndScannedFilters pages through filtered lists and compares with the store.
func TestCachedAndScannedFilters(t *testing.T) {
	s := pagingStore(t, 250)
	hs := newHarness(t, s, Knobs{})
	cases := []struct {
		query string
		keep  func(*objects.BalanceTransaction) bool
	}{
		{"type=payout", func(b *objects.BalanceTransaction) bool { return b.Type == "payout" }},
		{"payout=po_2", func(b *objects.BalanceTransaction) bool { return b.PayoutID == "po_2" }},
		{"type=charge&payout=po_1", func(b *objects.BalanceTransaction) bool { return b.Type == "charge" && b.PayoutID == "po_1" }},
		{"source=txn_none", func(b *objects.BalanceTransaction) bool { return false }},
		{fmt.Sprintf("type=refund&created[gte]=%d", pageT0+1200), func(b *objects.BalanceTransaction) bool {
			return b.Type == "refund" && b.Created >= pageT0+1200
		}},
	}
	for _, tc := range cases {
		want := expectedOrder(s, tc.keep)
		for _, pass := range []string{"first (builds the cache)", "second (uses it)"} {
			var got []string
			q, err := url.ParseQuery(tc.query + "&limit=4")
			if err != nil {
				t.Fatal(err)
			}
			for pages := 0; ; pages++ {
				if pages > 100 {
					t.Fatal("pagination does not end")
				}
				l := hs.get(t, keyTest, "/v1/balance_transactions?"+q.Encode()).list(t)
				ids := l.ids(t)
				got = append(got, ids...)
				if !l.HasMore {
					break
				}
				q.Set("starting_after", ids[len(ids)-1])
			}
			if !equalStrings(got, want) {
				t.Errorf("%s, %s pass:\n got %v\nwant %v", tc.query, pass, got, want)
			}
		}
	}
}

func TestStatusAndObjectFilters(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	s := hs.test
	subsWhere := func(keep func(*objects.Subscription) bool) []string {
		var ids []string
		for _, sub := range s.Subscriptions { // already newest first
			if keep(&sub) {
				ids = append(ids, sub.ID)
			}
		}
		return ids
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", subsWhere(func(x *objects.Subscription) bool { return x.Status != "canceled" })},
		{"status=all", subsWhere(func(*objects.Subscription) bool { return true })},
		{"status=canceled", subsWhere(func(x *objects.Subscription) bool { return x.Status == "canceled" })},
		{"status=ended", subsWhere(func(x *objects.Subscription) bool { return x.Status == "canceled" })},
		{"status=trialing", subsWhere(func(x *objects.Subscription) bool { return x.Status == "trialing" })},
		{"status=past_due", nil},
		{"status=all&customer=" + s.Subscriptions[0].Customer, []string{s.Subscriptions[0].ID}},
	} {
		got := hs.get(t, keyTest, "/v1/subscriptions?"+tc.query).list(t).ids(t)
		if !equalStrings(got, tc.want) {
			t.Errorf("subscriptions?%s = %v, want %v", tc.query, got, tc.want)
		}
	}
	// The sample has 3 subscriptions: one canceled, so the default hides exactly one.
	if n := len(hs.get(t, keyTest, "/v1/subscriptions").list(t).Data); n != 2 {
		t.Errorf("default subscriptions list has %d, want 2 (3 minus the canceled one)", n)
	}
	e := hs.get(t, keyTest, "/v1/subscriptions?status=gone").apiErr(t, http.StatusBadRequest)
	if e.Error.Param != "status" || e.Error.Message != "Invalid status: must be one of active, all, canceled, ended, incomplete, incomplete_expired, past_due, paused, trialing, or unpaid" {
		t.Errorf("bad status: %+v", e.Error)
	}
	// Invoices by status: the sample has one paid and one open invoice.
	for status, n := range map[string]int{"paid": 1, "open": 1, "void": 0} {
		if got := len(hs.get(t, keyTest, "/v1/invoices?status="+status).list(t).Data); got != n {
			t.Errorf("invoices?status=%s: %d, want %d", status, got, n)
		}
	}
	// Charges by customer: the oldest sample charge belongs to the first customer.
	ch := s.Charges[len(s.Charges)-1]
	if got := hs.get(t, keyTest, "/v1/charges?customer="+string(ch.CustomerID())).list(t).ids(t); !equalStrings(got, []string{ch.ID}) {
		t.Errorf("charges?customer: %v", got)
	}
	// Events: exact type, wildcard, and types[].
	for _, tc := range []struct {
		query string
		n     int
	}{
		{"type=invoice.paid", 1}, {"type=customer.subscription.*", 1}, {"type=*", 3}, {"type=invoice_payment.*", 1}, {"types[]=invoice.paid&types[]=charge.succeeded", 1},
		{"types[0]=invoice.paid&types[1]=customer.subscription.updated", 2},
	} {
		if got := len(hs.get(t, keyTest, "/v1/events?"+tc.query).list(t).Data); got != tc.n {
			t.Errorf("events?%s: %d, want %d", tc.query, got, tc.n)
		}
	}
	e = hs.get(t, keyTest, "/v1/events?type=invoice.paid&types[]=invoice.paid").apiErr(t, http.StatusBadRequest)
	if e.Error.Message != "You may only specify one of these parameters: type, types." {
		t.Errorf("type and types: %+v", e.Error)
	}
}

func TestSubscriptionItemsAndInvoiceLines(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	var sub *objects.Subscription
	for i := range hs.test.Subscriptions {
		if len(hs.test.Subscriptions[i].Items.Data) == 2 {
			sub = &hs.test.Subscriptions[i]
		}
	}
	l := hs.get(t, keyTest, "/v1/subscription_items?subscription="+sub.ID+"&limit=1").list(t)
	if !equalStrings(l.ids(t), []string{sub.Items.Data[0].ID}) || !l.HasMore || l.URL != "/v1/subscription_items" {
		t.Fatalf("items page 1: %v has_more=%v url=%s", l.ids(t), l.HasMore, l.URL)
	}
	l = hs.get(t, keyTest, "/v1/subscription_items?subscription="+sub.ID+"&starting_after="+sub.Items.Data[0].ID).list(t)
	if !equalStrings(l.ids(t), []string{sub.Items.Data[1].ID}) || l.HasMore {
		t.Fatalf("items page 2: %v", l.ids(t))
	}
	e := hs.get(t, keyTest, "/v1/subscription_items").apiErr(t, http.StatusBadRequest)
	if e.Error.Message != "Missing required param: subscription." || e.Error.Param != "subscription" {
		t.Errorf("missing subscription: %+v", e.Error)
	}
	e = hs.get(t, keyTest, "/v1/subscription_items?subscription=sub_nope").apiErr(t, http.StatusBadRequest)
	if e.Error.Code != "resource_missing" || e.Error.Param != "subscription" {
		t.Errorf("unknown subscription: %+v", e.Error)
	}
	item := hs.get(t, keyTest, "/v1/subscription_items/"+sub.Items.Data[1].ID).object(t)
	if item["subscription"] != sub.ID || item["object"] != "subscription_item" {
		t.Errorf("retrieve item: %v", item)
	}

	var inv *objects.Invoice
	for i := range hs.test.Invoices {
		if len(hs.test.Invoices[i].AllLines()) == 12 {
			inv = &hs.test.Invoices[i]
		}
	}
	var all []string
	for _, ln := range inv.AllLines() {
		all = append(all, ln.ID)
	}
	var got []string
	q := url.Values{"limit": {"5"}}
	for pages := 0; ; pages++ {
		if pages > 20 {
			t.Fatal("pagination does not end")
		}
		l := hs.get(t, keyTest, "/v1/invoices/"+inv.ID+"/lines?"+q.Encode()).list(t)
		if l.URL != "/v1/invoices/"+inv.ID+"/lines" {
			t.Fatalf("lines url %q", l.URL)
		}
		ids := l.ids(t)
		got = append(got, ids...)
		if !l.HasMore {
			break
		}
		q.Set("starting_after", ids[len(ids)-1])
	}
	if !equalStrings(got, all) {
		t.Fatalf("lines: %v want %v", got, all)
	}
	embedded := hs.get(t, keyTest, "/v1/invoices/"+inv.ID).object(t)["lines"].(map[string]any)
	if len(embedded["data"].([]any)) != 10 || embedded["has_more"] != true {
		t.Errorf("embedded lines: %d has_more=%v", len(embedded["data"].([]any)), embedded["has_more"])
	}
	hs.get(t, keyTest, "/v1/invoices/in_nope/lines").apiErr(t, http.StatusNotFound)
}
