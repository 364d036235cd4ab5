// Package provisioning_test checks the dashboards bundled with the plugin (src/dashboards) and
// the alert recipes (provisioning/alerting) without a Grafana server: their shape and every
// reference in them statically, and their queries and expression chains against the demo
// account through the real plugin binary.
package provisioning_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/revops/stripe-datasource/pkg/catalog"
)

const (
	pluginID = "revops-stripe-datasource"
	// dsInput is the data source input of the bundled dashboards: Grafana's import asks for a
	// Stripe data source and writes its uid wherever ${DS_STRIPE} stands.
	dsInput = "${DS_STRIPE}"
	// demoUID is the provisioned demo data source (provisioning/datasources) that the compose
	// setup's dashboards and the alert recipes read.
	demoUID = "stripe-demo"
	exprUID = "__expr__"
)

func repoPath(parts ...string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(append([]string{filepath.Dir(file), "..", ".."}, parts...)...)
}

func readFile(t *testing.T, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(repoPath(parts...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// metricInfo is what the checks need to know of a metric, from the catalog or the pending list.
type metricInfo struct {
	kind, unit string
	takes      map[string]bool
	pending    bool
}

func lookupMetric(id string) (metricInfo, bool) {
	if m, ok := catalog.Get().Metric(id); ok {
		info := metricInfo{kind: m.Kind, unit: m.Unit, takes: map[string]bool{}}
		for _, o := range m.Options {
			info.takes[o] = true
		}
		return info, true
	}
	p, ok := pendingMetrics[id]
	if !ok {
		return metricInfo{}, false
	}
	// Pending series metrics take every option, like every series metric in the catalog;
	// tables and current values take only currencies.
	takes := map[string]bool{"currencies": true}
	if p.kind == catalog.KindTimeSeries {
		takes["bucket"], takes["timeZone"] = true, true
	}
	return metricInfo{kind: p.kind, unit: p.unit, takes: takes, pending: true}, true
}

// --- dashboards -------------------------------------------------------------------------------

type dashboard struct {
	file   string
	raw    []byte
	UID    string `json:"uid"`
	Title  string `json:"title"`
	Inputs []struct {
		Name, Type, PluginID string
	} `json:"__inputs"`
	Description string `json:"description"`
	Time        struct {
		From, To string
	} `json:"time"`
	Annotations struct {
		List []annotation `json:"list"`
	} `json:"annotations"`
	Templating struct {
		List []variable `json:"list"`
	} `json:"templating"`
	Panels []panel `json:"panels"`
}

// annotation is an entry of the dashboard's annotation list: Grafana's built-in one, or a query
// of this data source whose target is the annotation editor's query.
type annotation struct {
	BuiltIn    int             `json:"builtIn"`
	Datasource json.RawMessage `json:"datasource"`
	Enable     bool            `json:"enable"`
	Hide       bool            `json:"hide"`
	IconColor  string          `json:"iconColor"`
	Name       string          `json:"name"`
	Target     map[string]any  `json:"target"`
}

type dsRef struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

type variable struct {
	Name       string          `json:"name"`
	Type       string          `json:"type"`
	Datasource *dsRef          `json:"datasource"`
	Query      json.RawMessage `json:"query"`
	Multi      bool            `json:"multi"`
	IncludeAll bool            `json:"includeAll"`
}

type panel struct {
	ID          int              `json:"id"`
	Type        string           `json:"type"`
	Title       string           `json:"title"`
	Description string           `json:"description"`
	Datasource  *dsRef           `json:"datasource"`
	Targets     []map[string]any `json:"targets"`
	GridPos     struct{ H, W, X, Y int }
	FieldConfig struct {
		Defaults  map[string]any `json:"defaults"`
		Overrides []struct {
			Properties []struct {
				ID    string `json:"id"`
				Value any    `json:"value"`
			} `json:"properties"`
		} `json:"overrides"`
	} `json:"fieldConfig"`
}

// dashboardFiles lists src/dashboards/*.json.
func dashboardFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(repoPath("src", "dashboards", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no dashboard in src/dashboards")
	}
	sort.Strings(files)
	return files
}

func loadDashboards(t *testing.T) []dashboard {
	t.Helper()
	var out []dashboard
	for _, f := range dashboardFiles(t) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var d dashboard
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatalf("%s is not valid dashboard JSON: %v", filepath.Base(f), err)
		}
		d.file, d.raw = filepath.Base(f), raw
		out = append(out, d)
	}
	return out
}

func dashboardByUID(ds []dashboard, uid string) (dashboard, bool) {
	for _, d := range ds {
		if d.UID == uid {
			return d, true
		}
	}
	return dashboard{}, false
}

func (d dashboard) panel(id int) (panel, bool) {
	for _, p := range d.Panels {
		if p.ID == id {
			return p, true
		}
	}
	return panel{}, false
}

// --- alert rules ------------------------------------------------------------------------------

type alertFile struct {
	APIVersion int          `yaml:"apiVersion"`
	Groups     []alertGroup `yaml:"groups"`
}

type alertGroup struct {
	OrgID    int         `yaml:"orgId"`
	Name     string      `yaml:"name"`
	Folder   string      `yaml:"folder"`
	Interval string      `yaml:"interval"`
	Rules    []alertRule `yaml:"rules"`
}

type alertRule struct {
	UID          string            `yaml:"uid"`
	Title        string            `yaml:"title"`
	Condition    string            `yaml:"condition"`
	For          string            `yaml:"for"`
	NoDataState  string            `yaml:"noDataState"`
	ExecErrState string            `yaml:"execErrState"`
	IsPaused     bool              `yaml:"isPaused"`
	Labels       map[string]string `yaml:"labels"`
	Annotations  map[string]string `yaml:"annotations"`
	Data         []alertQuery      `yaml:"data"`
	// The panel that shows what the rule watches (rules_types.go AlertRuleV1 dashboardUid and
	// panelId; the __dashboardUid__/__panelId__ annotations are the older way).
	DashboardUID string `yaml:"dashboardUid"`
	PanelID      int64  `yaml:"panelId"`
}

type alertQuery struct {
	RefID             string `yaml:"refId"`
	DatasourceUID     string `yaml:"datasourceUid"`
	RelativeTimeRange *struct {
		From int64 `yaml:"from"`
		To   int64 `yaml:"to"`
	} `yaml:"relativeTimeRange"`
	Model map[string]any `yaml:"model"`
}

func (q alertQuery) isExpression() bool { return q.DatasourceUID == exprUID }

func (q alertQuery) str(key string) string {
	s, _ := q.Model[key].(string)
	return s
}

func alertFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(repoPath("provisioning", "alerting", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no alert rule file in provisioning/alerting")
	}
	return files
}

// loadRules reads every rule of every alert file, strictly: an unknown key is an error, as a
// misspelt key would be silently ignored by Grafana.
func loadRules(t *testing.T) []alertRule {
	t.Helper()
	var out []alertRule
	for _, f := range alertFiles(t) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var af alertFile
		dec := yaml.NewDecoder(strings.NewReader(string(raw)))
		dec.KnownFields(true)
		if err := dec.Decode(&af); err != nil {
			t.Fatalf("%s is not a valid alert provisioning file: %v", filepath.Base(f), err)
		}
		if af.APIVersion != 1 {
			t.Errorf("%s: apiVersion %d, want 1", filepath.Base(f), af.APIVersion)
		}
		for _, g := range af.Groups {
			if g.Name == "" || g.Folder == "" || g.Interval == "" || g.OrgID != 1 {
				t.Errorf("%s: group %q needs a name, a folder, an interval and orgId 1", filepath.Base(f), g.Name)
			}
			out = append(out, g.Rules...)
		}
	}
	return out
}
