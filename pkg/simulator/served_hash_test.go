package simulator

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// updateServedHashes rewrites testdata/served_hashes.golden from the current code. Only do that
// for a deliberate change of the served JSON: the file exists to prove that memory and speed work
// on the simulator leaves every served byte as it was.
var updateServedHashes = flag.Bool("update-served-hashes", false, "rewrite testdata/served_hashes.golden")

const servedHashesFile = "testdata/served_hashes.golden"

// hashKey is a secret test key: unlike DemoKey it may also read /v1/account.
const hashKey = "sk_test_servedJSONHashes"

// servedLists are the list requests hashed: every top-level list, some with the expansions and
// filters clients use. Per-object lists (subscription items, invoice lines) are added per object.
var servedLists = []string{
	"/v1/balance_transactions",
	"/v1/balance_transactions?expand[]=data.source",
	"/v1/charges",
	"/v1/charges?expand[]=data.refunds&expand[]=data.customer",
	"/v1/coupons",
	"/v1/customers",
	"/v1/customers?expand[]=data.subscriptions",
	"/v1/disputes",
	"/v1/disputes?expand[]=data.charge",
	"/v1/events",
	"/v1/events?type=invoice.*",
	"/v1/invoice_payments",
	"/v1/invoiceitems",
	"/v1/invoices",
	"/v1/invoices?expand[]=data.payments",
	"/v1/payouts",
	"/v1/payouts?expand[]=data.balance_transaction",
	"/v1/prices",
	"/v1/prices?expand[]=data.tiers&expand[]=data.product",
	"/v1/products",
	"/v1/refunds",
	"/v1/subscriptions?status=all",
	"/v1/subscriptions?status=all&expand[]=data.latest_invoice&expand[]=data.discounts&expand[]=data.customer",
}

// tinyOnlyLists are hashed for "tiny" only: on "small" they take most of the test's time (each
// invoice page embeds a hundred whole subscriptions) and exercise no object bytes the lists above
// do not already hash.
var tinyOnlyLists = []string{
	"/v1/invoices?expand[]=data.parent.subscription_details.subscription&expand[]=data.customer&expand[]=data.discounts",
	"/v1/invoices?expand[]=data.lines.data.subscription",
}

// TestServedJSONIsUnchanged pages through every list endpoint of the "tiny" and "small" accounts
// (and every subscription's items and invoice's lines, plus the account and balance) and
// compares the SHA-256 of the bodies with the hashes recorded in servedHashesFile. Any change to
// a served byte for the same (profile, seed, now) fails here.
func TestServedJSONIsUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("pages through two whole accounts")
	}
	got := map[string]string{}
	for _, profile := range []string{"tiny", "small"} {
		for k, v := range servedHashes(t, profile, 7) {
			got[k] = v
		}
	}
	// The built-in profiles' older events are in older API versions; keep the pinned rendering
	// of every event hashed too.
	p, err := generator.NamedProfile("tiny")
	if err != nil {
		t.Fatal(err)
	}
	p.APIVersions = nil
	a, err := NewFromProfile(p, 7, testNow)
	if err != nil {
		t.Fatal(err)
	}
	h, err := a.Handler(server.Key{Value: hashKey})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for _, path := range []string{"/v1/events", "/v1/events?type=invoice.*"} {
		sum := sha256.New()
		pageAll(t, h, path, func(body []byte) { sum.Write(body); sum.Write([]byte{'\n'}) })
		got["tiny (pinned API version) "+path] = fmt.Sprintf("%x", sum.Sum(nil))
	}
	checkHashes(t, "", got)
}

// TestTruthIsUnchanged hashes the ground truth's answers for the same two accounts, so changes
// to the model's memory layout cannot move a metric the plugin is checked against.
func TestTruthIsUnchanged(t *testing.T) {
	got := map[string]string{}
	for _, profile := range []string{"tiny", "small"} {
		a, err := New(profile, 7, testNow)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range truthHashes(t, a) {
			got[truthPrefix+profile+" "+k] = v
		}
	}
	checkHashes(t, truthPrefix, got)
}

const truthPrefix = "truth "

// checkHashes compares got with the recorded hashes whose keys start with prefix (the served
// JSON's keys are the ones that start with no truth prefix), or records them with the flag.
func checkHashes(t *testing.T, prefix string, got map[string]string) {
	t.Helper()
	mine := func(k string) bool { return strings.HasPrefix(k, truthPrefix) == (prefix == truthPrefix) }
	if *updateServedHashes {
		all := map[string]string{}
		if _, err := os.Stat(servedHashesFile); err == nil {
			all = readServedHashes(t)
		}
		for k := range all {
			if mine(k) {
				delete(all, k)
			}
		}
		for k, v := range got {
			all[k] = v
		}
		writeServedHashes(t, all)
		return
	}
	want := readServedHashes(t)
	for _, k := range sortedKeys(want) {
		if mine(k) && got[k] != want[k] {
			t.Errorf("%s: hash %s, recorded %s", k, got[k], want[k])
		}
	}
	for _, k := range sortedKeys(got) {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: not recorded in %s (run with -update-served-hashes if the new request is intended)", k, servedHashesFile)
		}
	}
}

// truthHashes hashes the JSON of every kind of truth answer over the account's whole history.
func truthHashes(t *testing.T, a *Account) map[string]string {
	t.Helper()
	m := a.Model
	from, to := m.Start, m.Now.Add(time.Second)
	out := map[string]string{}
	add := func(name string, v any, err error) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = fmt.Sprintf("%x", sha256.Sum256(b))
	}
	for _, opts := range []truth.Options{truth.DefaultOptions(), {SubtractTemporaryDiscounts: true, ChurnAtCancellation: true, PausedCountsMRR: true},
		{SubtractForeverDiscounts: true, MeteredLastInvoice: true}} {
		tr := a.Truth(opts)
		o := fmt.Sprintf("%+v ", opts)
		bal, err := tr.BalanceActivity(from, to, truth.Day, time.UTC)
		add(o+"BalanceActivity", bal, err)
		add(o+"Balance", tr.Balance(), nil)
		dis, err := tr.Disputes(from, to, truth.Week, time.UTC)
		add(o+"Disputes", dis, err)
		add(o+"OpenDisputes", tr.OpenDisputes(), nil)
		add(o+"InvoicesOutstanding", tr.InvoicesOutstanding(m.Now), nil)
		add(o+"InvoicesByStatus", tr.InvoicesByStatus(from, to), nil)
		add(o+"Movements", tr.Movements(), nil)
		mrr, err := tr.MRR(from, to, truth.Month, time.UTC)
		add(o+"MRR", mrr, err)
		subs, total := tr.ActiveSubscribers(m.Now)
		add(o+"ActiveSubscribers", []any{subs, total}, nil)
		add(o+"SubscriptionMRRs", tr.SubscriptionMRRs(), nil)
		add(o+"MRRAt", tr.MRRAt(m.Now), nil)
		pay, err := tr.Payments(from, to, truth.Day, time.UTC)
		add(o+"Payments", pay, err)
		add(o+"SubscriptionsByStatus", tr.SubscriptionsByStatus(m.Now), nil)
		ended, converted := tr.TrialConversions(from, to)
		add(o+"TrialConversions", []int{ended, converted}, nil)
		ltv, err := tr.LTV(from, to, truth.Month, time.UTC)
		add(o+"LTV", ltv, err)
		for _, revenue := range []bool{false, true} {
			cohorts, err := tr.Cohorts(from, to, time.UTC, 12, revenue)
			// NaN (no value) is not JSON: hash the shares as text.
			add(fmt.Sprintf("%sCohorts revenue=%v", o, revenue), fmt.Sprint(cohorts), err)
		}
	}
	return out
}

// servedHashes returns one hash per request family: "profile request" -> SHA-256 of every page.
func servedHashes(t *testing.T, profile string, seed uint64) map[string]string {
	t.Helper()
	a, err := New(profile, seed, testNow)
	if err != nil {
		t.Fatal(err)
	}
	h, err := a.Handler(server.Key{Value: hashKey})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	out := map[string]string{}
	hash := func(name string, paths ...string) {
		sum := sha256.New()
		for _, p := range paths {
			pageAll(t, h, p, func(body []byte) { sum.Write(body); sum.Write([]byte{'\n'}) })
		}
		out[profile+" "+name] = fmt.Sprintf("%x", sum.Sum(nil))
	}
	checkListsCoverEndpoints(t)
	for _, p := range servedLists {
		hash(p, p)
	}
	if profile == "tiny" {
		for _, p := range tinyOnlyLists {
			hash(p, p)
		}
	}
	var items, lines []string
	for i := range a.Store.Subscriptions {
		items = append(items, "/v1/subscription_items?subscription="+a.Store.Subscriptions[i].ID+"&expand[]=data.price.product")
	}
	for i := range a.Store.Invoices {
		lines = append(lines, "/v1/invoices/"+a.Store.Invoices[i].ID+"/lines")
	}
	hash("/v1/subscription_items?subscription={each}&expand[]=data.price.product", items...)
	hash("/v1/invoices/{each}/lines", lines...)
	hash("/v1/account", "/v1/account")
	hash("/v1/balance", "/v1/balance")
	return out
}

// checkListsCoverEndpoints fails when the server gains a list endpoint the hashes do not cover.
func checkListsCoverEndpoints(t *testing.T) {
	t.Helper()
	covered := map[string]bool{"GET /v1/subscription_items": true, "GET /v1/invoices/{id}/lines": true,
		"GET /v1/account": true, "GET /v1/balance": true}
	for _, p := range append(servedLists, tinyOnlyLists...) {
		covered["GET "+strings.SplitN(p, "?", 2)[0]] = true
	}
	for _, e := range server.Endpoints() {
		if !strings.HasSuffix(e, "/{id}") && !covered[e] {
			t.Errorf("list endpoint %s is not hashed by TestServedJSONIsUnchanged", e)
		}
	}
}

// pageAll requests path and, for lists, every following page (limit 100, starting_after the
// last id), handing each body to f. The request id header varies; bodies do not.
func pageAll(t *testing.T, h http.Handler, path string, f func([]byte)) {
	t.Helper()
	after := ""
	for {
		p := path
		if isList(path) {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			p += sep + "limit=100"
			if after != "" {
				p += "&starting_after=" + after
			}
		}
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.Header.Set("Authorization", "Bearer "+hashKey)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %.300s", p, rec.Code, rec.Body.String())
		}
		body := rec.Body.Bytes()
		f(body)
		if !isList(path) {
			return
		}
		var page struct {
			Data    []struct{ ID string }
			HasMore bool `json:"has_more"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if !page.HasMore || len(page.Data) == 0 {
			return
		}
		after = page.Data[len(page.Data)-1].ID
	}
}

func isList(path string) bool {
	p := strings.SplitN(path, "?", 2)[0]
	return p != "/v1/account" && p != "/v1/balance"
}

func readServedHashes(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(servedHashesFile)
	if err != nil {
		t.Fatalf("%v (record the hashes with -update-served-hashes)", err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		m[line[:i]] = line[i+1:]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func writeServedHashes(t *testing.T, m map[string]string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# SHA-256 of the served JSON, per profile (seed 7, testNow) and request (TestServedJSONIsUnchanged),\n")
	b.WriteString("# and of the truth's answers, per profile, options and question (TestTruthIsUnchanged).\n")
	for _, k := range sortedKeys(m) {
		fmt.Fprintf(&b, "%s %s\n", k, m[k])
	}
	if err := os.MkdirAll(filepath.Dir(servedHashesFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(servedHashesFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
