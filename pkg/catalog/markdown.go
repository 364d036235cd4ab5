package catalog

import (
	"fmt"
	"sort"
	"strings"
)

// MetricTable renders the metric reference of the README from the catalog, so the documentation
// cannot drift from what the plugin answers (TestReadmeMetricTable keeps README.md in step).
func (c *Catalog) MetricTable() string {
	groups := map[string]string{}
	for _, g := range c.Groups {
		groups[g.ID] = g.Label
	}
	var b strings.Builder
	b.WriteString("| id | group | kind | what it shows | how it is computed | options | permission |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, m := range c.Metrics {
		perm := "none"
		if ps := c.Permissions(m); len(ps) > 0 {
			perm = "`" + strings.Join(ps, "`, `") + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s |\n", m.ID, groups[m.Group], m.Kind,
			cell(m.Description), cell(m.Computation), strings.Join(m.Options, ", "), perm)
	}
	return b.String()
}

// OptionTable renders the README's table of query options, in the order metrics first name them.
func (c *Catalog) OptionTable() string {
	var b strings.Builder
	b.WriteString("| field | values | default | meaning |\n|---|---|---|---|\n")
	for _, id := range c.optionOrder() {
		o := c.Options[id]
		values := o.Type
		if len(o.Values) > 0 {
			vs := make([]string, len(o.Values))
			for i, v := range o.Values {
				vs[i] = "`" + v.Value + "`"
			}
			values = strings.Join(vs, " \\| ")
		}
		def := "—"
		if o.Default != "" {
			def = "`" + o.Default + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", id, values, def, cell(o.Description))
	}
	return b.String()
}

// optionOrder lists option ids in the order metrics first name them, then any unused ones sorted.
func (c *Catalog) optionOrder() []string {
	var order []string
	seen := map[string]bool{}
	for _, m := range c.Metrics {
		for _, o := range m.Options {
			if !seen[o] {
				seen[o] = true
				order = append(order, o)
			}
		}
	}
	var rest []string
	for id := range c.Options {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	return append(order, rest...)
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// PermissionTable renders the README's table of the read permissions each metric group needs.
func (c *Catalog) PermissionTable() string {
	resources := map[string]Resource{}
	for _, r := range c.Resources {
		resources[r.ID] = r
	}
	var b strings.Builder
	b.WriteString("| Metric group | Stripe permissions (Read) |\n|---|---|\n")
	for _, g := range c.Groups {
		perms := make([]string, 0, len(g.Resources))
		for _, r := range g.Resources {
			perms = append(perms, fmt.Sprintf("`%s` (%s)", resources[r].Permission, resources[r].Label))
		}
		if len(perms) == 0 {
			perms = append(perms, "none (counted by the plugin, no Stripe call)")
		}
		fmt.Fprintf(&b, "| %s | %s |\n", g.Label, strings.Join(perms, ", "))
	}
	for _, m := range c.Metrics {
		if len(m.Reads) == 0 {
			continue
		}
		perms := make([]string, 0, 1+len(m.Reads))
		for _, r := range append([]string{m.Resource}, m.Reads...) {
			perms = append(perms, fmt.Sprintf("`%s` (%s)", resources[r].Permission, resources[r].Label))
		}
		fmt.Fprintf(&b, "| %s: %s | %s |\n", groupLabel(c, m.Group), m.Label, strings.Join(perms, ", "))
	}
	for _, a := range c.Annotations {
		r := resources[a.Resource]
		fmt.Fprintf(&b, "| Annotations: %s | `%s` (%s) |\n", a.Label, r.Permission, r.Label)
	}
	return b.String()
}

func groupLabel(c *Catalog, id string) string {
	for _, g := range c.Groups {
		if g.ID == id {
			return g.Label
		}
	}
	return id
}

// VariableTable renders the README's table of the lists a template variable query can ask for.
func (c *Catalog) VariableTable() string {
	var b strings.Builder
	b.WriteString("| `variable` | name | lists |\n|---|---|---|\n")
	for _, v := range c.Variables {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", v.ID, v.Label, cell(v.Description))
	}
	return b.String()
}

// AnnotationTable renders the README's table of the kinds of events an annotation query marks.
func (c *Catalog) AnnotationTable() string {
	var b strings.Builder
	b.WriteString("| `annotation` | name | marks | options |\n|---|---|---|---|\n")
	for _, a := range c.Annotations {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", a.ID, a.Label, cell(a.Description), strings.Join(a.Options, ", "))
	}
	return b.String()
}
