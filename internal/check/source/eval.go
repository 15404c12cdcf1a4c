package source

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Instance binds the per-instance symbols of a resource or module call. A zero
// (cty.NilVal) field is not bound: references to it evaluate as unknown.
type Instance struct {
	EachKey    cty.Value
	EachValue  cty.Value
	CountIndex cty.Value
}

// ForEachInstance binds each.key and each.value.
func ForEachInstance(key string, value cty.Value) Instance {
	return Instance{EachKey: cty.StringVal(key), EachValue: value}
}

// CountInstance binds count.index.
func CountInstance(index int) Instance {
	return Instance{CountIndex: cty.NumberIntVal(int64(index))}
}

// Key returns the instance key: each.key, count.index, or cty.NilVal.
func (i Instance) Key() cty.Value {
	if i.EachKey != cty.NilVal {
		return i.EachKey
	}
	return i.CountIndex
}

// Evaluator evaluates expressions of one module instance. Locals are evaluated
// on demand and cached; variables take the values supplied by the caller (or,
// for a child module reached through ForModule/Resolve, the arguments of its call),
// then their defaults. Everything else (resources, data sources, module outputs,
// self, variables without a value, unbound each/count) is unknown: an unknown
// value carries a mark naming the reference, so that ToGo and Document can
// report value.Unknown{Ref: "aws_s3_bucket.artifacts.arn"}. References in a child
// module are prefixed with its instance address (`module.m["k"].aws_iam_user.this.name`).
//
// An Evaluator is safe for concurrent use.
type Evaluator struct {
	Module *Module

	tree   *Tree
	prefix string // module instance address + "." ("" for the root)
	vars   map[string]cty.Value
	parent *parentBinding
	funcs  *hcl.EvalContext
	sent   *sentinels

	mu       sync.Mutex
	locals   [2]map[string]cty.Value // by mode
	varCache [2]map[string]varValue
	repeat   map[*Attribute]cty.Value
	children map[string]*Evaluator
}

// parentBinding lets a child module's variables come from its call's arguments,
// evaluated in the parent, in whichever mode the child is evaluated.
type parentBinding struct {
	ev   *Evaluator
	call *ModuleCall
	inst Instance
}

type varValue struct {
	v     cty.Value
	known bool // false: no value and no default
}

type evalMode uint8

const (
	markMode     evalMode = iota // unknown references are marked unknowns
	sentinelMode                 // unknown references are placeholder strings (see Document)
)

// NewEvaluator returns an evaluator for module m with the given input variable
// values (nil for none). t provides file access for file() and templatefile();
// it may be nil, and those functions then fail.
func NewEvaluator(t *Tree, m *Module, vars map[string]cty.Value) *Evaluator {
	ev := newEvaluator(t, m, &sentinels{})
	ev.vars = vars
	if addr := m.Address(); addr != "" {
		ev.prefix = addr + "."
	}
	return ev
}

// Evaluator returns an evaluator for the root module with the given root
// variable values (nil for none).
func (t *Tree) Evaluator(vars map[string]cty.Value) *Evaluator {
	return NewEvaluator(t, t.Root, vars)
}

func newEvaluator(t *Tree, m *Module, s *sentinels) *Evaluator {
	ev := &Evaluator{Module: m, tree: t, sent: s, repeat: map[*Attribute]cty.Value{}, children: map[string]*Evaluator{}}
	for i := range ev.locals {
		ev.locals[i] = map[string]cty.Value{}
		ev.varCache[i] = map[string]varValue{}
	}
	ev.funcs = baseContext().NewChild()
	ev.funcs.Functions = fileFunctions(t)
	return ev
}

// Eval evaluates an expression of this module for one instance. The value is
// never cty.NilVal; on error it is as complete as evaluation got (often
// cty.DynamicVal) and the error carries file:line.
func (ev *Evaluator) Eval(expr hcl.Expression, inst Instance) (cty.Value, error) {
	v, diags := ev.eval(expr, References(expr), inst, nil, markMode, nil)
	return v, diagErr(diags)
}

// EvalAttribute evaluates an attribute (of a resource, block, local or output) for one instance.
func (ev *Evaluator) EvalAttribute(a *Attribute, inst Instance) (cty.Value, error) {
	if a == nil {
		return cty.NullVal(cty.DynamicPseudoType), nil
	}
	v, diags := ev.eval(a.Expr, a.References(), inst, nil, markMode, nil)
	return v, diagErr(diags)
}

// Local returns the value of a local of this module.
func (ev *Evaluator) Local(name string) (cty.Value, error) {
	v, diags := ev.local(name, markMode, nil)
	return v, diagErr(diags)
}

// Var returns the value of an input variable and whether it is known at all
// (supplied or defaulted).
func (ev *Evaluator) Var(name string) (cty.Value, bool) {
	vv := ev.variable(name, markMode)
	return vv.v, vv.known
}

func diagErr(diags hcl.Diagnostics) error {
	if !diags.HasErrors() {
		return nil
	}
	return diags.Errs()[0]
}

// eval evaluates with a context built from the expression's references. extra
// binds iterator symbols of enclosing dynamic blocks; stack guards local cycles.
func (ev *Evaluator) eval(expr hcl.Expression, refs []Reference, inst Instance, extra map[string]cty.Value, mode evalMode, stack []string) (v cty.Value, diags hcl.Diagnostics) {
	// hcl and cty recover panics inside functions, but not everywhere; a
	// checker must not crash on a configuration it merely reads.
	defer func() {
		if r := recover(); r != nil {
			v = cty.DynamicVal
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError, Summary: "Evaluation failed",
				Detail: fmt.Sprint(r), Subject: expr.Range().Ptr(),
			})
		}
	}()
	ctx, diags := ev.context(expr, refs, inst, extra, mode, stack)
	val, vdiags := expr.Value(ctx)
	diags = append(diags, vdiags...)
	if val == cty.NilVal {
		val = cty.DynamicVal
	}
	return val, diags
}

// context binds what an expression refers to. Locals, variables with a value,
// bound each/count, path.* and extra are known; every other reference becomes a
// "shape": nested objects just deep enough that the traversal written in the
// expression lands on an unknown leaf naming that reference.
func (ev *Evaluator) context(expr hcl.Expression, refs []Reference, inst Instance, extra map[string]cty.Value, mode evalMode, stack []string) (*hcl.EvalContext, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	roots := map[string]*shapeNode{}
	node := func(root string) *shapeNode {
		if roots[root] == nil {
			roots[root] = &shapeNode{}
		}
		return roots[root]
	}
	var shaped []Reference
	for _, r := range refs {
		if _, ok := extra[r.rootName]; ok {
			continue
		}
		name := strings.TrimPrefix(r.Subject, r.rootName+".")
		switch r.Kind {
		case LocalRef:
			v, ds := ev.local(name, mode, stack)
			diags = append(diags, ds...)
			node("local").setChild(name, v)
			continue
		case VarRef:
			if vv := ev.variable(name, mode); vv.known {
				node("var").setChild(name, vv.v)
				continue
			}
		case EachRef:
			v := cty.NilVal
			switch name {
			case "key":
				v = inst.EachKey
			case "value":
				v = inst.EachValue
			}
			if v != cty.NilVal {
				node("each").setChild(name, v)
				continue
			}
		case CountRef:
			if name == "index" && inst.CountIndex != cty.NilVal {
				node("count").setChild(name, inst.CountIndex)
				continue
			}
		case PathRef:
			switch name {
			case "module":
				node("path").setChild(name, cty.StringVal(ev.Module.Dir))
				continue
			case "root", "cwd":
				node("path").setChild(name, cty.StringVal("."))
				continue
			}
		}
		shaped = append(shaped, r)
	}
	ctx := ev.funcs.NewChild()
	ctx.Functions = stubFunctions(expr, ctx)
	known := make(map[string]cty.Value, len(roots)+len(extra))
	for name, n := range roots {
		known[name] = n.value(mode, ev.sent)
	}
	for name, v := range extra {
		known[name] = v
	}
	ctx.Variables = known
	if len(shaped) == 0 {
		return ctx, diags
	}
	// Keys such as [each.key] are resolved against the known part first, so a
	// shape for aws_iam_user.svc["billing"] answers aws_iam_user.svc[each.key].
	for _, r := range shaped {
		ev.shape(node(r.rootName), r, ctx, mode)
	}
	vars := make(map[string]cty.Value, len(roots)+len(extra))
	for name, n := range roots {
		vars[name] = n.value(mode, ev.sent)
	}
	for name, v := range extra {
		vars[name] = v
	}
	ctx.Variables = vars
	return ctx, diags
}

// shapeNode builds the value bound to one root symbol.
type shapeNode struct {
	val   cty.Value // a known value, or the unknown leaf; NilVal for an inner node
	refs  []string  // for an unknown leaf: the references it stands for
	attrs map[string]*shapeNode
	ints  map[int64]*shapeNode
}

func (n *shapeNode) setChild(name string, v cty.Value) {
	if n.attrs == nil {
		n.attrs = map[string]*shapeNode{}
	}
	n.attrs[name] = &shapeNode{val: v}
}

func (n *shapeNode) isLeaf() bool { return n.val != cty.NilVal }

// maxShapeIndex bounds the tuples built for numeric indexes (aws_x.y[3]).
const maxShapeIndex = 1024

func (n *shapeNode) value(mode evalMode, sent *sentinels) cty.Value {
	switch {
	case n.val != cty.NilVal:
		return n.val
	case len(n.attrs) > 0 && len(n.ints) > 0:
		// The same object indexed by name and by number: give up on structure.
		var refs []string
		n.collectRefs(&refs)
		return unknownFor(refs, mode, sent)
	case len(n.attrs) > 0:
		m := make(map[string]cty.Value, len(n.attrs))
		for k, c := range n.attrs {
			m[k] = c.value(mode, sent)
		}
		return cty.ObjectVal(m)
	case len(n.ints) > 0:
		var maxIdx int64
		for i := range n.ints {
			maxIdx = max(maxIdx, i)
		}
		elems := make([]cty.Value, maxIdx+1)
		for i := range elems {
			if c, ok := n.ints[int64(i)]; ok {
				elems[i] = c.value(mode, sent)
			} else {
				elems[i] = cty.DynamicVal
			}
		}
		return cty.TupleVal(elems)
	}
	return cty.DynamicVal
}

func (n *shapeNode) collectRefs(out *[]string) {
	*out = append(*out, n.refs...)
	for _, c := range n.attrs {
		c.collectRefs(out)
	}
	for _, c := range n.ints {
		c.collectRefs(out)
	}
}

// shape adds reference r under its root node. Walking the subject, the
// instance key and the path, it creates nested nodes while each step is an
// attribute name or a key that evaluates to a known string or integer, and puts
// an unknown leaf at the end (or where a key is unknown, or at a splat).
func (ev *Evaluator) shape(root *shapeNode, r Reference, ctx *hcl.EvalContext, mode evalMode) {
	var segs []Step
	for i, part := range strings.Split(r.Subject, ".") {
		if i > 0 {
			segs = append(segs, Step{Name: part})
		}
	}
	if r.Key.Kind != KeyNone {
		segs = append(segs, Step{Key: r.Key})
	}
	segs = append(segs, r.Path...)

	// Resolve keys first: the leaf's name uses the resolved keys throughout.
	type resolved struct {
		name  string
		idx   int64
		isIdx bool
		ok    bool
	}
	res := make([]resolved, len(segs))
	var text strings.Builder
	text.WriteString(ev.prefix)
	text.WriteString(r.rootName)
	for i, s := range segs {
		if s.Name != "" {
			res[i] = resolved{name: s.Name, ok: true}
			text.WriteString("." + s.Name)
			continue
		}
		k := s.Key
		if k.Expr != nil {
			if kv, diags := k.Expr.Value(ctx); !diags.HasErrors() {
				kv, _ = kv.UnmarkDeep()
				k = keyForValue(kv)
			}
		}
		switch k.Kind {
		case KeyString:
			res[i] = resolved{name: k.String, ok: true}
		case KeyInt:
			res[i] = resolved{idx: k.Int, isIdx: true, ok: k.Int >= 0 && k.Int < maxShapeIndex}
		}
		text.WriteString("[" + k.Text() + "]")
	}
	ref := text.String()

	n := root
	for _, s := range res {
		if n.isLeaf() || !s.ok {
			break
		}
		var next *shapeNode
		if s.isIdx {
			if n.ints == nil {
				n.ints = map[int64]*shapeNode{}
			}
			if next = n.ints[s.idx]; next == nil {
				next = &shapeNode{}
				n.ints[s.idx] = next
			}
		} else {
			if n.attrs == nil {
				n.attrs = map[string]*shapeNode{}
			}
			if next = n.attrs[s.name]; next == nil {
				next = &shapeNode{}
				n.attrs[s.name] = next
			}
		}
		n = next
	}
	if n.isLeaf() && len(n.refs) == 0 {
		return // a known value (a variable or local) sits here
	}
	// Where references overlap (aws_x.y and aws_x.y.arn, or an unknown key
	// next to a literal one) the leaf names all of them: evaluation cannot tell
	// which one a value came from.
	if !n.isLeaf() {
		n.collectRefs(&n.refs)
		n.attrs, n.ints = nil, nil
	}
	n.refs = append(n.refs, ref)
	n.val = unknownFor(n.refs, mode, ev.sent)
}

// refMark marks an unknown value with the reference it stands for.
type refMark string

func unknownFor(refs []string, mode evalMode, s *sentinels) cty.Value {
	refs = slices.Compact(slices.Sorted(slices.Values(refs)))
	if mode == sentinelMode && len(refs) > 0 {
		return cty.StringVal(s.placeholder(strings.Join(refs, ", ")))
	}
	marks := make([]any, len(refs))
	for i, r := range refs {
		marks[i] = refMark(r)
	}
	return cty.DynamicVal.WithMarks(cty.NewValueMarks(marks...))
}

// local evaluates a local value, caching it per mode.
func (ev *Evaluator) local(name string, mode evalMode, stack []string) (cty.Value, hcl.Diagnostics) {
	ev.mu.Lock()
	v, ok := ev.locals[mode][name]
	ev.mu.Unlock()
	if ok {
		return v, nil
	}
	a := ev.Module.Locals[name]
	if a == nil || slices.Contains(stack, name) {
		// Undeclared or cyclic: Terraform rejects both; stay unknown here.
		return unknownFor([]string{ev.prefix + "local." + name}, mode, ev.sent), nil
	}
	v, diags := ev.eval(a.Expr, a.References(), Instance{}, nil, mode, append(slices.Clip(stack), name))
	ev.mu.Lock()
	ev.locals[mode][name] = v
	ev.mu.Unlock()
	return v, diags
}

// variable resolves an input variable: supplied value (or the parent call's
// argument), else default, converted to the declared type when possible.
func (ev *Evaluator) variable(name string, mode evalMode) varValue {
	ev.mu.Lock()
	vv, ok := ev.varCache[mode][name]
	ev.mu.Unlock()
	if ok {
		return vv
	}
	decl := ev.Module.Variables[name]
	var v cty.Value
	if sv, ok := ev.vars[name]; ok {
		v = sv
	} else if ev.parent != nil {
		if arg := ev.parent.call.Args[name]; arg != nil {
			v, _ = ev.parent.ev.eval(arg.Expr, arg.References(), ev.parent.inst, nil, mode, nil)
		}
	}
	if decl != nil && decl.Default != nil && (v == cty.NilVal || (v.IsNull() && decl.Nullable != nil && !*decl.Nullable)) {
		if dv, diags := decl.Default.Expr.Value(nil); !diags.HasErrors() {
			v = dv
		}
	}
	if v != cty.NilVal && decl != nil && decl.Type != nil {
		if ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(decl.Type.Expr); !diags.HasErrors() {
			if defaults != nil {
				v = defaults.Apply(v)
			}
			if cv, err := convert.Convert(v, ty); err == nil {
				v = cv
			}
		}
	}
	vv = varValue{v: v, known: v != cty.NilVal}
	ev.mu.Lock()
	ev.varCache[mode][name] = vv
	ev.mu.Unlock()
	return vv
}

// ---- instances and child modules ----

// ErrUnknownRepetition is returned when count or for_each cannot be evaluated
// to a known value.
var ErrUnknownRepetition = errors.New("count or for_each is not known from the configuration alone")

// repetition evaluates count or for_each once per evaluator.
func (ev *Evaluator) repetition(a *Attribute) (cty.Value, error) {
	ev.mu.Lock()
	v, ok := ev.repeat[a]
	ev.mu.Unlock()
	if ok {
		return v, nil
	}
	v, diags := ev.eval(a.Expr, a.References(), Instance{}, nil, markMode, nil)
	if diags.HasErrors() {
		return v, diagErr(diags)
	}
	v, _ = v.UnmarkDeep()
	ev.mu.Lock()
	ev.repeat[a] = v
	ev.mu.Unlock()
	return v, nil
}

// maxInstances bounds what Instances expands.
const maxInstances = 1 << 20

// Instances evaluates count or for_each (pass a Resource's or ModuleCall's
// fields; both nil means a single instance) and returns every instance, for_each
// keys sorted, count indexes ascending. It returns ErrUnknownRepetition when the
// value depends on something unknown.
func (ev *Evaluator) Instances(count, forEach *Attribute) ([]Instance, error) {
	switch {
	case forEach != nil:
		v, err := ev.repetition(forEach)
		if err != nil {
			return nil, err
		}
		if !v.IsWhollyKnown() && !(v.IsKnown() && (v.Type().IsMapType() || v.Type().IsObjectType())) {
			return nil, ErrUnknownRepetition
		}
		if v.IsNull() {
			return nil, fmt.Errorf("%s: for_each is null", forEach.Range)
		}
		ty := v.Type()
		var out []Instance
		switch {
		case ty.IsMapType() || ty.IsObjectType():
			for it := v.ElementIterator(); it.Next(); {
				k, e := it.Element()
				out = append(out, Instance{EachKey: k, EachValue: e})
			}
		case ty.IsSetType() || ty.IsListType() || ty.IsTupleType():
			for it := v.ElementIterator(); it.Next(); {
				_, e := it.Element()
				s, err := convert.Convert(e, cty.String)
				if err != nil || s.IsNull() {
					return nil, fmt.Errorf("%s: for_each elements must be strings", forEach.Range)
				}
				out = append(out, Instance{EachKey: s, EachValue: s})
			}
		default:
			return nil, fmt.Errorf("%s: for_each must be a map or a set of strings, not %s", forEach.Range, ty.FriendlyName())
		}
		sort.Slice(out, func(i, j int) bool { return out[i].EachKey.AsString() < out[j].EachKey.AsString() })
		return out, nil
	case count != nil:
		v, err := ev.repetition(count)
		if err != nil {
			return nil, err
		}
		if !v.IsKnown() {
			return nil, ErrUnknownRepetition
		}
		n, err := convert.Convert(v, cty.Number)
		if err != nil || n.IsNull() {
			return nil, fmt.Errorf("%s: count must be a number", count.Range)
		}
		c, acc := n.AsBigFloat().Int64()
		if acc != big.Exact || c < 0 || c > maxInstances {
			return nil, fmt.Errorf("%s: count must be a whole number between 0 and %d", count.Range, maxInstances)
		}
		out := make([]Instance, c)
		for i := range out {
			out[i] = CountInstance(i)
		}
		return out, nil
	}
	return []Instance{{}}, nil
}

// InstanceFor binds the instance with the given key (a string for for_each, a
// number for count, cty.NilVal for neither). When for_each is unknown, each.key
// is still bound and each.value left unknown.
func (ev *Evaluator) InstanceFor(count, forEach *Attribute, key cty.Value) (Instance, error) {
	switch {
	case forEach != nil:
		if key == cty.NilVal || key.Type() != cty.String || !key.IsKnown() || key.IsNull() {
			return Instance{}, fmt.Errorf("%s: for_each needs a string instance key", forEach.Range)
		}
		v, err := ev.repetition(forEach)
		if err != nil || !v.IsKnown() || v.IsNull() {
			return Instance{EachKey: key}, nil
		}
		ty := v.Type()
		switch {
		case ty.IsObjectType():
			if !ty.HasAttribute(key.AsString()) {
				return Instance{}, fmt.Errorf("%s: no for_each element with key %s", forEach.Range, hclQuote(key.AsString()))
			}
			return Instance{EachKey: key, EachValue: v.GetAttr(key.AsString())}, nil
		case ty.IsMapType():
			if !v.HasIndex(key).True() {
				return Instance{}, fmt.Errorf("%s: no for_each element with key %s", forEach.Range, hclQuote(key.AsString()))
			}
			return Instance{EachKey: key, EachValue: v.Index(key)}, nil
		}
		if v.CanIterateElements() {
			for it := v.ElementIterator(); it.Next(); {
				if _, e := it.Element(); e.IsKnown() && !e.IsNull() && e.Type() == cty.String && e.AsString() == key.AsString() {
					return Instance{EachKey: key, EachValue: key}, nil
				}
			}
			if v.IsWhollyKnown() {
				return Instance{}, fmt.Errorf("%s: no for_each element %s", forEach.Range, hclQuote(key.AsString()))
			}
		}
		return Instance{EachKey: key, EachValue: key}, nil
	case count != nil:
		if key == cty.NilVal || key.Type() != cty.Number || !key.IsKnown() || key.IsNull() {
			return Instance{}, fmt.Errorf("%s: count needs a numeric instance key", count.Range)
		}
		return Instance{CountIndex: key}, nil
	}
	if key != cty.NilVal {
		return Instance{}, errors.New("instance key given for a block without count or for_each")
	}
	return Instance{}, nil
}

// ForModule returns the evaluator of a module instance below this one, addressed
// relative to it (`module.a["x"].module.b`). Its variables are the call's
// arguments evaluated in this module for that instance. Evaluators are cached.
func (ev *Evaluator) ForModule(address string) (*Evaluator, error) {
	addr, err := ParseAddress(address)
	if err != nil {
		return nil, err
	}
	if addr.Resource != "" {
		return nil, fmt.Errorf("%q is a resource address, not a module address", address)
	}
	return ev.moduleSteps(addr.Module)
}

func (ev *Evaluator) moduleSteps(steps []ModuleStep) (*Evaluator, error) {
	cur := ev
	for _, s := range steps {
		call := cur.Module.ModuleCalls[s.Name]
		if call == nil {
			return nil, fmt.Errorf("module %q has no module call %q", cur.Module.Address(), s.Name)
		}
		if call.Module == nil {
			return nil, fmt.Errorf("module call %q was not followed: %s", s.Name, call.NotFollowed)
		}
		cacheKey := s.Name
		if s.Key != cty.NilVal {
			cacheKey += "[" + keyForValue(s.Key).Text() + "]"
		}
		cur.mu.Lock()
		child := cur.children[cacheKey]
		cur.mu.Unlock()
		if child == nil {
			inst, err := cur.InstanceFor(call.Count, call.ForEach, s.Key)
			if err != nil {
				return nil, err
			}
			child = newEvaluator(cur.tree, call.Module, cur.sent)
			child.parent = &parentBinding{ev: cur, call: call, inst: inst}
			child.prefix = cur.prefix + "module." + cacheKey + "."
			cur.mu.Lock()
			if existing := cur.children[cacheKey]; existing != nil {
				child = existing
			} else {
				cur.children[cacheKey] = child
			}
			cur.mu.Unlock()
		}
		cur = child
	}
	return cur, nil
}

// Resolve finds a resource instance by its absolute address (as in a plan's
// resource_changes, `module.m["k"].aws_iam_user.this[0]`), relative to this
// evaluator's module, and returns the evaluator of its module, the resource
// and the bound instance.
func (ev *Evaluator) Resolve(address string) (*Evaluator, *Resource, Instance, error) {
	addr, err := ParseAddress(address)
	if err != nil {
		return nil, nil, Instance{}, err
	}
	if addr.Resource == "" {
		return nil, nil, Instance{}, fmt.Errorf("%q is a module address, not a resource address", address)
	}
	mev, err := ev.moduleSteps(addr.Module)
	if err != nil {
		return nil, nil, Instance{}, err
	}
	r := mev.Module.Resources[addr.Resource]
	if r == nil {
		return nil, nil, Instance{}, fmt.Errorf("no %s in module %q", addr.Resource, mev.Module.Address())
	}
	inst, err := mev.InstanceFor(r.Count, r.ForEach, addr.Key)
	if err != nil {
		return nil, nil, Instance{}, err
	}
	return mev, r, inst, nil
}

// ---- bodies ----

// EvalBody evaluates every attribute and nested block of a body (a resource's
// or a block's) into Go data: attributes by name via ToGo, nested blocks by type
// as a []any of maps, in source order. `dynamic` blocks are expanded when their
// for_each is known (an unknown one adds a value.Unknown element). Attributes that
// fail to evaluate become value.Unknown; the first error is returned too.
func (ev *Evaluator) EvalBody(b *Body, inst Instance) (map[string]any, error) {
	return ev.evalBody(b, inst, nil)
}

func (ev *Evaluator) evalBody(b *Body, inst Instance, extra map[string]cty.Value) (map[string]any, error) {
	out := make(map[string]any, len(b.Attributes)+len(b.Blocks))
	var firstErr error
	keep := func(err error) {
		if firstErr == nil && err != nil {
			firstErr = err
		}
	}
	for name, a := range b.Attributes {
		v, diags := ev.eval(a.Expr, a.References(), inst, extra, markMode, nil)
		keep(diagErr(diags))
		out[name] = ToGo(v)
	}
	add := func(typ string, m any) {
		list, _ := out[typ].([]any)
		out[typ] = append(list, m)
	}
	for _, blk := range b.Blocks {
		if blk.Type != "dynamic" || len(blk.Labels) != 1 {
			m, err := ev.evalBody(&blk.Body, inst, extra)
			keep(err)
			add(blk.Type, m)
			continue
		}
		typ := blk.Labels[0]
		iter := typ
		if it := blk.Attributes["iterator"]; it != nil {
			if kw := hcl.ExprAsKeyword(it.Expr); kw != "" {
				iter = kw
			}
		}
		fe := blk.Attributes["for_each"]
		contents := blk.BlocksOfType("content")
		if fe == nil || len(contents) != 1 {
			continue
		}
		coll, diags := ev.eval(fe.Expr, fe.References(), inst, extra, markMode, nil)
		keep(diagErr(diags))
		if !coll.IsWhollyKnown() || coll.IsNull() || !coll.CanIterateElements() {
			add(typ, ToGo(coll))
			continue
		}
		for it := coll.ElementIterator(); it.Next(); {
			k, v := it.Element()
			inner := make(map[string]cty.Value, len(extra)+1)
			for n, x := range extra {
				inner[n] = x
			}
			inner[iter] = cty.ObjectVal(map[string]cty.Value{"key": k, "value": v})
			m, err := ev.evalBody(&contents[0].Body, inst, inner)
			keep(err)
			add(typ, m)
		}
	}
	return out, firstErr
}

// stubFunctions makes calls to functions this package does not provide
// (timestamp(), provider-defined functions, ...) evaluate to unknown instead of
// failing the whole expression.
func stubFunctions(expr hcl.Expression, ctx *hcl.EvalContext) map[string]functionT {
	n, ok := expr.(hclsyntax.Node)
	if !ok {
		return nil
	}
	var out map[string]functionT
	hclsyntax.VisitAll(n, func(n hclsyntax.Node) hcl.Diagnostics {
		call, ok := n.(*hclsyntax.FunctionCallExpr)
		if !ok || hasFunction(ctx, call.Name) {
			return nil
		}
		if out == nil {
			out = map[string]functionT{}
		}
		out[call.Name] = unknownFunction(call.Name)
		return nil
	})
	return out
}

func hasFunction(ctx *hcl.EvalContext, name string) bool {
	for c := ctx; c != nil; c = c.Parent() {
		if _, ok := c.Functions[name]; ok {
			return true
		}
	}
	return false
}

// ---- sentinels ----

// sentinels hands out placeholder strings that stand for unknown references in
// sentinelMode, shared by a root evaluator and its children.
type sentinels struct {
	mu   sync.Mutex
	refs []string
	idx  map[string]int
}

const (
	sentinelOpen  = "\uE000nhi:"
	sentinelClose = "\uE001"
)

func (s *sentinels) placeholder(ref string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.idx[ref]
	if !ok {
		if s.idx == nil {
			s.idx = map[string]int{}
		}
		i = len(s.refs)
		s.refs = append(s.refs, ref)
		s.idx[ref] = i
	}
	return sentinelOpen + strconv.Itoa(i) + sentinelClose
}

// refsIn returns the references of the placeholders inside str, and whether str
// is exactly one placeholder.
func (s *sentinels) refsIn(str string) (refs []string, whole bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rest, first := str, true
	for {
		i := strings.Index(rest, sentinelOpen)
		if i < 0 {
			break
		}
		j := strings.Index(rest[i:], sentinelClose)
		if j < 0 {
			break
		}
		end := i + j + len(sentinelClose)
		if n, err := strconv.Atoi(rest[i+len(sentinelOpen) : i+j]); err == nil && n >= 0 && n < len(s.refs) {
			refs = append(refs, s.refs[n])
			whole = first && i == 0 && end == len(rest)
		}
		first = false
		rest = rest[end:]
	}
	return refs, whole && len(refs) == 1
}
