package server

import (
	"encoding/json"
	"flag"
	"maps"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects/openapicheck"
)

var updateExpandSpec = flag.Bool("update-expand-spec", false, "rewrite expand_spec.json from the OpenAPI spec")

// The simulator's expand rule is the spec's: expand_spec.json is exactly what the OpenAPI spec
// stripe-mock embeds says for the served kinds, to Stripe's depth of four segments.
func TestExpandSpecIsTheSpecs(t *testing.T) {
	spec, err := openapicheck.Load()
	if err != nil {
		t.Fatal(err)
	}
	var roots []string
	for _, k := range servedKinds() {
		roots = append(roots, k.ObjectName())
	}
	want := expandSpecFile{Source: "x-expandableFields of stripe-mock's spec3.json, API " + spec.Version(),
		Schemas: spec.ExpandGraph(roots, maxExpandDepth)}
	if *updateExpandSpec {
		b, err := encodeExpandSpec(want)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("expand_spec.json", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !reflect.DeepEqual(expandSpec, want) {
		t.Fatalf("expand_spec.json is not the spec's expand rule (%s); regenerate it with -update-expand-spec and review the diff", want.Source)
	}
	for _, root := range roots {
		if _, ok := want.Schemas[root]; !ok {
			t.Errorf("the spec has no schema %q", root)
		}
	}
}

// encodeExpandSpec writes one schema per line, sorted, so that a new spec shows as a readable diff.
func encodeExpandSpec(f expandSpecFile) ([]byte, error) {
	src, err := json.Marshal(f.Source)
	if err != nil {
		return nil, err
	}
	b := []byte("{\"source\": " + string(src) + ",\n\"schemas\": {\n")
	names := slices.Sorted(maps.Keys(f.Schemas))
	for i, name := range names {
		k, _ := json.Marshal(name)
		v, err := json.Marshal(f.Schemas[name]) // maps marshal with sorted keys
		if err != nil {
			return nil, err
		}
		b = append(append(append(append(b, k...), ": "...), v...), ","[:min(1, len(names)-1-i)]+"\n"...)
	}
	return append(b, "}}\n"...), nil
}

// Every member the simulator knows how to expand, include or go through is one the spec lets an
// expand path name: the table of what the simulator does (typeDefs) stays within the rule.
func TestTypeDefsWithinTheSpec(t *testing.T) {
	var walk func(schemas []string, def *typeDef, path []string)
	walk = func(schemas []string, def *typeDef, path []string) {
		for name, f := range def.fields {
			p := append(append([]string{}, path...), name)
			var next []string
			found := false
			for _, s := range schemas {
				if targets, ok := expandSpec.Schemas[s][name]; ok {
					found = true
					next = append(next, targets...)
				}
			}
			if !found {
				t.Errorf("the simulator expands %v of %v, which the spec does not allow", p, schemas)
				continue
			}
			if f.kind == fNested {
				walk(next, f.nested, p)
			}
		}
	}
	for k, def := range typeDefs {
		walk([]string{k.ObjectName()}, def, nil)
	}
}
