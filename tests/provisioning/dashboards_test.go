package provisioning_test

import (
	"encoding/json"
	"path"
	"path/filepath"
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
		if want := panelTypesFor[m.kind]; !contains(want, p.Type) {
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
