package provisioning_test

import (
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/revops/stripe-datasource/pkg/catalog"
)

// plugin.json lists every bundled dashboard (so the data source's Dashboards tab offers it) and
// nothing else; create-plugin's webpack copies src/**/*.json to dist, so the listed paths exist
// in the built plugin exactly as they do under src.
func TestPluginJSONIncludesEveryDashboard(t *testing.T) {
	var pj struct {
		Includes []struct{ Type, Name, Path string } `json:"includes"`
	}
	if err := json.Unmarshal(readFile(t, "src", "plugin.json"), &pj); err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	for _, inc := range pj.Includes {
		if inc.Type != "dashboard" {
			continue
		}
		listed[inc.Path] = inc.Name
	}
	byFile := map[string]dashboard{}
	for _, d := range loadDashboards(t) {
		byFile[path.Join("dashboards", d.file)] = d
	}
	for p, name := range listed {
		d, ok := byFile[p]
		if !ok {
			t.Errorf("plugin.json includes %s, which is not in src/dashboards", p)
			continue
		}
		if d.Title != name {
			t.Errorf("plugin.json names %s %q, the dashboard is titled %q", p, name, d.Title)
		}
	}
	for p := range byFile {
		if _, ok := listed[p]; !ok {
			t.Errorf("src/%s is not listed under includes in plugin.json", p)
		}
	}
}

func TestDashboardsAreWellFormedAndUseTheDataSourceInput(t *testing.T) {
	uids := map[string]string{}
	for _, d := range loadDashboards(t) {
		t.Run(d.file, func(t *testing.T) {
			if d.UID == "" || d.Title == "" {
				t.Fatal("a dashboard needs a fixed uid (alert rules link to it) and a title")
			}
			if other, dup := uids[d.UID]; dup {
				t.Errorf("uid %q is also the uid of %s", d.UID, other)
			}
			uids[d.UID] = d.file
			if len(d.Inputs) != 1 || "${"+d.Inputs[0].Name+"}" != dsInput || d.Inputs[0].Type != "datasource" || d.Inputs[0].PluginID != pluginID {
				t.Errorf("__inputs = %+v, want the one data source input %s for %s", d.Inputs, dsInput, pluginID)
			}
			checkCurrencyVariable(t, d)
			ids := map[int]bool{}
			for _, p := range d.Panels {
				if ids[p.ID] {
					t.Errorf("panel id %d is used twice", p.ID)
				}
				ids[p.ID] = true
				if p.GridPos.W <= 0 || p.GridPos.X+p.GridPos.W > 24 || p.GridPos.H <= 0 {
					t.Errorf("panel %q: gridPos %+v does not fit the 24-column grid", p.Title, p.GridPos)
				}
				if p.Type == "row" {
					continue
				}
				checkPanel(t, p)
			}
		})
	}
}

func checkCurrencyVariable(t *testing.T, d dashboard) {
	t.Helper()
	for _, v := range d.Templating.List {
		if v.Name != "currency" {
			continue
		}
		var q struct{ QueryType, Variable string }
		_ = json.Unmarshal(v.Query, &q)
		if v.Type != "query" || v.Datasource == nil || *v.Datasource != (dsRef{pluginID, dsInput}) ||
			q.QueryType != "variable" || q.Variable != "currencies" || !v.Multi || !v.IncludeAll {
			t.Errorf("the currency variable must be a multi-value query of the data source input with All, "+
				"asking {queryType: variable, variable: currencies}; it is %+v with query %s", v, v.Query)
		}
		return
	}
	t.Error("no currency variable")
}

func checkPanel(t *testing.T, p panel) {
	t.Helper()
	if p.Description == "" {
		t.Errorf("panel %q has no description", p.Title)
	}
	if p.Datasource == nil || *p.Datasource != (dsRef{pluginID, dsInput}) {
		t.Errorf("panel %q: datasource %+v, want the input %s", p.Title, p.Datasource, dsInput)
	}
	if len(p.Targets) == 0 {
		t.Errorf("panel %q has no query", p.Title)
	}
	units := map[string]bool{}
	for _, q := range p.Targets {
		ds, _ := json.Marshal(q["datasource"])
		if string(ds) != `{"type":"`+pluginID+`","uid":"`+dsInput+`"}` {
			t.Errorf("panel %q query %v: datasource %s, want the input %s", p.Title, q["refId"], ds, dsInput)
		}
		for _, e := range checkQuery(q, "$currency") {
			t.Errorf("panel %q: %s", p.Title, e)
		}
		m, _ := lookupMetric(q["metric"].(string))
		if cur, _ := q["currencies"].([]any); m.takes["currencies"] && (len(cur) != 1 || cur[0] != "$currency") {
			t.Errorf("panel %q query %v: currencies %v, want [$currency] so the variable applies", p.Title, q["refId"], q["currencies"])
		}
		id, _ := q["metric"].(string)
		m, ok := lookupMetric(id)
		if !ok {
			continue
		}
		units[m.unit] = true
		want := panelTypesFor[m.kind]
		if q["format"] == "heatmap" { // heatmap-rows frames (cohort retention's format option)
			want = []string{"heatmap"}
		}
		if !contains(want, p.Type) {
			t.Errorf("panel %q is a %s; a %s metric (%s) belongs in %v", p.Title, p.Type, m.kind, id, want)
		}
	}
	unit, _ := p.FieldConfig.Defaults["unit"].(string)
	switch {
	case units["currency"]:
		// The backend sets a per-currency unit (currencyUSD, currencyEUR, ...) on each field; a
		// panel unit would show every currency with one symbol.
		if unit != "" {
			t.Errorf("panel %q shows money but sets unit %q over the backend's per-currency units", p.Title, unit)
		}
		for _, o := range p.FieldConfig.Overrides {
			for _, prop := range o.Properties {
				if prop.ID == "unit" {
					t.Errorf("panel %q shows money but overrides the unit", p.Title)
				}
			}
		}
	case len(units) == 1 && units["percent"]:
		if unit != "percentunit" {
			t.Errorf("panel %q shows ratios (0..1) with unit %q, want percentunit", p.Title, unit)
		}
	case len(units) == 1 && units["count"]:
		if unit != "short" && unit != "none" {
			t.Errorf("panel %q shows counts with unit %q, want short", p.Title, unit)
		}
	}
}

// panelTypesFor lists the panels each metric kind can be drawn in.
var panelTypesFor = map[string][]string{
	catalog.KindTimeSeries: {"timeseries", "stat", "barchart", "bargauge", "gauge"},
	catalog.KindNumeric:    {"stat", "gauge", "bargauge"},
	catalog.KindTable:      {"table"},
}

// The compose setup provisions the same files with ${DS_STRIPE} replaced by the demo data
// source's uid (the Dockerfile's sed); the result must be valid JSON that names only that uid.
func TestComposeProvisionsTheBundledDashboardsAgainstTheDemo(t *testing.T) {
	dockerfile := string(readFile(t, "Dockerfile"))
	const sed = `sed 's/\${DS_STRIPE}/stripe-demo/g'`
	if !strings.Contains(dockerfile, sed) || !strings.Contains(dockerfile, "revops-stripe-datasource/dashboards/*.json") {
		t.Fatalf("the Dockerfile no longer copies the built plugin's dashboards through %s", sed)
	}
	var prov struct {
		Providers []struct {
			Type    string
			Options struct{ Path string }
		}
	}
	if err := yaml.Unmarshal(readFile(t, "provisioning", "dashboards", "stripe.yaml"), &prov); err != nil {
		t.Fatal(err)
	}
	if len(prov.Providers) != 1 || prov.Providers[0].Type != "file" || !strings.Contains(dockerfile, `"`+prov.Providers[0].Options.Path+`/$(basename`) {
		t.Errorf("provisioning/dashboards/stripe.yaml reads %+v, which is not the folder the Dockerfile writes", prov.Providers)
	}
	if !provisionedDataSources(t)[demoUID] {
		t.Fatalf("no %s data source of type %s in provisioning/datasources", demoUID, pluginID)
	}
	for _, d := range loadDashboards(t) {
		out := strings.ReplaceAll(string(d.raw), dsInput, demoUID)
		if strings.Contains(out, "${DS_") {
			t.Errorf("%s keeps another data source input after the substitution", d.file)
		}
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Errorf("%s is not valid JSON after the substitution: %v", d.file, err)
			continue
		}
		walkDatasources(v, func(ref map[string]any) {
			if ref["type"] == pluginID && ref["uid"] != demoUID {
				t.Errorf("%s: a data source reference %v is not %s after the substitution", d.file, ref, demoUID)
			}
		})
	}
}

func walkDatasources(v any, f func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if ref, ok := c.(map[string]any); ok && k == "datasource" {
				f(ref)
			}
			walkDatasources(c, f)
		}
	case []any:
		for _, c := range x {
			walkDatasources(c, f)
		}
	}
}

// provisionedDataSources lists the uids of this plugin's provisioned data sources.
func provisionedDataSources(t *testing.T) map[string]bool {
	t.Helper()
	files, _ := filepath.Glob(repoPath("provisioning", "datasources", "*.y*ml"))
	out := map[string]bool{}
	for _, f := range files {
		var ds struct {
			Datasources []struct{ UID, Type string }
		}
		if err := yaml.Unmarshal(readFile(t, "provisioning", "datasources", filepath.Base(f)), &ds); err != nil {
			t.Fatal(err)
		}
		for _, d := range ds.Datasources {
			if d.Type == pluginID {
				out[d.UID] = true
			}
		}
	}
	return out
}

func TestPendingMetricsAreNotInTheCatalog(t *testing.T) {
	for id := range pendingMetrics {
		if _, ok := catalog.Get().Metric(id); ok {
			t.Errorf("%s is in catalog.json now: remove it from pendingMetrics", id)
		}
	}
}

// --- the data source reference after an import --------------------------------------------------
//
// Grafana's import (pkg/services/dashboardimport/utils/dash_template_evaluator.go) writes the
// input's value wherever "${DS_STRIPE}" stands in any string of the dashboard. Which value depends
// on the path: Dashboards > New > Import and the import API with a uid
// (public/app/features/manage-dashboards/state/actions.ts importDashboard: value dataSource.uid),
// and the compose provisioning's sed, write the data source's uid; the data source's Dashboards
// tab (public/app/features/datasources/components/DataSourceDashboards.tsx: input "*", value
// dataSource.name) writes its name. The browser finds a data source by uid, else by name
// (public/app/features/plugins/datasource_srv.ts getInstanceSettings); the server by uid only
// (pkg/services/query/query.go getDataSourceFromQuery: datasource.uid, else the datasource
// string), and an externally shared dashboard sends the saved targets as they are, a target
// without a data source taking its panel's (pkg/services/publicdashboards/service/query.go
// extractQueriesFromPanels), with no template variable expanded.

// userStripe is a Stripe data source as a user's Grafana holds it: a uid Grafana generated and the
// name the user gave it.
var userStripe = grafanaDataSource{UID: "fe7k2lq0a1b2c", Name: "Stripe", Type: pluginID}

type grafanaDataSource struct{ UID, Name, Type string }

var dsVariable = regexp.MustCompile(`\$\{.+?\}`)

// importDashboard models the evaluator: every declared input needs a value, then each ${NAME} of a
// declared input is replaced in every string; __inputs, __requires and __elements are dropped.
func importDashboard(t *testing.T, raw []byte, value string) map[string]any {
	t.Helper()
	var dash map[string]any
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	inputs, _ := dash["__inputs"].([]any)
	for _, in := range inputs {
		m, _ := in.(map[string]any)
		name, _ := m["name"].(string)
		if m["type"] != "datasource" {
			t.Fatalf("input %s of type %v: the Dashboards tab only fills data source inputs", name, m["type"])
		}
		vars["${"+name+"}"] = value
	}
	var eval func(v any) any
	eval = func(v any) any {
		switch x := v.(type) {
		case string:
			return dsVariable.ReplaceAllStringFunc(x, func(m string) string {
				if r, ok := vars[m]; ok {
					return r
				}
				return m
			})
		case map[string]any:
			out := map[string]any{}
			for k, c := range x {
				if k != "__inputs" && k != "__requires" && k != "__elements" {
					out[k] = eval(c)
				}
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, c := range x {
				out[i] = eval(c)
			}
			return out
		}
		return v
	}
	return eval(dash).(map[string]any)
}

// refUID is what both resolvers read from a reference: its uid, or the reference itself when it is
// a string (the form before Grafana 8.3).
func refUID(ref any) string {
	if m, ok := ref.(map[string]any); ok {
		s, _ := m["uid"].(string)
		return s
	}
	s, _ := ref.(string)
	return s
}

// serverResolves models the server's lookup: by uid only, in the data sources of the org.
func serverResolves(ref any, sources ...grafanaDataSource) (grafanaDataSource, bool) {
	uid := refUID(ref)
	for _, ds := range sources {
		if uid != "" && ds.UID == uid {
			return ds, true
		}
	}
	return grafanaDataSource{}, false
}

// browserResolves models the browser's lookup: a template variable ($name) through the dashboard's
// data source variables (these dashboards have none), else by uid, else by name.
func browserResolves(ref any, sources ...grafanaDataSource) (grafanaDataSource, bool) {
	key := refUID(ref)
	if key == "" || strings.HasPrefix(key, "$") {
		return grafanaDataSource{}, false
	}
	for _, ds := range sources {
		if ds.UID == key {
			return ds, true
		}
	}
	for _, ds := range sources {
		if ds.Name == key {
			return ds, true
		}
	}
	return grafanaDataSource{}, false
}

// serverQueries are the queries the server builds for each panel of a saved dashboard, as an
// externally shared dashboard does: every target of every panel (and of a collapsed row's panels),
// a target without a data source taking its panel's.
func serverQueries(dash map[string]any) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	var walk func(panels []any)
	walk = func(panels []any) {
		for _, p := range panels {
			pm, _ := p.(map[string]any)
			if pm["type"] == "row" {
				if nested, ok := pm["panels"].([]any); ok {
					walk(nested)
				}
				continue
			}
			targets, _ := pm["targets"].([]any)
			key := fmt.Sprintf("panel %v %q", pm["id"], pm["title"])
			for _, q := range targets {
				qm, _ := q.(map[string]any)
				if _, ok := qm["datasource"]; !ok {
					qm["datasource"] = map[string]any{"type": "public-ds", "uid": refUID(pm["datasource"])}
				}
				out[key] = append(out[key], qm)
			}
		}
	}
	panels, _ := dash["panels"].([]any)
	walk(panels)
	return out
}

// Imported with the data source's uid (Dashboards > New > Import, the import API, the compose
// provisioning), every query the server runs for a panel (an externally shared dashboard, an alert
// rule made from the panel) reaches this data source, and so does every reference the browser
// reads. Imported from the Dashboards tab (the name), every reference still resolves in the
// browser; the server then needs the uid form above (README, Dashboards).
func TestImportedDashboardsReachTheDataSource(t *testing.T) {
	for _, d := range loadDashboards(t) {
		t.Run(d.file, func(t *testing.T) {
			byUID := importDashboard(t, d.raw, userStripe.UID)
			n := 0
			for panel, queries := range serverQueries(byUID) {
				for _, q := range queries {
					n++
					ds, ok := serverResolves(q["datasource"], userStripe)
					if !ok || ds != userStripe {
						t.Errorf("%s query %v: the server cannot find data source %v", panel, q["refId"], q["datasource"])
					}
				}
			}
			if n == 0 {
				t.Fatal("no panel query")
			}
			walkRefs(byUID, func(where string, ref any) {
				if isBuiltInGrafana(ref) {
					return
				}
				if ds, ok := serverResolves(ref, userStripe); !ok || ds != userStripe {
					t.Errorf("%s: %v does not name the data source by its uid", where, ref)
				}
				if ds, ok := browserResolves(ref, userStripe); !ok || ds != userStripe {
					t.Errorf("%s: the browser cannot find %v", where, ref)
				}
			})
			byName := importDashboard(t, d.raw, userStripe.Name)
			walkRefs(byName, func(where string, ref any) {
				if isBuiltInGrafana(ref) {
					return
				}
				if ds, ok := browserResolves(ref, userStripe); !ok || ds != userStripe {
					t.Errorf("%s: after the Dashboards tab's import the browser cannot find %v", where, ref)
				}
			})
		})
	}
}

// walkRefs calls f with every "datasource" value anywhere in the dashboard and where it is.
func walkRefs(v any, f func(where string, ref any)) {
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if k == "datasource" {
					f(where, x[k])
					continue
				}
				walk(where+"."+k, x[k])
			}
		case []any:
			for i, c := range x {
				walk(fmt.Sprintf("%s[%d]", where, i), c)
			}
		}
	}
	walk("$", v)
}

func isBuiltInGrafana(ref any) bool {
	m, _ := ref.(map[string]any)
	return m["type"] == "grafana" && m["uid"] == "-- Grafana --"
}

// Every reference to the data source, in panels, targets, variables and annotations, is the one
// form both resolvers find after an import with the uid: {"type": the plugin id, "uid":
// "${DS_STRIPE}"}. Not a name string (the server looks up uids only), not a data source template
// variable ("$ds", which externally shared dashboards do not expand), not a fixed uid or name (it
// is the user's data source, not ours); Grafana's built-in annotation keeps its own.
func TestDashboardsReferenceTheDataSourceByTheInputsUID(t *testing.T) {
	for _, d := range loadDashboards(t) {
		var dash any
		if err := json.Unmarshal(d.raw, &dash); err != nil {
			t.Fatal(err)
		}
		n := 0
		walkRefs(dash, func(where string, ref any) {
			n++
			if isBuiltInGrafana(ref) {
				if !strings.HasPrefix(where, "$.annotations.list[") {
					t.Errorf("%s %s: Grafana's built-in data source outside the built-in annotation", d.file, where)
				}
				return
			}
			m, ok := ref.(map[string]any)
			if !ok || len(m) != 2 || m["type"] != pluginID || m["uid"] != dsInput {
				t.Errorf("%s %s: datasource %v, want {\"type\": %q, \"uid\": %q}", d.file, where, ref, pluginID, dsInput)
			}
		})
		if n == 0 {
			t.Errorf("%s references no data source", d.file)
		}
		for _, v := range d.Templating.List {
			if v.Type == "datasource" {
				t.Errorf("%s: variable %s picks a data source; externally shared dashboards do not expand it", d.file, v.Name)
			}
		}
	}
}

// --- annotations -------------------------------------------------------------------------------

// wantAnnotations are the plugin's annotations each bundled dashboard shows (the list).
var wantAnnotations = map[string][]string{
	"stripe-revenue":        {"disputes_opened", "payouts"},
	"stripe-subscriptions":  {"churn"},
	"stripe-payment-health": nil,
}

// Grafana's built-in annotation and the plugin's annotation queries: each a catalog annotation
// kind asked as the editor stores it ({queryType: annotation, annotation, options}), with only the
// options that kind takes and values the catalog allows, currencies following the Currency
// variable like the panels.
func TestDashboardAnnotationsAreCatalogKinds(t *testing.T) {
	for _, d := range loadDashboards(t) {
		t.Run(d.file, func(t *testing.T) {
			var kinds []string
			builtIn, names := 0, map[string]bool{}
			for _, a := range d.Annotations.List {
				if a.BuiltIn == 1 {
					builtIn++
					continue
				}
				if a.Name == "" || names[a.Name] {
					t.Errorf("annotation %q: a name of its own is what the dashboard's toggle shows", a.Name)
				}
				names[a.Name] = true
				if !jsonEqual(a.Datasource, `{"type":"`+pluginID+`","uid":"`+dsInput+`"}`) {
					t.Errorf("annotation %q: datasource %s, want the input %s", a.Name, a.Datasource, dsInput)
				}
				for _, e := range checkAnnotationQuery(a.Target) {
					t.Errorf("annotation %q: %s", a.Name, e)
				}
				kind, _ := a.Target["annotation"].(string)
				kinds = append(kinds, kind)
				k, ok := catalog.Get().AnnotationKind(kind)
				if !ok {
					continue
				}
				if !a.Enable || a.Hide || a.IconColor == "" || a.Name != k.Label {
					t.Errorf("annotation %q: enable %v hide %v color %q; want it shown, toggleable, coloured and named %q as the catalog names it",
						a.Name, a.Enable, a.Hide, a.IconColor, k.Label)
				}
			}
			if builtIn != 1 {
				t.Errorf("%d built-in annotations, want Grafana's one", builtIn)
			}
			if want, ok := wantAnnotations[d.UID]; !ok || strings.Join(kinds, ",") != strings.Join(want, ",") {
				t.Errorf("annotations %v, want %v", kinds, want)
			}
		})
	}
}

func jsonEqual(raw json.RawMessage, want string) bool {
	var a, b any
	if json.Unmarshal(raw, &a) != nil || json.Unmarshal([]byte(want), &b) != nil {
		return false
	}
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// checkAnnotationQuery returns what is wrong with a stored annotation query.
func checkAnnotationQuery(target map[string]any) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	if target["queryType"] != "annotation" {
		bad("queryType %v, want annotation", target["queryType"])
	}
	kind, _ := target["annotation"].(string)
	k, ok := catalog.Get().AnnotationKind(kind)
	if !ok {
		bad("annotation %q is not a kind the catalog has (%v)", kind, catalog.Get().AnnotationIDs())
		return errs
	}
	takes := map[string]bool{}
	for _, o := range k.Options {
		takes[o] = true
	}
	for key, v := range target {
		opt, isOption := catalog.Get().Options[key]
		switch {
		case key == "refId" || key == "queryType" || key == "annotation":
		case !isOption:
			bad("unknown key %q", key)
		case !takes[key]:
			bad("%s does not take %s", kind, key)
		case len(opt.Values) > 0 && !allowed(opt, v):
			bad("%s %v is not one the catalog allows", key, v)
		}
	}
	if cur, _ := target["currencies"].([]any); takes["currencies"] && (len(cur) != 1 || cur[0] != "$currency") {
		bad("currencies %v, want [$currency] so the Currency variable applies", target["currencies"])
	}
	if v, set := target["minAmount"]; set {
		if n, ok := v.(float64); !ok || n < 0 {
			bad("minAmount %v is not an amount", v)
		}
	}
	return errs
}

// --- alert rules named in descriptions ---------------------------------------------------------

// ruleMention is a description naming an alert rule: "alert rule 'Title'" (or "rule", any quotes).
var ruleMention = regexp.MustCompile(`(?i)\brules?\s+['"‘“]([^'"’”]+)['"’”]`)

// A description that names an alert rule names one provisioning/alerting ships, by its title or
// uid, quoted; one that says the rule links here is on the panel the rule's dashboardUid and
// panelId point at; and the panel each rule links to names it, so the panel says what watches it.
func TestDescriptionsNameShippedAlertRules(t *testing.T) {
	rules := loadRules(t)
	byName := map[string]alertRule{}
	for _, r := range rules {
		byName[r.Title] = r
		byName[r.UID] = r
	}
	named := map[string]bool{} // dashboardUid/panelId pairs whose description names the rule linking there
	for _, d := range loadDashboards(t) {
		check := func(where string, panelID int, text string) {
			if strings.Contains(strings.ToLower(text), "alert rule") && !ruleMention.MatchString(text) {
				t.Errorf("%s %s: %q mentions an alert rule without quoting its title", d.file, where, text)
			}
			for _, m := range ruleMention.FindAllStringSubmatch(text, -1) {
				r, ok := byName[m[1]]
				if !ok {
					t.Errorf("%s %s names the alert rule %q, which provisioning/alerting does not have", d.file, where, m[1])
					continue
				}
				if strings.Contains(text, "links here") {
					if r.DashboardUID != d.UID || int(r.PanelID) != panelID {
						t.Errorf("%s %s says %q links here; it links to %s panel %d", d.file, where, r.Title, r.DashboardUID, r.PanelID)
					}
					named[fmt.Sprintf("%s/%d/%s", d.UID, panelID, r.UID)] = true
				}
			}
		}
		check("description", 0, d.Description)
		for _, p := range d.Panels {
			check(fmt.Sprintf("panel %d %q", p.ID, p.Title), p.ID, p.Description)
		}
	}
	for _, r := range rules {
		if r.DashboardUID == "" {
			continue
		}
		if !named[fmt.Sprintf("%s/%d/%s", r.DashboardUID, r.PanelID, r.UID)] {
			t.Errorf("the panel rule %q links to (%s panel %d) does not say \"The alert rule '%s' links here\"", r.Title, r.DashboardUID, r.PanelID, r.Title)
		}
	}
}
