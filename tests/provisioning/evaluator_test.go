package provisioning_test

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// A hand-written evaluator of the server-side expressions the alert recipes use (Reduce, Math,
// Threshold), following Grafana's pkg/expr and pkg/services/ngalert/eval: it is the best check
// available without a Grafana server. Semantics kept on purpose:
//   - Reduce: dropNN drops null, NaN and ±Inf points and turns a NaN result into null; sum of
//     nothing is 0, mean/last of nothing NaN (null under dropNN); a number passes through.
//   - Math: items pair up by labels (equal, one a subset of the other, or one side unlabelled);
//     null in, null out; NaN propagates through every operator, comparisons included, except
//     that a left operand decides `a && b` when 0 and `a || b` when non-zero.
//   - Threshold is the Math comparison `$X > p` (gt) or `$X < p` (lt), ranges with && and ||.
//   - A condition value of null is NoData, 0 is Normal and anything else, NaN included, fires.

// item is one value of an expression result: a number (values has one entry) or a series.
type item struct {
	labels map[string]string
	values []*float64
	series bool
}

func (it item) number() *float64 {
	if len(it.values) == 0 {
		return nil
	}
	return it.values[0]
}

func num(labels map[string]string, v *float64) item {
	return item{labels: labels, values: []*float64{v}}
}

func f64(v float64) *float64 { return &v }

// state is an alert instance's evaluation state.
type state string

const (
	stateNormal   state = "Normal"
	stateAlerting state = "Alerting"
	stateNoData   state = "NoData"
)

func stateOf(v *float64) state {
	switch {
	case v == nil:
		return stateNoData
	case *v == 0:
		return stateNormal
	default:
		return stateAlerting
	}
}

// evaluate runs a rule's expressions over the results of its data queries (by refId) and
// returns every result by refId, data queries included.
func evaluate(rule alertRule, inputs map[string][]item) (map[string][]item, error) {
	vars := map[string][]item{}
	for k, v := range inputs {
		vars[k] = v
	}
	pending := map[string]alertQuery{}
	for _, q := range rule.Data {
		if q.isExpression() {
			pending[q.RefID] = q
		} else if _, ok := vars[q.RefID]; !ok {
			return nil, fmt.Errorf("no input for data query %s", q.RefID)
		}
	}
	for len(pending) > 0 {
		progressed := false
		for _, ref := range sortedKeys(pending) {
			q := pending[ref]
			deps, err := expressionRefs(q)
			if err != nil {
				return nil, err
			}
			ready := true
			for _, d := range deps {
				if _, ok := vars[d]; !ok {
					ready = false
				}
			}
			if !ready {
				continue
			}
			out, err := runExpression(q, vars)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", ref, err)
			}
			vars[ref] = out
			delete(pending, ref)
			progressed = true
		}
		if !progressed {
			return nil, fmt.Errorf("expressions %v reference missing refIds or each other in a cycle", sortedKeys(pending))
		}
	}
	return vars, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var mathVar = regexp.MustCompile(`\$\{?([A-Za-z0-9_]+)\}?`)

// expressionRefs lists the refIds an expression reads.
func expressionRefs(q alertQuery) ([]string, error) {
	switch q.str("type") {
	case "reduce", "threshold":
		if q.str("expression") == "" {
			return nil, fmt.Errorf("%s: %s without an input expression", q.RefID, q.str("type"))
		}
		return []string{q.str("expression")}, nil
	case "math":
		var out []string
		for _, m := range mathVar.FindAllStringSubmatch(q.str("expression"), -1) {
			out = append(out, m[1])
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%s: math %q reads no query", q.RefID, q.str("expression"))
		}
		return out, nil
	default:
		return nil, fmt.Errorf("%s: expression type %q is not one this evaluator knows (reduce, math, threshold)", q.RefID, q.str("type"))
	}
}

func runExpression(q alertQuery, vars map[string][]item) ([]item, error) {
	switch q.str("type") {
	case "reduce":
		mode := ""
		if s, ok := q.Model["settings"].(map[string]any); ok {
			mode, _ = s["mode"].(string)
		}
		return reduce(vars[q.str("expression")], q.str("reducer"), mode)
	case "math":
		node, err := parseMath(q.str("expression"))
		if err != nil {
			return nil, err
		}
		return node(vars)
	case "threshold":
		cond, err := thresholdCondition(q)
		if err != nil {
			return nil, err
		}
		node, err := parseMath(cond)
		if err != nil {
			return nil, err
		}
		return node(vars)
	}
	return nil, fmt.Errorf("unknown expression type %q", q.str("type"))
}

// thresholdCondition writes a Threshold expression as the Math comparison Grafana runs.
func thresholdCondition(q alertQuery) (string, error) {
	conds, _ := q.Model["conditions"].([]any)
	if len(conds) != 1 {
		return "", fmt.Errorf("threshold needs exactly one condition, has %d", len(conds))
	}
	c, _ := conds[0].(map[string]any)
	ev, _ := c["evaluator"].(map[string]any)
	typ, _ := ev["type"].(string)
	params, _ := ev["params"].([]any)
	p := make([]float64, len(params))
	for i, v := range params {
		switch n := v.(type) {
		case int:
			p[i] = float64(n)
		case float64:
			p[i] = n
		default:
			return "", fmt.Errorf("threshold parameter %v is not a number", v)
		}
	}
	x := "$" + q.str("expression")
	g := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	switch {
	case typ == "gt" && len(p) == 1:
		return x + " > " + g(p[0]), nil
	case typ == "lt" && len(p) == 1:
		return x + " < " + g(p[0]), nil
	case typ == "within_range" && len(p) == 2:
		return fmt.Sprintf("%s > %s && %s < %s", x, g(p[0]), x, g(p[1])), nil
	case typ == "outside_range" && len(p) == 2:
		return fmt.Sprintf("%s < %s || %s > %s", x, g(p[0]), x, g(p[1])), nil
	}
	return "", fmt.Errorf("threshold evaluator %q with %d parameters is not valid", typ, len(p))
}

func reduce(in []item, reducer, mode string) ([]item, error) {
	var out []item
	for _, it := range in {
		if !it.series { // a number is already reduced
			v := it.number()
			if mode == "dropNN" && (v == nil || math.IsNaN(*v) || math.IsInf(*v, 0)) {
				continue
			}
			out = append(out, num(it.labels, v))
			continue
		}
		var vals []*float64
		for _, v := range it.values {
			if mode == "dropNN" && (v == nil || math.IsNaN(*v) || math.IsInf(*v, 0)) {
				continue
			}
			vals = append(vals, v)
		}
		r, err := reduceValues(vals, reducer)
		if err != nil {
			return nil, err
		}
		if mode == "dropNN" && r != nil && math.IsNaN(*r) {
			r = nil
		}
		out = append(out, num(it.labels, r))
	}
	return out, nil
}

func reduceValues(vals []*float64, reducer string) (*float64, error) {
	nan := math.NaN()
	sum := func() float64 {
		s := 0.0
		for _, v := range vals {
			if v == nil || math.IsNaN(*v) {
				return nan
			}
			s += *v
		}
		return s
	}
	switch reducer {
	case "sum":
		return f64(sum()), nil
	case "mean":
		return f64(sum() / float64(len(vals))), nil
	case "count":
		return f64(float64(len(vals))), nil
	case "last":
		if len(vals) == 0 {
			return f64(nan), nil
		}
		return vals[len(vals)-1], nil
	case "min", "max":
		if len(vals) == 0 {
			return f64(nan), nil
		}
		var r float64
		for i, v := range vals {
			if v == nil || math.IsNaN(*v) {
				return f64(nan), nil
			}
			if i == 0 || (reducer == "min" && *v < r) || (reducer == "max" && *v > r) {
				r = *v
			}
		}
		return f64(r), nil
	}
	return nil, fmt.Errorf("reducer %q is not one of sum, mean, min, max, count, last", reducer)
}

// --- Math -------------------------------------------------------------------------------------

type mathNode func(vars map[string][]item) ([]item, error)

// parseMath parses the subset of Grafana's math language the recipes use: numbers, $VAR and
// ${VAR}, parentheses, abs(), unary - and !, * / %, + -, comparisons, && and ||.
func parseMath(src string) (mathNode, error) {
	p := &mathParser{toks: tokenize(src)}
	n, err := p.or()
	if err != nil {
		return nil, fmt.Errorf("math %q: %w", src, err)
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("math %q: unexpected %q", src, p.toks[p.pos])
	}
	return n, nil
}

func tokenize(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		c := rune(s[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '$':
			j := i + 1
			if j < len(s) && s[j] == '{' {
				j = strings.IndexByte(s[i:], '}') + i + 1
			} else {
				for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || s[j] == '_') {
					j++
				}
			}
			toks = append(toks, s[i:j])
			i = j
		case unicode.IsDigit(c) || c == '.':
			j := i
			for j < len(s) && (unicode.IsDigit(rune(s[j])) || s[j] == '.' || s[j] == 'e') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		case unicode.IsLetter(c):
			j := i
			for j < len(s) && unicode.IsLetter(rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			if i+1 < len(s) && strings.Contains("&& || == != >= <=", s[i:i+2]) {
				toks = append(toks, s[i:i+2])
				i += 2
			} else {
				toks = append(toks, s[i:i+1])
				i++
			}
		}
	}
	return toks
}

type mathParser struct {
	toks []string
	pos  int
}

func (p *mathParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

// binaryLevel parses left-associative operators of one precedence level.
func (p *mathParser) binaryLevel(ops []string, next func() (mathNode, error)) (mathNode, error) {
	left, err := next()
	if err != nil {
		return nil, err
	}
	for contains(ops, p.peek()) {
		op := p.toks[p.pos]
		p.pos++
		right, err := next()
		if err != nil {
			return nil, err
		}
		left = binaryNode(op, left, right)
	}
	return left, nil
}

func (p *mathParser) or() (mathNode, error)  { return p.binaryLevel([]string{"||"}, p.and) }
func (p *mathParser) and() (mathNode, error) { return p.binaryLevel([]string{"&&"}, p.cmp) }
func (p *mathParser) cmp() (mathNode, error) {
	return p.binaryLevel([]string{"==", "!=", ">", "<", ">=", "<="}, p.add)
}
func (p *mathParser) add() (mathNode, error) { return p.binaryLevel([]string{"+", "-"}, p.mul) }
func (p *mathParser) mul() (mathNode, error) { return p.binaryLevel([]string{"*", "/", "%"}, p.unary) }

func (p *mathParser) unary() (mathNode, error) {
	if op := p.peek(); op == "-" || op == "!" {
		p.pos++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return mapNode(x, func(v float64) float64 {
			if op == "-" {
				return -v
			}
			return boolFloat(v == 0)
		}), nil
	}
	return p.primary()
}

func (p *mathParser) primary() (mathNode, error) {
	tok := p.peek()
	p.pos++
	switch {
	case tok == "(":
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("missing )")
		}
		p.pos++
		return n, nil
	case tok == "abs":
		if p.peek() != "(" {
			return nil, fmt.Errorf("abs without (")
		}
		x, err := p.primary()
		if err != nil {
			return nil, err
		}
		return mapNode(x, math.Abs), nil
	case strings.HasPrefix(tok, "$"):
		name := strings.Trim(tok, "${}")
		return func(vars map[string][]item) ([]item, error) {
			v, ok := vars[name]
			if !ok {
				return nil, fmt.Errorf("$%s is not a refId of the rule", name)
			}
			for _, it := range v {
				if it.series {
					return nil, fmt.Errorf("$%s is a series; the recipes do Math on reduced numbers only", name)
				}
			}
			return v, nil
		}, nil
	default:
		f, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			return nil, fmt.Errorf("unexpected %q", tok)
		}
		return func(map[string][]item) ([]item, error) { return []item{{values: []*float64{&f}}}, nil }, nil
	}
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func mapNode(x mathNode, f func(float64) float64) mathNode {
	return func(vars map[string][]item) ([]item, error) {
		in, err := x(vars)
		if err != nil {
			return nil, err
		}
		out := make([]item, len(in))
		for i, it := range in {
			v := it.number()
			if v != nil {
				v = f64(f(*v))
			}
			out[i] = num(it.labels, v)
		}
		return out, nil
	}
}

func binaryNode(op string, left, right mathNode) mathNode {
	return func(vars map[string][]item) ([]item, error) {
		a, err := left(vars)
		if err != nil {
			return nil, err
		}
		b, err := right(vars)
		if err != nil {
			return nil, err
		}
		var out []item
		for _, u := range union(a, b) {
			x, y := u.a.number(), u.b.number()
			if x == nil || y == nil {
				out = append(out, num(u.labels, nil))
				continue
			}
			out = append(out, num(u.labels, f64(binaryOp(op, *x, *y))))
		}
		return out, nil
	}
}

type pair struct {
	labels map[string]string
	a, b   item
}

// union pairs items of two results the way Grafana's Math does.
func union(as, bs []item) []pair {
	var out []pair
	for _, a := range as {
		for _, b := range bs {
			switch {
			case labelsEqual(a.labels, b.labels) || len(a.labels) == 0 || len(b.labels) == 0:
				l := a.labels
				if len(l) == 0 {
					l = b.labels
				}
				out = append(out, pair{l, a, b})
			case len(a.labels) == len(b.labels):
			case labelsContain(a.labels, b.labels):
				out = append(out, pair{a.labels, a, b})
			case labelsContain(b.labels, a.labels):
				out = append(out, pair{b.labels, a, b})
			}
		}
	}
	if len(out) == 0 && len(as) == 1 && len(bs) == 1 {
		out = append(out, pair{nil, as[0], bs[0]})
	}
	return out
}

func labelsEqual(a, b map[string]string) bool {
	return len(a) == len(b) && labelsContain(a, b)
}

func labelsContain(big, small map[string]string) bool {
	for k, v := range small {
		if big[k] != v {
			return false
		}
	}
	return true
}

// binaryOp is Grafana's: && and || short-circuit on the left operand, then NaN propagates.
func binaryOp(op string, a, b float64) float64 {
	switch {
	case op == "||" && a != 0:
		return 1
	case op == "&&" && a == 0:
		return 0
	}
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.NaN()
	}
	switch op {
	case "+":
		return a + b
	case "-":
		return a - b
	case "*":
		return a * b
	case "/":
		return a / b
	case "%":
		return math.Mod(a, b)
	case "==":
		return boolFloat(a == b)
	case "!=":
		return boolFloat(a != b)
	case ">":
		return boolFloat(a > b)
	case "<":
		return boolFloat(a < b)
	case ">=":
		return boolFloat(a >= b)
	case "<=":
		return boolFloat(a <= b)
	case "&&":
		return boolFloat(b != 0)
	case "||":
		return boolFloat(b != 0)
	}
	return math.NaN()
}
