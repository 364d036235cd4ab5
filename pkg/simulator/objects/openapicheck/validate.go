package openapicheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Problem is one way a document departs from its schema, at a JSON path like
// "data[3].outcome.type".
type Problem struct {
	Path    string
	Message string
}

func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// ValidateComponent checks doc against components.schemas[name] (for example "charge").
// The error is for a document that is not JSON or an unknown schema name; departures from the
// schema are returned as problems, sorted by path.
func (s *Spec) ValidateComponent(name string, doc []byte) ([]Problem, error) {
	sc := s.main.Components.Schemas[name]
	if sc == nil {
		return nil, fmt.Errorf("openapicheck: no component schema %q", name)
	}
	v, err := decode(doc)
	if err != nil {
		return nil, err
	}
	c := &checker{s: s, doc: s.main}
	c.component("", v, name)
	return c.sorted(), nil
}

// ValidateResponse checks a response body against the spec's schema for that operation and
// status (falling back to the "default" response, which is the error envelope).
// pathTemplate is the spec's path, for example "/v1/charges/{charge}".
func (s *Spec) ValidateResponse(method, pathTemplate string, status int, body []byte) ([]Problem, error) {
	ops, ok := s.main.Paths[pathTemplate]
	if !ok {
		return nil, fmt.Errorf("openapicheck: no path %q in the spec", pathTemplate)
	}
	op, ok := ops[strings.ToLower(method)]
	if !ok {
		return nil, fmt.Errorf("openapicheck: no %s operation on %q", method, pathTemplate)
	}
	resp, ok := op.Responses[strconv.Itoa(status)]
	if !ok {
		resp, ok = op.Responses["default"]
	}
	if !ok {
		return nil, fmt.Errorf("openapicheck: no response %d for %s %s", status, method, pathTemplate)
	}
	content, ok := resp.Content["application/json"]
	if !ok || content.Schema == nil {
		return nil, fmt.Errorf("openapicheck: no JSON schema for %d on %s %s", status, method, pathTemplate)
	}
	v, err := decode(body)
	if err != nil {
		return nil, err
	}
	c := &checker{s: s, doc: s.main}
	c.value("", v, content.Schema, "")
	return c.sorted(), nil
}

func decode(doc []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber() // keeps 2900 and 29.5 apart for integer checks
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("openapicheck: not JSON: %w", err)
	}
	if d.More() {
		return nil, fmt.Errorf("openapicheck: trailing data after the JSON value")
	}
	return v, nil
}

type checker struct {
	s        *Spec
	doc      *document
	problems []Problem
}

func (c *checker) add(path, format string, args ...any) {
	c.problems = append(c.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) sorted() []Problem {
	sort.SliceStable(c.problems, func(i, j int) bool { return c.problems[i].Path < c.problems[j].Path })
	return c.problems
}

func refName(ref string) string { return strings.TrimPrefix(ref, "#/components/schemas/") }

// component validates v against a named component schema, with that component's effective
// required set.
func (c *checker) component(path string, v any, name string) {
	sc := c.doc.Components.Schemas[name]
	if sc == nil {
		c.add(path, "schema references unknown component %q", name)
		return
	}
	c.check(path, v, sc, name)
}

// value validates v against an arbitrary schema node.
func (c *checker) value(path string, v any, sc *schema, _ string) {
	if sc.Ref != "" {
		if v == nil {
			c.add(path, "null is not allowed (%s)", refName(sc.Ref))
			return
		}
		c.component(path, v, refName(sc.Ref))
		return
	}
	c.check(path, v, sc, "")
}

// check validates v against sc; component is set when sc is the named component schema itself.
func (c *checker) check(path string, v any, sc *schema, component string) {
	if v == nil {
		if !sc.Nullable {
			c.add(path, "null is not allowed")
		}
		return
	}
	if len(sc.AnyOf) > 0 {
		c.anyOf(path, v, sc)
		return
	}
	switch sc.Type {
	case "string":
		s, ok := v.(string)
		if !ok {
			c.add(path, "want a string, got %s", jsonKind(v))
			return
		}
		c.stringFormat(path, s, sc)
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			c.add(path, "want an integer, got %s", jsonKind(v))
			return
		}
		if _, err := strconv.ParseInt(string(n), 10, 64); err != nil {
			c.add(path, "want an integer, got %s", n)
		}
	case "number":
		if _, ok := v.(json.Number); !ok {
			c.add(path, "want a number, got %s", jsonKind(v))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			c.add(path, "want a boolean, got %s", jsonKind(v))
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			c.add(path, "want an array, got %s", jsonKind(v))
			return
		}
		if sc.Items != nil {
			for i, el := range arr {
				c.value(fmt.Sprintf("%s[%d]", path, i), el, sc.Items, "")
			}
		}
	case "object", "":
		obj, ok := v.(map[string]any)
		if !ok {
			if sc.Type == "object" {
				c.add(path, "want an object, got %s", jsonKind(v))
			}
			return
		}
		c.object(path, obj, sc, component)
	default:
		c.add(path, "schema type %q is not supported by this validator", sc.Type)
	}
	if len(sc.Enum) > 0 && !slices.ContainsFunc(sc.Enum, func(e any) bool { return enumEqual(e, v) }) {
		c.add(path, "value %v is not one of the enum %v", v, sc.Enum)
	}
}

func (c *checker) stringFormat(path, s string, sc *schema) {
	if sc.pattern != nil && !sc.pattern.MatchString(s) {
		c.add(path, "%q does not match the pattern %s", s, sc.Pattern)
	}
	switch sc.Format {
	case "currency":
		if !currencyRE.MatchString(s) {
			c.add(path, "%q is not a lowercase ISO currency code", s)
		}
	case "decimal":
		if !decimalRE.MatchString(s) {
			c.add(path, "%q is not a decimal string", s)
		}
	}
}

var (
	currencyRE = regexp.MustCompile(`^[a-z]{3}$`)
	decimalRE  = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
)

func (c *checker) object(path string, obj map[string]any, sc *schema, component string) {
	if sc.Properties == nil && sc.additional == nil && !sc.anyExtra {
		// A free-form object (the spec declares no members, e.g. an empty hash): nothing to check.
		return
	}
	required := map[string]bool{}
	if component != "" && c.doc == c.s.main {
		required = c.s.required[component]
	} else {
		for _, r := range sc.Required {
			required[r] = true
		}
	}
	for _, r := range sortedKeys(required) {
		if _, ok := obj[r]; !ok {
			c.add(join(path, r), "required member is missing")
		}
	}
	for _, k := range sortedKeys(obj) {
		p := join(path, k)
		if prop := sc.Properties[k]; prop != nil {
			c.value(p, obj[k], prop, "")
			continue
		}
		if sc.additional != nil {
			c.value(p, obj[k], sc.additional, "")
			continue
		}
		if sc.anyExtra {
			continue
		}
		if component != "" && DeprecatedSent[component+"."+k] {
			c.deprecated(p, obj[k], component, k)
			continue
		}
		c.add(p, "unknown member (not in the %s schema)", schemaLabel(component, sc))
	}
}

// deprecated validates a DeprecatedSent member against the SDK spec's definition of it.
func (c *checker) deprecated(path string, v any, component, member string) {
	sdkComp := c.s.sdk.Components.Schemas[component]
	if sdkComp == nil || sdkComp.Properties[member] == nil {
		c.add(path, "deprecated member is not defined in the SDK spec either")
		return
	}
	sub := &checker{s: c.s, doc: c.s.sdk}
	sub.value(path, v, sdkComp.Properties[member], "")
	c.problems = append(c.problems, sub.problems...)
}

// anyOf accepts v when one branch accepts it. Otherwise it reports the problems of the branch v
// most plausibly meant: the string branch for a string (an unexpanded ID), the branch whose
// "object" name matches for an object.
func (c *checker) anyOf(path string, v any, sc *schema) {
	var best []Problem
	for _, br := range sc.AnyOf {
		sub := &checker{s: c.s, doc: c.doc}
		sub.value(path, v, br, "")
		if len(sub.problems) == 0 {
			return
		}
		if best == nil || c.plausible(br, v) {
			best = sub.problems
		}
	}
	c.add(path, "matches none of the %d anyOf alternatives", len(sc.AnyOf))
	c.problems = append(c.problems, best...)
}

func (c *checker) plausible(br *schema, v any) bool {
	switch x := v.(type) {
	case string:
		return br.Type == "string"
	case map[string]any:
		name, _ := x["object"].(string)
		return br.Ref != "" && name != "" && strings.ReplaceAll(refName(br.Ref), ".", "_") == strings.ReplaceAll(name, ".", "_")
	}
	return false
}

func schemaLabel(component string, sc *schema) string {
	if component != "" {
		return component
	}
	if sc.Title != "" {
		return sc.Title
	}
	return "inline"
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func enumEqual(e, v any) bool {
	switch ev := e.(type) {
	case string:
		s, ok := v.(string)
		return ok && s == ev
	case bool:
		b, ok := v.(bool)
		return ok && b == ev
	case float64:
		n, ok := v.(json.Number)
		f, err := n.Float64()
		return ok && err == nil && f == ev
	}
	return false
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("string %q", x)
	case json.Number:
		return "number " + string(x)
	case bool:
		return fmt.Sprintf("boolean %v", x)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
