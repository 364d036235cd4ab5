// Package catalog exposes catalog.json, the single list of metrics, groups, options, Stripe
// resources and permissions. The query and config editors import the same file, so the backend
// and the browser can never disagree about what a metric is or what it needs.
package catalog

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
)

//go:embed catalog.json
var raw []byte

// Resource is a Stripe resource the plugin reads and the permission a restricted key needs for it.
type Resource struct {
	ID         string `json:"id"`
	Label      string `json:"label"`
	Path       string `json:"path"`
	Permission string `json:"permission"`
}

// Group is an area of the query editor and a line of the Save & test permission matrix.
type Group struct {
	ID          string   `json:"id"`
	Label       string   `json:"label"`
	Description string   `json:"description"`
	Resources   []string `json:"resources"`
}

// Metric is one query the plugin answers.
type Metric struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Group    string `json:"group"`
	Kind     string `json:"kind"`     // timeseries, numeric or table
	Unit     string `json:"unit"`     // currency, count, percent or none
	Resource string `json:"resource"` // empty: needs no Stripe call (the plugin's own counters)
	// Reads are the other resources the metric needs beyond its group's and Resource (revenue by
	// product reads invoices, charges and refunds).
	Reads       []string `json:"reads,omitempty"`
	Description string   `json:"description"`
	Computation string   `json:"computation"`
	Options     []string `json:"options"`
	// Defaults are this metric's defaults of options whose default differs from the option's
	// own (top customers: 10 rather than 5).
	Defaults map[string]string `json:"defaults,omitempty"`
	// AlertWith, for a table, are the series or numbers an alert rule should query instead:
	// Grafana's alerting reads wide series and numbers, not tables.
	AlertWith []string `json:"alertWith,omitempty"`
}

// Option is a query option: its id is the query field that holds its value.
type Option struct {
	Label       string   `json:"label"`
	Description string   `json:"description"`
	Type        string   `json:"type,omitempty"` // text, number or list when there are no values
	Values      []Choice `json:"values,omitempty"`
	Default     string   `json:"default,omitempty"`
}

// Choice is one value a choice option may take.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Variable is a list a template variable query returns.
type Variable struct {
	ID          string   `json:"id"`
	Label       string   `json:"label"`
	Description string   `json:"description"`
	Resource    string   `json:"resource"` // empty: needs no Stripe call
	Options     []string `json:"options"`
}

// Annotation is a kind of event an annotation query marks on time series panels.
type Annotation struct {
	ID          string   `json:"id"`
	Label       string   `json:"label"`
	Description string   `json:"description"`
	Resource    string   `json:"resource"`
	Options     []string `json:"options"`
}

// Kinds of metric result, matching the data-plane frame types the plugin returns.
const (
	KindTimeSeries = "timeseries"
	KindNumeric    = "numeric"
	KindTable      = "table"
)

// Catalog is the parsed catalog.json.
type Catalog struct {
	Resources []Resource        `json:"resources"`
	Groups    []Group           `json:"groups"`
	Options   map[string]Option `json:"options"`
	Metrics   []Metric          `json:"metrics"`
	// Variables are the lists a dashboard variable can query; Annotations the event kinds an
	// annotation query can show.
	Variables   []Variable   `json:"variables"`
	Annotations []Annotation `json:"annotations"`

	resources map[string]Resource
	metrics   map[string]Metric
}

var loaded = mustLoad()

func mustLoad() *Catalog {
	c, err := parse(raw)
	if err != nil {
		// catalog.json ships inside the binary; a broken one must fail the build's tests, not a query.
		panic(err)
	}
	return c
}

func parse(b []byte) (*Catalog, error) {
	var c Catalog
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("catalog.json: %w", err)
	}
	c.resources = map[string]Resource{}
	for _, r := range c.Resources {
		c.resources[r.ID] = r
	}
	groups := map[string]bool{}
	for _, g := range c.Groups {
		groups[g.ID] = true
		for _, r := range g.Resources {
			if _, ok := c.resources[r]; !ok {
				return nil, fmt.Errorf("catalog.json: group %q names unknown resource %q", g.ID, r)
			}
		}
	}
	c.metrics = map[string]Metric{}
	for _, m := range c.Metrics {
		if _, dup := c.metrics[m.ID]; dup {
			return nil, fmt.Errorf("catalog.json: metric %q listed twice", m.ID)
		}
		if !groups[m.Group] {
			return nil, fmt.Errorf("catalog.json: metric %q names unknown group %q", m.ID, m.Group)
		}
		if _, ok := c.resources[m.Resource]; !ok && m.Resource != "" {
			return nil, fmt.Errorf("catalog.json: metric %q names unknown resource %q", m.ID, m.Resource)
		}
		for _, r := range m.Reads {
			if _, ok := c.resources[r]; !ok {
				return nil, fmt.Errorf("catalog.json: metric %q reads unknown resource %q", m.ID, r)
			}
		}
		switch m.Kind {
		case KindTimeSeries, KindNumeric, KindTable:
		default:
			return nil, fmt.Errorf("catalog.json: metric %q has unknown kind %q", m.ID, m.Kind)
		}
		for _, o := range m.Options {
			if _, ok := c.Options[o]; !ok {
				return nil, fmt.Errorf("catalog.json: metric %q names unknown option %q", m.ID, o)
			}
		}
		for o := range m.Defaults {
			if !slices.Contains(m.Options, o) {
				return nil, fmt.Errorf("catalog.json: metric %q has a default for %q, which it does not take", m.ID, o)
			}
		}
		c.metrics[m.ID] = m
	}
	for _, m := range c.Metrics {
		if m.Kind == KindTable && len(m.AlertWith) == 0 {
			return nil, fmt.Errorf("catalog.json: table %q names no series or number to alert with (alertWith)", m.ID)
		}
		for _, a := range m.AlertWith {
			if am, ok := c.metrics[a]; !ok || am.Kind == KindTable {
				return nil, fmt.Errorf("catalog.json: metric %q: alertWith %q is not a series or number metric", m.ID, a)
			}
		}
	}
	for _, v := range c.Variables {
		if _, ok := c.resources[v.Resource]; v.Resource != "" && !ok {
			return nil, fmt.Errorf("catalog.json: variable %q names unknown resource %q", v.ID, v.Resource)
		}
		for _, o := range v.Options {
			if _, ok := c.Options[o]; !ok {
				return nil, fmt.Errorf("catalog.json: variable %q names unknown option %q", v.ID, o)
			}
		}
	}
	for _, a := range c.Annotations {
		if _, ok := c.resources[a.Resource]; !ok {
			return nil, fmt.Errorf("catalog.json: annotation %q names unknown resource %q", a.ID, a.Resource)
		}
		for _, o := range a.Options {
			if _, ok := c.Options[o]; !ok {
				return nil, fmt.Errorf("catalog.json: annotation %q names unknown option %q", a.ID, o)
			}
		}
	}
	return &c, nil
}

// Variable looks a variable list up by id.
func (c *Catalog) Variable(id string) (Variable, bool) {
	for _, v := range c.Variables {
		if v.ID == id {
			return v, true
		}
	}
	return Variable{}, false
}

// VariableIDs lists the variable lists in catalog order, for error messages.
func (c *Catalog) VariableIDs() []string {
	ids := make([]string, len(c.Variables))
	for i, v := range c.Variables {
		ids[i] = v.ID
	}
	return ids
}

// AnnotationIDs lists the annotation kinds in catalog order, for error messages.
func (c *Catalog) AnnotationIDs() []string {
	ids := make([]string, len(c.Annotations))
	for i, a := range c.Annotations {
		ids[i] = a.ID
	}
	return ids
}

// AnnotationKind looks an annotation kind up by id.
func (c *Catalog) AnnotationKind(id string) (Annotation, bool) {
	for _, a := range c.Annotations {
		if a.ID == id {
			return a, true
		}
	}
	return Annotation{}, false
}

// Get returns the catalog.
func Get() *Catalog { return loaded }

// Raw returns catalog.json as shipped, for the resource endpoint that serves it.
func Raw() []byte { return raw }

// Permissions are the read permissions a metric needs: its resource's, then its reads', once each.
func (c *Catalog) Permissions(m Metric) []string {
	var out []string
	for _, r := range append([]string{m.Resource}, m.Reads...) {
		if p := c.resources[r].Permission; p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// Metric looks a metric up by id.
func (c *Catalog) Metric(id string) (Metric, bool) {
	m, ok := c.metrics[id]
	return m, ok
}

// Resource looks a resource up by id.
func (c *Catalog) Resource(id string) (Resource, bool) {
	r, ok := c.resources[id]
	return r, ok
}

// MetricIDs lists metric ids in a stable order, for error messages.
func (c *Catalog) MetricIDs() []string {
	ids := make([]string, 0, len(c.metrics))
	for id := range c.metrics {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Takes says whether a metric accepts an option.
func (m Metric) Takes(option string) bool {
	for _, o := range m.Options {
		if o == option {
			return true
		}
	}
	return false
}
