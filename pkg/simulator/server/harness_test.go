package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
	"github.com/revops/stripe-datasource/pkg/simulator/objects/objectstest"
)

// Keys the tests use. The restricted ones end in the 6 characters Stripe's 403 example shows.
const (
	keyTest       = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
	keyLive       = "sk_live_51NvLiveKeyAbCdEfGhXyZ9"
	keyRkAll      = "rk_test_51NvRestrictedAllPermsqs8Kgd"
	keyRkBTOnly   = "rk_test_51NvRestrictedBTOnlyAbC123"
	keyRkAccount  = "rk_live_51NvRestrictedAccountZz9876"
	keyRkNoAccess = "rk_test_51NvRestrictedNothing000000"
)

func testKeys() []Key {
	return []Key{
		{Value: keyTest},
		{Value: keyLive},
		{Value: keyRkAll, Permissions: AllReadPermissions},
		{Value: keyRkBTOnly, Permissions: []string{PermBalanceTransaction}},
		{Value: keyRkAccount, Permissions: []string{PermAccount, PermBalance}},
		{Value: keyRkNoAccess},
	}
}

type harness struct {
	h          *Handler
	srv        *httptest.Server
	test, live *objects.Store
}

// newHarness serves the sample account (both modes) or the given test store.
func newHarness(t testing.TB, test *objects.Store, knobs Knobs) *harness {
	t.Helper()
	var err error
	if test == nil {
		if test, err = objectstest.NewSampleStore(false); err != nil {
			t.Fatal(err)
		}
	}
	live, err := objectstest.NewSampleStore(true)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{Test: test, Live: live, Keys: testKeys(), Knobs: knobs})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.Close(); srv.Close() })
	return &harness{h: h, srv: srv, test: test, live: live}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (hs *harness) get(t testing.TB, key, path string) response {
	t.Helper()
	return hs.do(t, context.Background(), http.MethodGet, key, path)
}

func (hs *harness) do(t testing.TB, ctx context.Context, method, key, path string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, hs.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := hs.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// list decodes a list envelope.
type listBody struct {
	Object  string            `json:"object"`
	Data    []json.RawMessage `json:"data"`
	HasMore bool              `json:"has_more"`
	URL     string            `json:"url"`
}

func (r response) list(t testing.TB) listBody {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var l listBody
	if err := json.Unmarshal(r.body, &l); err != nil {
		t.Fatalf("not a list: %v: %s", err, r.body)
	}
	return l
}

// ids returns the ids of a list's objects.
func (l listBody) ids(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, d := range l.Data {
		var o struct{ ID string }
		if err := json.Unmarshal(d, &o); err != nil {
			t.Fatal(err)
		}
		out = append(out, o.ID)
	}
	return out
}

type errBody struct {
	Error struct {
		Code          string `json:"code"`
		DocURL        string `json:"doc_url"`
		Message       string `json:"message"`
		Param         string `json:"param"`
		RequestLogURL string `json:"request_log_url"`
		Type          string `json:"type"`
	} `json:"error"`
}

// apiErr decodes an error envelope and checks the status.
func (r response) apiErr(t testing.TB, wantStatus int) errBody {
	t.Helper()
	if r.status != wantStatus {
		t.Fatalf("status %d, want %d: %s", r.status, wantStatus, r.body)
	}
	var e errBody
	if err := json.Unmarshal(r.body, &e); err != nil || e.Error.Message == "" {
		t.Fatalf("not an error envelope (%v): %s", err, r.body)
	}
	return e
}

func (r response) object(t testing.TB) map[string]any {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("not an object: %v", err)
	}
	return m
}

func equalStrings(a, b []string) bool {
	return fmt.Sprint(a) == fmt.Sprint(b) && len(a) == len(b)
}

var requestIDPattern = regexp.MustCompile(`^req_[A-Za-z0-9]{14}$`)

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
