package source

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// RefKind says what a reference points at.
type RefKind uint8

const (
	ResourceRef  RefKind = iota // aws_iam_user.svc
	DataRef                     // data.aws_iam_policy_document.x
	ModuleRef                   // module.m
	VarRef                      // var.x
	LocalRef                    // local.x
	EachRef                     // each.key, each.value
	CountRef                    // count.index
	SelfRef                     // self
	PathRef                     // path.module, path.root, path.cwd
	TerraformRef                // terraform.workspace
	OtherRef                    // anything else (an incomplete or unknown reference)
)

// KeyKind classifies an index.
type KeyKind uint8

const (
	KeyNone   KeyKind = iota // no index
	KeyString                // ["name"]
	KeyInt                   // [0]
	KeyEach                  // [each.key]
	KeyCount                 // [count.index]
	KeySplat                 // [*] (or the legacy .*)
	KeyExpr                  // any other expression: [each.value.name], [local.k], [k]
)

// Key is an index: an instance key after a resource, data source or module
// call, or an index inside an attribute path.
type Key struct {
	Kind   KeyKind
	String string // KeyString
	Int    int64  // KeyInt
	// Expr is the index expression for KeyEach, KeyCount and KeyExpr; nil otherwise.
	Expr hcl.Expression
	text string
}

// Text renders the key as it goes between brackets: `"svc-01"`, `0`, `each.key`, `*`.
func (k Key) Text() string {
	switch k.Kind {
	case KeyString:
		return hclQuote(k.String)
	case KeyInt:
		return strconv.FormatInt(k.Int, 10)
	case KeyEach:
		return "each.key"
	case KeyCount:
		return "count.index"
	case KeySplat:
		return "*"
	}
	return k.text
}

// Step is one element of an attribute path: an attribute name or an index.
type Step struct {
	Name string // attribute name; "" when the step is an index
	Key  Key    // the index when Name is ""
}

// Reference is one reference an expression makes.
type Reference struct {
	Kind RefKind
	// Subject is the referenced object: "aws_iam_user.svc", "data.t.n", "module.m",
	// "var.x", "local.x", "each.key", "each.value", "count.index", "self",
	// "path.module", "terraform.workspace".
	Subject string
	// Key is the instance key of a resource, data source or module call
	// (Kind KeyNone when there is none). Other subjects never take one: an index
	// after `var.x` is part of Path.
	Key Key
	// Path is what follows the subject and key: `.name`, `.tags["owner"]`.
	Path []Step
	// Range covers the whole reference, key and path included.
	Range hcl.Range

	rootName string
}

func (r Reference) root() string { return r.rootName }

// Instance renders the subject with its key: `aws_iam_user.svc[each.key]`.
func (r Reference) Instance() string {
	if r.Key.Kind == KeyNone {
		return r.Subject
	}
	return r.Subject + "[" + r.Key.Text() + "]"
}

// PathString renders Path: `.name`, `[0].arn`; "" when empty.
func (r Reference) PathString() string { return stepsString(r.Path) }

// String renders the normalised reference: `aws_iam_user.svc[each.key].name`.
func (r Reference) String() string { return r.Instance() + r.PathString() }

func stepsString(steps []Step) string {
	var b strings.Builder
	for _, s := range steps {
		if s.Name != "" {
			b.WriteByte('.')
			b.WriteString(s.Name)
		} else {
			b.WriteByte('[')
			b.WriteString(s.Key.Text())
			b.WriteByte(']')
		}
	}
	return b.String()
}

// References lists the references an expression makes, in source order. Native
// syntax is walked in full: function calls, templates, conditionals, for
// expressions (their iterator symbols are not references) and splats, keeping
// dynamic instance keys (`aws_iam_user.svc[each.key].name` is one reference with
// Key each.key, plus a separate `each.key` reference for the key itself). For
// JSON expressions only static traversals are available, so dynamic keys are lost
// there.
func References(expr hcl.Expression) []Reference {
	if expr == nil {
		return nil
	}
	if n, ok := expr.(hclsyntax.Expression); ok {
		w := &refWalker{}
		hclsyntax.Walk(n, w)
		slices.SortStableFunc(w.refs, func(a, b Reference) int { return a.Range.Start.Byte - b.Range.Start.Byte })
		return w.refs
	}
	var out []Reference
	for _, t := range expr.Variables() {
		out = append(out, classify(t.RootName(), stepsFromTraversal(t[1:]), t.SourceRange()))
	}
	return out
}

type refWalker struct {
	stack []hclsyntax.Node
	refs  []Reference
}

func (w *refWalker) Enter(n hclsyntax.Node) hcl.Diagnostics {
	w.stack = append(w.stack, n)
	if ste, ok := n.(*hclsyntax.ScopeTraversalExpr); ok {
		if ref, ok := w.chain(ste); ok {
			w.refs = append(w.refs, ref)
		}
	}
	return nil
}

func (w *refWalker) Exit(hclsyntax.Node) hcl.Diagnostics {
	w.stack = w.stack[:len(w.stack)-1]
	return nil
}

// chain extends the traversal at the top of the stack through the index,
// attribute and splat expressions that apply to it.
func (w *refWalker) chain(ste *hclsyntax.ScopeTraversalExpr) (Reference, bool) {
	root := ste.Traversal.RootName()
	last := len(w.stack) - 1
	for i := last - 1; i >= 0; i-- {
		if fe, ok := w.stack[i].(*hclsyntax.ForExpr); ok && (fe.KeyVar == root || fe.ValVar == root) &&
			w.stack[i+1] != hclsyntax.Node(fe.CollExpr) {
			return Reference{}, false // an iterator symbol of an enclosing for expression
		}
	}
	steps := stepsFromTraversal(ste.Traversal[1:])
	var top hclsyntax.Node = ste
chain:
	for i := last - 1; i >= 0; i-- {
		switch p := w.stack[i].(type) {
		case *hclsyntax.IndexExpr:
			if hclsyntax.Node(p.Collection) != top {
				break chain
			}
			steps = append(steps, Step{Key: keyFor(p.Key)})
		case *hclsyntax.RelativeTraversalExpr:
			if hclsyntax.Node(p.Source) != top {
				break chain
			}
			steps = append(steps, stepsFromTraversal(p.Traversal)...)
		case *hclsyntax.SplatExpr:
			if hclsyntax.Node(p.Source) != top {
				break chain
			}
			steps = append(steps, Step{Key: Key{Kind: KeySplat}})
			steps = append(steps, splatEachSteps(p.Each)...)
		default:
			break chain
		}
		top = w.stack[i]
	}
	return classify(root, steps, top.Range()), true
}

// splatEachSteps flattens the per-element part of a splat (`[*].name[0]`); it
// stops at anything more complex than attributes and indexes.
func splatEachSteps(e hclsyntax.Expression) []Step {
	switch e := e.(type) {
	case *hclsyntax.RelativeTraversalExpr:
		return append(splatEachSteps(e.Source), stepsFromTraversal(e.Traversal)...)
	case *hclsyntax.IndexExpr:
		return append(splatEachSteps(e.Collection), Step{Key: keyFor(e.Key)})
	}
	return nil
}

func stepsFromTraversal(t hcl.Traversal) []Step {
	out := make([]Step, 0, len(t))
	for _, tr := range t {
		switch tr := tr.(type) {
		case hcl.TraverseAttr:
			out = append(out, Step{Name: tr.Name})
		case hcl.TraverseIndex:
			out = append(out, Step{Key: keyForValue(tr.Key)})
		case hcl.TraverseSplat:
			out = append(out, Step{Key: Key{Kind: KeySplat}})
		}
	}
	return out
}

func keyForValue(v cty.Value) Key {
	if v.IsKnown() && !v.IsNull() {
		switch v.Type() {
		case cty.String:
			return Key{Kind: KeyString, String: v.AsString()}
		case cty.Number:
			if i, acc := v.AsBigFloat().Int64(); acc == big.Exact {
				return Key{Kind: KeyInt, Int: i}
			}
		}
	}
	return Key{Kind: KeyExpr, text: valueText(v)}
}

func keyFor(e hclsyntax.Expression) Key {
	if ste, ok := e.(*hclsyntax.ScopeTraversalExpr); ok && len(ste.Traversal) == 2 {
		if a, ok := ste.Traversal[1].(hcl.TraverseAttr); ok {
			switch ste.Traversal.RootName() + "." + a.Name {
			case "each.key":
				return Key{Kind: KeyEach, Expr: e}
			case "count.index":
				return Key{Kind: KeyCount, Expr: e}
			}
		}
	}
	if len(e.Variables()) == 0 {
		if v, diags := e.Value(nil); !diags.HasErrors() {
			if k := keyForValue(v); k.Kind != KeyExpr {
				return k
			}
		}
	}
	return Key{Kind: KeyExpr, Expr: e, text: exprText(e)}
}

func classify(root string, steps []Step, rng hcl.Range) Reference {
	r := Reference{Kind: OtherRef, Subject: root, Range: rng, rootName: root}
	attr := func(i int) (string, bool) {
		if i < len(steps) && steps[i].Name != "" {
			return steps[i].Name, true
		}
		return "", false
	}
	rest := 0
	switch root {
	case "var", "local", "each", "count", "path", "terraform":
		if name, ok := attr(0); ok {
			r.Subject, rest = root+"."+name, 1
			r.Kind = map[string]RefKind{"var": VarRef, "local": LocalRef, "each": EachRef, "count": CountRef, "path": PathRef, "terraform": TerraformRef}[root]
		}
	case "self":
		r.Kind = SelfRef
	case "module":
		if name, ok := attr(0); ok {
			r.Kind, r.Subject, rest = ModuleRef, "module."+name, 1
		}
	case "data":
		typ, ok1 := attr(0)
		name, ok2 := attr(1)
		if ok1 && ok2 {
			r.Kind, r.Subject, rest = DataRef, "data."+typ+"."+name, 2
		}
	default:
		if name, ok := attr(0); ok {
			r.Kind, r.Subject, rest = ResourceRef, root+"."+name, 1
		}
	}
	switch r.Kind {
	case ResourceRef, DataRef, ModuleRef:
		if rest < len(steps) && steps[rest].Name == "" {
			r.Key = steps[rest].Key
			rest++
		}
	}
	if rest < len(steps) {
		r.Path = steps[rest:]
	}
	return r
}

// ---- rendering ----

// hclQuote quotes a string the way Terraform renders instance keys.
func hclQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case (r == '$' || r == '%') && i+1 < len(s) && s[i+1] == '{':
			b.WriteRune(r)
			b.WriteRune(r)
		case !unicode.IsPrint(r):
			if r > 0xffff {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func traversalString(t hcl.Traversal) string {
	var b strings.Builder
	if !t.IsRelative() {
		b.WriteString(t.RootName())
		t = t[1:]
	} else if len(t) > 0 {
		if a, ok := t[0].(hcl.TraverseAttr); ok {
			b.WriteString(a.Name)
			t = t[1:]
		}
	}
	b.WriteString(stepsString(stepsFromTraversal(t)))
	return b.String()
}

func valueText(v cty.Value) string {
	switch {
	case !v.IsKnown():
		return "(unknown)"
	case v.IsNull():
		return "null"
	case v.Type() == cty.String:
		return hclQuote(v.AsString())
	case v.Type() == cty.Number:
		return v.AsBigFloat().Text('g', -1)
	case v.Type() == cty.Bool:
		return strconv.FormatBool(v.True())
	}
	return "(" + v.Type().FriendlyName() + ")"
}

var opText = map[*hclsyntax.Operation]string{
	hclsyntax.OpLogicalOr: "||", hclsyntax.OpLogicalAnd: "&&", hclsyntax.OpLogicalNot: "!",
	hclsyntax.OpEqual: "==", hclsyntax.OpNotEqual: "!=",
	hclsyntax.OpGreaterThan: ">", hclsyntax.OpGreaterThanOrEqual: ">=",
	hclsyntax.OpLessThan: "<", hclsyntax.OpLessThanOrEqual: "<=",
	hclsyntax.OpAdd: "+", hclsyntax.OpSubtract: "-", hclsyntax.OpMultiply: "*",
	hclsyntax.OpDivide: "/", hclsyntax.OpModulo: "%", hclsyntax.OpNegate: "-",
}

// exprText renders an expression compactly, for keys that are not literals.
// Only the shapes that appear in index keys are rendered in full.
func exprText(e hclsyntax.Expression) string {
	switch e := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return traversalString(e.Traversal)
	case *hclsyntax.RelativeTraversalExpr:
		return exprText(e.Source) + stepsString(stepsFromTraversal(e.Traversal))
	case *hclsyntax.IndexExpr:
		return exprText(e.Collection) + "[" + exprText(e.Key) + "]"
	case *hclsyntax.SplatExpr:
		return exprText(e.Source) + "[*]" + exprText(e.Each)
	case *hclsyntax.AnonSymbolExpr:
		return ""
	case *hclsyntax.LiteralValueExpr:
		return valueText(e.Val)
	case *hclsyntax.TemplateWrapExpr:
		return `"${` + exprText(e.Wrapped) + `}"`
	case *hclsyntax.TemplateExpr:
		var b strings.Builder
		b.WriteByte('"')
		for _, p := range e.Parts {
			if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && lit.Val.IsKnown() {
				q := hclQuote(lit.Val.AsString())
				b.WriteString(q[1 : len(q)-1])
				continue
			}
			b.WriteString("${" + exprText(p) + "}")
		}
		b.WriteByte('"')
		return b.String()
	case *hclsyntax.FunctionCallExpr:
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = exprText(a)
		}
		if e.ExpandFinal && len(args) > 0 {
			args[len(args)-1] += "..."
		}
		return e.Name + "(" + strings.Join(args, ", ") + ")"
	case *hclsyntax.ConditionalExpr:
		return exprText(e.Condition) + " ? " + exprText(e.TrueResult) + " : " + exprText(e.FalseResult)
	case *hclsyntax.BinaryOpExpr:
		return exprText(e.LHS) + " " + opText[e.Op] + " " + exprText(e.RHS)
	case *hclsyntax.UnaryOpExpr:
		return opText[e.Op] + exprText(e.Val)
	case *hclsyntax.ParenthesesExpr:
		return "(" + exprText(e.Expression) + ")"
	}
	return "(expression)"
}
