package plugin

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// fxCurrencies are multi_currency's currencies other than usd: eur, gbp and cad settle in their
// own currency (no balance transaction converts them into usd), aud and jpy are converted into
// usd by Stripe on their charges.
var fxCurrencies = []string{"aud", "cad", "eur", "gbp", "jpy"}

// modelRateTable is the rate table an admin who copied the simulator's market rates would keep:
// one row per UTC day and currency into usd, from days before from until to. The truth reads
// the same rates from the model (truth.ModelTable).
func modelRateTable(m *generator.Model, from, to time.Time) []map[string]any {
	var rows []map[string]any
	for d := from.Unix()/86400 - 10; d <= to.Unix()/86400; d++ {
		for _, c := range fxCurrencies {
			rows = append(rows, map[string]any{"currency": c, "to": "usd", "rate": m.Rate(d, c, "usd"),
				"validFrom": time.Unix(d*86400, 0).UTC().Format(time.DateOnly)})
		}
	}
	return rows
}

func fxDatasource(t *testing.T, sim *simulated, from, to time.Time) *Datasource {
	t.Helper()
	return sim.datasource(t, map[string]any{"rateLimit": 10000, "endpointRateLimit": 10000,
		"exchangeRates": modelRateTable(sim.acct.Model, from, to)})
}

// oneSeries reads the only series of a converted answer: target currency → bucket start → value.
func oneSeries(t *testing.T, frames data.Frames, currency, label string) map[string]map[int64]int64 {
	t.Helper()
	got := seriesByLabels(t, frames, label)
	for k := range got {
		if !strings.HasPrefix(k, currency+"/") {
			t.Fatalf("series %q in a answer converted into %s", k, currency)
		}
	}
	return got
}

// Every converted balance metric equals the truth's ledger converted movement by movement, day by
// day in UTC and New York (across the fall-back), and the notice names each source currency with
// the source that served it and the bucket count the truth counts.
func TestConvertedBalanceMetricsMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := truthRange()
	ds := fxDatasource(t, sim, from, to)
	tr := sim.acct.DefaultTruth()
	fields := map[string]func(truth.BalanceRow) int64{
		"net_revenue": func(r truth.BalanceRow) int64 { return r.NetRevenue }, "gross_volume": func(r truth.BalanceRow) int64 { return r.Gross },
		"fees": func(r truth.BalanceRow) int64 { return r.Fees }, "refunds": func(r truth.BalanceRow) int64 { return r.Refunds },
		"payouts": func(r truth.BalanceRow) int64 { return r.Payouts }, "balance_change": func(r truth.BalanceRow) int64 { return r.BalanceChange },
		"net_sales": func(r truth.BalanceRow) int64 { return r.NetSales }, "disputes_lost": func(r truth.BalanceRow) int64 { return r.Disputes },
		"charge_failures": func(r truth.BalanceRow) int64 { return r.ChargeFailures },
	}
	for _, loc := range truthZones() {
		want, used, err := tr.ConvertedBalanceActivity(from, to, truth.Day, loc, "usd", truth.ModelTable(sim.acct.Model))
		if err != nil {
			t.Fatal(err)
		}
		for metric, value := range fields {
			r := run(t, ds, map[string]any{"metric": metric, "bucket": "day", "timeZone": loc.String(), "convertTo": "usd"}, from, to)
			got := oneSeries(t, r.Frames, "usd", "")["usd/"]
			nonzero := 0
			for _, row := range want.Rows {
				if g := got[row.Start.Unix()]; g != value(row) {
					t.Errorf("%s %s %s: %d, truth %d", metric, loc, row.Start.Format(time.DateOnly), g, value(row))
				}
				if value(row) != 0 {
					nonzero++
				}
			}
			if metric == "net_revenue" {
				if nonzero < len(want.Rows)/2 {
					t.Fatalf("net revenue is 0 on most days: nothing compared")
				}
				notices := noticeTexts(r.Frames)
				for cur, bySource := range used {
					for src, n := range bySource {
						phrase := map[string]string{truth.FromTable: "the rate table in the data source settings", truth.FromDayRates: "the day's exchange rates Stripe applied"}[src]
						wantText := fmt.Sprintf("%s → USD: ", strings.ToUpper(cur))
						if !strings.Contains(notices, wantText) || !strings.Contains(notices, fmt.Sprintf("%s", phrase)) ||
							!strings.Contains(notices, fmt.Sprintf("for %d buckets", n)) {
							t.Errorf("%s: the notices %q do not say %s was served by %s for %d buckets", loc, notices, cur, src, n)
						}
					}
				}
			}
		}
	}
}

func noticeTexts(frames data.Frames) string {
	var b strings.Builder
	for _, f := range frames {
		if f.Meta == nil {
			continue
		}
		for _, n := range f.Meta.Notices {
			b.WriteString(n.Text + "\n")
		}
	}
	return b.String()
}

// MRR, ARR, the six movements and net new MRR in usd equal the truth's, converted per instant,
// day by day in UTC and New York; the identity with fx holds in every bucket and fx moves.
func TestConvertedMRRMatchesGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := subscriptionRange()
	ds := fxDatasource(t, sim, from, to)
	tr := sim.acct.DefaultTruth()
	for _, loc := range truthZones() {
		want, err := tr.ConvertedMRR(from, to, truth.Day, loc, "usd", truth.ModelTable(sim.acct.Model))
		if err != nil {
			t.Fatal(err)
		}
		q := func(metric string) map[string]any {
			return map[string]any{"metric": metric, "bucket": "day", "timeZone": loc.String(), "convertTo": "usd"}
		}
		levels := oneSeries(t, run(t, ds, q("mrr"), from, to).Frames, "usd", "")["usd/"]
		arr := oneSeries(t, run(t, ds, q("arr"), from, to).Frames, "usd", "")["usd/"]
		netNew := oneSeries(t, run(t, ds, q("net_new_mrr"), from, to).Frames, "usd", "")["usd/"]
		moves := oneSeries(t, run(t, ds, q("mrr_movements"), from, to).Frames, "usd", "movement")
		churn := oneSeries(t, run(t, ds, q("revenue_churn"), from, to).Frames, "usd", "")["usd/"]
		arpu := oneSeries(t, run(t, ds, q("arpu"), from, to).Frames, "usd", "")["usd/"]
		fxMoved := 0
		for _, row := range want {
			at, day := row.Start.Unix(), row.Start.Format(time.DateOnly)
			if levels[at] != row.MRR || arr[at] != 12*row.MRR {
				t.Errorf("%s %s: MRR %d ARR %d, truth %d", loc, day, levels[at], arr[at], row.MRR)
			}
			for kind, w := range map[string]int64{"new": row.New, "reactivation": row.Reactivation, "expansion": row.Expansion,
				"contraction": row.Contraction, "churn": row.Churn, "fx": row.FX} {
				if got := moves["usd/"+kind][at]; got != w {
					t.Errorf("%s %s: %s %d, truth %d", loc, day, kind, got, w)
				}
			}
			m := func(k string) int64 { return moves["usd/"+k][at] }
			if levels[at] != row.StartMRR+m("new")+m("reactivation")+m("expansion")-m("contraction")-m("churn")+m("fx") {
				t.Errorf("%s %s: the identity with fx does not hold: MRR %d, start %d, movements %v", loc, day, levels[at], row.StartMRR, moves)
			}
			if netNew[at] != row.MRR-row.StartMRR {
				t.Errorf("%s %s: net new %d, truth %d", loc, day, netNew[at], row.MRR-row.StartMRR)
			}
			if row.FX != 0 {
				fxMoved++
			}
			if churn[at] != row.Churn+row.Contraction {
				t.Errorf("%s %s: revenue churn %d, truth %d", loc, day, churn[at], row.Churn+row.Contraction)
			}
			// ARPU: converted MRR over the customers with MRR > 0 at the bucket's end (each once),
			// rounded half up (both positive); a bucket's end is its last second, or now.
			end := min(row.Start.In(loc).AddDate(0, 0, 1).Unix()-1, testNow.Unix())
			_, subscribers := tr.ActiveSubscribers(time.Unix(end, 0))
			if want := (row.MRR + int64(subscribers)/2) / int64(subscribers); arpu[at] != want {
				t.Errorf("%s %s: ARPU %d, truth %d (%d over %d subscribers)", loc, day, arpu[at], want, row.MRR, subscribers)
			}
		}
		if fxMoved < len(want)/2 {
			t.Errorf("%s: fx moved in %d of %d days only", loc, fxMoved, len(want))
		}
	}
}

// LTV in usd at each month's end of the last 13 months, in New York: the truth's converted MRR
// over the customers with MRR in any currency, over the truth's 30-day churn rate, from the exact
// parts, rounded half up; no value where nobody churned in the 30 days. Month ends, as the
// per-currency LTV test reads them: a daily check meets the days whose churn window opens on an
// unpaid date the reconstruction has to assume (pkg/mrr TestLTVMatchesTruth counts them).
func TestConvertedLTVMatchesGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	ny := newYork()
	from, to := time.Date(2025, 10, 1, 0, 0, 0, 0, ny), testNow
	ds := fxDatasource(t, sim, from, to)
	tr := sim.acct.DefaultTruth()
	want, err := tr.ConvertedMRR(from, to, truth.Month, ny, "usd", truth.ModelTable(sim.acct.Model))
	if err != nil {
		t.Fatal(err)
	}
	answer := run(t, ds, map[string]any{"metric": "ltv", "bucket": "month", "timeZone": ny.String(), "convertTo": "usd"}, from, to).Frames
	if len(answer) != 1 {
		t.Fatalf("LTV converted into usd: %d series, want 1", len(answer))
	}
	ltv := nullableMinor(t, answer)["usd"]
	values, nulls := 0, 0
	for _, row := range want {
		at, month := row.Start.Unix(), row.Start.Format("2006-01")
		end := min(row.Start.In(ny).AddDate(0, 1, 0).Unix()-1, testNow.Unix())
		_, subscribers := tr.ActiveSubscribers(time.Unix(end, 0))
		churned, base := tr.SubscriberChurnParts(time.Unix(end, 0))
		got, ok := ltv[at]
		switch {
		case !ok:
			t.Errorf("%s: no LTV point", month)
		case churned == 0 || subscribers == 0:
			if got != nil {
				t.Errorf("%s: LTV %d while nobody churned in 30 days, want no value", month, *got)
			}
			nulls++
		default:
			w := truth.RoundHalfUp(big.NewRat(row.MRR*base, int64(subscribers)*churned))
			if got == nil || *got != w {
				t.Errorf("%s: LTV %s, truth %d (%d × %d ÷ (%d × %d))", month, fmtMinor(got), w, row.MRR, base, subscribers, churned)
			}
			values++
		}
	}
	if values < 6 {
		t.Errorf("only %d month ends with an LTV to compare (%d without)", values, nulls)
	}
}

// fmtMinor prints a nullable amount in minor units.
func fmtMinor(v *int64) string {
	if v == nil {
		return "no value"
	}
	return fmt.Sprint(*v)
}

// Without a table, eur has no rate into usd (the account never converts it): a 400 naming the pair
// and the setting, for the ledger and for MRR; convertTo on a count is refused too.
func TestConvertedPairWithoutRateIsABadRequest(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	ds := sim.datasource(t, map[string]any{"rateLimit": 10000, "endpointRateLimit": 10000})
	from, to := subscriptionRange()
	for _, metric := range []string{"net_revenue", "mrr"} {
		r := runRaw(t, ds, `{"metric":"`+metric+`","bucket":"day","convertTo":"usd"}`, from, to)
		if r.Error == nil || r.Status != backend.StatusBadRequest || r.ErrorSource != backend.ErrorSourceDownstream {
			t.Fatalf("%s: %v %v %v; want a 400 downstream", metric, r.Status, r.ErrorSource, r.Error)
		}
		for _, want := range []string{"→ USD", "Exchange rates", "data source settings"} {
			if !strings.Contains(r.Error.Error(), want) {
				t.Errorf("%s: %q does not say %q", metric, r.Error, want)
			}
		}
	}
	r := runRaw(t, ds, `{"metric":"refund_count","bucket":"day","convertTo":"usd"}`, from, to)
	if r.Status != backend.StatusBadRequest || !strings.Contains(r.Error.Error(), "cannot be converted") {
		t.Errorf("refund_count with convertTo: %v %v", r.Status, r.Error)
	}
}

// convertTo "default" is the data source's reporting currency, else the account's default
// currency (/v1/account: usd on multi_currency) for a key that may read it; for a key that may
// not (most restricted keys), a 400 saying to set the reporting currency.
func TestConvertToDefault(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := truthRange()
	table := modelRateTable(sim.acct.Model, from, to)
	const accountKey = "rk_test_readsTheAccountToo"
	h, err := sim.acct.Handler(server.Key{Value: accountKey, Permissions: append([]string{server.PermAccount}, server.AllReadPermissions...)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	// usd and eur only: the table has usd rates, and usd → eur is served by their inverse (no cross
	// rates for cad → eur).
	query := map[string]any{"metric": "net_revenue", "bucket": "week", "convertTo": "default", "currencies": []string{"usd", "eur"}}
	for name, ds := range map[string]*Datasource{
		"eur": sim.datasource(t, map[string]any{"reportingCurrency": "eur", "exchangeRates": table}),
		"usd": (&simulated{url: srv.URL}).datasourceKeyed(t, accountKey, map[string]any{"exchangeRates": table}),
	} {
		r := run(t, ds, query, from, to)
		if got := oneSeries(t, r.Frames, name, ""); len(got) != 1 {
			t.Errorf("want one %s series, got %v", name, keys(got))
		}
	}
	js, _ := json.Marshal(query)
	r := runRaw(t, sim.datasource(t, map[string]any{"exchangeRates": table}), string(js), from, to)
	if r.Status != backend.StatusBadRequest || !strings.Contains(r.Error.Error(), "Set Reporting currency in the data source settings") {
		t.Errorf("default without a setting, with a key that may not read the account: %v %v", r.Status, r.Error)
	}
}

// Payment amounts in usd equal the truth's, each charge converted on its own: aud and jpy
// charges, which Stripe settled in usd, at the rate on their own balance transaction; the rest
// (eur, gbp, cad charges, and failed ones, which have none) at their day's rate.
func TestConvertedPaymentsMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := truthRange()
	ds := fxDatasource(t, sim, from, to)
	tr := sim.acct.DefaultTruth()
	for _, loc := range truthZones() {
		want, err := tr.ConvertedPayments(truth.ChargeSelection{}, from, to, truth.Day, loc, "usd", truth.ModelTable(sim.acct.Model))
		if err != nil {
			t.Fatal(err)
		}
		for metric, value := range map[string]func(truth.PaymentRow) int64{
			"payments_succeeded_amount": func(r truth.PaymentRow) int64 { return r.SucceededAmount },
			"payments_failed_amount":    func(r truth.PaymentRow) int64 { return r.FailedAmount },
		} {
			r := run(t, ds, map[string]any{"metric": metric, "bucket": "day", "timeZone": loc.String(), "convertTo": "usd"}, from, to)
			got := oneSeries(t, r.Frames, "usd", "")["usd/"]
			nonzero := 0
			for _, row := range want {
				if g := got[row.Start.Unix()]; g != value(row) {
					t.Errorf("%s %s %s: %d, truth %d", metric, loc, row.Start.Format(time.DateOnly), g, value(row))
				}
				if value(row) != 0 {
					nonzero++
				}
			}
			if nonzero == 0 {
				t.Fatalf("%s: all zero, nothing compared", metric)
			}
			if metric == "payments_succeeded_amount" {
				notices := noticeTexts(r.Frames)
				for _, c := range []string{"AUD", "JPY"} {
					if !strings.Contains(notices, c+" → USD: the exchange rate on its own balance transaction for") {
						t.Errorf("%s: notices %q do not say %s was converted at its own balance transaction's rate", loc, notices, c)
					}
				}
			}
		}
	}
}

// Levels in usd — the balance over time and the invoice amounts outstanding and past due — equal
// the truth's levels of each currency at each bucket's end converted at that instant, day by day
// in UTC and New York.
func TestConvertedLevelsMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := truthRange()
	ds := fxDatasource(t, sim, from, to)
	tr := sim.acct.DefaultTruth()
	fx := tr.FX("usd", truth.ModelTable(sim.acct.Model))
	for _, loc := range truthZones() {
		b, err := truth.NewBuckets(from, to, truth.Day, loc)
		if err != nil {
			t.Fatal(err)
		}
		q := func(metric string) map[int64]int64 {
			r := run(t, ds, map[string]any{"metric": metric, "bucket": "day", "timeZone": loc.String(), "convertTo": "usd"}, from, to)
			return oneSeries(t, r.Frames, "usd", "")["usd/"]
		}
		balance, outstanding, pastDue := q("balance_over_time"), q("invoices_outstanding"), q("invoices_past_due")
		for i := 0; i < b.Len(); i++ {
			start, end := b.Starts[i].Unix(), min(b.Starts[i+1].Unix(), testNow.Unix())
			at := min(b.Starts[i+1].Unix()-1, testNow.Unix()) // the level's instant, and its rate's
			wantBalance, err := fx.Level(tr.BalanceTotalAt(time.Unix(end, 0)), at)
			if err != nil {
				t.Fatal(err)
			}
			owed, late := map[string]int64{}, map[string]int64{}
			for cur, o := range tr.InvoicesOutstanding(time.Unix(at, 0)) {
				owed[cur], late[cur] = o.Amount, o.PastDueAmount
			}
			wantOwed, _ := fx.Level(owed, at)
			wantLate, _ := fx.Level(late, at)
			day := b.Starts[i].Format(time.DateOnly)
			if balance[start] != wantBalance || outstanding[start] != wantOwed || pastDue[start] != wantLate {
				t.Errorf("%s %s: balance %d outstanding %d past due %d; truth %d %d %d", loc, day,
					balance[start], outstanding[start], pastDue[start], wantBalance, wantOwed, wantLate)
			}
			if wantBalance == 0 || wantOwed == 0 {
				t.Fatalf("%s %s: a zero level compares nothing", loc, day)
			}
		}
	}
}

// The amount of disputes opened in usd equals the truth's, each dispute converted on its own
// (at its withdrawal's own rate where Stripe settled it in usd), over a range long enough to hold
// disputes in several currencies, week by week in UTC and New York.
func TestConvertedDisputesMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := testNow.AddDate(0, -6, 0), testNow
	ds := fxDatasource(t, sim, from, to)
	tr := sim.acct.DefaultTruth()
	table := truth.ModelTable(sim.acct.Model)
	for metric, want := range map[string]func(*time.Location) ([]int64, error){
		"disputes_opened_amount": func(loc *time.Location) ([]int64, error) {
			return tr.ConvertedDisputesOpened(from, to, truth.Week, loc, "usd", table)
		},
		// By decision: each at its reinstatement's own rate, else its decision's.
		"disputes_won_amount": func(loc *time.Location) ([]int64, error) {
			return tr.ConvertedDisputesWon(from, to, truth.Week, loc, "usd", table)
		},
	} {
		for _, loc := range truthZones() {
			w, err := want(loc)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := truth.NewBuckets(from, to, truth.Week, loc)
			r := run(t, ds, map[string]any{"metric": metric, "bucket": "week", "timeZone": loc.String(), "convertTo": "usd"}, from, to)
			got := oneSeries(t, r.Frames, "usd", "")["usd/"]
			var total int64
			for i, v := range w {
				if g := got[b.Starts[i].Unix()]; g != v {
					t.Errorf("%s %s %s: %d, truth %d", metric, loc, b.Starts[i].Format(time.DateOnly), g, v)
				}
				total += v
			}
			if total == 0 {
				t.Fatalf("%s: nothing in six months, nothing compared", metric)
			}
		}
	}
	// The open disputes table: each open dispute's amount in usd, converted the same way.
	wantOpen, err := tr.ConvertedOpenDisputes("usd", truth.ModelTable(sim.acct.Model))
	if err != nil {
		t.Fatal(err)
	}
	f := run(t, ds, map[string]any{"metric": "open_disputes_table", "convertTo": "usd"}, from, to).Frames[0]
	ids, _ := f.FieldByName("Dispute")
	usd, _ := f.FieldByName("Amount (USD)")
	if ids == nil || usd == nil || f.Rows() != len(wantOpen) || f.Rows() == 0 {
		t.Fatalf("open disputes table: %d rows, truth %d open", f.Rows(), len(wantOpen))
	}
	for i := 0; i < f.Rows(); i++ {
		id := ids.At(i).(string)
		if got := minorUnits(usd.At(i).(float64), "usd"); got != wantOpen[id] {
			t.Errorf("open dispute %s: %d USD, truth %d", id, got, wantOpen[id])
		}
	}
}

// The amount of invoices by status in usd equals the truth's, each invoice converted at its
// creation instant, day by day in UTC and New York.
func TestConvertedInvoicesByStatusMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := truthRange()
	ds := fxDatasource(t, sim, from, to)
	tr := sim.acct.DefaultTruth()
	for _, loc := range truthZones() {
		b, _ := truth.NewBuckets(from, to, truth.Day, loc)
		r := run(t, ds, map[string]any{"metric": "invoices_by_status_amount", "bucket": "day", "timeZone": loc.String(), "convertTo": "usd"}, from, to)
		got := oneSeries(t, r.Frames, "usd", "status")
		var total int64
		for i := 0; i < b.Len(); i++ {
			want, err := tr.ConvertedInvoicesByStatus(b.Starts[i], b.Starts[i+1], "usd", truth.ModelTable(sim.acct.Model))
			if err != nil {
				t.Fatal(err)
			}
			for status, w := range want {
				if g := got["usd/"+status][b.Starts[i].Unix()]; g != w {
					t.Errorf("%s %s %s: %d, truth %d", loc, b.Starts[i].Format(time.DateOnly), status, g, w)
				}
				total += w
			}
		}
		if total == 0 {
			t.Fatal("no invoice: nothing compared")
		}
	}
}

// Revenue by product and by price in usd equals the truth's, each payment and refund converted on
// its own before it is split across its invoice's lines, day by day in UTC and New York, the top
// 25 and the top 2 (the rest summed as other, ranked by the truth's own converted nets).
func TestConvertedRevenueByProductMatchesGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := truthRange()
	ds := fxDatasource(t, sim, from, to)
	tr := sim.acct.DefaultTruth()
	for _, loc := range truthZones() {
		for by, metric := range map[truth.RevenueBy]string{truth.ByProduct: "revenue_by_product", truth.ByPrice: "revenue_by_price"} {
			want, err := tr.ConvertedRevenueByKey(by, from, to, truth.Day, loc, "usd", truth.ModelTable(sim.acct.Model))
			if err != nil {
				t.Fatal(err)
			}
			for _, topN := range []int{25, 2} {
				r := run(t, ds, map[string]any{"metric": metric, "bucket": "day", "timeZone": loc.String(), "convertTo": "usd", "topN": topN}, from, to)
				got := revenueSeries(t, r.Frames, by)
				if len(got) != 1 || got["usd"] == nil {
					t.Fatalf("%s: %d currencies, want usd only", metric, len(got))
				}
				checkRevenue(t, got, want, by, topN, 1)
			}
		}
	}
}

// The subscriptions table gains its MRR now in usd, the movements ledger its MRR before and after
// in usd at each movement's instant, each row equal to the truth's value converted on its own;
// the per-currency columns stay.
func TestConvertedSubscriptionTablesMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := subscriptionRange()
	ds := fxDatasource(t, sim, from, to)
	tr := sim.acct.DefaultTruth()
	fx := tr.FX("usd", truth.ModelTable(sim.acct.Model))
	conv := func(v int64, cur string, at int64) int64 {
		w, err := fx.Level(map[string]int64{cur: v}, at)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	col := func(f *data.Frame, name string) *data.Field {
		fl, i := f.FieldByName(name)
		if i < 0 {
			t.Fatalf("no %q column", name)
		}
		return fl
	}
	subs := run(t, ds, map[string]any{"metric": "subscriptions_table", "convertTo": "usd"}, from, to).Frames[0]
	converted := 0
	for i := 0; i < subs.Rows(); i++ {
		id, cur := col(subs, "Subscription").At(i).(string), col(subs, "Currency").At(i).(string)
		w, _ := tr.SubscriptionMRRAt(id, testNow)
		if got := minorUnits(col(subs, "MRR (USD)").At(i).(float64), "usd"); got != conv(w, cur, testNow.Unix()) {
			t.Errorf("%s: MRR %d USD, truth %d %s → %d USD", id, got, w, cur, conv(w, cur, testNow.Unix()))
		}
		if cur != "usd" && w != 0 {
			converted++
		}
	}
	if converted == 0 {
		t.Fatal("no subscription in another currency with MRR: nothing converted")
	}
	moves := run(t, ds, map[string]any{"metric": "mrr_movements_table", "convertTo": "usd"}, from, to).Frames[0]
	want := map[string][2]int64{}
	for _, mv := range tr.Movements() {
		if !mv.At.Before(from) && mv.At.Before(to) {
			want[fmt.Sprint(mv.At.Unix(), mv.Customer, mv.Currency)] = [2]int64{conv(mv.Before, mv.Currency, mv.At.Unix()), conv(mv.After, mv.Currency, mv.At.Unix())}
		}
	}
	if moves.Rows() != len(want) || len(want) == 0 {
		t.Fatalf("%d rows, truth %d movements", moves.Rows(), len(want))
	}
	for i := 0; i < moves.Rows(); i++ {
		k := fmt.Sprint(col(moves, "When").At(i).(time.Time).Unix(), col(moves, "Customer").At(i), col(moves, "Currency").At(i))
		got := [2]int64{minorUnits(col(moves, "MRR before (USD)").At(i).(float64), "usd"), minorUnits(col(moves, "MRR after (USD)").At(i).(float64), "usd")}
		if got != want[k] {
			t.Errorf("movement %s: %v USD, truth %v", k, got, want[k])
		}
	}
	if n := noticeTexts(data.Frames{subs}); !strings.Contains(n, "EUR → USD: the rate table in the data source settings.\n") {
		t.Errorf("notices %q: want EUR served by the table, uncounted", n)
	}
}

// The refunds and failed payments tables gain an amount in usd, each row converted on its own at
// its instant: equal to the truth's rows converted likewise.
func TestConvertedPaymentTablesMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := truthRange()
	ds := fxDatasource(t, sim, from, to)
	tr := sim.acct.DefaultTruth()
	fx := tr.FX("usd", truth.ModelTable(sim.acct.Model))
	want := map[string]int64{} // row id → amount in usd
	for _, re := range tr.Refunds(from, to) {
		want[re.ID], _ = fx.Level(map[string]int64{re.Currency: re.Amount}, re.Created.Unix())
	}
	for _, c := range tr.FailedCharges(from, to) {
		want[c.ID], _ = fx.Level(map[string]int64{c.Currency: c.Amount}, c.Created.Unix())
	}
	for metric, idColumn := range map[string]string{"refunds_table": "Refund", "failed_payments_table": "Charge"} {
		f := run(t, ds, map[string]any{"metric": metric, "convertTo": "usd"}, from, to).Frames[0]
		ids, _ := f.FieldByName(idColumn)
		usd, _ := f.FieldByName("Amount (USD)")
		if ids == nil || usd == nil || f.Rows() == 0 {
			t.Fatalf("%s: no %s or Amount (USD) column, or no rows, in %v", metric, idColumn, f.Fields)
		}
		for i := 0; i < f.Rows(); i++ {
			id := ids.At(i).(string)
			w, ok := want[id]
			if got := minorUnits(usd.At(i).(float64), "usd"); !ok || got != w {
				t.Errorf("%s %s: %d USD, truth %d (%v)", metric, id, got, w, ok)
			}
		}
	}
}

// The revenue by product table in usd: one currency, every product's revenue, refunds, net and
// share equal to the truth's converted payments and refunds summed over the range.
func TestConvertedRevenueByProductTableMatchesGroundTruth(t *testing.T) {
	from, to := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	sim := simulate(t, "multi_currency", 7)
	ds := fxDatasource(t, sim, from, to)
	want, err := sim.acct.DefaultTruth().ConvertedRevenueByKey(truth.ByProduct, from, to, truth.Day, time.UTC, "usd", truth.ModelTable(sim.acct.Model))
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, ds, map[string]any{"metric": "revenue_by_product_table", "convertTo": "usd"}, from, to)
	checkRevenueTable(t, r.Frames[0], want)
	if !strings.Contains(noticeTexts(r.Frames), "JPY → USD: the exchange rate on its own balance transaction.") {
		t.Errorf("notices %q: want jpy converted at its own balance transactions' rates", noticeTexts(r.Frames))
	}
}

// Top customers in usd: every customer ranked in one currency, what their payments kept and their
// MRR now each equal to the truth's converted figures, largest first.
func TestConvertedTopCustomersMatchGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := truthRange()
	ds := fxDatasource(t, sim, from, testNow) // the table's MRR is now's: rates until now
	net, mrr, err := sim.acct.DefaultTruth().ConvertedTopCustomers(from, to, "usd", truth.ModelTable(sim.acct.Model))
	if err != nil {
		t.Fatal(err)
	}
	f := run(t, ds, map[string]any{"metric": "top_customers", "convertTo": "usd", "topN": 25}, from, to).Frames[0]
	col := func(name string) *data.Field {
		fl, i := f.FieldByName(name)
		if i < 0 {
			t.Fatalf("no %q column", name)
		}
		return fl
	}
	if f.Rows() != min(25, len(net)) {
		t.Fatalf("%d rows, want %d of the truth's %d customers", f.Rows(), min(25, len(net)), len(net))
	}
	prev := int64(1 << 62)
	for i := 0; i < f.Rows(); i++ {
		id, cur := col("Customer").At(i).(string), col("Currency").At(i).(string)
		got := minorUnits(col("Net paid").At(i).(float64), "usd")
		if cur != "usd" || got != net[id] || got > prev {
			t.Errorf("row %d %s: %d %s, truth %d USD (previous row %d)", i, id, got, cur, net[id], prev)
		}
		prev = got
		if v := col("MRR now").At(i).(*float64); v == nil || minorUnits(*v, "usd") != mrr[id] {
			t.Errorf("row %d %s: MRR now %v, truth %d", i, id, *v, mrr[id])
		}
	}
}

// Balance now in usd: available and pending, each the truth's per-currency balance converted at
// now's rate and summed.
func TestConvertedBalanceNowMatchesGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	ds := fxDatasource(t, sim, testNow.AddDate(0, 0, -2), testNow)
	tr := sim.acct.DefaultTruth()
	fx := tr.FX("usd", truth.ModelTable(sim.acct.Model))
	available, pending := map[string]int64{}, map[string]int64{}
	for _, b := range tr.Balance() {
		available[b.Currency], pending[b.Currency] = b.Available, b.Pending
	}
	wantAvailable, _ := fx.Level(available, testNow.Unix())
	wantPending, _ := fx.Level(pending, testNow.Unix())
	r := run(t, ds, map[string]any{"metric": "balance", "convertTo": "usd"}, testNow.Add(-time.Hour), testNow)
	got := map[string]int64{}
	for _, f := range r.Frames {
		l := f.Fields[0].Labels
		if l["currency"] != "usd" {
			t.Fatalf("a %s frame in a balance converted into usd", l["currency"])
		}
		got[l["balance_type"]] = minorUnits(f.Fields[0].At(0).(float64), "usd")
	}
	if got["available"] != wantAvailable || got["pending"] != wantPending || len(got) != 2 {
		t.Errorf("balance %v, truth available %d pending %d", got, wantAvailable, wantPending)
	}
}
