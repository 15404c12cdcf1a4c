package plan

import (
	"encoding/binary"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"
)

// RefKind says what a configuration reference points at.
type RefKind int

const (
	RefOther RefKind = iota
	RefResource
	RefData
	RefModule
	RefVar
	RefLocal
	RefEach
	RefCount
)

// Ref is one parsed reference from a configuration expression, such as
// aws_iam_user.svc["a"].name, data.x.y.json, module.m[0].out, var.name.
type Ref struct {
	Text   string
	Kind   RefKind
	Type   string // resource or data source type
	Name   string // resource name, module call, variable or local name
	Key    any    // literal instance key, when written
	HasKey bool
	Attr   []string // path after the object; for a module, [output, ...]
}

// ParseRef parses a reference string as the plan's configuration section
// writes it. Unparseable text gives a RefOther.
func ParseRef(s string) Ref {
	ref := Ref{Text: s}
	steps, ok := splitTraversal(s)
	if !ok || len(steps) == 0 || steps[0].key != nil {
		return ref
	}
	head := steps[0].name
	switch head {
	case "var", "local", "each", "count", "path", "terraform", "self":
		if len(steps) < 2 || steps[1].key != nil {
			return ref
		}
		ref.Name = steps[1].name
		ref.Attr = names(steps[2:])
		switch head {
		case "var":
			ref.Kind = RefVar
		case "local":
			ref.Kind = RefLocal
		case "each":
			ref.Kind = RefEach
		case "count":
			ref.Kind = RefCount
		}
		return ref
	case "module":
		if len(steps) < 2 || steps[1].key != nil {
			return ref
		}
		ref.Kind, ref.Name = RefModule, steps[1].name
		rest := steps[2:]
		if len(rest) > 0 && rest[0].key != nil {
			ref.Key, ref.HasKey = rest[0].key, true
			rest = rest[1:]
		}
		ref.Attr = names(rest)
		return ref
	case "data":
		if len(steps) < 3 || steps[1].key != nil || steps[2].key != nil {
			return ref
		}
		ref.Kind, ref.Type, ref.Name = RefData, steps[1].name, steps[2].name
		steps = steps[3:]
	default:
		if len(steps) < 2 || steps[1].key != nil {
			return ref
		}
		ref.Kind, ref.Type, ref.Name = RefResource, head, steps[1].name
		steps = steps[2:]
	}
	if len(steps) > 0 && steps[0].key != nil {
		ref.Key, ref.HasKey = steps[0].key, true
		steps = steps[1:]
	}
	ref.Attr = names(steps)
	return ref
}

// WholeReferencePaths reports whether the configuration's references
// carry their whole attribute path (kube_config[0].host, not
// kube_config), as Terraform writes them from 1.0 on; earlier plans may
// name a nested attribute by what holds it.
func (p *Plan) WholeReferencePaths() bool {
	v, err := version.NewVersion(p.TerraformVersion)
	return err == nil && v.Segments()[0] >= 1
}

// ConfigAddress is the referenced resource's address inside its module.
func (r Ref) ConfigAddress() string {
	if r.Kind == RefData {
		return "data." + r.Type + "." + r.Name
	}
	return r.Type + "." + r.Name
}

type travStep struct {
	name string
	key  any // set for [..] steps
}

func names(steps []travStep) []string {
	var out []string
	for _, s := range steps {
		if s.key != nil {
			out = append(out, keyString(s.key))
			continue
		}
		out = append(out, s.name)
	}
	return out
}

func keyString(k any) string {
	switch v := k.(type) {
	case int:
		return strconv.Itoa(v)
	case string:
		return v
	}
	return ""
}

// splitTraversal splits a.b["k"][0].c into steps.
func splitTraversal(s string) ([]travStep, bool) {
	var out []travStep
	for len(s) > 0 {
		switch s[0] {
		case '.':
			s = s[1:]
		case '[':
			k, n, err := parseKey(s)
			if err != nil {
				return nil, false
			}
			out = append(out, travStep{key: k})
			s = s[n:]
		default:
			end := 0
			for end < len(s) && s[end] != '.' && s[end] != '[' {
				end++
			}
			out = append(out, travStep{name: s[:end]})
			s = s[end:]
		}
	}
	return out, true
}

// Link is a resolved reference from an expression to a resource instance.
type Link struct {
	Target *Resource
	// Attr is the attribute path read from the target: ["name"],
	// ["rotation_trigger"], or empty for the whole object.
	Attr []string
	// Ref is the reference as written where the chain ends (inside the
	// target's module).
	Ref string
	// Via lists the variables and outputs the value passed through, e.g.
	// ["var.user_name", "module.ci.key_secret"].
	Via []string
	// Exact is false when the reference names a resource with several
	// instances and nothing told which one (all are returned).
	Exact bool
	// Whole is true when the chain went through a reference to a whole
	// module (module.m), so the attribute read is not known exactly.
	Whole bool
}

// Context is where an expression is evaluated: a module instance and the
// each.key / count.index of the resource that holds the expression.
type Context struct {
	Inst *ModuleInstance
	Key  any
}

// LocalResolver follows local values, which the plan's configuration
// section does not contain; the checker plugs in its .tf source reader.
type LocalResolver interface {
	// LocalRefs returns the references made by local NAME in the module at
	// path, in the plan's reference syntax, and whether the local exists.
	LocalRefs(modulePath []string, name string) ([]string, bool)
}

const maxRefDepth = 24

// ContextOf is the evaluation context of a resource's own expressions.
func ContextOf(r *Resource) Context {
	return Context{Inst: r.Instance, Key: r.Key}
}

// Links resolves the references of one top-level attribute of r.
func (p *Plan) Links(r *Resource, attr string) []Link {
	return p.LinksExpr(ContextOf(r), r.Expr(attr))
}

// AllLinks resolves every reference made anywhere in r's configuration
// (all attributes and nested blocks, count and for_each).
func (p *Plan) AllLinks(r *Resource) []Link {
	if r.Config == nil {
		return nil
	}
	ctx := ContextOf(r)
	var out []Link
	for _, e := range r.Config.Expressions {
		out = append(out, p.linksDeep(ctx, e)...)
	}
	if r.Config.CountExpression != nil {
		out = append(out, p.LinksExpr(ctx, r.Config.CountExpression)...)
	}
	if r.Config.ForEachExpression != nil {
		out = append(out, p.LinksExpr(ctx, r.Config.ForEachExpression)...)
	}
	return out
}

// ExprRefs returns every reference string in an expression, nested blocks included.
func ExprRefs(e *tfjson.Expression) []string {
	if e == nil || e.ExpressionData == nil {
		return nil
	}
	out := append([]string(nil), e.References...)
	for _, blk := range e.NestedBlocks {
		for _, sub := range blk {
			out = append(out, ExprRefs(sub)...)
		}
	}
	return out
}

func (p *Plan) linksDeep(ctx Context, e *tfjson.Expression) []Link {
	if e == nil || e.ExpressionData == nil {
		return nil
	}
	out := p.LinksExpr(ctx, e)
	for _, blk := range e.NestedBlocks {
		for _, sub := range blk {
			out = append(out, p.linksDeep(ctx, sub)...)
		}
	}
	return out
}

// LinksExpr resolves the references of one expression (not its nested
// blocks). Results are memoised per module instance (and instance key,
// when the expression uses it): every instance of a resource, and both
// worlds the checker builds, resolve the same expressions. The returned
// slice is shared: callers must not change it.
func (p *Plan) LinksExpr(ctx Context, e *tfjson.Expression) []Link {
	if e == nil || e.ExpressionData == nil || len(e.References) == 0 || ctx.Inst == nil {
		return nil
	}
	c := p.linkCache()
	pr := c.parsedExpr(e)
	key := linkKey{inst: ctx.Inst, expr: e}
	if pr.keyed {
		key.key = ctx.Key
	}
	return memo(c, c.links, key, func() []Link { return p.resolve(ctx, pr, nil, 0) })
}

// ResolveRefs resolves reference strings in a context.
func (p *Plan) ResolveRefs(ctx Context, refs []string) []Link {
	return p.resolve(ctx, parseRefs(refs), nil, 0)
}

// parsedRefs is an expression's reference list, parsed.
type parsedRefs struct {
	refs     []Ref
	shadowed []bool
	// eachKey and countIndex: the expression reads each.key / count.index.
	eachKey, countIndex bool
	// keyed: the links may depend on the instance key of the context.
	keyed bool
}

func parseRefs(refs []string) *parsedRefs {
	pr := &parsedRefs{refs: make([]Ref, 0, len(refs))}
	for _, s := range refs {
		r := ParseRef(s)
		switch {
		case r.Kind == RefEach && r.Name == "key":
			pr.eachKey = true
		case r.Kind == RefCount && r.Name == "index":
			pr.countIndex = true
		case r.Kind == RefLocal:
			// A local's own references are resolved in the same context;
			// keep the key rather than reason about what they read.
			pr.keyed = true
		}
		pr.refs = append(pr.refs, r)
	}
	pr.keyed = pr.keyed || pr.eachKey || pr.countIndex
	pr.shadowed = shadowedRefs(pr.refs)
	return pr
}

// shadowedRefs reports, for each reference, whether it is shadowed.
// Only references to the same object can shadow one another: a long list
// (a generated configuration naming thousands of resources, or instances)
// compares each reference with those only, where comparing every pair
// took seconds at 8,000.
func shadowedRefs(parsed []Ref) []bool {
	out := make([]bool, len(parsed))
	if len(parsed) <= 32 {
		for i := range parsed {
			out[i] = shadowed(parsed, i, nil)
		}
		return out
	}
	type object struct {
		kind      RefKind
		typ, name string
		keyed     bool
		key       string
	}
	groups := map[object][]int{}
	of := func(r Ref, keyed bool) object {
		o := object{kind: r.Kind, typ: r.Type, name: r.Name}
		if keyed {
			o.keyed, o.key = true, keyString(r.Key)
		}
		return o
	}
	for j, r := range parsed {
		groups[of(r, false)] = append(groups[of(r, false)], j)
		if r.HasKey {
			groups[of(r, true)] = append(groups[of(r, true)], j)
		}
	}
	for i, r := range parsed {
		// A keyed reference is shadowed only by one with the same key.
		out[i] = shadowed(parsed, i, groups[of(r, r.HasKey)])
	}
	return out
}

// linkKey identifies one memoised resolution.
type linkKey struct {
	inst *ModuleInstance
	key  any // the context's instance key; nil when the links do not depend on it
	expr *tfjson.Expression
}

// sharedKey identifies one memoised list that every reader in a module
// instance shares (sharedLinks): a module call's argument (expr), every
// instance of a resource or module call, or a local (ref). Its links name
// the chain of variables they came through (via), and depth bounds how
// far they were followed.
type sharedKey struct {
	inst  *ModuleInstance
	expr  *tfjson.Expression
	ref   string
	via   string
	depth int
	key   any // the context's instance key, when the links depend on it
}

// links memoises reference parsing and resolution for a plan.
type links struct {
	mu     sync.Mutex
	parsed map[*tfjson.Expression]*parsedRefs
	links  map[linkKey][]Link
	shared map[sharedKey][]Link
	locals map[localKey]*parsedRefs // nil: no such local
	joins  map[string][]Link        // see joined
	joined [][]Link                 // the lists joins' keys name
	// byAttr is LinksByAttr's memo, by resource ordinal (a map keyed by
	// resource cost a hash and a probe per call on plans of 50,000).
	byAttr []AttrLinks
}

// linkCache returns the plan's memo, starting afresh when Locals changed
// (local values resolve differently).
func (p *Plan) linkCache() *links {
	p.linksMu.Lock()
	defer p.linksMu.Unlock()
	if p.links == nil || !sameResolver(p.linksLocals, p.Locals) {
		p.links = &links{parsed: map[*tfjson.Expression]*parsedRefs{}, links: map[linkKey][]Link{}, shared: map[sharedKey][]Link{}, locals: map[localKey]*parsedRefs{}, joins: map[string][]Link{}, byAttr: make([]AttrLinks, len(p.Resources))}
		p.linksLocals = p.Locals
	}
	return p.links
}

// ReleaseLinks drops the memoised reference resolution, which holds a
// slice of links per resource and expression; later calls resolve again.
// The checker calls it once both graphs are built.
func (p *Plan) ReleaseLinks() {
	p.linksMu.Lock()
	p.links = nil
	p.linksMu.Unlock()
}

func sameResolver(a, b LocalResolver) (same bool) {
	defer func() {
		if recover() != nil {
			same = false // not comparable: never reuse
		}
	}()
	return a == b
}

func (c *links) parsedExpr(e *tfjson.Expression) *parsedRefs {
	c.mu.Lock()
	pr, ok := c.parsed[e]
	c.mu.Unlock()
	if ok {
		return pr
	}
	pr = parseRefs(e.References)
	c.mu.Lock()
	c.parsed[e] = pr
	c.mu.Unlock()
	return pr
}

func (p *Plan) resolve(ctx Context, pr *parsedRefs, via []string, depth int) []Link {
	if depth > maxRefDepth || ctx.Inst == nil {
		return nil
	}
	// Lists are gathered, not copied: most are shared (a module argument's
	// links by every instance of the module, every instance of a for_each
	// by every reader), and copying them into each reader's list made n
	// readers of n instances cost n² links. One list is returned as it is;
	// several are joined once per distinct set of lists (joined).
	var parts [4][]Link
	lists := parts[:0]
	add := func(ls []Link) {
		if len(ls) > 0 {
			lists = append(lists, ls)
		}
	}
	for i, r := range pr.refs {
		if pr.shadowed[i] {
			continue
		}
		switch r.Kind {
		case RefResource, RefData:
			add(p.resourceLinks(ctx, r, pr.eachKey, pr.countIndex, via))
		case RefVar:
			add(p.varLinks(ctx, r, via, depth))
		case RefModule:
			add(p.moduleLinks(ctx, r, pr.eachKey, pr.countIndex, via, depth))
		case RefLocal:
			add(p.localLinks(ctx, r.Name, via, depth))
		}
	}
	switch len(lists) {
	case 0:
		return nil
	case 1:
		return lists[0]
	}
	return p.joined(lists)
}

// joinFrom is the length from which a join of lists is memoised: shorter
// ones cost less to copy than to look up.
const joinFrom = 64

// joined concatenates lists, memoised by the lists' identities when long:
// readers of several shared lists (an expression filtering two whole
// for_each resources by each.key) get one copy between them. The result
// is clipped; a long one is shared.
func (p *Plan) joined(lists [][]Link) []Link {
	total := 0
	for _, ls := range lists {
		total += len(ls)
	}
	if total < joinFrom {
		var out []Link
		for _, ls := range lists {
			out = append(out, ls...)
		}
		return slices.Clip(out)
	}
	key := make([]byte, 0, 16*len(lists))
	for _, ls := range lists {
		key = binary.LittleEndian.AppendUint64(key, uint64(uintptr(unsafe.Pointer(unsafe.SliceData(ls)))))
		key = binary.LittleEndian.AppendUint64(key, uint64(len(ls)))
	}
	c := p.linkCache()
	return memo(c, c.joins, string(key), func() []Link {
		out := make([]Link, 0, total)
		for _, ls := range lists {
			out = append(out, ls...)
		}
		// The key names the lists by address: they must stay alive (and
		// so unchanged in place) while it can be asked for.
		c.mu.Lock()
		c.joined = append(c.joined, lists...)
		c.mu.Unlock()
		return out
	})
}

// shadowed reports whether parsed[i] is a shorter form of another reference
// in the same list (the plan lists aws_iam_user.x.name and aws_iam_user.x),
// or the same one again: among those at the indices cands, or all when
// cands is nil.
func shadowed(parsed []Ref, i int, cands []int) bool {
	if cands == nil {
		for j := range parsed {
			if shadows(parsed, i, j) {
				return true
			}
		}
		return false
	}
	for _, j := range cands {
		if shadows(parsed, i, j) {
			return true
		}
	}
	return false
}

// shadows reports whether parsed[j] shadows parsed[i]: it is the same
// reference earlier in the list, or a longer form of it.
func shadows(parsed []Ref, i, j int) bool {
	a, b := parsed[i], parsed[j]
	if j == i {
		return false
	}
	if a.Text == b.Text {
		return j < i
	}
	if a.Kind != b.Kind || a.Type != b.Type || a.Name != b.Name {
		return false
	}
	if a.HasKey && (!b.HasKey || a.Key != b.Key) {
		return false
	}
	if len(b.Attr) < len(a.Attr) || (len(b.Attr) == len(a.Attr) && b.HasKey == a.HasKey) {
		return false
	}
	for k := range a.Attr {
		if a.Attr[k] != b.Attr[k] {
			return false
		}
	}
	return true
}

func appendVia(via []string, step string) []string {
	out := make([]string, 0, len(via)+1)
	out = append(out, via...)
	return append(out, step)
}

func (p *Plan) resourceLinks(ctx Context, r Ref, eachKey, countIndex bool, via []string) []Link {
	cands := ctx.Inst.Resources[r.ConfigAddress()]
	if len(cands) == 0 {
		return nil
	}
	pick := func(c *Resource, exact bool) Link {
		return Link{Target: c, Attr: r.Attr, Ref: r.Text, Via: via, Exact: exact}
	}
	if r.HasKey {
		if c := ctx.Inst.keyed(r.ConfigAddress(), r.Key); c != nil {
			return []Link{pick(c, true)}
		}
		return nil
	}
	if len(cands) == 1 {
		return []Link{pick(cands[0], true)}
	}
	// The plan drops dynamic index expressions: aws_iam_user.svc[each.key]
	// arrives as "aws_iam_user.svc" plus "each.key". Same-key instances
	// are by far the common meaning.
	if (eachKey || countIndex) && ctx.Key != nil {
		if c := ctx.Inst.keyed(r.ConfigAddress(), ctx.Key); c != nil {
			return []Link{pick(c, true)}
		}
	}
	return p.everyInstance(ctx.Inst, r, cands, via)
}

// everyInstance links a reference to every instance of its resource. The
// list is the same in every context of the module instance, and shared:
// a for_each whose expression filters another for_each by each.key
// ([for b in aws_s3_bucket.x : b.arn if b.tags.team == each.key]) asks
// for it once per instance, and n copies of n links took 5 GB at 8,000.
func (p *Plan) everyInstance(inst *ModuleInstance, r Ref, cands []*Resource, via []string) []Link {
	return p.sharedLinks(Context{Inst: inst}, sharedKey{ref: r.Text}, via, false, func() []Link {
		out := make([]Link, 0, len(cands))
		for _, t := range cands {
			out = append(out, Link{Target: t, Attr: r.Attr, Ref: r.Text, Via: via})
		}
		return out
	})
}

// sharedLinks is memo for a list every reader in ctx's module instance
// shares: k completed with that instance and via, and with ctx's instance
// key when the links depend on it (keyed). A key that cannot index a map
// is computed afresh.
func (p *Plan) sharedLinks(ctx Context, k sharedKey, via []string, keyed bool, compute func() []Link) []Link {
	if keyed {
		if !comparableKey(ctx.Key) {
			return compute()
		}
		k.key = ctx.Key
	}
	k.inst, k.via = ctx.Inst, strings.Join(via, "\x00")
	c := p.linkCache()
	return memo(c, c.shared, k, compute)
}

// memo returns m[k], computing and storing it on a miss, clipped. The
// lock is not held while computing: resolution recurses into the memos.
func memo[K comparable](c *links, m map[K][]Link, k K, compute func() []Link) []Link {
	c.mu.Lock()
	ls, ok := m[k]
	c.mu.Unlock()
	if ok {
		return ls
	}
	ls = slices.Clip(compute())
	c.mu.Lock()
	m[k] = ls
	c.mu.Unlock()
	return ls
}

// varLinks follows var.NAME out of a module instance into the module call's
// argument, evaluated in the parent with the module instance's key.
func (p *Plan) varLinks(ctx Context, r Ref, via []string, depth int) []Link {
	inst := ctx.Inst
	if inst.Parent == nil || inst.Module == nil || inst.Module.Call == nil {
		return nil // root variables come from outside the configuration
	}
	arg := inst.Module.Call.Expressions[r.Name]
	if arg == nil || arg.ExpressionData == nil {
		return nil
	}
	links := p.argLinks(Context{Inst: inst.Parent, Key: inst.Key}, arg, appendVia(via, "var."+r.Name), depth+1)
	// Reading an attribute of the variable (var.user.name) reads that
	// attribute of whatever the caller passed.
	if len(r.Attr) > 0 {
		links = slices.Clone(links) // shared
		for i := range links {
			links[i].Attr = append(append([]string(nil), links[i].Attr...), r.Attr...)
		}
	}
	return links
}

// localLinks resolves local.NAME in a context (with the configuration's
// sources), memoised per module instance: every instance of a for_each
// reading a local that gathers whole resources asks for the same links,
// and each made its own copy of them (2,000 instances: 2.5 s, 740 MB).
// A local cannot read each or count (Terraform refuses it), so the
// instance key is part of the memo only when its references say they do.
// The result is shared and clipped.
func (p *Plan) localLinks(ctx Context, name string, via []string, depth int) []Link {
	if p.Locals == nil || ctx.Inst.Module == nil {
		return nil
	}
	c := p.linkCache()
	c.mu.Lock()
	pl, ok := c.locals[localKey{ctx.Inst.Module, name}]
	c.mu.Unlock()
	if !ok {
		if lrefs, found := p.Locals.LocalRefs(ctx.Inst.Module.Path, name); found {
			pl = parseRefs(lrefs)
		}
		c.mu.Lock()
		c.locals[localKey{ctx.Inst.Module, name}] = pl
		c.mu.Unlock()
	}
	if pl == nil {
		return nil
	}
	via = appendVia(via, "local."+name)
	return p.sharedLinks(ctx, sharedKey{ref: "local." + name, depth: depth}, via, pl.eachKey || pl.countIndex, func() []Link {
		return p.resolve(ctx, pl, via, depth+1)
	})
}

// localKey names a local of a module; the module's sources give its
// references.
type localKey struct {
	module *Module
	name   string
}

// argLinks resolves a module call's argument in the calling instance,
// memoised: every instance of the module asks for the same links unless
// the argument reads each.key or count.index. The result is shared and
// clipped.
func (p *Plan) argLinks(ctx Context, arg *tfjson.Expression, via []string, depth int) []Link {
	pr := p.linkCache().parsedExpr(arg)
	return p.sharedLinks(ctx, sharedKey{expr: arg, depth: depth}, via, pr.keyed, func() []Link {
		return p.resolve(ctx, pr, via, depth)
	})
}

// moduleLinks follows module.NAME.OUTPUT into the child module instances.
func (p *Plan) moduleLinks(ctx Context, r Ref, eachKey, countIndex bool, via []string, depth int) []Link {
	children := ctx.Inst.Children[r.Name]
	if len(children) == 0 {
		return nil
	}
	switch {
	case r.HasKey:
		children = ctx.Inst.childKeyed(r.Name, r.Key)
	case (eachKey || countIndex) && ctx.Key != nil && len(children) > 1:
		if same := ctx.Inst.childKeyed(r.Name, ctx.Key); len(same) > 0 {
			return p.childLinks(r, same, via, depth)
		}
		fallthrough
	default:
		// Every instance of the call: the same links in every context of
		// this module instance, shared (see everyInstance).
		return p.sharedLinks(ctx, sharedKey{ref: r.Text, depth: depth}, via, false, func() []Link {
			return p.childLinks(r, children, via, depth)
		})
	}
	return p.childLinks(r, children, via, depth)
}

// childLinks follows module.NAME.OUTPUT into the given instances of the
// call (every output, in name order, for a whole-module reference).
// Instances of one module often return the same shared list (an output
// echoing an argument every instance is passed): it is taken once, as its
// links would be the same; n instances each adding the n links of one
// for_each made n² (3,000: 11 s and 2.5 GB).
func (p *Plan) childLinks(r Ref, children []*ModuleInstance, via []string, depth int) []Link {
	var out []Link
	var seen map[ListID]bool
	take := func(links []Link, change func(l *Link)) {
		if len(links) == 0 {
			return
		}
		id := IDOf(links)
		if seen[id] {
			return
		}
		if seen == nil {
			seen = map[ListID]bool{}
		}
		seen[id] = true
		start := len(out)
		out = append(out, links...)
		for i := range out[start:] {
			change(&out[start+i])
		}
	}
	for _, child := range children {
		if child.Module == nil || child.Module.Config == nil {
			continue
		}
		outputs := child.Module.Config.Outputs
		if len(r.Attr) == 0 {
			// A whole-module reference: any output may be read.
			for _, name := range slices.Sorted(maps.Keys(outputs)) {
				o := outputs[name]
				if o == nil || o.Expression == nil || o.Expression.ExpressionData == nil {
					continue
				}
				links := p.resolve(Context{Inst: child}, p.linkCache().parsedExpr(o.Expression), appendVia(via, "module."+r.Name+"."+name), depth+1)
				take(links, func(l *Link) { l.Whole = true })
			}
			continue
		}
		o := outputs[r.Attr[0]]
		if o == nil || o.Expression == nil || o.Expression.ExpressionData == nil {
			continue
		}
		links := p.resolve(Context{Inst: child}, p.linkCache().parsedExpr(o.Expression), appendVia(via, "module."+r.Name+"."+r.Attr[0]), depth+1)
		take(links, func(l *Link) {
			if len(r.Attr) > 1 {
				l.Attr = append(append([]string(nil), l.Attr...), r.Attr[1:]...)
			}
		})
	}
	return out
}

// ListID names a list of links by its first element and length. Lists
// are shared, not copied (resolve): every reader of a whole for_each, a
// module argument or a local holds the same one, so its ID stands for
// its content, for those who summarise a list once for all its readers.
type ListID struct {
	first *Link
	n     int
}

// IDOf returns the ID of a non-empty list.
func IDOf(links []Link) ListID { return ListID{&links[0], len(links)} }

// keyed returns the instance of a resource with the given key.
func (mi *ModuleInstance) keyed(configAddress string, key any) *Resource {
	if !comparableKey(key) {
		return nil
	}
	return mi.byKey[configAddress][key]
}

// childKeyed returns the instances of a module call with the given key.
func (mi *ModuleInstance) childKeyed(call string, key any) []*ModuleInstance {
	if !comparableKey(key) {
		return nil
	}
	if c := mi.childByKey[call][key]; c != nil {
		return []*ModuleInstance{c}
	}
	return nil
}

// comparableKey: instance keys are ints and strings (a key of another
// type would never equal one, and could not index a map).
func comparableKey(k any) bool {
	switch k.(type) {
	case int, string:
		return true
	}
	return false
}

// OutputLinks resolves a root output's expression.
func (p *Plan) OutputLinks(o *Output) []Link {
	if o.Config == nil || o.Config.Expression == nil || o.Config.Expression.ExpressionData == nil {
		return nil
	}
	return p.resolve(Context{Inst: p.RootInst}, p.linkCache().parsedExpr(o.Config.Expression), nil, 0)
}

// AttrIs reports whether a link reads the given attribute path of its target
// (or the whole object, which includes it).
func (l Link) AttrIs(name string) bool {
	return len(l.Attr) == 0 || l.Attr[0] == name
}

// String renders the link for messages: the target address and attribute.
func (l Link) String() string {
	if l.Target == nil {
		return l.Ref
	}
	if len(l.Attr) == 0 {
		return l.Target.Address
	}
	return l.Target.Address + "." + strings.Join(l.Attr, ".")
}

// AttrLinks are a resource's links by top-level attribute, in attribute
// order (passes over them are deterministic: a map's order is not).
type AttrLinks []AttrLink

// AttrLink is the links of one attribute.
type AttrLink struct {
	Attr  string
	Links []Link
}

// Get returns the links of one attribute.
func (a AttrLinks) Get(attr string) []Link {
	if i, ok := slices.BinarySearchFunc(a, attr, func(x AttrLink, attr string) int { return strings.Compare(x.Attr, attr) }); ok {
		return a[i].Links
	}
	return nil
}

// LinksByAttr resolves the references of each top-level attribute of r
// (nested blocks included under their top-level name), plus count and
// for_each under "count" and "for_each". The result is memoised and
// shared: callers must not change it.
func (p *Plan) LinksByAttr(r *Resource) AttrLinks {
	if r.Config == nil {
		return nil
	}
	c := p.linkCache()
	i := r.ord
	mine := i < len(c.byAttr) && p.Resources[i] == r
	if mine {
		c.mu.Lock()
		out := c.byAttr[i]
		c.mu.Unlock()
		if out != nil {
			return out
		}
	}
	ctx := ContextOf(r)
	out := AttrLinks{} // not nil: the memo holds resources without links too
	for name, e := range r.Config.Expressions {
		if ls := p.linksDeep(ctx, e); len(ls) > 0 {
			out = append(out, AttrLink{name, ls})
		}
	}
	if r.Config.CountExpression != nil {
		if ls := p.LinksExpr(ctx, r.Config.CountExpression); len(ls) > 0 {
			out = append(out, AttrLink{"count", ls})
		}
	}
	if r.Config.ForEachExpression != nil {
		if ls := p.LinksExpr(ctx, r.Config.ForEachExpression); len(ls) > 0 {
			out = append(out, AttrLink{"for_each", ls})
		}
	}
	slices.SortFunc(out, func(a, b AttrLink) int { return strings.Compare(a.Attr, b.Attr) })
	out = slices.Clip(out)
	if mine {
		c.mu.Lock()
		c.byAttr[i] = out
		c.mu.Unlock()
	}
	return out
}

// ExprsAt returns the expressions at a dot path in a resource's
// configuration: a top-level attribute, or an attribute inside (every
// instance of) nested blocks, e.g. "statement.resources".
func ExprsAt(cfg *tfjson.ConfigResource, path []string) []*tfjson.Expression {
	if cfg == nil || len(path) == 0 {
		return nil
	}
	e := cfg.Expressions[path[0]]
	if e == nil {
		return nil
	}
	return exprsAt(e, path[1:])
}

func exprsAt(e *tfjson.Expression, path []string) []*tfjson.Expression {
	if e == nil || e.ExpressionData == nil {
		return nil
	}
	if len(path) == 0 {
		return []*tfjson.Expression{e}
	}
	var out []*tfjson.Expression
	if len(e.NestedBlocks) == 0 {
		// An attribute (not a block): its references cover every path below it.
		return []*tfjson.Expression{e}
	}
	if _, err := strconv.Atoi(path[0]); err == nil {
		path = path[1:]
	}
	if len(path) == 0 {
		return []*tfjson.Expression{e}
	}
	for _, blk := range e.NestedBlocks {
		out = append(out, exprsAt(blk[path[0]], path[1:])...)
	}
	return out
}
