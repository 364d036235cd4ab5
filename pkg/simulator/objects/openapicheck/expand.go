package openapicheck

import (
	"sort"
	"strings"
)

// ExpandGraph is Stripe's rule for expand[] paths, read from the spec: for each schema reachable
// from roots through at most depth-1 members, the members an expand path may name there
// (x-expandableFields) and, for each, the schemas the path goes on into (the objects an ID
// expands to, an embedded object, the items of an array or of a list's data). Embedded objects
// without a component of their own (list envelopes, mostly) are named "<schema>.<member>".
// A path is valid when each segment is a member of one of the schemas the previous segment led
// to; Stripe accepts naming a member that is always embedded (expanding it changes nothing).
func (s *Spec) ExpandGraph(roots []string, depth int) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	type node struct {
		name string
		sc   *schema
		d    int
	}
	var queue []node
	for _, r := range roots {
		if sc := s.main.Components.Schemas[r]; sc != nil {
			queue = append(queue, node{r, sc, 0})
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if _, seen := out[n.name]; seen {
			continue
		}
		fields := map[string][]string{}
		out[n.name] = fields
		for _, member := range n.sc.ExpandableFields {
			p := n.sc.Properties[member]
			if p == nil {
				continue
			}
			var targets []string
			for _, t := range s.targets(p, n.name+"."+member) {
				targets = append(targets, t.name)
				if n.d+1 < depth {
					queue = append(queue, node{t.name, t.sc, n.d + 1})
				}
			}
			sort.Strings(targets)
			fields[member] = dedupe(targets)
		}
	}
	return out
}

type namedSchema struct {
	name string
	sc   *schema
}

// targets are the schemas a member leads an expand path into.
func (s *Spec) targets(p *schema, inlineName string) []namedSchema {
	switch {
	case p.Ref != "":
		name := strings.TrimPrefix(p.Ref, "#/components/schemas/")
		if sc := s.main.Components.Schemas[name]; sc != nil {
			return []namedSchema{{name, sc}}
		}
		return nil
	case len(p.AnyOf) > 0:
		var out []namedSchema
		for _, b := range p.AnyOf {
			out = append(out, s.targets(b, inlineName)...)
		}
		return out
	case p.Items != nil:
		return s.targets(p.Items, inlineName)
	case len(p.Properties) > 0:
		return []namedSchema{{inlineName, p}}
	}
	return nil
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, v := range sorted {
		if i == 0 || v != sorted[i-1] {
			out = append(out, v)
		}
	}
	return out
}
